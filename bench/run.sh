#!/usr/bin/env bash
# bench/run.sh - performance benchmarks for taskdoc (see bench/README.md).
#
#   bench/run.sh              build, generate the plans, run every benchmark
#   bench/run.sh --quick      the 1k and 10k plans only, 3 runs: for development
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
#   RESULTS=bench/RESULTS.md   where the figures are written (RESULTS= : nowhere)
#
# Each benchmark is a function bench_NAME, listed in BENCHMARKS below. It
# prints one line per figure:   name: value unit (target ...) ok|MISSED
# and the script exits 1 when any figure misses its target (2 on a setup
# error: build failure, generator failure, taskdoc failing on the plan).
# Whole processes are timed: hyperfine for the wall times when it is
# installed, /usr/bin/time -v for the peak memory, and bench/timing.py for
# the comparisons, which alternate the two commands and report the median
# of the pairs' ratios (tools/deps.sh --bench installs hugo, cmark-gfm,
# hyperfine and MkDocs).
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

QUICK=0
if [[ ${1:-} == --quick ]]; then
	QUICK=1
	shift
	RUNS=${RUNS_QUICK:-3}
fi
RESULTS=${RESULTS-$HERE/RESULTS.md}
CMDS=()

# Targets, for 2-core machines (README "Targets").
CHECK_WALL_MAX=${CHECK_WALL_MAX:-0.5} # s, median of $RUNS
CHECK_RSS_MAX=${CHECK_RSS_MAX:-100}  # MB, peak resident set
HISTORY_WALL_MAX=${HISTORY_WALL_MAX:-3} # s, median: 2,000 commits of the 10k plan walked and analysed

BUILD_WALL_MAX=${BUILD_WALL_MAX:-1.2}    # s, median: 10k tasks, no history
BUILD_RSS_MAX=${BUILD_RSS_MAX:-150}      # MB
HISTORY_BUILD_MAX=${HISTORY_BUILD_MAX:-2.5} # s, median: 10k tasks, 2,000 commits
MKDOCS_RATIO_MIN=${MKDOCS_RATIO_MIN:-20} # mkdocs build / taskdoc build, bundled plan with history
HUGO_RATIO_MIN=${HUGO_RATIO_MIN:-3}      # hugo / taskdoc build, the 10k plan's pages
CMARK_RATIO_MAX=${CMARK_RATIO_MAX:-1.5}  # taskdoc build / cmark-gfm CLI on the same pages
INCR_SHARE_MAX=${INCR_SHARE_MAX:-20}     # %: one task changed, rebuild / full build
LARGE_CHECK_MAX=${LARGE_CHECK_MAX:-2}    # s: check of 100k tasks
LARGE_BUILD_MAX=${LARGE_BUILD_MAX:-15}   # s: build of 100k tasks
LARGE_RSS_MAX=${LARGE_RSS_MAX:-1024}     # MB
LAYOUT_MAX=${LAYOUT_MAX:-1}              # s: the longest single graph layout, any size
GROWTH_MAX=${GROWTH_MAX:-2}              # a stage's time per task at 100k / at 10k

BENCHMARKS=(check export build graph history bundled html incremental scaling large)
QUICK_SKIP=" large "

FAILED=0
TABLE=()
MDROWS=()
NOTES=()

die() { echo "run.sh: $*" >&2; exit 2; }

# ---------------------------------------------------------------- helpers

# peak_kb CMD... -> the peak resident set size (KB) of one run of CMD, from
# /usr/bin/time -v ("Maximum resident set size"), or from bench/timing.py
# (getrusage, the same figure) where GNU time is not installed.
peak_kb() {
	if [[ -x /usr/bin/time ]]; then
		/usr/bin/time -v -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/last.stderr" ||
			{ cat "$OUT/last.stderr" >&2; die "'$*' failed"; }
		awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt"
	else
		python3 "$HERE/timing.py" runs 1 "$OUT/last.stderr" -- "$@" | awk '{print $3}'
	fi
}

