#!/usr/bin/env bash
# Lists the functions of src/ by length, longest first: "LINES FILE:LINE NAME".
# A function is what the code style writes at column 0: its signature, a
# "{" alone on a line, and a "}" alone on a line. With --max N, exits 1
# when a function is longer than N lines (the test style/function_length).
set -euo pipefail
cd "$(dirname "$0")/.."
max=
if [ "${1:-}" = --max ]; then max=$2; fi
find src -name '*.c' | sort | xargs awk '
	FNR == 1 { sig = ""; start = 0 }
	/^[A-Za-z_].*\(/ && !/;[ \t]*$/ { sig = $0; sigline = FNR }
	/^\{[ \t]*$/ && sig != "" { start = sigline }
	/^\}[ \t]*$/ && start {
		name = sig; sub(/\(.*/, "", name); n = split(name, w, /[ \t*]+/)
		printf "%d %s:%d %s\n", FNR - start + 1, FILENAME, start, w[n]
		start = 0; sig = ""
	}' | sort -k1,1nr -k2 > "${TMPDIR:-/tmp}/td-fnlen.$$"
if [ -n "$max" ]; then
	bad=$(awk -v m="$max" '$1 > m' "${TMPDIR:-/tmp}/td-fnlen.$$")
	rm -f "${TMPDIR:-/tmp}/td-fnlen.$$"
	if [ -n "$bad" ]; then
		echo "functions over $max lines (split them at their own steps):"
		echo "$bad"
		exit 1
	fi
	echo "no function over $max lines"
	exit 0
fi
cat "${TMPDIR:-/tmp}/td-fnlen.$$"
rm -f "${TMPDIR:-/tmp}/td-fnlen.$$"
