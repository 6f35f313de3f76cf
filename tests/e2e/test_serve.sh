#!/usr/bin/env bash
# taskdoc serve end to end: start on 127.0.0.1 (a free port), fetch, edit,
# see the change, an error page on a bad save, recovery on the next good
# one, a live-reload long poll answered, paths out of the folder refused,
# a hundred rapid saves with concurrent requests survived, stop on SIGTERM.
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export SOURCE_DATE_EPOCH=1764547200
"$taskdoc" init "$tmp/p" 2>/dev/null || { echo "init failed"; exit 1; }
cd "$tmp/p" || exit 1
echo secret >"$tmp/outside.txt"
"$taskdoc" serve --port 0 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do grep -q 'serving .* at http' "$tmp/serve.log" && break; sleep 0.1; done
url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/serve.log" | head -1)
[ -n "$url" ] || { echo "serve did not start"; cat "$tmp/serve.log"; exit 1; }
TMP=$tmp URL=$url PID=$pid timeout 180 python3 "$root/tests/e2e/serve_client.py"
rc=$?
kill -TERM "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then echo "not ok - serve stops on SIGTERM within 5 s"; rc=1; else
  wait "$pid"; s=$?; pid=
  if [ $s -eq 0 ] && grep -q 'serve: stopped' "$tmp/serve.log"; then echo "ok - stops on SIGTERM with status 0"; else echo "not ok - stop status $s"; rc=1; fi
fi
exit $rc
