#!/usr/bin/env bash
# taskdoc archive and content/archive/ (issue 12, points 1 and 8): a
# scripted repository with fixed dates. The archive move keeps every total
# of export, check passes after it, the weekly report of the week of the
# archive commit lists the moved tasks as archived (never dropped, added or
# removed), --dry-run changes nothing, a second run is a no-op, comments
# move with their phase, and a refused move writes nothing. Everything
# lives in mktemp -d.
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

# figures FILE: every total of an export, by what it is the total of
figures() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
out = {"plan": d["totals"]}
for w in d["workstreams"]:
    out["ws " + w["id"]] = w["totals"]
    for p in w["phases"] + w.get("archived_phases", []):
        out["phase " + p["id"]] = p["totals"]
out["tasks"] = sorted((t["id"], t["state"], t["estimate"]) for t in d["tasks"])
out["burndown"] = d.get("burndown")
out["forecast"] = d.get("forecast")
print(json.dumps(out, sort_keys=True, indent=1))
PY
}

repo=$tmp/repo
c=$repo/content
mkdir -p "$c/workstreams"
g init -q "$repo"
cat >"$c/project.yaml" <<'YAML'
name: Arch
sprints:
  - name: Sprint 1
    start: 2025-10-20
    end: 2025-10-26
    focus: [A-4, b]
risks:
  - id: R1
    title: A risk on finished work
    impact: low
    probability: low
    affects: [A-1, a-1]
YAML
# a.yaml: a-1 finishes in week 41, a-2 stays live (A-4 depends on A-1)
a_yaml() {
	cat >"$c/workstreams/a.yaml" <<YAML
# Alpha: the first workstream
id: a
title: Alpha
phases:
  # the first round: keep this comment
  - id: a-1
    title: First round
    outcome:
      - The first thing delivered
    tasks:
      - id: A-1
        title: First task # inline comment
        estimate: 4h
        status: $1
      - id: A-2
        title: Second task
        estimate: 1d
        status: $2
      - id: A-3
        title: Dropped task
        estimate: 2h
        status: dropped
  # the second round
  - id: a-2
    title: Second round
    depends_on: a-1
    tasks:
      - id: A-4
        title: Fourth task
        estimate: 4h
        depends_on: A-1
        status: todo
YAML
}
b_yaml() {
	cat >"$c/workstreams/b.yaml" <<YAML
id: b
title: Beta
phases:
  - id: b-1
    title: Only round
    tasks:
      - id: B-1
        title: Beta one
        estimate: 2h
        status: $1
      - id: B-2
        title: Beta two
        estimate: 3h
        status: $1
YAML
}
a_yaml todo todo
b_yaml todo
commit "$repo" "2025-10-06T10:00:00+00:00" "plan"
a_yaml done in-progress
b_yaml done
commit "$repo" "2025-10-08T10:00:00+00:00" "A-1, b done"
a_yaml done done
commit "$repo" "2025-10-15T10:00:00+00:00" "A-2 done"

run() { "$taskdoc" -C "$repo" --as-of 2025-10-24 "$@"; }
t "check passes before" run check
run export >"$tmp/before.json" 2>/dev/null
figures "$tmp/before.json" >"$tmp/before.fig"

# --dry-run: says what would move, changes nothing
run archive --dry-run >"$tmp/dry.out" 2>&1
t "--dry-run exits 0" test $? -eq 0
t "--dry-run names each finished phase" bash -c "grep -q 'would move phase a-1 ' '$tmp/dry.out' && grep -q 'would move phase b-1 ' '$tmp/dry.out' && ! grep -q 'a-2' '$tmp/dry.out'"
t "--dry-run changes nothing" test -z "$(g -C "$repo" status --porcelain)"

# options that name nothing finished
run archive --phase a-2 >"$tmp/o.out" 2>&1
t "--phase of an unfinished phase is refused, naming its live task" bash -c "test $? -ne 0 && grep -q 'phase a-2 is not finished: A-4 is todo' '$tmp/o.out'"
run archive --workstream nope >/dev/null 2>&1
t "--workstream of an unknown id is a usage error" test $? -eq 2
run archive --before 2025-10-08 >"$tmp/o.out" 2>&1
t "--before a date no phase finished by moves nothing" grep -q 'nothing to archive' "$tmp/o.out"
t "... and changes nothing" test -z "$(g -C "$repo" status --porcelain)"

