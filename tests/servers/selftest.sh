#!/usr/bin/env bash
# Smoke test of the test servers: starts the Yjs server, WordPress and Ghost,
# makes one authenticated request against each CMS and one Yjs round trip
# between two live-client.mjs instances, then stops everything it started.
# Exits non-zero with the reason on any failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() {
    printf 'selftest: FAILED: %s\n' "$*" >&2
    exit 1
}
cleanup() {
    "$here/live.sh" stop || true
    "$here/cms.sh" stop || true
}
trap cleanup EXIT

# An assignment, not `eval "$(...)"`: eval would hide a failed start.
live_env=$("$here/live.sh" start) || fail "live.sh start"
eval "$live_env"
cms_env=$("$here/cms.sh" start) || fail "cms.sh start"
eval "$cms_env"
for var in COPYDESK_TEST_LIVE_URL COPYDESK_TEST_WP_URL COPYDESK_WP_USER COPYDESK_WP_APP_PASSWORD \
    COPYDESK_TEST_GHOST_URL COPYDESK_GHOST_ADMIN_KEY; do
    [ -n "${!var:-}" ] || fail "start printed no $var"
done

# WordPress: who am I, with the application password.
body=$(curl -sS --max-time 60 -u "$COPYDESK_WP_USER:$COPYDESK_WP_APP_PASSWORD" -w '\n%{http_code}' \
    "$COPYDESK_TEST_WP_URL/?rest_route=/wp/v2/users/me&context=edit") || fail "WordPress did not answer"
[ "${body##*$'\n'}" = 200 ] || fail "WordPress users/me -> ${body##*$'\n'}: ${body%$'\n'*}"
grep -q '"slug":"copydesk"' <<<"$body" || fail "WordPress users/me is not the copydesk user: ${body%$'\n'*}"
echo "selftest: WordPress answers as user copydesk" >&2

# Ghost: list posts with a fresh Admin API token.
token=$(node "$here/ghost-jwt.mjs" "$COPYDESK_GHOST_ADMIN_KEY") || fail "could not make a Ghost token"
body=$(curl -sS --max-time 60 -H "Authorization: Ghost $token" -w '\n%{http_code}' \
    "$COPYDESK_TEST_GHOST_URL/ghost/api/admin/posts/?limit=1&fields=id,title") || fail "Ghost did not answer"
[ "${body##*$'\n'}" = 200 ] || fail "Ghost posts -> ${body##*$'\n'}: ${body%$'\n'*}"
grep -q '"posts":' <<<"$body" || fail "Ghost posts answer has no posts: ${body%$'\n'*}"
echo "selftest: Ghost accepts the Admin API key" >&2

# Yjs: A types the body, B sees it and types the headline, A sees that.
room="selftest-$$-$RANDOM"
out=$(mktemp -d)
printf '%s\n' 'wait body "Tide tables were wrong for a week." 15000' \
    'insert headline 0 "Tide Tables Corrected"' 'quit' |
    timeout 60 node "$here/live-client.mjs" --name Reader "$room" >"$out/b" 2>"$out/b.err" &
reader=$!
printf '%s\n' 'insert body 0 "Tide tables were wrong for a week."' \
    'wait headline "Tide Tables Corrected" 15000' 'quit' |
    timeout 60 node "$here/live-client.mjs" --name Writer "$room" >"$out/a" 2>"$out/a.err" ||
    fail "writer client: $(cat "$out/a" "$out/a.err")"
wait "$reader" || fail "reader client: $(cat "$out/b" "$out/b.err")"
if grep -q '^err' "$out/a" "$out/b"; then
    fail "Yjs round trip: $(cat "$out/a" "$out/b")"
fi
want='ok {"body":"Tide tables were wrong for a week.","headline":"Tide Tables Corrected"}'
if [ "$(tail -n1 "$out/a")" != "$want" ] || [ "$(tail -n1 "$out/b")" != "$want" ]; then
    fail "Yjs clients did not converge: $(tail -n1 "$out/a") / $(tail -n1 "$out/b")"
fi
rm -rf "$out"
echo "selftest: two Yjs clients converged through $COPYDESK_TEST_LIVE_URL" >&2
echo "selftest: 3 passed, 0 failed"
