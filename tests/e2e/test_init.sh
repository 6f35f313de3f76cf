#!/usr/bin/env bash
# taskdoc init writes a valid starter plan that builds at once; it refuses a
# folder that already has a plan; every command without a plan says so and
# points at init.
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }
export SOURCE_DATE_EPOCH=1764547200   # 2025-12-01, a Monday

mkdir "$tmp/empty"
for c in check export build graph burndown "report weekly"; do
  # shellcheck disable=SC2086
  (cd "$tmp/empty" && "$taskdoc" $c) >/dev/null 2>"$tmp/err"
  rc=$?
  t "$c without a plan fails" test $rc -eq 1
  t "$c without a plan suggests taskdoc init" grep -q "no plan here.*taskdoc init" "$tmp/err"
done

"$taskdoc" init "$tmp/p" 2>"$tmp/err"
t "init DIR succeeds" test $? -eq 0
for f in taskdoc.yaml content/project.yaml content/workstreams/docs.yaml content/workstreams/site.yaml \
         mkdocs.yml docs/index.md .taskdoc/schema/project.json .taskdoc/schema/workstream.json \
         .taskdoc/schema/config.json .taskdoc/schema/evidence.json; do
  t "init wrote $f" test -s "$tmp/p/$f"
done
t "modeline in project.yaml" grep -q '^# yaml-language-server: \$schema=../.taskdoc/schema/project.json$' "$tmp/p/content/project.yaml"
t "modeline in a workstream" grep -q '^# yaml-language-server: \$schema=../../.taskdoc/schema/workstream.json$' "$tmp/p/content/workstreams/docs.yaml"
t "two workstreams" test "$(ls "$tmp/p/content/workstreams" | wc -l)" -eq 2
t "a dependency" grep -q depends_on "$tmp/p/content/workstreams/docs.yaml"
t "a risk and a sprint" bash -c "grep -q '^risks:' '$tmp/p/content/project.yaml' && grep -q '^sprints:' '$tmp/p/content/project.yaml'"
"$taskdoc" -C "$tmp/p" check >"$tmp/out" 2>"$tmp/err"
t "check: no error, no warning" bash -c "test $? -eq 0 && ! grep -q . '$tmp/err'"
"$taskdoc" -C "$tmp/p" build --quiet 2>"$tmp/err"
t "build works at once" test $? -eq 0
t "HTML site written" test -f "$tmp/p/site/index.html"
t "Markdown written" test -f "$tmp/p/docs/planning/workstreams/docs.md"
t "mkdocs.yml nav got the section" grep -q '^  - Planning:' "$tmp/p/mkdocs.yml"
"$taskdoc" -C "$tmp/p" build --check >/dev/null 2>&1
t "build --check after build: up to date" test $? -eq 0
if command -v mkdocs >/dev/null; then
  (cd "$tmp/p" && mkdocs build --strict -q) >"$tmp/mk" 2>&1
  t "mkdocs build --strict on the starter site" test $? -eq 0
fi
cp -r "$tmp/p/content" "$tmp/before"
"$taskdoc" init "$tmp/p" 2>"$tmp/err"
t "init refuses a folder with a plan" test $? -eq 1
t "and says why" grep -q "not empty" "$tmp/err"
t "and changed nothing" diff -r "$tmp/before" "$tmp/p/content"
mkdir "$tmp/q" && echo mine >"$tmp/q/mkdocs.yml"
"$taskdoc" init "$tmp/q" 2>"$tmp/err"
t "init never overwrites a file" bash -c "test $? -eq 1 && test \"\$(cat '$tmp/q/mkdocs.yml')\" = mine && ! test -e '$tmp/q/content'"
(cd "$tmp/empty" && "$taskdoc" init) 2>/dev/null
t "init with no DIR uses the current folder" test -f "$tmp/empty/content/project.yaml"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
