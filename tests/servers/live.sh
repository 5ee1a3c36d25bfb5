#!/usr/bin/env bash
# A standard Yjs websocket server (npm @y/websocket-server, pinned in
# live/package.json) on 127.0.0.1, for the live-editing tests.
#
#   eval "$(tests/servers/live.sh start)"   # sets COPYDESK_TEST_LIVE_URL
#   tests/servers/live.sh stop
#   tests/servers/live.sh restart           # same port, empty memory
#   tests/servers/live.sh install           # only fill the cache
#   tests/servers/live.sh client ROOM       # runs live-client.mjs
#
# start prints exactly one line on stdout (the export); progress goes to
# stderr. It is idempotent, and after a stop it comes back on the same port
# when that port is still free. The server keeps documents in memory only: a restart forgets them
# and the clients re-send their state when they reconnect (see README.md).
set -euo pipefail
export SERVERS_NAME=live
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LIVE_HOME="$SERVERS_CACHE/live"
LOG="$SERVERS_RUN/live.log"

install_live() {
    need_system_node
    local want
    want=$(files_hash "$SERVERS_DIR/live/package.json" "$SERVERS_DIR/live/package-lock.json")
    if [ -f "$LIVE_HOME/.installed" ] && [ "$(cat "$LIVE_HOME/.installed")" = "$want" ]; then
        return 0
    fi
    say "installing the Yjs websocket server and client libraries into $LIVE_HOME"
    rm -rf "$LIVE_HOME"
    mkdir -p "$LIVE_HOME"
    cp "$SERVERS_DIR/live/package.json" "$SERVERS_DIR/live/package-lock.json" "$LIVE_HOME/"
    if ! (cd "$LIVE_HOME" && npm ci --no-audit --no-fund --loglevel=error >"$SERVERS_RUN/live-install.log" 2>&1); then
        log_tail "$SERVERS_RUN/live-install.log"
        die "npm ci failed in $LIVE_HOME"
    fi
    # live-client.mjs imports its libraries through this file, so they
    # resolve inside the cache (one copy of yjs for the client and provider).
    cat >"$LIVE_HOME/client-deps.mjs" <<'EOF'
export * as Y from 'yjs'
export { WebsocketProvider } from 'y-websocket'
export { WebSocket } from 'ws'
EOF
    printf '%s\n' "$want" >"$LIVE_HOME/.installed"
}

print_export() {
    printf 'export COPYDESK_TEST_LIVE_URL=ws://127.0.0.1:%s\n' "$(cat "$SERVERS_RUN/live.port")"
}

start_live() {
    local port=""
    if server_running live && port_open "$(cat "$SERVERS_RUN/live.port")"; then
        say "already running on port $(cat "$SERVERS_RUN/live.port")"
        print_export
        return 0
    fi
    stop_server live
    install_live
    # Reuse the last port when it is free, so stop + start brings the server
    # back where the clients of a test are trying to reconnect.
    if [ -z "$port" ] && [ -s "$SERVERS_RUN/live.port" ] && ! port_open "$(cat "$SERVERS_RUN/live.port")"; then
        port=$(cat "$SERVERS_RUN/live.port")
    fi
    [ -n "$port" ] || port=$(free_port)
    say "starting the Yjs websocket server on 127.0.0.1:$port (log $LOG)"
    printf '%s\n' "$port" >"$SERVERS_RUN/live.port"
    HOST=127.0.0.1 PORT=$port daemon_start live "$LOG" \
        node "$LIVE_HOME/node_modules/@y/websocket-server/src/server.js"
    wait_port live "$port" 30 "$LOG"
    say "ready"
    print_export
}

case "${1:-}" in
start)
    take_lock live
    start_live
    ;;
restart)
    take_lock live
    stop_server live
    start_live
    ;;
stop)
    take_lock live
    stop_server live
    ;;
install)
    take_lock live
    install_live
    ;;
client)
    shift
    (take_lock live && install_live)
    exec node "$SERVERS_DIR/live-client.mjs" "$@"
    ;;
*)
    echo "usage: $0 start|restart|stop|install|client ROOM [options]" >&2
    exit 2
    ;;
esac
