#!/usr/bin/env bash
# bench/run.sh - performance benchmarks for taskdoc (see bench/README.md).
#
#   bench/run.sh              build, generate the plan, run every benchmark
#   bench/run.sh check        run only the named benchmarks
#   bench/run.sh -l           list the benchmarks
#
# Environment:
#   TASKDOC=path   use this binary instead of building bench/out/build/taskdoc
#   REV=HEAD       build this committed revision (git archive into bench/out/src-SHA)
#                  instead of the working tree, e.g. while src/ is being edited
#   RUNS=5         timed runs per benchmark (after one untimed warm-up run)
#   TASKS=10000 FILES=50 SEED=1   size and seed of the synthetic plan
#   COMMITS=2000   commits of the synthetic history (benchmark history)
#   JOBS=2         parallel build jobs
#   CHECK_WALL_MAX=0.5 CHECK_RSS_MAX=100   targets (s, MB) for check
#   GRAPH_SHARE_MAX=25   target (% of the build) for the graph stage
#
# Each benchmark is a function bench_NAME, listed in BENCHMARKS below. It
# prints one line per figure:   name: value unit (target ...) ok|MISSED
# and the script exits 1 when any figure misses its target (2 on a setup
# error: build failure, generator failure, taskdoc failing on the plan).
#
# To add a benchmark: write bench_NAME (prepare its fixture under $OUT, call
# time_runs with the command, then report), and add NAME to BENCHMARKS.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=$HERE/out
RUNS=${RUNS:-5}
TASKS=${TASKS:-10000}
FILES=${FILES:-50}
SEED=${SEED:-1}
JOBS=${JOBS:-2}
COMMITS=${COMMITS:-2000}

# Targets, for 2-core machines (README "Targets").
CHECK_WALL_MAX=${CHECK_WALL_MAX:-0.5} # s, median of $RUNS
CHECK_RSS_MAX=${CHECK_RSS_MAX:-100}  # MB, peak resident set
HISTORY_WALL_MAX=${HISTORY_WALL_MAX:-3} # s, median: 2,000 commits of the 10k plan walked and analysed

BENCHMARKS=(check export build graph history)

FAILED=0
TABLE=()

die() { echo "run.sh: $*" >&2; exit 2; }

# ---------------------------------------------------------------- helpers

# measure CMD... -> prints "WALL_SECONDS PEAK_RSS_KB EXIT_STATUS" for one run.
# Wall time with a monotonic clock around fork+exec+wait (millisecond
# resolution, unlike /usr/bin/time's %e), peak RSS from getrusage of the child
# (the same figure as /usr/bin/time's %M). stdout goes to /dev/null, stderr
# to $OUT/last.stderr.
MEASURE_PY='
import resource, subprocess, sys, time
with open(sys.argv[1], "wb") as err:
    t = time.perf_counter()
    p = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
    wall = time.perf_counter() - t
print("%.3f %d %d" % (wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode))
'
measure() { python3 -c "$MEASURE_PY" "$OUT/last.stderr" "$@"; }

# time_runs LABEL CMD... : one warm-up run, then $RUNS timed runs. Sets
# BEST and MEDIAN (s) and PEAK_MB (the largest peak RSS of the runs).
# Any run exiting non-zero is a setup error.
time_runs() {
	local label=$1; shift
	local walls=() peak=0 i w k rc
	for ((i = 0; i <= RUNS; i++)); do
		read -r w k rc < <(measure "$@")
		if [[ $rc != 0 ]]; then
			cat "$OUT/last.stderr" >&2
			die "$label: '$*' exited $rc"
		fi
		if ((i == 0)); then continue; fi # warm-up: page cache, dynamic loader
		walls+=("$w")
		if ((k > peak)); then peak=$k; fi
	done
	local sorted
	sorted=$(printf '%s\n' "${walls[@]}" | sort -g)
	BEST=$(head -n1 <<<"$sorted")
	MEDIAN=$(awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}' <<<"$sorted")
	PEAK_MB=$(awk -v k="$peak" 'BEGIN {printf "%.1f", k / 1024}')
	ALL_RUNS=$(tr '\n' ' ' <<<"$sorted")
}

