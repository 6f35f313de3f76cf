#!/usr/bin/env bash
# Rewrites the golden files from the current build. Review `git diff`
# before committing: a golden file changes only when the change is meant.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
taskdoc=${1:-$root/build/taskdoc}
mkdir -p "$root/tests/golden/export"
"$taskdoc" -C "$root" --as-of 2025-11-10 export >"$root/tests/golden/export/content.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$root/content" "$tmp/content"
printf 'out:\n  markdown: docs/planning\n' >"$tmp/taskdoc.yaml"
"$taskdoc" -C "$tmp" --as-of 2025-11-10 build --quiet
rm -rf "$root/tests/golden/pages"
cp -r "$tmp/docs/planning" "$root/tests/golden/pages"
rm -f "$root/tests/golden/pages/.taskdoc-manifest"
echo "regenerated; review with: git diff tests/golden"
