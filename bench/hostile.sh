#!/usr/bin/env bash
# Hostile inputs (issue 15): builds each one in a scratch project, runs
# `taskdoc check` and `taskdoc build` on it under /usr/bin/time and prints
# the exit status, seconds, peak memory and the first error line, against
# the budget "a clear error or a bounded behaviour within 2 s and 500 MB
# per 100 MB of input" (at least 2 s and 500 MB for small inputs).
#   bench/hostile.sh [TASKDOC] [--big]
# --big adds the plan of 1,000,000 tasks in 500 files (about 12 minutes to
# generate; refused at once since it is over the 128 MB plan limit). Exits non-zero when a run crashes (a
# signal), hangs (over 10 minutes) or misses the budget.
set -uo pipefail
cd "$(dirname "$0")/.."
taskdoc=$(realpath "${1:-build/taskdoc}")
big=0
[[ ${2:-} == --big || ${1:-} == --big ]] && big=1
[[ ${1:-} == --big ]] && taskdoc=$(realpath build/taskdoc)
work=$(mktemp -d /tmp/taskdoc-hostile.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0

# A project with one small workstream file, in $work/$1.
project() {
	local d=$work/$1
	mkdir -p "$d/content/workstreams"
	printf 'content: content\nout:\n  markdown: docs/planning\n  html: site\n' >"$d/taskdoc.yaml"
	printf 'name: demo\n' >"$d/content/project.yaml"
	printf 'id: x\ntitle: X\nphases:\n  - id: p1\n    title: P1\n    tasks:\n      - id: T1\n        title: First\n' \
		>"$d/content/workstreams/x.yaml"
	echo "$d"
}

printf '%-28s %-6s %8s %4s %8s %9s  %s\n' case cmd input exit seconds "peak MB" "first message"
# Runs taskdoc CMD in project $2 for case $1, prints a line, checks the budget.
run() {
	local name=$1 d=$2 cmd=$3
	local bytes mb out rc secs kb
	bytes=$(du -sb "$d/content" | cut -f1)
	mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
	out=$(cd "$d" && timeout 600 /usr/bin/time -f '@@time %e %M' "$taskdoc" "$cmd" 2>&1 >/dev/null)
	rc=$?
	secs=$(sed -n 's/^@@time \([^ ]*\) .*/\1/p' <<<"$out")
	kb=$(sed -n 's/^@@time [^ ]* \(.*\)/\1/p' <<<"$out")
	local msg
	msg=$(grep -v '^@@time\|^Command exited\|^taskdoc: [0-9]* error\|^taskdoc: .*files written\|warning: no git history' <<<"$out" | head -1 | cut -c1-110)
	local peak=$(( ${kb:-0} / 1024 ))
	printf '%-28s %-6s %7sM %4s %8s %9s  %s\n' "$name" "$cmd" "$mb" "$rc" "${secs:-?}" "$peak" "$msg"
	# budget: 2 s and 500 MB per 100 MB of input, at least 2 s and 500 MB
	local ok
	ok=$(awk -v s="${secs:-999}" -v m="$peak" -v b="$bytes" 'BEGIN {
		f = b / 104857600; if (f < 1) f = 1
		print (s <= 2 * f && m <= 500 * f) ? 1 : 0 }')
	if [ "$rc" -ge 124 ] || [ "$ok" != 1 ]; then
		echo "    ^ over budget or killed" >&2
		fail=1
	fi
}

# 1. a task whose notes are one scalar of COUNT times WORD, check and
# build: 100 MB (over the file limit), 15 MB (under it) of "word " (which
# cmark-gfm's autolink tries at each w) and of "text "
for c in scalar-100mb:word:20000000 scalar-15mb-word:word:3000000 scalar-15mb-text:text:3000000; do
	IFS=: read -r name word count <<<"$c"
	d=$(project "$name")
	python3 - "$d/content/workstreams/x.yaml" "$word" "$count" <<'EOF'
import sys
with open(sys.argv[1], "a") as f:
    f.write('        notes: "' + (sys.argv[2] + " ") * int(sys.argv[3]) + '"\n')
EOF
	run "$name" "$d" check
	run "$name" "$d" build
done

# 2. an id of 100,000 characters
d=$(project id-100k)
python3 - "$d/content/workstreams/x.yaml" <<'EOF'
import sys
with open(sys.argv[1], "a") as f:
    f.write("      - id: T" + "x" * 100_000 + "\n        title: Long\n")
EOF
run id-100k "$d" check

# 3. NUL bytes and invalid UTF-8
d=$(project nul)
printf '      - id: T2\n        title: "a\0b"\n' >>"$d/content/workstreams/x.yaml"
run nul "$d" check
d=$(project bad-utf8)
printf '      - id: T2\n        title: "caf\xe9 \xc0\xaf"\n' >>"$d/content/workstreams/x.yaml"
run bad-utf8 "$d" check

# 4. huge and non-finite numbers where the schema has numbers
for v in '1e308h' '99999999999999999999999999d' '.inf' '.nan' '-5h' '1e-320h'; do
	d=$(project "estimate-$v")
	printf '      - id: T2\n        title: Second\n        estimate: "%s"\n' "$v" >>"$d/content/workstreams/x.yaml"
	run "estimate $v" "$d" check
done
for v in '1e309' '.inf' '.nan' '-1' '4294967297'; do
	d=$(project "hpd-$v")
	printf 'name: demo\ncalendar:\n  hours_per_day: %s\n' "$v" >"$d/content/project.yaml"
	run "hours_per_day $v" "$d" check
done
for v in '1e999' '-1e999' '1e-999' '123456789012345678901234567890'; do
	d=$(project "json-$v")
	mkdir -p "$d/content/evidence"
	printf '{"kind": "benchmark", "suite": "s", "run_at": "2025-11-07T11:30:00Z", "results": [{"name": "r", "value": %s, "unit": "s"}]}\n' \
		"$v" >"$d/content/evidence/run.json"
	run "evidence value $v" "$d" check
done

# 5. 150,000 distinct benchmark names in one 7.9 MB evidence file
d=$(project bench-150k)
mkdir -p "$d/content/evidence"
python3 - "$d/content/evidence/big.json" <<'EOF'
import json, sys
r = [{"name": "r%06d" % i, "value": i * 1.5, "unit": "s"} for i in range(150000)]
json.dump({"kind": "benchmark", "suite": "s", "run_at": "2025-11-07T11:30:00Z", "results": r}, open(sys.argv[1], "w"))
EOF
run bench-150k "$d" check
run bench-150k "$d" build

# 6. alias amplification (one anchor of 5,000 items reused by 300 tasks)
# and deep nesting
d=$(project aliases)
python3 - "$d/content/workstreams/x.yaml" <<'EOF'
import sys
anchor = "&a [" + ", ".join("xx" for _ in range(5000)) + "]"
lines = ["id: x", "title: X", "phases:", "  - id: p1", "    title: P", "    outcome: " + anchor, "    tasks:"]
for t in range(300):
    lines += ["      - id: T%d" % t, "        title: t", "        deliverables: *a"]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
run aliases "$d" check
d=$(project nesting)
python3 - "$d/content/workstreams/x.yaml" <<'EOF'
import sys
open(sys.argv[1], "a").write("        notes: " + "{a: " * 100000 + "1" + "}" * 100000 + "\n")
EOF
run nesting-100000 "$d" check

# 7. a million tasks in 500 files (--big)
if ((big)); then
	d=$work/tasks-1m
	mkdir -p "$d"
	printf 'content: content\nout:\n  markdown: docs/planning\n  html: site\n' >"$d/taskdoc.yaml"
	python3 bench/gen_plan.py --tasks 1000000 --files 500 --seed 3 --out "$d/content" >/dev/null
	run tasks-1m "$d" check
fi
exit $fail
