#!/usr/bin/env bash
# The weekly planning report (issue 12): a scripted repository with fixed
# dates, checked for what a team runs its week from: each sprint of the
# week with committed, done and carried over; what slipped; the work in
# progress with its owner and age; the velocity of the last weeks; a task
# started and finished in one week; and a past week's report that stays
# byte-identical after later commits. Everything lives in mktemp -d.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
case $taskdoc in /*) ;; *) taskdoc=$PWD/$taskdoc ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
t() { local name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }

export HOME=$tmp/home GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C
unset SOURCE_DATE_EPOCH GIT_DIR GIT_WORK_TREE
mkdir -p "$HOME"
. "$(dirname "${BASH_SOURCE[0]}")/git.sh" # g, commit

# py FILE EXPR: python3 evaluates EXPR with d = the JSON in FILE
py() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def week(i): return next(w for w in d["weekly"]["reports"] if w["id"] == i)
def ids(lst): return [x["id"] for x in lst]
ok = eval(sys.argv[2])
if not ok:
    print("   failed: " + sys.argv[2], file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

repo=$tmp/repo
mkdir -p "$repo/content/workstreams"
g init -q "$repo"
cat >"$repo/content/project.yaml" <<'YAML'
name: Week
sprints:
  - name: Sprint 1
    start: 2025-10-13
    end: 2025-10-19
    focus: [A-2, A-3]
YAML
# plan A1 A2 A3 A4: the four tasks' statuses
plan() {
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
        status: $1
      - id: A-2
        title: Second task
        estimate: 8h
        owner: ann
        status: $2
      - id: A-3
        title: Third task
        estimate: 2h
        owner: bo
        status: $3
      - id: A-4
        title: Fourth task
        estimate: 4h
        status: $4
YAML
}
plan todo todo todo todo
commit "$repo" "2025-10-07T10:00:00+00:00" "plan"
plan todo in-progress todo todo
commit "$repo" "2025-10-14T10:00:00+00:00" "A-2 started"
plan todo in-progress in-progress todo
commit "$repo" "2025-10-15T10:00:00+00:00" "A-3 started"
plan todo in-progress done todo
commit "$repo" "2025-10-16T10:00:00+00:00" "A-3 done"
plan done in-progress done todo
commit "$repo" "2025-10-21T10:00:00+00:00" "A-1 done"

"$taskdoc" -C "$repo" export >"$tmp/e.json" 2>/dev/null
t "export runs" test -s "$tmp/e.json"
t "a task started and finished in one week is listed as started" \
	py "$tmp/e.json" 'ids(week("2025-W42")["started"]) == ["A-2", "A-3"] and ids(week("2025-W42")["done"]) == ["A-3"]'
t "sprint of the week: committed, done, open" py "$tmp/e.json" '[(s["name"], s["committed_tasks"], s["committed_hours"], s["done_tasks"], s["done_hours"], s["open_tasks"], s["ended"]) for s in week("2025-W42")["sprints"]] == [("Sprint 1", 2, 10, 1, 2, 1, True)]'
t "sprint carry-over: the focus task open at its end" py "$tmp/e.json" '[(x["id"], x["owner"], x["status"]) for x in week("2025-W42")["sprints"][0]["carried_over"]] == [("A-2", "ann", "in-progress")]'
t "slipped: the sprint's focus not done by its end" py "$tmp/e.json" '[(x["id"], x["sprint"], x["due"]) for x in week("2025-W42")["slipped"]] == [("A-2", "Sprint 1", "2025-10-19")]'
t "no sprint in a week it does not overlap" py "$tmp/e.json" 'week("2025-W43")["sprints"] == [] and week("2025-W43")["slipped"] == []'
t "work in progress with owner and days since it started" py "$tmp/e.json" '[(x["id"], x["owner"], x["since"], x["age_days"]) for x in week("2025-W42")["in_progress"]] == [("A-2", "ann", "2025-10-14", 5)]'
t "work in progress of the current week: age up to the as-of date" py "$tmp/e.json" '[(x["id"], x["age_days"]) for x in week("2025-W43")["in_progress"]] == [("A-2", 7)]'
t "velocity: the weeks up to the report's, oldest first" py "$tmp/e.json" '[(v["id"], v["done_tasks"], v["done_hours"]) for v in week("2025-W43")["velocity"]] == [("2025-W41", None, None), ("2025-W42", 1, 2), ("2025-W43", 1, 4)]'

out=$repo/docs/planning
"$taskdoc" -C "$repo" build >/dev/null 2>&1
t "weekly report: sprint table" grep -q '^| Sprint 1 | 2025-10-13 to 2025-10-19 | 2 tasks, 10 h | 1 task, 2 h | 1 task, 8 h | 1 task (ended) |$' "$out/reports/weekly/2025-W42.md"
t "weekly report: slipped" grep -q '^| \[A-2\](../../workstreams/a.md#a-2) | Second task | Sprint 1 | 2025-10-19 | ann | in-progress |$' "$out/reports/weekly/2025-W42.md"
t "weekly report: work in progress" grep -q '^| \[A-2\](../../workstreams/a.md#a-2) | Second task | ann | in-progress | 2025-10-14 | 5 |$' "$out/reports/weekly/2025-W42.md"
t "weekly report: velocity, this week in bold" grep -q '^| \*\*2025-W43\*\* | 1 | 4 |$' "$out/reports/weekly/2025-W43.md"
cp "$out/reports/weekly/2025-W42.md" "$tmp/w42.md"

# later commits, a new owner, a re-estimate: the past week stays as it was
sed -i 's/owner: ann/owner: cy/; s/estimate: 8h/estimate: 12h/' "$repo/content/workstreams/a.yaml"
commit "$repo" "2025-10-23T10:00:00+00:00" "A-2 to cy, re-estimated"
plan done done done in-progress
commit "$repo" "2025-10-28T10:00:00+00:00" "A-2 done, A-4 started"
"$taskdoc" -C "$repo" build >/dev/null 2>&1
t "a past week's report is byte-identical after later commits" cmp "$tmp/w42.md" "$out/reports/weekly/2025-W42.md"
t "the later week has the new owner" grep -q '| Second task | cy |' "$out/reports/weekly/2025-W43.md"

# the target date: A-4 (in progress) estimated 2-6h; 14 h done in the last
# 3 full weeks (4.67 h a week; the slowest week with work 6 h, the fastest
# 8 h, one idle week): expected 2025-11-03, band 2025-10-30 to 2025-11-06
sed -i '/id: A-4/,$ s/estimate: 4h/estimate: 2-6h/' "$repo/content/workstreams/a.yaml"
"$taskdoc" -C "$repo" export >"$tmp/f.json" 2>/dev/null
t "forecast band: estimate range at the fastest and slowest pace" py "$tmp/f.json" 'd["forecast"]["finish"] == {"optimistic": "2025-10-30", "expected": "2025-11-03", "pessimistic": "2025-11-06"} and d["forecast"]["pace"] == {"weeks": 3, "slowest": 6, "fastest": 8, "thin": False, "idle_weeks": 1}'
t "no target: no verdict" py "$tmp/f.json" 'd["forecast"]["target"] is None and d["forecast"]["verdict"] is None'
verdict() { # TARGET: the verdict and margin of the export with that target
	printf 'target: %s\n' "$1" >>"$repo/content/project.yaml"
	"$taskdoc" -C "$repo" export 2>/dev/null | python3 -c 'import json, sys; f = json.load(sys.stdin)["forecast"]; print(f["verdict"], f["margin_days"], f["late_by_days"])'
	sed -i '/^target:/d' "$repo/content/project.yaml"
}
t "target after the pessimistic finish: on track, with its margin" test "$(verdict 2025-11-10)" = "on-track 7 None"
t "target between expected and pessimistic: at risk" test "$(verdict 2025-11-04)" = "at-risk 1 None"
t "target before the expected finish: late, by how much" test "$(verdict 2025-11-01)" = "late -2 2"
printf 'target: 2025-11-04\n' >>"$repo/content/project.yaml"
"$taskdoc" -C "$repo" build >/dev/null 2>&1
t "weekly report says the verdict" grep -q '\*\*Target 2025-11-04:\*\* at risk: the expected finish leaves 1 days of margin' "$out/reports/weekly/2025-W44.md"
t "chart: the ideal line to the target" grep -q 'The ideal line reaches zero on the target date, 2025-11-04' "$repo/site/charts/burndown.svg"

# shareable: report weekly --base-url leaves no relative link, the chart inline
root=$(cd "$(dirname "$0")/../.." && pwd)
base=https://plan.example.org/team/
"$taskdoc" -C "$repo" report weekly --week 2025-W43 --base-url "$base" >"$tmp/s.md" 2>/dev/null
t "report weekly --base-url: no relative link (link checker)" python3 "$root/tests/e2e/check_shared.py" --base "$base" "$tmp/s.md"
t "report weekly --base-url: task links are absolute, in the site's link style" grep -q "](${base}workstreams/a/#a-2)" "$tmp/s.md"
t "report weekly: the chart inline as a data: URI" grep -q '^!\[Burn-down[^]]*\](data:image/svg+xml;base64,' "$tmp/s.md"
"$taskdoc" -C "$repo" report weekly --week 2025-W43 --format html --base-url "$base" >"$tmp/s.html" 2>/dev/null
t "report weekly --format html: no relative link (link checker)" python3 "$root/tests/e2e/check_shared.py" --base "$base" "$tmp/s.html"
t "report weekly --format html: a standalone document, links to the HTML site" bash -c "head -1 '$tmp/s.html' | grep -q '<!DOCTYPE html>' && grep -q 'href=\"${base}workstreams/a.html#a-2\"' '$tmp/s.html' && grep -q 'data=\"data:image/svg+xml;base64,' '$tmp/s.html'"
"$taskdoc" -C "$repo" report weekly --week 2025-W43 >"$tmp/s0.md" 2>/dev/null
t "without --base-url the links stay relative (the checker sees them)" bash -c "! python3 '$root/tests/e2e/check_shared.py' '$tmp/s0.md' >/dev/null"
"$taskdoc" -C "$repo" report weekly --format pdf >/dev/null 2>&1
t "report weekly --format pdf: usage error" test $? -eq 2

# findings about a sprint that ended (Sprint 1 focused on A-2 and A-3,
# both done) are not printed, in the terminal or as CI annotations; the
# export keeps them
"$taskdoc" -C "$repo" check >"$tmp/c.out" 2>"$tmp/c.err"
t "ended sprint: check prints no finding about it" bash -c "! grep -q 'Sprint 1' '$tmp/c.out' '$tmp/c.err' && grep -q '0 warnings' '$tmp/c.err'"
"$taskdoc" -C "$repo" check --format github >"$tmp/c.gh" 2>/dev/null
t "ended sprint: no CI annotation" bash -c "! grep -q 'Sprint 1' '$tmp/c.gh'"
"$taskdoc" -C "$repo" export 2>/dev/null >"$tmp/g.json"
t "ended sprint: the export keeps its findings, as past" py "$tmp/g.json" '[(f["severity"], f["message"]) for f in d["findings"]] == [("past", "sprint \x27Sprint 1\x27 focuses on A-2, which is already done"), ("past", "sprint \x27Sprint 1\x27 focuses on A-3, which is already done")]'
SOURCE_DATE_EPOCH=$(date -d 2025-10-15 +%s) "$taskdoc" -C "$repo" check 2>"$tmp/c.err" >/dev/null
t "running sprint: the finding is a warning" grep -q "warning: sprint 'Sprint 1' focuses on A-3, which is already done" "$tmp/c.err"

# the ready list's stated order ("the critical path first, then by
# priority") is its real order: on the bundled plan's export
t "ready list: critical path first, then by priority" py "$root/tests/golden/export/content.json" '[(not x["critical"], ["critical", "high", "medium", "low", None].index(x["priority"])) for x in d["ready"]] == sorted((not x["critical"], ["critical", "high", "medium", "low", None].index(x["priority"])) for x in d["ready"])'

# the active page's sections of the seed page, on the bundled plan's golden page
ap=$root/tests/golden/pages/active-workstreams.md
t "active page: Recently Completed, with what it enabled" grep -q '^- \*\*\[CLOUD-2.1\](workstreams/cloud.md#cloud-2-1): Integrate and Configure Kubespray\*\* (2025-10-29) · enabled \[CLOUD-2.2\]' "$ap"
t "active page: deferred work shown as later, not dropped from view" grep -q '^| \[Category 4: Inference Deployment (Cloud)\](workstreams/mlops.md#mlops-cat-4) | later: 2 deferred | \[cloud\](workstreams/cloud.md) |$' "$ap"
t "active page: per-phase summary with what each can start after" grep -q '^| \[Phase 3: MLOps Stack Deployment\](workstreams/cloud.md#cloud-phase-3) | 0% (0&#47;4 done, 4 active) | \[CLOUD-2.2\](workstreams/cloud.md#cloud-2-2) |$' "$ap"

t "active page: the next task with its objective and deliverables" bash -c "grep -q '^### Next Task: CLOUD-2.2 Deploy NVIDIA GPU Operator {: #next-cloud }$' '$ap' && grep -q '^- Helm-based installation with time-slicing support$' '$ap'"

# each past week is the plan as it stood at the week's last commit: its
# ready list, open risks, critical path, sprints and target, although
# depends_on, risks, sprints and the target change later (issue 12 point 2)
r2=$tmp/asof
mkdir -p "$r2/content/workstreams"
g init -q "$r2"
# project TARGET R-1-STATUS SPRINT-A-FOCUS [MORE-SPRINTS [MORE-RISKS]]
project() {
	cat >"$r2/content/project.yaml" <<YAML
name: As of
target: $1
sprints:
  - name: Sprint A
    start: 2025-10-07
    end: 2025-10-12
    focus: [$3]
${4:-}
risks:
  - id: R-1
    title: Vendor is late
    impact: high
    probability: medium
    status: $2
  - id: R-2
    title: Old worry
    impact: low
    probability: low
    status: closed
${5:-}
YAML
}
# asof_plan B-1 B-2 B-3 B-4 C-1 (statuses) B-2-DEPENDS-ON B-4-BLOCKERS PHASE-b-2-DEPENDS-ON
asof_plan() {
	cat >"$r2/content/workstreams/b.yaml" <<YAML
id: b
title: Beta
phases:
  - id: b-1
    title: Build
    tasks:
      - id: B-1
        title: Lay the base
        estimate: 4h
        status: $1
      - id: B-2
        title: Raise the walls
        estimate: 8h
        status: $2
        depends_on: $6
      - id: B-3
        title: Order tiles
        estimate: 2h
        priority: high
        status: $3
      - id: B-4
        title: Get the permit
        estimate: 1h
        status: $4
        blockers: $7
  - id: b-2
    title: Finish
    depends_on: $8
    tasks:
      - id: C-1
        title: Paint
        estimate: 3h
        status: $5
YAML
}
project 2025-12-01 open B-1
asof_plan todo todo todo todo todo '[B-1]' '[waiting for the city]' '[b-1]'
commit "$r2" "2025-10-07T10:00:00+00:00" "plan"
asof_plan done todo done todo todo '[B-1]' '[waiting for the city]' '[b-1]'
commit "$r2" "2025-10-14T10:00:00+00:00" "B-1 and B-3 done"
o2=$r2/docs/planning/reports/weekly
"$taskdoc" -C "$r2" build >/dev/null 2>&1
cp "$o2/2025-W41.md" "$tmp/a41.md"
# later: B-2 depends on B-4 now, phase b-2 on nothing, R-1 closed and R-3
# open, Sprint A focuses on B-3 and Sprint B is new, another target
project 2026-01-15 closed B-3 '  - {name: Sprint B, start: 2025-10-20, end: 2025-10-26, focus: [B-2]}' \
	'  - {id: R-3, title: Rain, impact: medium, probability: high}'
asof_plan done todo done todo todo '[B-4]' '[waiting for the city]' '[]'
commit "$r2" "2025-10-21T10:00:00+00:00" "B-2 after B-4; risks, sprints and target change"
asof_plan done in-progress done todo todo '[B-4]' '[waiting for the city]' '[]'
commit "$r2" "2025-10-28T10:00:00+00:00" "B-2 started"
"$taskdoc" -C "$r2" build >/dev/null 2>&1
t "past week as it stood: byte-identical after depends_on, risks, sprints and target change" cmp "$tmp/a41.md" "$o2/2025-W41.md"
cp "$o2/2025-W42.md" "$tmp/a42.md"
cp "$o2/2025-W43.md" "$tmp/a43.md"
project 2026-02-01 closed C-1 '' '  - {id: R-3, title: Rain, impact: medium, probability: high, status: closed}'
asof_plan done done done done in-progress '[B-4]' '[]' '[b-1]'
commit "$r2" "2025-11-04T10:00:00+00:00" "B-2 and B-4 done; R-3 closed; target moved"
"$taskdoc" -C "$r2" build >/dev/null 2>&1
t "the weeks after stay as they were, too" bash -c "cmp '$tmp/a42.md' '$o2/2025-W42.md' && cmp '$tmp/a43.md' '$o2/2025-W43.md'"
"$taskdoc" -C "$r2" export >"$tmp/a.json" 2>/dev/null
t "past ready list: the tasks ready then (done now), critical path first" py "$tmp/a.json" '[(x["id"], x["critical"], x["status"]) for x in week("2025-W41")["ready"]] == [("B-1", True, "todo"), ("B-3", False, "todo")] and week("2025-W41")["ready_total"] == 2 and [next(t["status"] for t in d["tasks"] if t["id"] == i) for i in ("B-1", "B-3")] == ["done", "done"]'
t "past open risks: open then, closed now" py "$tmp/a.json" 'ids(week("2025-W41")["open_risks"]) == ["R-1"] and next(r["status"] for r in d["risks"] if r["id"] == "R-1") == "closed" and ids(week("2025-W43")["open_risks"]) == ["R-3"] and week("2025-W45")["open_risks"] == []'
t "past critical path: through the depends_on of then (task and phase)" py "$tmp/a.json" 'ids(week("2025-W41")["critical_path"]["tasks"]) == ["B-1", "B-2", "C-1"] and week("2025-W41")["critical_path"]["hours"] == 15 and ids(week("2025-W43")["critical_path"]["tasks"]) == ["B-4", "B-2"] and ids(week("2025-W43")["ready"]) == ["C-1"]'
t "past sprints: as project.yaml had them then" py "$tmp/a.json" '[(s["name"], s["committed_tasks"]) for s in week("2025-W41")["sprints"]] == [("Sprint A", 1)] and [(s["name"], s["committed_tasks"], s["done_tasks"]) for s in week("2025-W43")["sprints"]] == [("Sprint B", 1, 0)] and [s["name"] for s in d["sprints"]] == ["Sprint A"]'
t "past target: as project.yaml had it then" py "$tmp/a.json" 'week("2025-W41")["forecast"]["target"] == "2025-12-01" and week("2025-W43")["forecast"]["target"] == "2026-01-15" and d["forecast"]["target"] == "2026-02-01"'
t "past report: the ready list, risks and critical path of then" bash -c "grep -q '^| 1 | \[B-1\](../../workstreams/b.md#b-1) | Lay the base | Beta | — | 4 hrs · critical path |$' '$o2/2025-W41.md' && grep -q '^| Vendor is late | HIGH | MEDIUM |' '$o2/2025-W41.md' && grep -q '^1\. \[B-1\](../../workstreams/b.md#b-1) Lay the base · 4 hrs · todo$' '$o2/2025-W41.md'"

# project.yaml alone changes the plan of a week; a version that does not
# load skips its commit, with a warning, as a workstream file does
project 2026-02-01 closed C-1 '' '  - {id: R-4, title: Hail, impact: low, probability: low}'
commit "$r2" "2025-11-11T10:00:00+00:00" "R-4"
sed -i 's/probability: low}/probability: lowish}/' "$r2/content/project.yaml"
commit "$r2" "2025-11-12T10:00:00+00:00" "a mistake"
project 2026-02-01 closed C-1 '' '  - {id: R-5, title: Frost, impact: low, probability: low}'
commit "$r2" "2025-11-18T10:00:00+00:00" "fixed"
"$taskdoc" -C "$r2" export >"$tmp/b.json" 2>"$tmp/b.err"
t "a project.yaml-only commit: its week has its risks, the week before not" py "$tmp/b.json" 'ids(week("2025-W46")["open_risks"]) == ["R-4"] and week("2025-W45")["open_risks"] == [] and ids(week("2025-W47")["open_risks"]) == ["R-5"]'
t "a project.yaml that does not load: its commit is skipped, named" grep -q "warning: history: commit [0-9a-f]* (2025-11-12) skipped, its content does not load: content/project.yaml:.*lowish" "$tmp/b.err"

echo "# $pass passed, $fail failed"
test "$fail" -eq 0