# the move, committed in week 43
run archive >"$tmp/arch.out" 2>&1
t "archive exits 0" test $? -eq 0
t "archive moves the two finished phases" grep -q '^2 phases archived' "$tmp/arch.out"
t "archive files have the workstream's name" test -f "$c/archive/a.yaml" -a -f "$c/archive/b.yaml"
t "the live phase stays" bash -c "grep -q 'id: a-2' '$c/workstreams/a.yaml' && ! grep -q 'id: a-1' '$c/workstreams/a.yaml'"
t "comments move with their phase" bash -c "grep -q '# the first round: keep this comment' '$c/archive/a.yaml' && grep -q '# inline comment' '$c/archive/a.yaml'"
t "comments of what stays are kept" bash -c "grep -q '# Alpha: the first workstream' '$c/workstreams/a.yaml' && grep -q '# the second round' '$c/workstreams/a.yaml'"
t "a workstream file left without phases says phases: []" grep -q '^phases: \[\]' "$c/workstreams/b.yaml"
t "check passes after (ids in the archive resolve)" run check
commit "$repo" "2025-10-22T10:00:00+00:00" "archive finished phases"
run export >"$tmp/after.json" 2>/dev/null
figures "$tmp/after.json" >"$tmp/after.fig"
t "every total of export is the same after the move" diff -u "$tmp/before.fig" "$tmp/after.fig"
t "the moved tasks are archived in export" py "$tmp/after.json" 'sorted(t["id"] for t in d["tasks"] if t["archived"]) == ["A-1", "A-2", "A-3", "B-1", "B-2"]'
t "a workstream whose phases are all archived still exists" py "$tmp/after.json" '[w["id"] for w in d["workstreams"]] == ["a", "b"] and d["workstreams"][1]["all_archived"] and d["workstreams"][1]["phases"] == []'
t "the weekly report of the archive week lists the tasks as archived" py "$tmp/after.json" 'ids(week("2025-W43")["archived"]) == ["A-1", "A-2", "A-3", "B-1", "B-2"]'
t "... and none as dropped, added or removed" py "$tmp/after.json" 'all(week("2025-W43")[k] == [] for k in ("dropped", "added", "removed", "done"))'
t "done dates still come from history" py "$tmp/after.json" '[t["done_on"] for t in d["tasks"] if t["id"] in ("A-1", "A-2", "B-1")] == ["2025-10-08", "2025-10-15", "2025-10-08"]'
t "the archive records each round with its dates" py "$tmp/after.json" '[(r["id"], r["start"], r["finish"], r["elapsed_days"], r["done"], r["dropped"]) for r in d["archive"]["rounds"]] == [("a-1", "2025-10-06", "2025-10-15", 10, 2, 1), ("b-1", "2025-10-06", "2025-10-08", 3, 2, 0)]'
run report weekly --week 2025-W43 >"$tmp/w43.md" 2>/dev/null
t "the weekly Markdown has an Archived section" bash -c "grep -q '^## Archived' '$tmp/w43.md' && grep -q '^| \[A-1\]' '$tmp/w43.md' && ! grep -q 'Removed from the plan' '$tmp/w43.md'"

# the pages: archived work leaves the active ones, the archive records it
out=$tmp/out
run build >/dev/null 2>&1
md=$repo/docs/planning
t "build passes" test -f "$md/archive/index.md"
t "the active page has no archived phase" bash -c "! grep -q 'First round' '$md/active-workstreams.md' && grep -q 'Second round' '$md/active-workstreams.md'"
t "the workstream page lists its archived phases" grep -q '^- \[First round\](../archive/index.md#a-1)' "$md/workstreams/a.md"
t "the archive page has each round with what it delivered" bash -c "grep -q '^### First round {: #a-1 }' '$md/archive/index.md' && grep -q 'The first thing delivered' '$md/archive/index.md'"

