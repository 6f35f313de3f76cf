#!/usr/bin/env bash
# Rewrites the golden files from the current build. Review `git diff`
# before committing: a golden file changes only when the change is meant.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
taskdoc=${1:-$root/build/taskdoc}
mkdir -p "$root/tests/golden/export"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# outside git, as the pages below: the golden files must not depend on the
# history of this repository (tests/e2e/test_history.sh covers history)
mkdir -p "$tmp/export"
cp -r "$root/content" "$tmp/export/content"
cp "$root/taskdoc.yaml" "$tmp/export/"
"$taskdoc" -C "$tmp/export" --as-of 2025-11-10 export >"$root/tests/golden/export/content.json"
cp -r "$root/content" "$tmp/content"
printf 'out:\n  markdown: docs/planning\n' >"$tmp/taskdoc.yaml"
"$taskdoc" -C "$tmp" --as-of 2025-11-10 build --quiet
rm -rf "$root/tests/golden/pages"
cp -r "$tmp/docs/planning" "$root/tests/golden/pages"
rm -f "$root/tests/golden/pages/.taskdoc-manifest"
# graphs/*.svg depend on the Graphviz version: tests/e2e/test_graph.sh
# checks their structure and determinism instead
rm -rf "$root/tests/golden/pages/graphs"
# two pages of the HTML site (out.html defaults to site), for tests/e2e/test_html.sh
rm -rf "$root/tests/golden/html"
mkdir -p "$root/tests/golden/html/workstreams"
cp "$tmp/site/index.html" "$root/tests/golden/html/index.html"
cp "$tmp/site/workstreams/hpc.html" "$root/tests/golden/html/workstreams/hpc.html"
echo "regenerated; review with: git diff tests/golden"