# time_runs LABEL CMD... : one warm-up run, then $RUNS timed runs. Sets
# BEST and MEDIAN (s) and PEAK_MB (peak RSS). With hyperfine installed the
# wall times are hyperfine's (no shell: -N), else bench/timing.py's; the
# peak RSS is one more run under /usr/bin/time -v. Any run exiting
# non-zero is a setup error.
time_runs() {
	local label=$1; shift
	CMDS+=("$label: $*")
	if command -v hyperfine >/dev/null; then
		local q=() a
		for a in "$@"; do q+=("$(printf '%q' "$a")"); done
		hyperfine -N --style none --warmup 1 --runs "$RUNS" --export-json "$OUT/hf.json" -- "${q[*]}" \
			>/dev/null 2>"$OUT/last.stderr" || { cat "$OUT/last.stderr" >&2; die "$label: '$*' failed"; }
		read -r BEST MEDIAN ALL_RUNS < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
t = sorted(r["times"])
print("%.3f %.3f %s" % (t[0], r["median"], " ".join("%.3f" % x for x in t)))' "$OUT/hf.json")
		PEAK_MB=$(awk -v k="$(peak_kb "$@")" 'BEGIN {printf "%.1f", k / 1024}')
	else
		local best median peak rest
		read -r best median peak rest < <(python3 "$HERE/timing.py" runs "$RUNS" "$OUT/last.stderr" -- "$@") ||
			die "$label: '$*' failed"
		[[ -n $median ]] || die "$label: '$*' failed"
		BEST=$best MEDIAN=$median ALL_RUNS=$rest
		PEAK_MB=$(awk -v k="$peak" 'BEGIN {printf "%.1f", k / 1024}')
	fi
}

# pair_runs LABEL CMD_A... ::: CMD_B... : the two commands alternately,
# $RUNS pairs after a warm-up of each (bench/timing.py pair). Sets MED_A,
# MED_B (s), RATIO (median of the pairs' A/B) and PEAK_A_MB, PEAK_B_MB.
pair_runs() {
	local label=$1; shift
	CMDS+=("$label: $*")
	local a b r pa pb
	read -r a b r pa pb < <(python3 "$HERE/timing.py" pair "$RUNS" "$OUT/last.stderr" -- "$@") ||
		die "$label: a run failed"
	[[ -n $r ]] || die "$label: a run failed"
	MED_A=$a MED_B=$b RATIO=$r
	PEAK_A_MB=$(awk -v k="$pa" 'BEGIN {printf "%.1f", k / 1024}')
	PEAK_B_MB=$(awk -v k="$pb" 'BEGIN {printf "%.1f", k / 1024}')
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
	add_figure "$name" "$value" "$unit" "${target#target }" "$verdict"
}

# report_min NAME VALUE UNIT MIN : as report, for a figure that must be at least MIN.
report_min() {
	local name=$1 value=$2 unit=$3 min=$4 verdict=ok
	if ! awk -v v="$value" -v m="$min" 'BEGIN {exit !(v >= m)}'; then
		verdict=MISSED
		FAILED=1
	fi
	add_figure "$name" "$value" "$unit" ">= $min $unit" "$verdict"
}