# again: nothing to do
run archive >"$tmp/again.out" 2>&1
t "a second archive run is a no-op" bash -c "test $? -eq 0 && grep -q 'nothing to archive' '$tmp/again.out'"
t "... and changes nothing" test -z "$(g -C "$repo" status --porcelain -- content)"

# archived again: phases are appended to the archive file
a_yaml done done
sed -i -e '/id: a-1/,/status: dropped/d' "$c/workstreams/a.yaml" # a-1 is archived already
sed -i 's/        status: todo/        status: done/' "$c/workstreams/a.yaml"
run archive --workstream a >"$tmp/a2.out" 2>&1
t "archiving again appends to the archive file" bash -c "grep -q 'id: a-1' '$c/archive/a.yaml' && grep -q 'id: a-2' '$c/archive/a.yaml' && grep -q '^phases: \[\]' '$c/workstreams/a.yaml'"
t "check passes after the second move" run check

# by hand, as teams do it: git mv a finished workstream file into archive/
r3=$tmp/r3
mkdir -p "$r3/content/workstreams"
g init -q "$r3"
echo "name: Hand" >"$r3/content/project.yaml"
cat >"$r3/content/workstreams/c.yaml" <<'YAML'
id: c
title: Gamma
phases:
  - id: c-1
    title: Gamma round
    tasks:
      - {id: C-1, title: One, estimate: 4h, status: todo}
      - {id: C-2, title: Two, estimate: 2h, status: todo}
YAML
cat >"$r3/content/workstreams/d.yaml" <<'YAML'
id: d
title: Delta
phases:
  - id: d-1
    title: Delta round
    tasks:
      - {id: D-1, title: Uses C-1, estimate: 1h, depends_on: C-1}
YAML
commit "$r3" "2025-10-06T10:00:00+00:00" "plan"
sed -i 's/status: todo/status: done/' "$r3/content/workstreams/c.yaml"
commit "$r3" "2025-10-08T10:00:00+00:00" "gamma done"
"$taskdoc" -C "$r3" --as-of 2025-10-17 export >"$tmp/h1.json" 2>/dev/null
mkdir -p "$r3/content/archive"
g -C "$r3" mv content/workstreams/c.yaml content/archive/c.yaml
commit "$r3" "2025-10-15T10:00:00+00:00" "archive gamma by hand"
t "a file moved into archive/ by hand passes check" "$taskdoc" -C "$r3" --as-of 2025-10-17 check
"$taskdoc" -C "$r3" --as-of 2025-10-17 export >"$tmp/h2.json" 2>/dev/null
figures "$tmp/h1.json" >"$tmp/h1.fig"
figures "$tmp/h2.json" >"$tmp/h2.fig"
t "... keeps every total" diff -u "$tmp/h1.fig" "$tmp/h2.fig"
t "... and its week lists its tasks as archived, none as removed" py "$tmp/h2.json" 'ids(week("2025-W42")["archived"]) == ["C-1", "C-2"] and week("2025-W42")["removed"] == [] and week("2025-W42")["added"] == []'
t "... and the workstream is still there, all archived" py "$tmp/h2.json" '[(w["id"], w["all_archived"]) for w in d["workstreams"]] == [("c", True), ("d", False)]'

# a move that cannot be written as asked is refused and writes nothing
p2=$tmp/p2
mkdir -p "$p2/content/workstreams" "$p2/content/archive"
echo "name: Flow" >"$p2/content/project.yaml"
cat >"$p2/content/workstreams/b.yaml" <<'YAML'
id: b
title: Beta
phases:
  - id: b-1
    title: Done round
    tasks:
      - id: B-1
        title: Done
        status: done
YAML
cat >"$p2/content/archive/b.yaml" <<'YAML'
id: b
title: Beta
phases: [{id: b-0, title: Old, tasks: [{id: B-0, title: Old, status: done}]}]
YAML
cp -r "$p2/content" "$tmp/content.before"
"$taskdoc" -C "$p2" archive >"$tmp/bad.out" 2>&1
t "a flow-style archive list is refused" bash -c "test $? -eq 1 && grep -q 'content/archive/b.yaml:3:9: error: expected a block list here' '$tmp/bad.out'"
t "... and nothing was written" diff -r "$tmp/content.before" "$p2/content"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
