#!/usr/bin/env bash
# Evidence end to end: real fio and hyperfine output, made now on a
# temporary file, decides criteria; hyperfine runs are dated by the git
# commit that added them (a fixture repository with fixed dates); broken
# evidence stops a build before anything is written; the evidence page and
# its trend charts are well-formed and byte-identical on a rebuild.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
case $taskdoc in /*) ;; *) taskdoc=$PWD/$taskdoc ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
t() { local name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }
export LC_ALL=C
unset SOURCE_DATE_EPOCH
for tool in fio hyperfine git python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (tools/deps.sh --test installs it)"; exit 1; }
done

# jq-free look-ups in the export
q() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }

p=$tmp/p
mkdir -p "$p/content/workstreams" "$p/content/evidence"
printf 'name: demo\n' >"$p/content/project.yaml"
cat >"$p/content/workstreams/x.yaml" <<'YML'
id: x
title: X
criteria:
  - title: Writes at all
    benchmark: fio:seq:write_bw
    min: 1 B/s
  - title: Writes faster than light
    benchmark: fio:seq:write_bw
    min: 1000 PB/s
  - title: Counting is quick
    benchmark: "hyperfine:count"
    max: 10 min
phases:
  - id: p1
    title: P1
    tasks:
      - id: T1
        title: First
YML
printf 'out:\n  markdown: docs/planning\n' >"$p/taskdoc.yaml"

# 1. real fio output
dd if=/dev/zero of="$tmp/data" bs=1M count=4 status=none
fio --name=seq --filename="$tmp/fio-file" --rw=write --bs=64k --size=4M --output-format=json \
  --output="$p/content/evidence/fio.json" >/dev/null 2>&1
t "fio wrote its JSON" test -s "$p/content/evidence/fio.json"
"$taskdoc" -C "$p" --as-of 2025-11-10 export >"$tmp/e1.json" 2>"$tmp/err"
t "export with real fio output" test $? -eq 0
t "fio: a low threshold passes" test "$(q "$tmp/e1.json" 'd["criteria"][0]["verdict"]')" = pass
t "fio: an impossible one fails" test "$(q "$tmp/e1.json" 'd["criteria"][1]["verdict"]')" = fail
t "fio: value in the criterion's unit" test "$(q "$tmp/e1.json" 'd["criteria"][1]["unit"]')" = PB/s
t "fio: dated by its timestamp" \
  test "$(q "$tmp/e1.json" 'd["criteria"][0]["evidence"]["run_at"][:4].isdigit()')" = True
t "hyperfine criterion pending without evidence" test "$(q "$tmp/e1.json" 'd["criteria"][2]["verdict"]')" = pending

# 2. real hyperfine output, dated by git
hyperfine -N --runs 3 -n count --export-json "$p/content/evidence/hyperfine.json" "wc -c $tmp/data" >/dev/null 2>&1
t "hyperfine wrote its JSON" test -s "$p/content/evidence/hyperfine.json"
"$taskdoc" -C "$p" --as-of 2025-11-10 export >"$tmp/e2.json" 2>"$tmp/err"
t "export with real hyperfine output" test $? -eq 0
t "hyperfine: passes its max" test "$(q "$tmp/e2.json" 'd["criteria"][2]["verdict"]')" = pass
t "hyperfine outside git: undated" test "$(q "$tmp/e2.json" 'd["criteria"][2]["evidence"]["run_at"]')" = None
g() { git -C "$p" -c user.name=T -c user.email=t@example.org "$@" >/dev/null 2>&1; }
g init -q
g add -A
GIT_AUTHOR_DATE='2025-10-01T10:00:00+02:00' GIT_COMMITTER_DATE='2025-10-01T10:00:00+02:00' g commit -qm plan
echo '# unrelated' >>"$p/content/project.yaml"
g add -A
GIT_AUTHOR_DATE='2025-10-05T10:00:00+02:00' GIT_COMMITTER_DATE='2025-10-05T10:00:00+02:00' g commit -qm later
"$taskdoc" -C "$p" --as-of 2025-11-10 export >"$tmp/e3.json" 2>"$tmp/err"
t "hyperfine in git: the date of the commit that last changed the file" \
  test "$(q "$tmp/e3.json" 'd["criteria"][2]["evidence"]["run_at"]')" = 2025-10-01T10:00:00+02:00
# a later commit that changes the file's folder but not the file
echo notes >"$p/content/evidence/README.txt"
g add -A
GIT_AUTHOR_DATE='2025-10-06T10:00:00+02:00' GIT_COMMITTER_DATE='2025-10-06T10:00:00+02:00' g commit -qm sibling
"$taskdoc" -C "$p" --as-of 2025-11-10 export >"$tmp/e3b.json" 2>"$tmp/err"
t "hyperfine in git: a sibling changed later keeps the file's own date" \
  test "$(q "$tmp/e3b.json" 'd["criteria"][2]["evidence"]["run_at"]')" = 2025-10-01T10:00:00+02:00
cp "$p/content/evidence/hyperfine.json" "$tmp/hf.json"
sed -i 's/"mean": /"mean":  /' "$p/content/evidence/hyperfine.json"
"$taskdoc" -C "$p" --as-of 2025-11-10 export >"$tmp/e4.json" 2>"$tmp/err"
t "hyperfine changed since its commit: undated" test "$(q "$tmp/e4.json" 'd["criteria"][2]["evidence"]["run_at"]')" = None
g add -A
GIT_AUTHOR_DATE='2025-10-09T08:30:00Z' GIT_COMMITTER_DATE='2025-10-09T08:30:00Z' g commit -qm rerun
"$taskdoc" -C "$p" --as-of 2025-11-10 export >"$tmp/e5.json" 2>"$tmp/err"
t "hyperfine recommitted: the new commit's date" \
  test "$(q "$tmp/e5.json" 'd["criteria"][2]["evidence"]["run_at"]')" = 2025-10-09T08:30:00Z
git clone -q --depth 1 "file://$p" "$tmp/shallow" 2>/dev/null
printf 'out:\n  markdown: docs/planning\n' >"$tmp/shallow/taskdoc.yaml"
"$taskdoc" -C "$tmp/shallow" --as-of 2025-11-10 export >"$tmp/e6.json" 2>"$tmp/err"
t "hyperfine in a shallow clone: undated (the graft's date is not the run's)" \
  test "$(q "$tmp/e6.json" 'd["criteria"][2]["evidence"]["run_at"]')" = None
printf 'history: false\nout:\n  markdown: docs/planning\n' >"$p/taskdoc.yaml"
"$taskdoc" -C "$p" --as-of 2025-11-10 export >"$tmp/e7.json" 2>"$tmp/err"
t "history: false leaves hyperfine undated" test "$(q "$tmp/e7.json" 'd["criteria"][2]["evidence"]["run_at"]')" = None
printf 'out:\n  markdown: docs/planning\n' >"$p/taskdoc.yaml"

# 3. the page and the charts
run() { "$taskdoc" -C "$p" --as-of 2025-11-10 build --quiet 2>"$tmp/err"; }
t "build succeeds" run
out=$p/docs/planning
t "evidence.md is written" test -s "$out/evidence.md"
t "the failing criterion shows its value and threshold" \
  grep -q '^| ❌ fail | Writes faster than light | \[X\](workstreams/x.md) | .* PB/s | ≥ 1000 PB/s |' "$out/evidence.md"
t "the workstream page ticks the passing criterion" grep -q '^- \[x\] Writes at all — ✅ ' "$out/workstreams/x.md"
t "the workstream page crosses the failing one" grep -q '^- \[ \] Writes faster than light — ❌ \*\*fail\*\*: ' "$out/workstreams/x.md"
t "a trend chart per benchmark" test -s "$out/charts/bench-fio-seq-write-bw.svg" -a -s "$out/charts/bench-hyperfine-count.svg"
t "charts are well-formed XML" python3 -c '
import sys, xml.dom.minidom
for f in sys.argv[1:]: xml.dom.minidom.parse(f)' "$out"/charts/*.svg
# the colons are &#58; in the Markdown (a :name: shape, read as an emoji by pymdownx.emoji; issue 17)
t "the page embeds the chart" grep -q '!\[Trend of fio&#58;seq&#58;write_bw\](charts/bench-fio-seq-write-bw.svg)' "$out/evidence.md"
cp -r "$out" "$tmp/first"
t "second build" run
t "second build is byte-identical" diff -r "$tmp/first" "$out"

# 4. broken evidence: exit 1, a located message, nothing written
find "$out" -type f -exec touch -d '2001-01-01 00:00:00' {} +
head -c 200 "$p/content/evidence/fio.json" >"$p/content/evidence/broken.json"
"$taskdoc" -C "$p" --as-of 2025-11-10 build --quiet 2>"$tmp/err"
t "broken evidence: exit 1" test $? -eq 1
t "broken evidence: file:line:col and what is wrong" \
  grep -Eq '^content/evidence/broken.json:[0-9]+:[0-9]+: error: invalid JSON: ' "$tmp/err"
t "broken evidence: nothing written" test -z "$(find "$out" -type f -newermt '2001-01-02' -print)"
rm "$p/content/evidence/broken.json"
printf '{"kind": "validation", "suite": "s", "run_at": "2025-11-06T09:00:00Z", "checks": [{"name": "a", "status": 1}]}' \
  >"$p/content/evidence/typed.json"
"$taskdoc" -C "$p" --as-of 2025-11-10 check 2>"$tmp/err"
t "wrong type: exit 1" test $? -eq 1
t "wrong type: the JSON path" grep -qx 'content/evidence/typed.json: error: checks\[0\].status: expected a string, got a number' "$tmp/err"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
