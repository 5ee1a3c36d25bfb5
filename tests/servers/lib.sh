# shellcheck shell=bash
# Helpers shared by the test-server scripts (sourced, never run).
# Everything a script installs or runs lives under the cache folder, outside
# the clone: installs in $SERVERS_CACHE/<name>, pid files, ports, secrets and
# logs of running servers in $SERVERS_RUN.

# shellcheck disable=SC2034 # used by the scripts that source this file
SERVERS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# (Without HOME, the account's home folder, as Node's os.homedir() does, so
# live-client.mjs finds the same cache.)
SERVERS_CACHE="${COPYDESK_SERVERS_CACHE:-${XDG_CACHE_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache}/copydesk-test-servers}"
SERVERS_RUN="$SERVERS_CACHE/run"
SERVERS_NAME="${SERVERS_NAME:-servers}"
mkdir -p "$SERVERS_RUN"

say() { printf '%s: %s\n' "$SERVERS_NAME" "$*" >&2; }

die() {
    printf '%s: error: %s\n' "$SERVERS_NAME" "$*" >&2
    exit 1
}

# The last lines of a log, indented, on stderr (what a failed start shows).
log_tail() {
    local log=$1 lines=${2:-40}
    if [ -s "$log" ]; then
        printf '%s: --- last %s lines of %s ---\n' "$SERVERS_NAME" "$lines" "$log" >&2
        tail -n "$lines" "$log" | sed 's/^/    /' >&2
        printf '%s: --- end of log ---\n' "$SERVERS_NAME" >&2
    else
        printf '%s: (log %s is empty)\n' "$SERVERS_NAME" "$log" >&2
    fi
}

# Hold an exclusive lock on $SERVERS_RUN/<name>.lock for the rest of the
# script, so two concurrent starts (or an install and a start) never race.
# The servers started meanwhile must not inherit the lock's descriptor (they
# would hold the lock for their whole life): daemon_start closes it.
LOCK_FD=""
take_lock() {
    local name=$1
    exec {LOCK_FD}>"$SERVERS_RUN/$name.lock"
    if ! flock -w 900 "$LOCK_FD"; then
        die "could not lock $SERVERS_RUN/$name.lock within 15 min"
    fi
}

# A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's
# choice, so two starts never pick the same one).
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
        node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Is the server recorded in $SERVERS_RUN/<name>.pid running (and still ours,
# not a recycled pid)?
server_running() {
    local name=$1 pid
    [ -s "$SERVERS_RUN/$name.pid" ] || return 1
    pid=$(cat "$SERVERS_RUN/$name.pid")
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "COPYDESK_SERVER_TAG=$SERVERS_RUN/$name"
}

# Start a server in its own session (so stop can end its whole process
# group), detached from our stdin/stdout: `eval "$(x.sh start)"` must not
# wait for it. Usage: daemon_start NAME LOG CMD [ARGS...]; sets DAEMON_PID.
daemon_start() {
    local name=$1 log=$2
    shift 2
    : >"$log"
    if [ -n "$LOCK_FD" ]; then
        COPYDESK_SERVER_TAG="$SERVERS_RUN/$name" setsid "$@" </dev/null >>"$log" 2>&1 {LOCK_FD}>&- &
    else
        COPYDESK_SERVER_TAG="$SERVERS_RUN/$name" setsid "$@" </dev/null >>"$log" 2>&1 &
    fi
    DAEMON_PID=$!
    printf '%s\n' "$DAEMON_PID" >"$SERVERS_RUN/$name.pid"
}

# Wait until PORT accepts connections, failing with the log tail if the
# process dies or TIMEOUT seconds pass.
wait_port() {
    local name=$1 port=$2 timeout=$3 log=$4 pid waited=0
    pid=$(cat "$SERVERS_RUN/$name.pid")
    until port_open "$port"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            log_tail "$log"
            rm -f "$SERVERS_RUN/$name.pid"
            die "$name exited before listening on 127.0.0.1:$port"
        fi
        if [ "$waited" -ge $((timeout * 5)) ]; then
            log_tail "$log"
            stop_server "$name"
            die "$name did not listen on 127.0.0.1:$port within ${timeout}s"
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
}

# End the process group of the recorded server: TERM, then KILL after 10 s.
stop_server() {
    local name=$1 pid
    if [ ! -s "$SERVERS_RUN/$name.pid" ]; then
        return 0
    fi
    pid=$(cat "$SERVERS_RUN/$name.pid")
    if server_running "$name"; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "$name (pid $pid) ignored TERM for 10 s; killing it"
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
        say "stopped $name (pid $pid)"
    fi
    rm -f "$SERVERS_RUN/$name.pid"
}

# A fingerprint of the given files (decides whether a cached install is
# current).
files_hash() {
    cat "$@" | sha256sum | cut -c1-16
}

# Node >= the given major version on PATH, installed from Debian when we are
# root and it is missing.
need_system_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
            say "installing nodejs and npm from apt"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
        else
            die "node and npm are needed on PATH"
        fi
    fi
}