add_figure() {
	printf '%s: %s %s (target %s) %s\n' "$1" "$2" "$3" "$4" "$5"
	TABLE+=("$(printf '%-26s %10s %-3s  %-16s %s' "$1" "$2" "$3" "$4" "$5")")
	MDROWS+=("| $1 | $2 $3 | $4 | $5 |")
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

# gen_plan NAME TASKS FILES : a plan from gen_plan.py in $OUT/plan-NAME
# (content/ plus a taskdoc.yaml with history: false), kept between runs
# while the generator and its parameters are the same; checked once with
# taskdoc check (0 errors). Sets GEN_DIR.
gen_plan() {
	local name=$1 tasks=$2 files=$3 dir=$OUT/plan-$1 stamp
	stamp="tasks=$tasks files=$files seed=$SEED gen=$(cksum <"$HERE/gen_plan.py" | cut -d' ' -f1)"
	GEN_DIR=$dir
	if [[ -f $dir/.bench-stamp && $(cat "$dir/.bench-stamp") == "$stamp" ]]; then
		return
	fi
	echo "== generating the plan: $tasks tasks, $files files, seed $SEED -> bench/out/plan-$name/content"
	rm -rf "$dir"
	python3 "$HERE/gen_plan.py" --tasks "$tasks" --files "$files" --seed "$SEED" --out "$dir/content" ||
		die "gen_plan.py failed"
	printf 'history: false\n' >"$dir/taskdoc.yaml"
	local findings
	findings=$("$TASKDOC" -C "$dir" check --format json) ||
		{ echo "$findings" | head -n 40 >&2; die "taskdoc check fails on the generated plan"; }
	echo "   $(du -sh "$dir/content" | cut -f1) of YAML; check: $(grep -o '"warnings": [0-9]*' <<<"$findings" | tr -d '"')"
	echo "$stamp" >"$dir/.bench-stamp"
}

PLAN=""
plan_10k() {
	[[ -n $PLAN ]] && return
	gen_plan 10k "$TASKS" "$FILES"
	PLAN=$GEN_DIR
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
# A script in $OUT that empties the named parts of DIR's cache folder and
# runs taskdoc -C DIR with the rest of the arguments: each timed run then
# parses every file (yaml/) or renders every page (html/, pages/) again.
uncached() {
	local script=$OUT/$1 dir=$2 parts=$3
	shift 3
	{
		echo '#!/bin/sh'
		for p in $parts; do echo "rm -rf \"$dir/.cache/taskdoc/$p\""; done
		echo "exec \"$TASKDOC\" -C \"$dir\" $*"
	} >"$script"
	chmod +x "$script"
	echo "$script"
}

bench_check() {
	plan_10k
	# every file parsed: the parsed documents a build keeps are deleted first
	time_runs check "$(uncached check.sh "$PLAN" yaml check)"
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
# bench/out/plan-10k/docs/planning and the HTML site into site/, without
# history (taskdoc.yaml: history: false).
bench_build() {
	plan_10k
	local help
	help=$("$TASKDOC" --help 2>&1 || true)
	if ! grep -q '^ *build' <<<"$help"; then
		echo "   skipped: this taskdoc has no build command"
		return
	fi
	# every file parsed and every page rendered again: the parsed
	# documents, the Markdown pages, the HTML pages' parts and their files
	# are emptied from the cache before each run (the layouts stay cached,
	# as in any rebuild, and so do the output files' records in written/:
	# a build from a fresh clone has no output folder to compare with;
	# bench_incremental measures what the rest saves)
	time_runs build "$(uncached build-full.sh "$PLAN" "yaml markdown html pages" build --quiet)"
	echo "   runs (s): $ALL_RUNS; output $(find "$PLAN/docs" -type f | wc -l) files, $(du -sh "$PLAN/docs" | cut -f1)"
	report build.wall_best "$BEST" s
	report build.wall_median "$MEDIAN" s "$BUILD_WALL_MAX"
	report build.peak_rss "$PEAK_MB" MB "$BUILD_RSS_MAX"
}

# The dependency graphs in taskdoc build of the 10k plan: the stage
# timings TASKDOC_PROFILE=1 prints (src/cmd/profile.c), with the layout
# cache (.cache/taskdoc) deleted before each run. Reports the
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
	local i totals=() stages=() layouts=() htmls=() lmaxs=()
	for ((i = 0; i <= RUNS; i++)); do
		rm -rf "$PLAN/.cache/taskdoc" # the layouts themselves, not the layout cache
		TASKDOC_PROFILE=1 "$TASKDOC" -C "$PLAN" build --quiet >/dev/null 2>"$OUT/last.stderr" ||
			{ cat "$OUT/last.stderr" >&2; die "graph: taskdoc build failed"; }
		((i == 0)) && continue # warm-up
		totals+=("$(awk '$2 == "profile:" && $3 == "total" {print $4}' "$OUT/last.stderr")")
		stages+=("$(awk '$2 == "profile:" && $3 == "graphs" {print $4}' "$OUT/last.stderr")")
		layouts+=("$(awk '$2 == "profile:" && $3 == "layout" {print $4}' "$OUT/last.stderr")")
		lmaxs+=("$(awk '$2 == "profile:" && $3 == "layout_max" {print $4; f = 1} END {if (!f) print 0}' "$OUT/last.stderr")")
		htmls+=("$(awk '$2 == "profile:" && $3 == "html" {print $4; f = 1} END {if (!f) print 0}' "$OUT/last.stderr")")
	done
	median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
	local total stage layout html share lmax
	lmax=$(printf '%s\n' "${lmaxs[@]}" | sort -g | tail -n1)
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
	report graph.layout_max "$lmax" s "$LAYOUT_MAX"
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
	time_runs history-build "$TASKDOC" -C "$HIST" build --quiet
	echo "   runs (s): $ALL_RUNS"
	report history.build_median "$MEDIAN" s "$HISTORY_BUILD_MAX"
	report history.build_peak_rss "$PEAK_MB" MB
	# the same build after HEAD moved: what git said of the old HEAD is
	# gone (the history/ and git/ parts), the parsed file versions stay
	cat >"$OUT/history-moved.sh" <<EOT
#!/bin/sh
rm -rf "$HIST/.cache/taskdoc/history" "$HIST/.cache/taskdoc/git"
exec "$TASKDOC" -C "$HIST" build --quiet
EOT
	chmod +x "$OUT/history-moved.sh"
	time_runs history-moved "$OUT/history-moved.sh"
	echo "   runs (s): $ALL_RUNS"
	report history.build_moved_median "$MEDIAN" s
	time_runs history-export "$TASKDOC" -C "$HIST" export
	echo "   runs (s): $ALL_RUNS"
	report history.export_median "$MEDIAN" s
	report history.export_peak_rss "$PEAK_MB" MB
	printf 'history: false\n' >"$HIST/history-off.yaml"
	time_runs history-off "$TASKDOC" -C "$HIST" --config history-off.yaml export
	echo "   runs (s): $ALL_RUNS"
	report history.export_off_median "$MEDIAN" s
}

# The bundled plan (this repository's content/, with its git history),
# built by taskdoc and its Markdown by `mkdocs build` (Material, the
# repository's mkdocs-compat/mkdocs.yml), alternately. The clone is made
# anew from the working tree's HEAD on every run.
bench_bundled() {
	if ! command -v mkdocs >/dev/null; then
		echo "   skipped: mkdocs is not installed (tools/deps.sh --bench)"
		return
	fi
	local dir=$OUT/bundled
	rm -rf "$dir"
	git clone -q "$ROOT" "$dir" || die "bundled: git clone failed"
	"$TASKDOC" -C "$dir" build --quiet >/dev/null 2>"$OUT/last.stderr" ||
		{ cat "$OUT/last.stderr" >&2; die "bundled: taskdoc build failed"; }
	echo "   $(git -C "$dir" rev-list --count HEAD) commits; $(find "$dir/docs/planning" -name '*.md' | wc -l) pages"
	pair_runs bundled mkdocs build -q -f "$dir/mkdocs-compat/mkdocs.yml" ::: "$TASKDOC" -C "$dir" build --quiet
	echo "   medians: mkdocs build $MED_A s, taskdoc build $MED_B s"
	report bundled.taskdoc_median "$MED_B" s
	report bundled.mkdocs_median "$MED_A" s
	report_min bundled.mkdocs_ratio "$RATIO" x "$MKDOCS_RATIO_MIN"
}

# The 10k plan's Markdown pages rendered as HTML by Hugo (a bare site:
# the pages as content, a layout that prints .Content) and by the cmark-gfm
# CLI (one process, every page, GitHub extensions), each alternated with the
# whole taskdoc build that wrote them and its HTML site.
bench_html() {
	plan_10k
	"$TASKDOC" -C "$PLAN" build --quiet >/dev/null 2>"$OUT/last.stderr" ||
		{ cat "$OUT/last.stderr" >&2; die "html: taskdoc build failed"; }
	local md=$PLAN/docs/planning hugo=$OUT/hugo-10k p pages=()
	mapfile -t pages < <(cd "$md" && find . -name '*.md' | sed 's|^\./||' | LC_ALL=C sort)
	echo "   ${#pages[@]} pages, $(cat "${pages[@]/#/$md/}" | wc -c | awk '{printf "%.1f MB", $1 / 1048576}') of Markdown"
	if command -v hugo >/dev/null; then
		rm -rf "$hugo"
		mkdir -p "$hugo/content" "$hugo/layouts/_default"
		for p in "${pages[@]}"; do
			local to=$hugo/content/$p
			[[ $(basename "$p") == index.md ]] && to=$(dirname "$to")/_index.md
			mkdir -p "$(dirname "$to")"
			cp "$md/$p" "$to"
		done
		cat >"$hugo/hugo.toml" <<'EOT'
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
EOT
		local layout='<!doctype html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>'
		for p in single list index; do echo "$layout" >"$hugo/layouts/_default/$p.html"; done
		pair_runs html-hugo hugo --quiet -s "$hugo" -d "$hugo/public" ::: "$TASKDOC" -C "$PLAN" build --quiet
		echo "   medians: hugo $MED_A s, taskdoc build $MED_B s ($(find "$hugo/public" -name '*.html' | wc -l) HTML files)"
		report html.hugo_median "$MED_A" s
		report_min html.hugo_ratio "$RATIO" x "$HUGO_RATIO_MIN"
	else
		echo "   hugo skipped: not installed (tools/deps.sh --bench)"
	fi
	if command -v cmark-gfm >/dev/null; then
		pair_runs html-cmark "$TASKDOC" -C "$PLAN" build --quiet ::: cmark-gfm --unsafe -e table \
			-e strikethrough -e autolink -e tasklist "${pages[@]/#/$md/}"
		CMDS[-1]="html-cmark: $TASKDOC -C $PLAN build --quiet ::: cmark-gfm --unsafe -e table -e strikethrough -e autolink -e tasklist (the ${#pages[@]} pages of $md, sorted)"
		echo "   medians: taskdoc build $MED_A s, cmark-gfm $MED_B s"
		report html.cmark_median "$MED_B" s
		report html.cmark_ratio "$RATIO" x "$CMARK_RATIO_MAX"
	else
		echo "   cmark-gfm skipped: not installed (tools/deps.sh --bench)"
	fi
}

# One task's status changed in a copy of the 10k plan, then taskdoc build,
# alternated with a full build (its cache folder .cache/taskdoc deleted
# first, the output left in place). The change flips between two versions
# of one workstream file, so each run has one task to rebuild.
bench_incremental() {
	plan_10k
	local dir=$OUT/incr f
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -r "$PLAN/content" "$PLAN/taskdoc.yaml" "$dir/"
	f=$(find "$dir/content/workstreams" -name '*.yaml' | LC_ALL=C sort | head -n1)
	cp "$f" "$OUT/incr-a.yaml"
	python3 -c '
import re, sys
s = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(re.sub(r"status: todo\n", "status: in-progress\n", s, count=1))' "$f" "$OUT/incr-b.yaml"
	cat >"$OUT/incr-change.sh" <<EOT
#!/bin/sh
if cmp -s "$f" "$OUT/incr-a.yaml"; then cp "$OUT/incr-b.yaml" "$f"; else cp "$OUT/incr-a.yaml" "$f"; fi
exec "$TASKDOC" -C "$dir" build "\$@"
EOT
	cat >"$OUT/incr-full.sh" <<EOT
#!/bin/sh
rm -rf "$dir/.cache/taskdoc"
exec "$TASKDOC" -C "$dir" build --quiet
EOT
	chmod +x "$OUT/incr-change.sh" "$OUT/incr-full.sh"
	"$OUT/incr-full.sh" >/dev/null 2>&1 || die "incremental: taskdoc build failed"
	echo "   one change: $(sh "$OUT/incr-change.sh" 2>&1 | grep -o '[0-9]* files written' | awk '{s += $1} END {print s + 0}') files written"
	pair_runs incremental "$OUT/incr-change.sh" --quiet ::: "$OUT/incr-full.sh"
	echo "   medians: one task changed $MED_A s, full build $MED_B s"
	report incremental.median "$MED_A" s
	report incremental.share "$(awk -v r="$RATIO" 'BEGIN {printf "%.1f", 100 * r}')" % "$INCR_SHARE_MAX"
}

# Each stage of taskdoc build (TASKDOC_PROFILE=1) at 1k, 10k and 100k tasks
# (100k not with --quick): the median of $RUNS runs per size, and how a
# stage's time per task grows from the second largest size to the largest.
bench_scaling() {
	local sizes=("1k 1000 10" "10k 10000 50") i sz name tasks files
	((QUICK)) || sizes+=("100k 100000 500")
	local -A med
	local names=() stages="load+analyze view markdown layout graphs html write total" st lmax=0
	for sz in "${sizes[@]}"; do
		read -r name tasks files <<<"$sz"
		gen_plan "$name" "$tasks" "$files"
		names+=("$name:$tasks")
		local runs=$RUNS
		[[ $name == 100k ]] && runs=$(( RUNS < 3 ? RUNS : 3 ))
		rm -f "$OUT/prof.txt"
		for ((i = 0; i <= runs; i++)); do
			rm -rf "$GEN_DIR/.cache/taskdoc" # every stage's own work, layouts included
			TASKDOC_PROFILE=1 "$TASKDOC" -C "$GEN_DIR" build --quiet >/dev/null 2>"$OUT/last.stderr" ||
				{ cat "$OUT/last.stderr" >&2; die "scaling: taskdoc build failed on $name"; }
			# "stage wall user system" (a stage line ends with its processor seconds)
			((i == 0)) || awk '$2 == "profile:" && $4 ~ /^[0-9.]+$/ {print $3, $4, ($14 == "user," ? $12 : 0), ($17 == "system" ? $15 : 0)}' "$OUT/last.stderr" >>"$OUT/prof.txt"
		done
		CMDS+=("scaling $name: TASKDOC_PROFILE=1 $TASKDOC -C $GEN_DIR build --quiet")
		local col key
		for st in $stages layout_max; do
			for col in 2 3 4; do
				key=$name.$st
				((col == 3)) && key+=.user
				((col == 4)) && key+=.sys
				med[$key]=$(awk -v s="$st" -v c="$col" '$1 == s {print $c}' "$OUT/prof.txt" | sort -g |
					awk '{a[NR] = $1} END {if (!NR) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}')
			done
		done
		lmax=$(awk -v a="$lmax" -v b="${med[$name.layout_max]}" 'BEGIN {print (b > a ? b : a)}')
	done
	local growth=0 small=${names[-2]} big=${names[-1]}
	{
	printf '   %-14s' stage; for sz in "${names[@]}"; do printf ' %10s' "${sz%%:*}"; done; printf '   us/task at each size\n'
	for st in $stages; do
		printf '   %-14s' "$st"
		for sz in "${names[@]}"; do printf ' %9ss' "${med[${sz%%:*}.$st]}"; done
		printf '  '
		for sz in "${names[@]}"; do printf ' %7s' "$(awk -v t="${med[${sz%%:*}.$st]}" -v n="${sz#*:}" 'BEGIN {printf "%.0f", 1e6 * t / n}')"; done
		printf '\n'
	done
	printf '   processor time per task, user / system (us): the kernel'"'"'s part is zeroing fresh memory\n'
	for st in $stages; do
		[[ $st == layout || $st == total ]] && continue # not stages of their own: no processor times
		printf '   %-14s' "$st"
		for sz in "${names[@]}"; do
			printf ' %12s' "$(awk -v u="${med[${sz%%:*}.$st.user]}" -v y="${med[${sz%%:*}.$st.sys]}" -v n="${sz#*:}" 'BEGIN {printf "%.0f / %.0f", 1e6 * u / n, 1e6 * y / n}')"
		done
		printf '\n'
	done
	} | tee "$OUT/scaling.txt"
	NOTES+=("Stages of taskdoc build by plan size (medians, s; then us per task):" "" "$(sed 's/^/    /' "$OUT/scaling.txt")" "")
	for st in $stages; do
		# growth per task, small -> big, for stages long enough to time
		growth=$(awk -v g="$growth" -v a="${med[${small%%:*}.$st]}" -v na="${small#*:}" -v b="${med[${big%%:*}.$st]}" -v nb="${big#*:}" \
			'BEGIN {x = (a >= 0.02) ? (b / nb) / (a / na) : 0; printf "%.2f", (x > g ? x : g)}')
	done
	report scaling.growth "$growth" x "$GROWTH_MAX"
	report scaling.layout_max "$lmax" s "$LAYOUT_MAX"
}

# 100,000 tasks in 500 files: check and build (not with --quick).
bench_large() {
	gen_plan 100k 100000 500
	local dir=$GEN_DIR saved=$RUNS
	RUNS=$(( RUNS < 3 ? RUNS : 3 ))
	time_runs large-check "$(uncached large-check.sh "$dir" yaml check)"
	report large.check_median "$MEDIAN" s "$LARGE_CHECK_MAX"
	time_runs large-build "$(uncached large-build.sh "$dir" "yaml markdown html pages" build --quiet)"
	echo "   runs (s): $ALL_RUNS"
	report large.build_median "$MEDIAN" s "$LARGE_BUILD_MAX"
	report large.build_peak_rss "$PEAK_MB" MB "$LARGE_RSS_MAX"
	RUNS=$saved
}

# write_results FILE : the figures, the machine, the versions and the commands, as Markdown.
write_results() {
	local f=$1 v
	{
		echo "# Benchmark results"
		echo
		local how=bench/run.sh
		((QUICK)) && how+=" --quick"
		echo "Written by \`$how\` on $(date -u +%Y-%m-%dT%H:%MZ); $RUNS runs per figure"
		echo "(medians; comparisons alternate the two commands and give the median of the"
		echo "pairs' ratios). Load average before the run: $load1 on $(nproc) cores."
		echo
		echo "| figure | value | target | verdict |"
		echo "|---|---|---|---|"
		printf '%s\n' "${MDROWS[@]}"
		echo
		((${#NOTES[@]})) && printf '%s\n' "${NOTES[@]}"
		echo "## Machine and versions"
		echo
		echo "- $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) of memory; $(uname -sr)"
		echo "- taskdoc $rev"
		for v in "mkdocs --version" "hugo version" "cmark-gfm --version" "dot -V" "hyperfine --version" "python3 --version"; do
			local tool=${v%% *}
			if command -v "$tool" >/dev/null; then
				echo "- $($v 2>&1 | head -n1 | sed 's|/[^ ]*/||g')"
			fi
		done
		python3 -c 'import material; print("- mkdocs-material", getattr(material, "__version__", "?"))' 2>/dev/null || true
		echo
		echo "## Commands"
		echo
		printf '    %s\n' "${CMDS[@]}" | sed "s|$ROOT/||g"
	} >"$f"
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
if ((!${#selected[@]})); then
	for b in "${BENCHMARKS[@]}"; do
		((QUICK)) && [[ $QUICK_SKIP == *" $b "* ]] && continue
		selected+=("$b")
	done
fi
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
printf '%-26s %14s  %-16s %s\n' figure value target verdict
printf '%s\n' "${TABLE[@]}"
if [[ -n $RESULTS ]]; then
	write_results "$RESULTS"
	echo "== figures written to ${RESULTS#"$ROOT"/}"
fi
if ((FAILED)); then
	echo "run.sh: a target was missed" >&2
	exit 1
fi
