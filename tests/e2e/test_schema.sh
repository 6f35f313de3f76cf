#!/usr/bin/env bash
# `taskdoc schema` prints draft 2020-12 JSON Schemas made from the loader's
# key tables: every file of content/ validates against them, and schema and
# loader agree (both accept or both reject) on a set of small files.
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }
python3 -c 'import jsonschema, yaml' || { echo "python3-jsonschema and python3-yaml are needed (tools/deps.sh --test)"; exit 1; }
v() { python3 "$root/tests/schema/validate.py" "$@" >"$tmp/log" || { cat "$tmp/log"; return 1; }; }

for k in project workstream config evidence; do
  "$taskdoc" schema $k >"$tmp/$k.json"
  t "schema $k" test $? -eq 0
  t "schema $k is draft 2020-12" grep -q '"\$schema": "https://json-schema.org/draft/2020-12/schema"' "$tmp/$k.json"
done
"$taskdoc" schema projet >/dev/null 2>"$tmp/err"
t "unknown kind is a usage error with a suggestion" bash -c "test $? -eq 2 && grep -q \"did you mean 'project'\" '$tmp/err'"

t "content/project.yaml validates" v "$tmp/project.json" "$root/content/project.yaml"
t "every workstream validates" v "$tmp/workstream.json" "$root"/content/workstreams/*.yaml
t "taskdoc.yaml validates" v "$tmp/config.json" "$root/taskdoc.yaml"
t "taskdoc's own evidence validates" v "$tmp/evidence.json" "$root"/content/evidence/validation/*.json \
  "$root"/content/evidence/benchmark/*.json

# Agreement: each case is a workstream file; the loader (taskdoc check) and
# the schema must both accept it or both reject it.
proj='name: p'
ws() { mkdir -p "$tmp/c/$1/content/workstreams"; echo "$proj" >"$tmp/c/$1/content/project.yaml"; cat >"$tmp/c/$1/content/workstreams/w.yaml"; }
ws ok-minimal <<'Y'
id: w
title: W
Y
ws ok-full <<'Y'
id: w
title: W
order: 2
phases:
  - id: P1
    title: One
    tasks:
      - {id: T1, title: a, status: active, priority: high, estimate: 2-3d, done_on: 2025-01-02, depends_on: [T2]}
      - {id: T2, title: b, status: done, estimate: 0.5h, owner: me, criteria: [{title: c, done: true}]}
  - id: P2
    title: Two
    depends_on: P1
    validation: make test
Y
ws bad-unknown-key <<'Y'
id: w
title: W
prority: high
Y
ws bad-status <<'Y'
id: w
title: W
phases: [{id: P, title: p, tasks: [{id: T, title: t, status: finished}]}]
Y
ws bad-priority <<'Y'
id: w
title: W
phases: [{id: P, title: p, tasks: [{id: T, title: t, priority: urgent}]}]
Y
ws bad-estimate <<'Y'
id: w
title: W
phases: [{id: P, title: p, tasks: [{id: T, title: t, estimate: two days}]}]
Y
ws bad-no-title <<'Y'
id: w
phases: []
Y
ws bad-ws-id <<'Y'
id: Big
title: W
Y
ws bad-date <<'Y'
id: w
title: W
phases: [{id: P, title: p, tasks: [{id: T, title: t, done_on: 11/03/2025}]}]
Y
ws bad-order-type <<'Y'
id: w
title: W
order: [1]
Y
ws bad-task-key <<'Y'
id: w
title: W
phases: [{id: P, title: p, tasks: [{id: T, title: t, owner: me, colour: red}]}]
Y
for d in "$tmp"/c/*; do
  name=$(basename "$d")
  "$taskdoc" -C "$d" check >/dev/null 2>&1; loader=$?
  v "$tmp/workstream.json" "$d/content/workstreams/w.yaml" ; schema=$?
  case $name in ok-*) want=0 ;; *) want=1 ;; esac
  t "$name: loader says $want" test "$loader" -eq "$want"
  t "$name: schema agrees" test "$schema" -eq "$want"
done
# project.yaml and taskdoc.yaml: one bad enum each
mkdir -p "$tmp/r/content/workstreams"
printf 'name: p\nrisks: [{id: R, title: r, impact: huge, probability: low}]\n' >"$tmp/r/content/project.yaml"
"$taskdoc" -C "$tmp/r" check >/dev/null 2>&1
t "bad risk impact: loader rejects" test $? -eq 1
v "$tmp/project.json" "$tmp/r/content/project.yaml"
t "bad risk impact: schema rejects" test $? -eq 1
printf 'name: p\n' >"$tmp/r/content/project.yaml"
printf 'graph: {links: pretty}\n' >"$tmp/r/taskdoc.yaml"
"$taskdoc" -C "$tmp/r" check >/dev/null 2>&1
t "bad graph.links: loader rejects" test $? -eq 1
v "$tmp/config.json" "$tmp/r/taskdoc.yaml"
t "bad graph.links: schema rejects" test $? -eq 1

echo "$pass passed, $fail failed"
test "$fail" -eq 0
