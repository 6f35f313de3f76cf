#!/usr/bin/env bash
# Golden test: `taskdoc export` of the bundled content/ must match
# tests/golden/export/content.json byte for byte (regenerate with
# tests/golden/regen.sh and review the diff), and two runs must agree.
set -euo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi; }

# a copy outside git: the golden file must not depend on this repository's
# history (tests/e2e/test_history.sh covers history)
mkdir -p "$tmp/p"
cp -r "$root/content" "$tmp/p/content"
cp "$root/taskdoc.yaml" "$tmp/p/"
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 export >"$tmp/a.json" 2>/dev/null
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 export >"$tmp/b.json" 2>/dev/null
check cmp -s "$tmp/a.json" "$tmp/b.json"
if ! diff -u "$root/tests/golden/export/content.json" "$tmp/a.json" >"$tmp/diff"; then
  echo "export differs from tests/golden/export/content.json:"; head -80 "$tmp/diff"
  fail=$((fail + 1))
else
  pass=$((pass + 1))
fi
# check on the bundled content passes
check "$taskdoc" -C "$root" check
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
