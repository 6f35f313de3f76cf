#!/usr/bin/env bash
# Git history (SCHEMA 6): builds repositories with known commits at fixed
# dates (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE) and checks the exact dates,
# burn-down series, forecast and weekly reports taskdoc derives from them;
# then the cases where history is missing or partial: a shallow clone, no
# repository, history: false, a detached HEAD, an empty repository, content
# that is not committed. Everything lives in mktemp -d; no network.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
case $taskdoc in /*) ;; *) taskdoc=$PWD/$taskdoc ;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
t() { local name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }

# git without the user's configuration, and the same output everywhere
export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C
unset SOURCE_DATE_EPOCH GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
. "$(dirname "${BASH_SOURCE[0]}")/git.sh" # g, commit

# py FILE EXPR: python3 evaluates EXPR with d = the JSON in FILE; true when truthy
py() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def task(i): return next(t for t in d["tasks"] if t["id"] == i)
def ws(i): return next(w for w in d["workstreams"] if w["id"] == i)
def week(i): return next(w for w in d["weekly"]["reports"] if w["id"] == i)
def ids(lst): return [x["id"] for x in lst]
def pts(s): return [(p["date"], p["remaining_tasks"], p["remaining_hours"], p["scope_hours"], p["done_hours"]) for p in s]
ok = eval(sys.argv[2])
if not ok:
    print("   failed: " + sys.argv[2], file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# ---------------------------------------------------------------- the plan

repo=$tmp/repo
mkdir -p "$repo/content/workstreams"
g init -q "$repo"
cat >"$repo/content/project.yaml" <<'YAML'
name: Hist
title: History test
sprints:
  - name: Sprint 1
    start: 2025-10-13
    end: 2025-10-19
    focus: [A-2, A-4]
risks:
  - id: R-1
    title: The thing may break
    impact: high
    probability: medium
    mitigation: Watch it
  - id: R-2
    title: Closed risk
    impact: low
    probability: low
    mitigation: None
    status: closed
YAML
# wsa A1-STATUS A2-ESTIMATE A2-PRIORITY A3-STATUS A4-LINES: writes a.yaml
wsa() {
	cat >"$repo/content/workstreams/a.yaml" <<YAML
id: a
title: Alpha
phases:
  - id: a-1
    title: First phase
    tasks:
      - id: A-1
        title: First task
        estimate: 4h
        priority: high
        status: ${1}
      - id: A-2
        title: Second task
        estimate: ${2}
        priority: ${3}
      - id: A-3
        title: Third task
        estimate: 1d
        status: ${4}
      - id: A-5
        title: Done long ago
        estimate: 2h
        status: done
        done_on: 2025-09-30
${5}
YAML
}
A4='      - id: A-4
        title: Fourth task
        estimate: 4h'
A4DROPPED="$A4
        status: dropped"

wsa todo 2d high in-progress ""
commit "$repo" 2025-10-06T10:00:00+00:00 c1
wsa done 2d high in-progress ""
commit "$repo" 2025-10-08T10:00:00+00:00 c2
wsa done 2d high in-progress "$A4"
commit "$repo" 2025-10-09T09:00:00+00:00 c3
wsa done 3d high in-progress "$A4"
commit "$repo" 2025-10-09T17:00:00+00:00 c4
wsa done 3d critical done "$A4"
cat >"$repo/content/workstreams/b.yaml" <<'YAML'
id: b
title: Beta
phases:
  - id: b-1
    title: Only phase
    tasks:
      - id: B-1
        title: Beta task
        estimate: 8h
YAML
commit "$repo" 2025-10-14T10:00:00+00:00 c5
wsa finished 3d critical done "$A4"
commit "$repo" 2025-10-15T10:00:00+00:00 c6
# late in the evening west of Greenwich: the 17th there, the 18th in UTC
wsa done 3d critical done "$A4DROPPED"
commit "$repo" 2025-10-17T23:30:00-02:00 c7
sed -i 's/^title: History test$/title: History test (renamed)/' "$repo/content/project.yaml"
commit "$repo" 2025-10-20T08:00:00+00:00 c8
c6=$(git -C "$repo" rev-parse --short=7 HEAD~2)

# ---------------------------------------------------------------- export

"$taskdoc" -C "$repo" export >"$tmp/e.json" 2>"$tmp/e.err"
t "export succeeds" test $? -eq 0
t "one warning: the commit that does not load is skipped, named" \
  test "$(cat "$tmp/e.err")" = "content: warning: history: commit $c6 (2025-10-15) skipped, its content does not load: content/workstreams/a.yaml:11:17: bad status 'finished' (expected one of: todo, in-progress, review, blocked, deferred, done, dropped (aliases: pending, planned, active, validation-pending, code-complete, complete, completed, deprecated))"
t "as of HEAD's date" py "$tmp/e.json" 'd["as_of"] == "2025-10-20"'
t "history block" py "$tmp/e.json" 'd["history"]["commits_read"] == 8 and d["history"]["first"] == "2025-10-06" and d["history"]["last"] == "2025-10-20" and d["history"]["shallow"] is False and d["history"]["skipped"] == 1 and d["history"]["known_from"] == "2025-10-06" and d["history"]["available"] is True'
t "burn-down: one point a day, a day's last commit wins, skipped commit ignored" py "$tmp/e.json" 'pts(d["burndown"]) == [
 ("2025-10-06", 3, 28, 30, 2), ("2025-10-07", 3, 28, 30, 2), ("2025-10-08", 2, 24, 30, 6),
 ("2025-10-09", 3, 36, 42, 6), ("2025-10-10", 3, 36, 42, 6), ("2025-10-11", 3, 36, 42, 6),
 ("2025-10-12", 3, 36, 42, 6), ("2025-10-13", 3, 36, 42, 6), ("2025-10-14", 3, 36, 50, 14),
 ("2025-10-15", 3, 36, 50, 14), ("2025-10-16", 3, 36, 50, 14), ("2025-10-17", 2, 32, 46, 14),
 ("2025-10-18", 2, 32, 46, 14), ("2025-10-19", 2, 32, 46, 14), ("2025-10-20", 2, 32, 46, 14)]'
t "the last point is the plan's totals" py "$tmp/e.json" 'd["burndown"][-1]["remaining_tasks"] == d["totals"]["remaining"] and d["burndown"][-1]["remaining_hours"] == d["totals"]["remaining_hours"]["expected"]'
t "per workstream series" py "$tmp/e.json" 'pts(ws("a")["burndown"])[8] == ("2025-10-14", 2, 28, 42, 14) and pts(ws("b")["burndown"])[7] == ("2025-10-13", 0, 0, 0, 0) and pts(ws("b")["burndown"])[8] == ("2025-10-14", 1, 8, 8, 0)'
t "sprint series: its days, its focus" py "$tmp/e.json" 'pts(d["sprints"][0]["burndown"]) == [
 ("2025-10-13", 2, 28, 28, 0), ("2025-10-14", 2, 28, 28, 0), ("2025-10-15", 2, 28, 28, 0), ("2025-10-16", 2, 28, 28, 0),
 ("2025-10-17", 1, 24, 24, 0), ("2025-10-18", 1, 24, 24, 0), ("2025-10-19", 1, 24, 24, 0)]'
t "forecast: 12 h in 2 weeks, 32 h left" py "$tmp/e.json" 'd["forecast"]["status"] == "ok" and d["forecast"]["velocity_hours_per_week"] == 6 and d["forecast"]["finish"]["expected"] == "2025-11-27" and d["forecast"]["window_days"] == 14'
# the band: no estimate range here, so it is the pace alone: 32 h at the
# fastest week (8 h: 28 days) and at the slowest (4 h: 56 days)
t "forecast band from the pace of the window's weeks" py "$tmp/e.json" 'd["forecast"]["pace"] == {"weeks": 2, "slowest": 4, "fastest": 8, "thin": False, "idle_weeks": 0} and d["forecast"]["finish"]["optimistic"] == "2025-11-17" and d["forecast"]["finish"]["pessimistic"] == "2025-12-15"'
t "no velocity: no forecast, no date" py "$tmp/e.json" 'ws("b")["forecast"]["status"] == "no-velocity" and ws("b")["forecast"]["finish"]["expected"] is None'
t "done_on from history, explicit done_on wins" py "$tmp/e.json" 'task("A-1")["done_on"] == "2025-10-08" and task("A-1")["done_on_source"] == "history" and task("A-3")["done_on"] == "2025-10-14" and task("A-5")["done_on"] == "2025-09-30" and task("A-5")["done_on_source"] == "plan" and task("A-2")["done_on"] is None'
t "added_on: the first commit that has the task" py "$tmp/e.json" 'task("A-1")["added_on"] == "2025-10-06" and task("A-4")["added_on"] == "2025-10-09" and task("B-1")["added_on"] == "2025-10-14"'
t "last updated: per workstream file, in the commit's time zone" py "$tmp/e.json" 'ws("a")["last_updated"] == "2025-10-17" and ws("b")["last_updated"] == "2025-10-14" and d["last_updated"] == "2025-10-20"'
t "archive months from history" py "$tmp/e.json" '[(m["month"], ids(m["tasks"])) for m in d["archive"]["months"]] == [("2025-10", ["A-3", "A-1"]), ("2025-09", ["A-5"])]'
t "weekly reports: every week, newest first" py "$tmp/e.json" 'ids(d["weekly"]["reports"]) == ["2025-W43", "2025-W42", "2025-W41"] and d["weekly"]["current"]["id"] == "2025-W43"'
t "week 41: created, done, added, re-estimated" py "$tmp/e.json" 'week("2025-W41")["created"] == 4 and week("2025-W41")["commits"] == 4 and ids(week("2025-W41")["done"]) == ["A-1"] and ids(week("2025-W41")["added"]) == ["A-4"] and [(x["id"], x["estimate_before"], x["estimate_after"]) for x in week("2025-W41")["reestimated"]] == [("A-2", "2 days", "3 days")] and week("2025-W41")["counts"]["total"] == 3'
t "week 42: done, added, dropped, re-prioritised; start and end" py "$tmp/e.json" 'ids(week("2025-W42")["done"]) == ["A-3"] and ids(week("2025-W42")["added"]) == ["B-1"] and ids(week("2025-W42")["dropped"]) == ["A-4"] and [(x["id"], x["priority_before"], x["priority_after"]) for x in week("2025-W42")["reprioritised"]] == [("A-2", "high", "critical")] and week("2025-W42")["remaining_start"]["tasks"] == 3 and week("2025-W42")["remaining_start"]["hours"] == 36 and week("2025-W42")["remaining_end"]["hours"] == 32 and week("2025-W42")["change"]["hours_text"] == "-4" and week("2025-W42")["change"]["scope_hours_text"] == "+4" and week("2025-W42")["commits"] == 3'
t "week 43: current, no change, ready tasks and open risks" py "$tmp/e.json" 'week("2025-W43")["current"] and week("2025-W43")["counts"]["total"] == 0 and ids(week("2025-W43")["open_risks"]) == ["R-1"] and set(ids(week("2025-W43")["ready"])) == {"A-2", "B-1"}'
t "week 41: ready list, critical path and open risks as they stood (A-4 dropped since)" py "$tmp/e.json" 'ids(week("2025-W41")["ready"]) == ["A-2", "A-4"] and ids(week("2025-W41")["critical_path"]["tasks"]) == ["A-2"] and ids(week("2025-W41")["open_risks"]) == ["R-1"] and week("2025-W41")["plan_known"]'
t "a past week's forecast is as of its end" py "$tmp/e.json" 'week("2025-W41")["forecast"]["as_of"] == "2025-10-12" and week("2025-W41")["upto"] == "2025-10-12"'

# ---------------------------------------------------------------- build

"$taskdoc" -C "$repo" build --quiet 2>/dev/null
t "build succeeds" test $? -eq 0
out=$repo/docs/planning
for f in reports/weekly/index.md reports/weekly/2025-W41.md reports/weekly/2025-W42.md reports/weekly/2025-W43.md \
  charts/burndown.svg charts/burndown-a.svg charts/burndown-b.svg charts/sprint-sprint-1.svg \
  charts/weekly-2025-W41.svg charts/weekly-2025-W42.svg charts/weekly-2025-W43.svg; do
	t "build writes $f" test -s "$out/$f"
done
t "weekly report lists the week's done task, linked" grep -q '^| \[A-1\](../../workstreams/a.md#a-1) | First task | Alpha | 4 hrs | 2025-10-08 |$' "$out/reports/weekly/2025-W41.md"
t "weekly report shows start, end and change" grep -q '^| Remaining hours (expected) | 36 | 32 | -4 |$' "$out/reports/weekly/2025-W42.md"
t "weekly report embeds its chart" grep -q '(../../charts/weekly-2025-W42.svg)' "$out/reports/weekly/2025-W42.md"
t "weekly report of a past week has the risks and ready list of then" bash -c "grep -q '^| The thing may break | HIGH | MEDIUM | Watch it |\$' '$out/reports/weekly/2025-W41.md' && grep -q '^| 2 | \[A-4\](../../workstreams/a.md#a-4) | Fourth task | Alpha | — | 4 hrs |\$' '$out/reports/weekly/2025-W41.md'"
t "current weekly report has the open risks" grep -q '^| The thing may break | HIGH | MEDIUM | Watch it |$' "$out/reports/weekly/2025-W43.md"
t "weekly index lists every week" test "$(grep -c '^| \[2025-W4' "$out/reports/weekly/index.md")" -eq 3
t "index embeds the burn-down and the forecast" grep -q '^!\[Burn-down of the plan.*\](charts/burndown.svg)$' "$out/index.md"
t "index: forecast sentence" grep -q '^\*\*Forecast:\*\* done around \*\*2025-11-27\*\*' "$out/index.md"
t "active page: Last Updated from history" grep -q '^\*\*Last Updated:\*\* 2025-10-20 (as of 2025-10-20)' "$out/active-workstreams.md"
t "active page: sprint chart" grep -q '(charts/sprint-sprint-1.svg)' "$out/active-workstreams.md"
t "workstream page: last updated and chart" bash -c "grep -q '^\*\*Last updated:\*\* 2025-10-17' '$out/workstreams/a.md' && grep -q '(../charts/burndown-a.svg)' '$out/workstreams/a.md'"
t "archive page dated from history" grep -q '^| 2025-10-08 | \[A-1\]' "$out/archive/2025-10.md"
t "every link and anchor resolves" python3 "$root/tests/e2e/check_links.py" "$out" >/dev/null
t "charts are well-formed SVG with a title and a description" python3 -c '
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
for f in sys.argv[1:]:
    r = ET.parse(f).getroot()
    assert r.tag == ns + "svg" and r.get("role") == "img", f
    assert r.find(ns + "title").text and r.find(ns + "desc").text, f
' "$out"/charts/*.svg
t "chart description says what it shows" grep -q 'remaining work went from 28 hours (3 tasks) to 32 hours (2 tasks)' "$out/charts/weekly-2025-W43.svg"
t "charts have a dark theme" grep -q 'prefers-color-scheme:dark' "$out/charts/burndown.svg"
cp -r "$out" "$tmp/first"
"$taskdoc" -C "$repo" build --quiet 2>/dev/null
t "two builds of one commit are byte-identical" diff -r "$tmp/first" "$out"

# ---------------------------------------------------------------- commands

"$taskdoc" -C "$repo" burndown --format csv >"$tmp/b.csv" 2>/dev/null
t "burndown --format csv" bash -c "head -3 '$tmp/b.csv' | cmp -s - <(printf 'date,remaining_tasks,remaining_hours,scope_hours,done_hours,done_tasks,scope_tasks\n2025-10-06,3,28.00,30.00,2.00,1,4\n2025-10-07,3,28.00,30.00,2.00,1,4\n')"
"$taskdoc" -C "$repo" burndown --workstream b --format json >"$tmp/b.json" 2>/dev/null
t "burndown --workstream b --format json" py "$tmp/b.json" 'd["workstream"] == "b" and pts(d["burndown"])[-1] == ("2025-10-20", 1, 8, 8, 0) and d["forecast"]["status"] == "no-velocity"'
"$taskdoc" -C "$repo" burndown >"$tmp/b.svg" 2>/dev/null
t "burndown (svg) is the page's chart" cmp -s "$tmp/b.svg" "$out/charts/burndown.svg"
"$taskdoc" -C "$repo" burndown --by tasks >"$tmp/bt.svg" 2>/dev/null
t "burndown --by tasks counts tasks" bash -c "grep -q 'Remaining tasks</text>' '$tmp/bt.svg' && ! grep -q 'right axis' '$tmp/bt.svg'"
"$taskdoc" -C "$repo" burndown --workstream c 2>"$tmp/err" >/dev/null
t "burndown --workstream unknown: exit 2" test $? -eq 2
t "burndown --workstream unknown: did you mean" grep -q "no workstream 'c' (did you mean 'a'?)" "$tmp/err"
"$taskdoc" -C "$repo" burndown --format png 2>/dev/null
t "burndown --format png: exit 2" test $? -eq 2
"$taskdoc" -C "$repo" report weekly >"$tmp/r.md" 2>/dev/null
t "report weekly: the current week" bash -c "head -1 '$tmp/r.md' | grep -q '^# Weekly report: Week 43, 2025'"
# the page build writes, but self-contained: the chart inline (test_weekly.sh checks the rest)
t "report weekly is the page build writes, its chart inline" cmp -s <(sed 's|(data:image/svg+xml;base64,[^)]*)|(CHART)|' "$tmp/r.md") <(sed 's|(../../charts/weekly-2025-W43.svg)|(CHART)|' "$out/reports/weekly/2025-W43.md")
"$taskdoc" -C "$repo" report weekly --week 2025-W41 >"$tmp/r41.md" 2>/dev/null
t "report weekly --week 2025-W41" cmp -s <(sed 's|(data:image/svg+xml;base64,[^)]*)|(CHART)|' "$tmp/r41.md") <(sed 's|(../../charts/weekly-2025-W41.svg)|(CHART)|' "$out/reports/weekly/2025-W41.md")
"$taskdoc" -C "$repo" report weekly --week 2025-W30 >/dev/null 2>"$tmp/err"
t "report weekly, week without a report: exit 1" test $? -eq 1
t "report weekly, week without a report: says which weeks exist" grep -q 'no weekly report for 2025-W30: the reports cover 2025-W41 to 2025-W43' "$tmp/err"
"$taskdoc" -C "$repo" report weekly --week 2025-45 >/dev/null 2>"$tmp/err"
t "report weekly --week malformed: exit 2" test $? -eq 2
"$taskdoc" -C "$repo" report monthly >/dev/null 2>&1
t "report monthly: exit 2" test $? -eq 2

# ---------------------------------------------------------------- as of, rev

"$taskdoc" -C "$repo" --as-of 2025-10-12 export >"$tmp/e12.json" 2>/dev/null
t "--as-of: the series ends there, later commits are not read" py "$tmp/e12.json" 'd["burndown"][-1]["date"] == "2025-10-12" and d["history"]["commits_used"] == 4 and d["weekly"]["current"]["id"] == "2025-W41" and task("A-3")["done_on"] == "2025-10-12"'
SOURCE_DATE_EPOCH=1760486400 "$taskdoc" -C "$repo" export >"$tmp/sde.json" 2>/dev/null
t "SOURCE_DATE_EPOCH sets the as-of date" py "$tmp/sde.json" 'd["as_of"] == "2025-10-15" and d["burndown"][-1]["date"] == "2025-10-15"'
"$taskdoc" -C "$repo" --rev HEAD~3 export >"$tmp/rev.json" 2>/dev/null
t "--rev: that commit's history and date" py "$tmp/rev.json" 'd["as_of"] == "2025-10-14" and d["history"]["commits_read"] == 5 and d["history"]["rev"] == "HEAD~3" and d["history"]["last"] == "2025-10-14"'
"$taskdoc" -C "$repo" --rev nosuchbranch export >/dev/null 2>"$tmp/err"
t "--rev naming no commit: exit 1" test $? -eq 1
t "--rev naming no commit: says so" grep -q "^--rev: error: 'nosuchbranch' names no commit" "$tmp/err"

# ---------------------------------------------------------------- detached HEAD

cp -r "$repo" "$tmp/detached"
g -C "$tmp/detached" checkout -q --detach HEAD~1
"$taskdoc" -C "$tmp/detached" export >"$tmp/det.json" 2>"$tmp/err"
t "detached HEAD: full history" py "$tmp/det.json" 'd["history"]["commits_read"] == 7 and d["history"]["last"] == "2025-10-17" and not d["history"]["shallow"]'
t "detached HEAD: nothing missing, only the skipped commit" test "$(grep -c warning "$tmp/err")" -eq 1

# ---------------------------------------------------------------- shallow clones

g clone -q --depth 1 "file://$repo" "$tmp/shallow1" 2>/dev/null
head1=$(git -C "$tmp/shallow1" rev-parse --short=7 HEAD)
"$taskdoc" -C "$tmp/shallow1" export >"$tmp/s1.json" 2>"$tmp/err"
t "shallow clone (depth 1): export succeeds" test $? -eq 0
t "shallow clone (depth 1): one line says what is missing" test "$(cat "$tmp/err")" = "content: warning: shallow clone: history before commit $head1 (2025-10-20) is missing, so dates and burn-down up to that day are unknown (git fetch --unshallow reads it all)"
t "shallow clone (depth 1): the graft's date is no task's date" py "$tmp/s1.json" 'd["history"]["shallow"] and d["history"]["first"] is None and d["history"]["graft"] == "'"$head1"'" and d["history"]["known_from"] is None and d["burndown"] == [] and all(t["added_on"] is None for t in d["tasks"]) and task("A-1")["done_on"] is None and task("A-5")["done_on"] == "2025-09-30" and ws("a")["last_updated"] is None and d["last_updated"] is None and d["forecast"]["status"] == "no-history"'
"$taskdoc" -C "$tmp/shallow1" build --quiet 2>/dev/null
t "shallow clone (depth 1): build succeeds" test $? -eq 0
t "shallow clone (depth 1): the week's report says history is unavailable" grep -q '^\*History unavailable: shallow clone' "$tmp/shallow1/docs/planning/reports/weekly/2025-W43.md"
t "shallow clone (depth 1): no chart" test ! -e "$tmp/shallow1/docs/planning/charts/burndown.svg"
g clone -q --depth 4 "file://$repo" "$tmp/shallow4" 2>/dev/null
"$taskdoc" -C "$tmp/shallow4" export >"$tmp/s4.json" 2>"$tmp/err"
t "shallow clone (depth 4): figures from the day after the graft" py "$tmp/s4.json" 'd["history"]["known_from"] == "2025-10-15" and pts(d["burndown"])[0] == ("2025-10-15", 3, 36, 50, 14) and pts(d["burndown"])[2] == ("2025-10-17", 2, 32, 46, 14) and task("B-1")["added_on"] is None and task("A-3")["done_on"] is None and d["history"]["commits_read"] == 4'
t "shallow clone (depth 4): two lines: shallow, and the skipped commit" test "$(wc -l <"$tmp/err")" -eq 2

# ---------------------------------------------------------------- no history

mkdir -p "$tmp/norepo"
cp -r "$repo/content" "$tmp/norepo/"
"$taskdoc" -C "$tmp/norepo" --as-of 2025-10-20 build --quiet 2>"$tmp/err"
t "no repository: build succeeds" test $? -eq 0
t "no repository: one line says so" test "$(cat "$tmp/err")" = "content: warning: no git history (not in a git repository): burn-down, dates and weekly changes come from the plan's own dates (added_on, done_on)"
# the plan dates A-5 (done_on 2025-09-30): its story starts the day before
t "no repository, a plan with dates: the week's report says where it comes from" grep -q "^\*This week is told by the plan's own dates (\`added_on\`, \`done_on\`), not by git (no git history (not in a git repository))\.\*$" "$tmp/norepo/docs/planning/reports/weekly/2025-W43.md"
t "no repository, a plan with dates: the index has a burn-down, marked" bash -c "grep -q '(charts/burndown.svg)' '$tmp/norepo/docs/planning/index.md' && grep -q \"^\\*This burn-down comes from the plan's own dates\" '$tmp/norepo/docs/planning/index.md'"
t "no repository, a plan with dates: Last Updated from them, marked" grep -q "^\*\*Last Updated:\*\* 2025-09-30 (from the plan's dates) (as of 2025-10-20)" "$tmp/norepo/docs/planning/active-workstreams.md"
"$taskdoc" -C "$tmp/norepo" --as-of 2025-10-20 export >"$tmp/n.json" 2>/dev/null
t "no repository, a plan with dates: export says so" py "$tmp/n.json" 'd["history"]["status"] == "no-repository" and d["history"]["available"] is True and d["history"]["from_plan_dates"] is True and d["burndown"][0]["date"] == "2025-09-29" and d["burndown"][1]["done_tasks"] == d["burndown"][0]["done_tasks"] + 1 and d["last_updated"] == "2025-09-30" and task("A-1")["done_on"] is None'
# without a date in the plan, there is nothing to tell
mkdir -p "$tmp/nodates"
cp -r "$repo/content" "$tmp/nodates/"
sed -i '/done_on:/d; /added_on:/d' "$tmp/nodates/content/workstreams/"*.yaml
"$taskdoc" -C "$tmp/nodates" --as-of 2025-10-20 build --quiet 2>"$tmp/err"
t "no repository, no dates: one line says so" test "$(cat "$tmp/err")" = "content: warning: no git history (not in a git repository): done dates from git, burn-down charts and weekly changes are left out"
t "no repository, no dates: the as-of week's report" grep -q '^\*History unavailable: no git history' "$tmp/nodates/docs/planning/reports/weekly/2025-W43.md"
t "no repository, no dates: the index says why there is no chart" grep -q '^No burn-down chart: no git history (not in a git repository)\.$' "$tmp/nodates/docs/planning/index.md"
"$taskdoc" -C "$tmp/nodates" --as-of 2025-10-20 export >"$tmp/n.json" 2>/dev/null
t "no repository, no dates: export says so" py "$tmp/n.json" 'd["history"]["status"] == "no-repository" and d["history"]["available"] is False and d["burndown"] == [] and task("A-1")["done_on"] is None'

cp -r "$repo" "$tmp/off"
printf 'history: false\n' >"$tmp/off/taskdoc.yaml"
"$taskdoc" -C "$tmp/off" build --quiet 2>"$tmp/err"
t "history: false: build succeeds" test $? -eq 0
t "history: false: one line says so" test "$(cat "$tmp/err")" = "content: warning: history is off (history: false): done dates from git, burn-down charts and weekly changes are left out"

mkdir -p "$tmp/empty"
g init -q "$tmp/empty"
cp -r "$repo/content" "$tmp/empty/"
"$taskdoc" -C "$tmp/empty" --as-of 2025-10-20 build --quiet 2>"$tmp/err"
t "empty repository: build succeeds" test $? -eq 0
t "empty repository: one line says so" test "$(cat "$tmp/err")" = "content: warning: no git history (the repository has no commit yet): burn-down, dates and weekly changes come from the plan's own dates (added_on, done_on)"

mkdir -p "$tmp/untracked"
g init -q "$tmp/untracked"
echo hello >"$tmp/untracked/README"
commit "$tmp/untracked" 2025-10-01T10:00:00+00:00 readme
cp -r "$repo/content" "$tmp/untracked/"
"$taskdoc" -C "$tmp/untracked" build --quiet 2>"$tmp/err"
t "content not committed: build succeeds" test $? -eq 0
t "content not committed: one line says so" test "$(cat "$tmp/err")" = "content: warning: no git history (content is not in HEAD's commit): burn-down, dates and weekly changes come from the plan's own dates (added_on, done_on)"

# a repository whose plan came later: history starts with it
commit "$tmp/untracked" 2025-10-06T10:00:00+00:00 plan
"$taskdoc" -C "$tmp/untracked" export >"$tmp/u.json" 2>/dev/null
t "history starts at the first commit with the content" py "$tmp/u.json" 'd["history"]["first"] == "2025-10-06" and d["history"]["commits_read"] == 2 and len(d["burndown"]) == 1'

# check reads no history: no line about it
"$taskdoc" -C "$tmp/norepo" check 2>"$tmp/err"
t "check does not read history" test ! -s "$tmp/err"

# a task that enters the plan already done was finished before anything
# recorded it: no date from history (the archive lists it as undated); a
# task seen open and then done gets the day it was done
pre=$tmp/predone
mkdir -p "$pre/content/workstreams"
g init -q "$pre"
printf 'name: P\n' >"$pre/content/project.yaml"
cat >"$pre/content/workstreams/w.yaml" <<'YAML'
id: w
title: W
phases:
  - id: w-1
    title: Phase
    tasks:
      - id: OLD-1
        title: Finished before the plan was written down
        status: done
      - id: NEW-1
        title: Finished later
YAML
commit "$pre" 2025-10-06T10:00:00+00:00 import
sed -i 's/title: Finished later/title: Finished later\n        status: done/' "$pre/content/workstreams/w.yaml"
commit "$pre" 2025-10-08T10:00:00+00:00 done
"$taskdoc" -C "$pre" export >"$tmp/pre.json" 2>/dev/null
t "a task done when it entered the plan has no done_on; one seen finished has its day" py "$tmp/pre.json" 'task("OLD-1")["done_on"] is None and task("NEW-1")["done_on"] == "2025-10-08" and ids(d["archive"]["undated"]) == ["OLD-1"]'

# ------------------------------------------------- far dates are bounded
# (issue 15: a commit dated 2300 made 14,349 weekly reports and 1.3 GB;
# --as-of 9999-12-31 ran out of memory)
far=$tmp/far
cp -a "$repo" "$far"
# at most 2 GB of address space (not under AddressSanitizer, which maps more)
# (ldd's whole output first: `ldd | grep -q` under pipefail fails when grep
# stops reading early and ldd gets SIGPIPE, which made this flaky)
libs=$(ldd "$taskdoc" 2>/dev/null || true)
bounded() { case "$libs" in *libasan*) "$@" ;; *) (ulimit -v 2000000; "$@") ;; esac; }
bounded "$taskdoc" -C "$far" --as-of 9999-12-31 build --quiet 2>"$tmp/far.err"
t "--as-of 9999-12-31 builds in bounded memory" test $? -eq 0
t "and warns that the history is left out" grep -q "spans more than 7305 days: done dates from git" "$tmp/far.err"
t "with no more than the window of weekly reports" test "$(find "$far/docs/planning/reports/weekly" -name '*.md' | wc -l)" -le 13
rm -rf "$far/docs" "$far/site"
echo "# later" >>"$far/content/project.yaml"
commit "$far" "@10413792000 +0000" "dated 2300"
bounded "$taskdoc" -C "$far" build --quiet 2>"$tmp/far.err"
t "a commit dated 2300 builds in bounded memory" test $? -eq 0
t "and warns" grep -q "to the as-of date 2300-01-01 spans more than" "$tmp/far.err"
# weeks without commits get reports only within the last 12 weeks
rm -rf "$far/docs" "$far/site"
"$taskdoc" -C "$repo" --as-of 2026-06-01 build --quiet 2>/dev/null
n=$(find "$repo/docs/planning/reports/weekly" -name '20*.md' | wc -l)
t "as of 7 months after the last commit: weeks with commits (3) and the last 12 ($n)" test "$n" -eq 15

# ------------------------------------------- missing objects are never silent
broken=$tmp/broken
cp -a "$repo" "$broken"
tree=$(git -C "$broken" rev-parse HEAD~3:content)
rm -f "$broken/.git/objects/${tree:0:2}/${tree:2}"
"$taskdoc" -C "$broken" export >/dev/null 2>"$tmp/broken.err"
t "a missing tree object mid-history: a warning naming the commit" \
  grep -q "warning: git history: commit $(git -C "$broken" rev-parse --short=7 HEAD~3) cannot be read (a tree object is missing" "$tmp/broken.err"
broken2=$tmp/broken2
cp -a "$repo" "$broken2"
parent=$(git -C "$broken2" rev-parse HEAD~4)
rm -f "$broken2/.git/objects/${parent:0:2}/${parent:2}"
"$taskdoc" -C "$broken2" export >/dev/null 2>"$tmp/broken2.err"
t "a missing commit object: a warning naming the commit whose parent is gone" \
  grep -q "the parent of commit $(git -C "$broken2" rev-parse --short=7 HEAD~3) is missing from the repository" "$tmp/broken2.err"
t "and it is not called a shallow clone" bash -c "! grep -q 'warning: shallow clone' '$tmp/broken2.err'"

# What git says is kept in the cache under the commit HEAD is
# (docs/output.md): a cached build is the same build, and a new commit, a
# checkout or packed refs are read as git reads them.
"$taskdoc" -C "$repo" build --quiet 2>/dev/null
cp -r "$out" "$tmp/cached0"
t "the walk is in the cache" test "$(ls "$repo/.cache/taskdoc/history" | wc -l)" -eq 1
"$taskdoc" -C "$repo" build --quiet 2>/dev/null
t "a build from the cached walk is byte-identical" diff -r "$tmp/cached0" "$out"
echo notes >"$repo/NOTES"
g -C "$repo" add NOTES # the outputs and the cache stay out of the commit
GIT_AUTHOR_DATE=2025-10-25T10:00:00+00:00 GIT_COMMITTER_DATE=2025-10-25T10:00:00+00:00 g -C "$repo" commit -q -m notes
"$taskdoc" -C "$repo" build --quiet 2>/dev/null
t "a new commit is read: as of its date" grep -q '^\*\*Last Updated:\*\* 2025-10-20 (as of 2025-10-25)' "$out/active-workstreams.md"
t "and its walk replaces the old one" test "$(ls "$repo/.cache/taskdoc/history" | wc -l)" -eq 1
g -C "$repo" pack-refs --all
"$taskdoc" -C "$repo" build --quiet 2>/dev/null
t "packed refs: the same" grep -q '(as of 2025-10-25)' "$out/active-workstreams.md"
g -C "$repo" checkout -q --detach HEAD~1
"$taskdoc" -C "$repo" build --quiet 2>/dev/null
t "a detached HEAD at the commit before: as of its date again" diff -r "$tmp/cached0" "$out"
g -C "$repo" checkout -q main

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
