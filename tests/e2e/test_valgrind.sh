#!/usr/bin/env bash
# valgrind --leak-check=full over `taskdoc build` of the bundled plan with
# history (issue 15 point 7): a git repository around a copy of content/,
# built in four commits at fixed dates (tasks started, then done, a file
# added), then one build of the Markdown tree, the HTML site and the
# mkdocs.yml nav. Passes when valgrind reports no error and no leak
# (definite, indirect or possible). Blocks still reachable at exit belong to
# Graphviz, libgit2 and libyaml's global state and are not leaks. Only
# third-party internals are suppressed: tools/valgrind-graphviz.supp says why.
# Skipped (exit 0) in a sanitizer build (taskdoc then links ASan) or when
# valgrind is missing. Everything lives in mktemp -d; no network.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
case $taskdoc in /*) ;; *) taskdoc=$PWD/$taskdoc ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v valgrind >/dev/null; then
  echo "ok - skipped: valgrind is not installed (tools/deps.sh --test installs it)"
  exit 0
fi
if nm -D "$taskdoc" 2>/dev/null | grep -q __asan_init || nm "$taskdoc" 2>/dev/null | grep -q __asan_init; then
  echo "ok - skipped: $taskdoc is a sanitizer build"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C
unset SOURCE_DATE_EPOCH GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
. "$(dirname "${BASH_SOURCE[0]}")/git.sh" # g, commit

repo=$tmp/repo
mkdir -p "$repo"
g init -q "$repo"
cp -r "$root/content" "$repo/content"
cat >"$repo/taskdoc.yaml" <<'YAML'
content: content
out:
  markdown: docs/planning
  html: site
mkdocs:
  config: mkdocs.yml
  section: Planning
YAML
printf 'site_name: x\ndocs_dir: docs\nnav:\n  - Home: index.md\n' >"$repo/mkdocs.yml"
# history: the first commits hold the plan with its done tasks still open
ws=$repo/content/workstreams
mv "$ws/mlops.yaml" "$tmp/mlops.yaml"
sed -i 's/status: done/status: in-progress/' "$ws"/*.yaml
commit "$repo" "2025-09-01T10:00:00+02:00" "plan"
cp "$root/content/workstreams/hpc.yaml" "$ws/hpc.yaml"
commit "$repo" "2025-09-15T10:00:00+02:00" "hpc done"
cp "$tmp/mlops.yaml" "$ws/mlops.yaml"
commit "$repo" "2025-10-06T10:00:00+02:00" "mlops"
cp "$root/content/workstreams/"*.yaml "$ws/"
commit "$repo" "2025-10-20T10:00:00+02:00" "the rest done"

supp=$root/tools/valgrind-graphviz.supp
log=$tmp/valgrind.log
(cd "$repo" && valgrind --leak-check=full --num-callers=40 --errors-for-leak-kinds=definite,indirect,possible \
   --show-leak-kinds=definite,indirect,possible --error-exitcode=1 --suppressions="$supp" \
   --log-file="$log" "$taskdoc" --as-of 2025-11-03 build >"$tmp/out" 2>&1)
rc=$?
# the weekly report of the last commit's week: history was read
if [ $rc -eq 0 ] && [ -s "$repo/docs/planning/index.md" ] && [ -s "$repo/site/index.html" ] &&
   [ -s "$repo/docs/planning/reports/weekly/2025-W43.md" ] &&
   grep -q 'ERROR SUMMARY: 0 errors' "$log"; then
  echo "ok - valgrind: taskdoc build with history, no errors, no leaks ($(grep -o 'in use at exit: .*' "$log"))"
  exit 0
fi
echo "not ok - valgrind: taskdoc build exited $rc"
sed 's/^/# /' "$tmp/out" | head -20
grep -v '^==[0-9]*== *$' "$log" | sed 's/^/# /' | head -150
exit 1
