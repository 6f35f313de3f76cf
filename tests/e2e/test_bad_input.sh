#!/usr/bin/env bash
# test_bad_input.sh TASKDOC - runs `taskdoc check` on every case of the
# bad-input corpus (tests/bad-input/) and compares what it reports.
#
# A case is a folder tests/bad-input/NN-name/ holding a small plan (content/,
# maybe taskdoc.yaml) and:
#   expected       the exact first line taskdoc prints on stderr (required)
#   expected-exit  the exit status (default 1)
#   expected-all   optional: the whole of stderr, to check that every
#                  mistake is reported, not only the first
#   args           optional: the arguments after `-C DIR` (default: check)
#   setup.sh       optional: run with bash inside the copy before taskdoc,
#                  to write bytes that do not belong in git (invalid UTF-8,
#                  NUL, a 1 MB line) or folders git cannot keep
#
# Each case runs in a fresh copy (mktemp -d); the source tree is never
# written. Every run must end by itself: a signal (exit >= 128) or a
# time-out is a failure whatever the case expects.
#
# Environment: TD_CASE_TIMEOUT (seconds per case, default 10);
# TD_BAD_INPUT_WRAPPER, a command to run taskdoc under, e.g.
#   TD_BAD_INPUT_WRAPPER='valgrind -q --error-exitcode=9 --leak-check=full'
#   (raise TD_CASE_TIMEOUT with it);
# TD_BAD_INPUT_ONLY, a pattern (glob) of case names to run.
set -u

if [ $# -ne 1 ]; then
	echo "usage: bash $0 /path/to/taskdoc" >&2
	exit 2
fi
taskdoc=$1
case $taskdoc in
/*) ;;
*) taskdoc=$PWD/$taskdoc ;;
esac
if [ ! -x "$taskdoc" ]; then
	echo "test_bad_input.sh: not an executable: $taskdoc" >&2
	exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus=$(cd "$here/../bad-input" && pwd) || exit 2
limit=${TD_CASE_TIMEOUT:-10}
only=${TD_BAD_INPUT_ONLY:-*}
read -r -a wrapper <<<"${TD_BAD_INPUT_WRAPPER:-}"

# The same output everywhere: English system messages, no date override.
export LC_ALL=C
unset SOURCE_DATE_EPOCH

timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then
	timeout_cmd=(timeout -k 5 "$limit")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/taskdoc-bad-input.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

n=0
passed=0
failed=0

# show LABEL FILE: prints a file as TAP comments (long lines cut).
show() {
	echo "# $1:"
	cut -c1-300 "$2" | sed 's/^/#   /'
}

for dir in "$corpus"/*/; do
	dir=${dir%/}
	name=${dir##*/}
	# shellcheck disable=SC2254
	case $name in
	$only) ;;
	*) continue ;;
	esac
	n=$((n + 1))
	why=()

	run=$work/$n
	tmp=$run/case
	mkdir -p "$tmp"
	cp -R "$dir/." "$tmp/"
	rm -f "$tmp/expected" "$tmp/expected-exit" "$tmp/expected-all" "$tmp/args" "$tmp/setup.sh"

	want_exit=1
	[ -f "$dir/expected-exit" ] && want_exit=$(tr -d ' \n' <"$dir/expected-exit")
	args=(check)
	[ -f "$dir/args" ] && read -r -a args <"$dir/args"

	if [ ! -f "$dir/expected" ]; then
		why+=("no 'expected' file in the case")
	elif [ -f "$dir/setup.sh" ] && ! (cd "$tmp" && bash "$dir/setup.sh") >"$run/setup.log" 2>&1; then
		why+=("setup.sh failed")
	else
		${timeout_cmd[@]+"${timeout_cmd[@]}"} ${wrapper[@]+"${wrapper[@]}"} "$taskdoc" -C "$tmp" "${args[@]}" \
			>"$run/stdout" 2>"$run/stderr" </dev/null
		rc=$?
		if [ "${#timeout_cmd[@]}" -gt 0 ] && { [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; }; then
			why+=("timed out after ${limit}s (exit $rc)")
		elif [ "$rc" -ge 128 ]; then
			why+=("crashed: killed by signal $((rc - 128)) (exit $rc)")
		elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then
			why+=("exit status $rc is none of 0, 1, 2")
		fi
		if [ "$rc" != "$want_exit" ]; then
			why+=("exit status $rc, expected $want_exit")
		fi
		head -n 1 "$run/stderr" >"$run/first"
		head -n 1 "$dir/expected" >"$run/want-first"
		if ! cmp -s "$run/want-first" "$run/first"; then
			why+=("first line of stderr differs")
		fi
		if [ -f "$dir/expected-all" ] && ! cmp -s "$dir/expected-all" "$run/stderr"; then
			why+=("stderr differs from expected-all")
		fi
	fi

	if [ ${#why[@]} -eq 0 ]; then
		echo "ok $n - $name"
		passed=$((passed + 1))
	else
		echo "not ok $n - $name"
		for w in "${why[@]}"; do
			echo "# $w"
		done
		if [ -s "$run/setup.log" ]; then
			show "setup.sh said" "$run/setup.log"
		fi
		if [ -f "$run/first" ]; then
			if ! cmp -s "$run/want-first" "$run/first"; then
				echo "# first line (- expected, + actual):"
				diff -u "$run/want-first" "$run/first" | tail -n +3 | cut -c1-300 | sed 's/^/#   /'
			fi
			if [ -f "$dir/expected-all" ] && ! cmp -s "$dir/expected-all" "$run/stderr"; then
				echo "# stderr (- expected-all, + actual):"
				diff -u "$dir/expected-all" "$run/stderr" | tail -n +3 | cut -c1-300 | sed 's/^/#   /'
			fi
		fi
		failed=$((failed + 1))
	fi
	rm -rf "$run"
done

echo "1..$n"
if [ "$n" -eq 0 ]; then
	echo "# no cases found in $corpus (TD_BAD_INPUT_ONLY='$only')"
	failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