# report NAME VALUE UNIT [MAX] : prints "NAME: VALUE UNIT (target < MAX UNIT) ok|MISSED";
# without MAX the figure is informational: "(target none) ok".
report() {
	local name=$1 value=$2 unit=$3 max=${4:-} verdict=ok target="target none"
	if [[ -n $max ]]; then
		target="target < $max $unit"
		if ! awk -v v="$value" -v m="$max" 'BEGIN {exit !(v < m)}'; then
			verdict=MISSED
			FAILED=1
		fi
	fi
	printf '%s: %s %s (%s) %s\n' "$name" "$value" "$unit" "$target" "$verdict"
	TABLE+=("$(printf '%-22s %10s %-3s  %-16s %s' "$name" "$value" "$unit" "${target#target }" "$verdict")")
}

# ---------------------------------------------------------------- fixtures

build_taskdoc() {
	if [[ -n ${TASKDOC:-} ]]; then
		[[ -x $TASKDOC ]] || die "TASKDOC=$TASKDOC is not an executable"
		TASKDOC_GIVEN=1
		return
	fi
	local src=$ROOT bdir=$OUT/build
	if [[ -n ${REV:-} ]]; then
		# A committed revision, exported with git archive: benchmarks a
		# consistent tree while src/ is being edited.
		local sha
		sha=$(git -C "$ROOT" rev-parse --short "$REV^{commit}") || die "REV=$REV is not a commit"
		src=$OUT/src-$sha
		bdir=$OUT/build-$sha
		if [[ ! -f $src/CMakeLists.txt ]]; then
			mkdir -p "$src"
			git -C "$ROOT" archive --format=tar "$sha" | tar -x -C "$src" || die "git archive $sha failed"
		fi
		TASKDOC_REV=$sha
	fi
	echo "== building taskdoc (Release) in ${bdir#"$ROOT"/}"
	rm -f "$bdir/taskdoc" # never measure a stale binary after a failed link
	cmake -S "$src" -B "$bdir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >"$OUT/build.log" 2>&1 ||
		{ tail -n 30 "$OUT/build.log" >&2; die "cmake configure failed (log: $OUT/build.log)"; }
	cmake --build "$bdir" -j"$JOBS" --target taskdoc >>"$OUT/build.log" 2>&1 ||
		{ tail -n 30 "$OUT/build.log" >&2; die "build failed (log: $OUT/build.log; REV=HEAD builds the last commit instead)"; }
	TASKDOC=$bdir/taskdoc
}

PLAN=""
plan_10k() {
	[[ -n $PLAN ]] && return
	PLAN=$OUT/plan-10k
	echo "== generating the plan: $TASKS tasks, $FILES files, seed $SEED -> bench/out/plan-10k/content"
	rm -rf "$PLAN"
	python3 "$HERE/gen_plan.py" --tasks "$TASKS" --files "$FILES" --seed "$SEED" --out "$PLAN/content" ||
		die "gen_plan.py failed"
	local findings
	findings=$("$TASKDOC" -C "$PLAN" check --format json) ||
		{ echo "$findings" | head -n 40 >&2; die "taskdoc check fails on the generated plan"; }
	echo "   $(du -sh "$PLAN/content" | cut -f1) of YAML; check: $(grep -o '"warnings": [0-9]*' <<<"$findings" | tr -d '"')"
}

HIST=""
# The 10k plan reached through $COMMITS commits (gen_history.py): each commit
# changes a few tasks in one or two files. Kept between runs while the
# generator and its parameters are the same.
history_2k() {
	[[ -n $HIST ]] && return
	plan_10k
	HIST=$OUT/history-2k
	local stamp
	stamp="tasks=$TASKS files=$FILES seed=$SEED commits=$COMMITS gen=$(cat "$HERE/gen_plan.py" "$HERE/gen_history.py" | cksum | cut -d' ' -f1)"
	if [[ ! -f $HIST/.bench-stamp || $(cat "$HIST/.bench-stamp") != "$stamp" ]]; then
		echo "== generating the history: $COMMITS commits -> bench/out/history-2k"
		python3 "$HERE/gen_history.py" --content "$PLAN/content" --commits "$COMMITS" --out "$HIST" ||
			die "gen_history.py failed"
		echo "$stamp" >"$HIST/.bench-stamp"
	fi
	echo "   $(git -C "$HIST" rev-list --count HEAD) commits, $(du -sh "$HIST/.git" | cut -f1) of git objects"
}

# ---------------------------------------------------------------- benchmarks

# taskdoc check: load + analyse + lint the 10k-task plan.
bench_check() {
	plan_10k
	time_runs check "$TASKDOC" -C "$PLAN" check
	echo "   runs (s): $ALL_RUNS"
	report check.wall_best "$BEST" s
	report check.wall_median "$MEDIAN" s "$CHECK_WALL_MAX"
	report check.peak_rss "$PEAK_MB" MB "$CHECK_RSS_MAX"
}

# taskdoc export: check's work plus the whole model as JSON (to /dev/null).
bench_export() {
	plan_10k
	time_runs export "$TASKDOC" -C "$PLAN" export
	echo "   runs (s): $ALL_RUNS; output $("$TASKDOC" -C "$PLAN" export | wc -c | awk '{printf "%.1f MB", $1 / 1048576}')"
	report export.wall_best "$BEST" s
	report export.wall_median "$MEDIAN" s
	report export.peak_rss "$PEAK_MB" MB
}

# taskdoc build: check's work plus rendering every page (Markdown) into
# bench/out/plan-10k/docs/planning. No target set yet: informational.
bench_build() {
	plan_10k
	local help
	help=$("$TASKDOC" --help 2>&1 || true)
	if ! grep -q '^ *build' <<<"$help"; then
		echo "   skipped: this taskdoc has no build command"
		return
	fi
	time_runs build "$TASKDOC" -C "$PLAN" build --quiet
	echo "   runs (s): $ALL_RUNS; output $(find "$PLAN/docs" -type f | wc -l) files, $(du -sh "$PLAN/docs" | cut -f1)"
	report build.wall_best "$BEST" s
	report build.wall_median "$MEDIAN" s
	report build.peak_rss "$PEAK_MB" MB
}

# The dependency graphs in taskdoc build of the 10k plan: the stage
# timings TASKDOC_PROFILE=1 prints (src/cmd/profile.c). Reports the
# median of the graph stage (model, dot layout, SVG), of the layout alone
# and of the whole build, and the graph stage's share of the build, which
# must stay under GRAPH_SHARE_MAX % (the layout must not dominate).
GRAPH_SHARE_MAX=${GRAPH_SHARE_MAX:-25}
bench_graph() {
	plan_10k
	if ! "$TASKDOC" --help 2>&1 | grep -q '^ *graph'; then
		echo "   skipped: this taskdoc has no graph command"
		return
	fi
	local i totals=() stages=() layouts=() htmls=()
	for ((i = 0; i <= RUNS; i++)); do
		TASKDOC_PROFILE=1 "$TASKDOC" -C "$PLAN" build --quiet >/dev/null 2>"$OUT/last.stderr" ||
			{ cat "$OUT/last.stderr" >&2; die "graph: taskdoc build failed"; }
		((i == 0)) && continue # warm-up
		totals+=("$(awk '$2 == "profile:" && $3 == "total" {print $4}' "$OUT/last.stderr")")
		stages+=("$(awk '$2 == "profile:" && $3 == "graphs" {print $4}' "$OUT/last.stderr")")
		layouts+=("$(awk '$2 == "profile:" && $3 == "layout" {print $4}' "$OUT/last.stderr")")
		htmls+=("$(awk '$2 == "profile:" && $3 == "html" {print $4; f = 1} END {if (!f) print 0}' "$OUT/last.stderr")")
	done
	median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
	local total stage layout html share
	total=$(median "${totals[@]}")
	stage=$(median "${stages[@]}")
	layout=$(median "${layouts[@]}")
	html=$(median "${htmls[@]}")
	[[ -n $total && -n $stage ]] || die "graph: no stage timings (TASKDOC_PROFILE=1 printed nothing)"
	share=$(awk -v g="$stage" -v t="$total" 'BEGIN {printf "%.1f", (t > 0 ? 100 * g / t : 0)}')
	local levels
	levels=$("$TASKDOC" -C "$PLAN" export 2>/dev/null | python3 -c '
import collections, json, sys
d = json.load(sys.stdin)
g = d["graphs"]
ws = collections.Counter(w["graph"]["level"] for w in d["workstreams"])
print("plan by %s (%d nodes, %d edges), overview by %s, workstreams: %s" % (g["plan"]["level"], g["plan"]["nodes"],
      g["plan"]["edges"], g["overview"]["level"], ", ".join("%d by %s" % (n, l) for l, n in sorted(ws.items()))))
' || echo "?")
	echo "   $(find "$PLAN/docs/planning/graphs" -name '*.svg' | wc -l) graphs: $levels"
	echo "   build stages (median of $RUNS): graphs $stage s (layout $layout s) of $total s; html $html s"
	report graph.stage_median "$stage" s
	report graph.layout_median "$layout" s
	report graph.build_median "$total" s
	report graph.share "$share" % "$GRAPH_SHARE_MAX"
}

# git history: walk 2,000 commits, re-read the workstream files each one
# changed, replay them (done_on, burn-down series, forecasts, weekly changes).
# `burndown --format json` is exactly that: load + walk + analyse, with a
# small output; its median has the target. `export` adds the whole model as
# 100 MB of JSON: shown with the same export without history (history: false)
# so that the share of history is plain.
bench_history() {
	history_2k
	time_runs history "$TASKDOC" -C "$HIST" burndown --format json
	echo "   runs (s): $ALL_RUNS"
	report history.walk_best "$BEST" s
	report history.walk_median "$MEDIAN" s "$HISTORY_WALL_MAX"
	report history.walk_peak_rss "$PEAK_MB" MB
	time_runs history-export "$TASKDOC" -C "$HIST" export
	echo "   runs (s): $ALL_RUNS"
	report history.export_median "$MEDIAN" s
	report history.export_peak_rss "$PEAK_MB" MB
	printf 'history: false\n' >"$HIST/history-off.yaml"
	time_runs history-off "$TASKDOC" -C "$HIST" --config history-off.yaml export
	echo "   runs (s): $ALL_RUNS"
	report history.export_off_median "$MEDIAN" s
}

# ---------------------------------------------------------------- main

if [[ ${1:-} == -l || ${1:-} == --list ]]; then
	printf '%s\n' "${BENCHMARKS[@]}"
	exit 0
fi
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
	awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"
	exit 0
fi
selected=("$@")
((${#selected[@]})) || selected=("${BENCHMARKS[@]}")
for b in "${selected[@]}"; do
	declare -F "bench_$b" >/dev/null || die "no benchmark '$b' (run.sh -l lists them)"
done

command -v python3 >/dev/null || die "python3 is required (gen_plan.py, timing)"
mkdir -p "$OUT"
build_taskdoc
if [[ -n ${TASKDOC_REV:-} ]]; then
	rev="$TASKDOC_REV (REV=$REV)"
elif [[ -n ${TASKDOC_GIVEN:-} ]]; then
	rev="$TASKDOC (given)"
else
	rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
	git -C "$ROOT" diff --quiet HEAD -- src CMakeLists.txt 2>/dev/null || rev+=" + uncommitted changes in src/"
fi
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "== $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores (${cpu:-unknown CPU}), taskdoc $rev, $RUNS runs"
read -r load1 _ </proc/loadavg
if awk -v l="$load1" -v n="$(nproc)" 'BEGIN {exit !(l > n / 2)}'; then
	echo "== warning: load average $load1 on $(nproc) cores before starting; other work competes for the CPU and the figures will be noisy"
fi
for b in "${selected[@]}"; do
	echo "== $b"
	"bench_$b"
done

echo
printf '%-22s %14s  %-16s %s\n' figure value target verdict
printf '%s\n' "${TABLE[@]}"
if ((FAILED)); then
	echo "run.sh: a target was missed" >&2
	exit 1
fi
