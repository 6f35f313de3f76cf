#!/usr/bin/env bash
# taskdoc import (issue 11): the seed page into a plan that check accepts,
# the same bytes twice, a non-empty folder refused unless --force (which
# keeps evidence/), bad input with file:line:col and nothing written; then
# --history over a page repository built with five dated commits, with the
# exact added_on/done_on and the burn-down of the converted plan.
# Everything lives in mktemp -d; no network.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
case $taskdoc in /*) ;; *) taskdoc=$PWD/$taskdoc ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
fx=$root/tests/fixtures/import
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT; echo "# tmp $tmp"
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
t() { local name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }

export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C
unset SOURCE_DATE_EPOCH GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
. "$(dirname "${BASH_SOURCE[0]}")/git.sh" # g, commit
py() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def task(i): return next(t for t in d["tasks"] if t["id"] == i)
def pts(s): return [(p["date"], p["remaining_tasks"], p["remaining_hours"], p["scope_hours"], p["done_hours"]) for p in s]
ok = eval(sys.argv[2])
if not ok:
    print("   failed: " + sys.argv[2], file=sys.stderr)
    print("   burndown: %r" % (pts(d.get("burndown", [])),), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# ---------------------------------------------------------------- the seed
w=$tmp/seed
mkdir -p "$w"
cp "$fx/seed-active-workstreams.md" "$w/active-workstreams.md"
(cd "$w" && "$taskdoc" import active-workstreams.md >out 2>err)
t "import exits 0" test $? -eq 0
t "writes project.yaml and one file per workstream" test "$(cd "$w/content" && find . -type f | sort | tr '\n' ' ')" = "./project.yaml ./workstreams/cloud.yaml ./workstreams/code.yaml ./workstreams/hpc.yaml ./workstreams/mlops.yaml "
t "says what it imported" grep -q "^taskdoc: imported 1 page into content: 4 workstreams, 15 phases, 40 tasks, 4 risks; 65 notes, 0 warnings$" "$w/err"
t "notes are PAGE:LINE: note: ..." grep -q "^active-workstreams.md:30: note: 'Status: 60% Complete (29/48 tasks)' is a figure taskdoc computes: not imported$" "$w/err"
t "nothing on stdout" test ! -s "$w/out"
t "comments name page and line of each workstream and phase" grep -q "^  # from active-workstreams.md:35$" "$w/content/workstreams/hpc.yaml"
(cd "$w" && "$taskdoc" check >check.out 2>&1)
t "taskdoc check accepts the import" test $? -eq 0
t "with no finding at all" test ! -s "$w/check.out"
(cd "$w" && "$taskdoc" import active-workstreams.md -o again 2>/dev/null)
t "twice: identical bytes" diff -r "$w/content" "$w/again"
cp -r "$w/content" "$w/before"
(cd "$w" && "$taskdoc" import active-workstreams.md 2>err2)
t "a non-empty output folder is refused" test $? -eq 1
t "saying why" grep -q "^content: error: the output folder is not empty (--force replaces its project.yaml and workstreams/)$" "$w/err2"
t "and nothing is touched" diff -r "$w/content" "$w/before"
mkdir -p "$w/content/evidence" && echo '{}' >"$w/content/evidence/keep.json"
echo "id: stale" >"$w/content/workstreams/stale.yaml"
(cd "$w" && "$taskdoc" import --force active-workstreams.md 2>/dev/null)
t "--force replaces the plan" test ! -e "$w/content/workstreams/stale.yaml" -a -e "$w/content/workstreams/hpc.yaml"
t "--force keeps the rest of the folder" test -e "$w/content/evidence/keep.json"
t "no temporary folder is left" test -z "$(ls -A "$w" | grep import-)"
(cd "$w" && "$taskdoc" --help | grep -q "^  import ")
t "taskdoc --help lists import" test $? -eq 0
(cd "$w" && "$taskdoc" import --name AI-HOW -o named active-workstreams.md 2>/dev/null)
t "--name sets the project's name" grep -q "^name: AI-HOW$" "$w/named/project.yaml"

# ---------------------------------------------------------------- bad input
b=$tmp/bad
mkdir -p "$b"
printf '# T\n\n| ID | Title |\n|---|---|\n| A-1 | caf\xe9 |\n' >"$b/latin1.md"
(cd "$b" && "$taskdoc" import latin1.md -o out 2>err)
t "a page that is not UTF-8: exit 1" test $? -eq 1
t "with file:line:col" grep -q "^latin1.md:5:12: error: not valid UTF-8 (byte 0xe9); save the page as UTF-8$" "$b/err"
t "and nothing written" test ! -e "$b/out" -a -z "$(ls -A "$b" | grep -v 'latin1.md\|err')"
(cd "$b" && "$taskdoc" import missing.md -o out 2>err)
t "a missing page: exit 1, named" test $? -eq 1 -a -n "$(grep '^missing.md: error: cannot read' "$b/err")"
(cd "$b" && "$taskdoc" import 2>/dev/null)
t "no page: usage error" test $? -eq 2

# ---------------------------------------------------------------- --history
# A page changes over five dated commits; each task's dates come from them.
h=$tmp/pages
mkdir -p "$h"
g init -q "$h"
page() { cat >"$h/plan.md"; }
page <<'MD'
# Demo

## Phase 1: Build

| Task ID | Description | Duration | Status |
|---------|-------------|----------|--------|
| A-1 | First | 2 hrs | ⏳ Pending |
| A-2 | Second | 4 hrs | ⏳ Pending |
MD
commit "$h" "2025-10-06T10:00:00+02:00" "first version"
page <<'MD'
# Demo

## Phase 1: Build

| Task ID | Description | Duration | Status |
|---------|-------------|----------|--------|
| A-1 | First | 2 hrs | ✅ Complete |
| A-2 | Second | 4 hrs | ⏳ Pending |
| A-3 | Third | 1 day | ⏳ Pending |
MD
commit "$h" "2025-10-08T10:00:00+02:00" "A-1 done, A-3 added"
page <<'MD'
# Demo

## Phase 1: Build

| Task ID | Description | Duration | Status |
|---------|-------------|----------|--------|
| A-1 | First | 2 hrs | ✅ Complete |
| A-2 | Second | 4 hrs | 🔄 In Progress |
| A-3 | Third | 1 day | ⏳ Pending |
| A-4 | Fourth | 2 hrs | ⏳ Pending |
MD
commit "$h" "2025-10-10T23:30:00-02:00" "A-2 started, A-4 added (late in UTC-2: still the 10th)"
page <<'MD'
# Demo

## Phase 1: Build

| Task ID | Description | Duration | Status |
|---------|-------------|----------|--------|
| A-1 | First | 2 hrs | ✅ Complete |
| A-2 | Second | 4 hrs | ✅ Complete |
| A-3 | Third | 1 day | ✅ Completed 2025-10-13 |
| A-4 | Fourth | 2 hrs | ⏳ Pending |
MD
commit "$h" "2025-10-14T09:00:00+00:00" "A-2 done; A-3 done, the page says when"
page <<'MD'
# Demo

## Phase 1: Build

| Task ID | Description | Duration | Status |
|---------|-------------|----------|--------|
| A-1 | First | 2 hrs | ✅ Complete |
| A-2 | Second | 4 hrs | ✅ Complete |
| A-3 | Third | 1 day | ✅ Completed 2025-10-13 |
| A-4 | Fourth | 2 hrs | ❌ Deprecated |
| A-5 | Fifth | 1 hr | ✅ Complete |
MD
commit "$h" "2025-10-16T12:00:00+00:00" "A-4 dropped, A-5 listed already done"
(cd "$h" && "$taskdoc" import --history plan.md -o "$tmp/conv/content" 2>"$tmp/hist.err")
t "import --history exits 0" test $? -eq 0
t "says what history gave" grep -q "^plan.md: note: --history: 5 commits walked, 5 versions of the pages imported; 5 added_on and 2 done_on dates from history$" "$tmp/hist.err"
y=$tmp/conv/content/workstreams/demo.yaml
field() { python3 - "$y" "$1" "$2" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
blocks = re.split(r"\n    - id: ", text)
b = next(x for x in blocks if x.startswith(sys.argv[2] + "\n"))
m = re.search(r"^      " + sys.argv[3] + r": (.*)$", b, re.M)
print(m.group(1) if m else "-")
PY
}
t "A-1: added on the first commit, done on the second" test "$(field A-1 added_on) $(field A-1 done_on)" = "2025-10-06 2025-10-08"
t "A-2: done when the page said so (the fourth commit)" test "$(field A-2 added_on) $(field A-2 done_on)" = "2025-10-06 2025-10-14"
t "A-3: the page's own date wins over the commit's" test "$(field A-3 added_on) $(field A-3 done_on)" = "2025-10-08 2025-10-13"
t "A-4: a commit's own time zone dates it, dropped keeps added_on" test "$(field A-4 added_on) $(field A-4 done_on) $(field A-4 status)" = "2025-10-10 - dropped"
t "A-5: listed already done: done_on unknown" test "$(field A-5 added_on) $(field A-5 done_on)" = "2025-10-16 -"
# The converted plan in a new repository, first committed on 2025-10-20.
c=$tmp/conv
g init -q "$c"
commit "$c" "2025-10-20T10:00:00+00:00" "switch to taskdoc"
(cd "$c" && "$taskdoc" check >/dev/null 2>&1)
t "the converted plan checks" test $? -eq 0
(cd "$c" && "$taskdoc" --as-of 2025-10-20 export >"$tmp/e.json" 2>"$tmp/e.err")
t "export exits 0" test $? -eq 0
t "export: written added_on and done_on" py "$tmp/e.json" 'task("A-1")["added_on"] == "2025-10-06" and task("A-1")["done_on"] == "2025-10-08" and task("A-3")["done_on"] == "2025-10-13" and task("A-5")["added_on"] == "2025-10-16" and task("A-5")["done_on"] is None'
t "the burn-down reaches back to the pages' first version" py "$tmp/e.json" 'd["burndown"][0]["date"] == "2025-10-06" and d["burndown"][-1]["date"] == "2025-10-20" and len(d["burndown"]) == 15'
t "burn-down: exact points (date, tasks, hours, scope, done)" py "$tmp/e.json" 'pts(d["burndown"])[0] == ("2025-10-06", 2, 6, 6, 0) and pts(d["burndown"])[1] == ("2025-10-07", 2, 6, 6, 0) and pts(d["burndown"])[2] == ("2025-10-08", 2, 12, 14, 2) and pts(d["burndown"])[7] == ("2025-10-13", 1, 4, 14, 10) and pts(d["burndown"])[8] == ("2025-10-14", 0, 0, 14, 14) and pts(d["burndown"])[10] == ("2025-10-16", 0, 0, 15, 15) and pts(d["burndown"])[14] == ("2025-10-20", 0, 0, 15, 15)'
t "weekly reports from the first week of the pages" py "$tmp/e.json" '[w["id"] for w in d["weekly"]["reports"]][-1] == "2025-W41"'
# A folder outside any repository: --history says so and imports anyway.
n=$tmp/norepo
mkdir -p "$n"
cp "$fx/columns.md" "$n/"
(cd "$n" && GIT_CEILING_DIRECTORIES=$tmp "$taskdoc" import --history columns.md 2>err)
t "--history outside a repository: a warning, the import still made" test $? -eq 0 -a -e "$n/content/project.yaml" -a -n "$(grep 'warning: --history: not in a git repository' "$n/err")"

echo "1..$((pass + fail))"
echo "# $pass passed, $fail failed"
test "$fail" -eq 0
