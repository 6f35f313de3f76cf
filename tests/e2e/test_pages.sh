#!/usr/bin/env bash
# Pages of the bundled plan: golden files, every link and anchor resolves,
# two builds are byte-identical, a build with nothing changed touches no
# file, bad input leaves an earlier output intact, template overrides and
# template errors.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
t() { local name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }

mkdir -p "$tmp/p"
cp -r "$root/content" "$tmp/p/content"
printf 'out:\n  markdown: docs/planning\n' >"$tmp/p/taskdoc.yaml"
run() { "$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet; }

t "build succeeds" run
out=$tmp/p/docs/planning
t "golden pages match" diff -ru "$root/tests/golden/pages" "$out" -x .taskdoc-manifest -x graphs
t "every link and anchor resolves" python3 "$root/tests/e2e/check_links.py" "$out"

# determinism and untouched files
find "$out" -type f -exec touch -d '2001-01-01 00:00:00' {} +
cp -r "$out" "$tmp/first"
t "second build succeeds" run
t "second build is byte-identical" diff -r "$tmp/first" "$out"
t "unchanged files keep their mtime" \
  test -z "$(find "$out" -type f -newermt '2001-01-02' -print)"

# a change rewrites only what it changes
sed -i 's/title: Fix BeeGFS Client Kernel Module/title: Fix BeeGFS Client Kernel Module (v2)/' "$tmp/p/content/workstreams/hpc.yaml"
t "build after an edit" run
changed=$(find "$out" -type f -newermt '2001-01-02' -printf '%P\n' | sort | tr '\n' ' ')
t "an edit rewrites only the pages that show it ($changed)" test -n "$changed" -a -z "$(echo "$changed" | grep -o 'risks.md')"

# bad input: nothing written, exit 1, earlier output intact
cp -r "$out" "$tmp/before"
sed -i 's/status: review/status: finished/' "$tmp/p/content/workstreams/hpc.yaml"
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet 2>"$tmp/err"
t "bad input exits 1" test $? -eq 1
t "bad input names file:line:col" grep -q "content/workstreams/hpc.yaml:[0-9]*:[0-9]*: error: bad status 'finished'" "$tmp/err"
t "bad input leaves the earlier output intact" diff -r "$tmp/before" "$out"
sed -i 's/status: finished/status: review/' "$tmp/p/content/workstreams/hpc.yaml"

# template override, file by file
mkdir -p "$tmp/p/tpl"
printf '# Custom index\n\n{{totals.done}} of {{totals.live}} done; next: {{#ready}}{{^@first}}, {{/@first}}{{{id}}}{{/ready}}\n' >"$tmp/p/tpl/index.md.tmpl"
printf 'templates: tpl\nout:\n  markdown: docs/planning\n' >"$tmp/p/taskdoc.yaml"
t "build with an override" run
t "override replaces index.md" grep -q '^# Custom index' "$out/index.md"
t "override links task ids" grep -q '\[CLOUD-2.2\](workstreams/cloud.md#cloud-2-2)' "$out/index.md"
t "other pages keep the built-in templates" grep -q '^# Active Workstreams' "$out/active-workstreams.md"

# a template error names the template file, line and column
printf '# Broken\n\n{{#ready}}\n{{id}\n' >"$tmp/p/tpl/index.md.tmpl"
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet 2>"$tmp/err"
t "template error exits 1" test $? -eq 1
t "template error names tpl/index.md.tmpl:line:col" grep -q '^tpl/index.md.tmpl:4:1: error: ' "$tmp/err"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
