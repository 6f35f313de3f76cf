#!/usr/bin/env bash
# The generated pages build with the real `mkdocs build --strict` (Material
# theme, the extensions of mkdocs-compat/mkdocs.yml) with zero warnings, and
# taskdoc keeps one nav entry of a user's mkdocs.yml up to date without
# changing any other byte.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }
if ! command -v mkdocs >/dev/null; then
  echo "mkdocs is not installed (tools/deps.sh --test installs it)"; exit 1
fi

# 1. mkdocs-compat/mkdocs.yml as shipped, over the generated pages
mkdir -p "$tmp/a"
cp -r "$root/content" "$tmp/a/content"
mkdir -p "$tmp/a/mkdocs-compat"
cp "$root/mkdocs-compat/mkdocs.yml" "$tmp/a/mkdocs-compat/"
cp "$root/taskdoc.yaml" "$tmp/a/"
"$taskdoc" -C "$tmp/a" --as-of 2025-11-10 build --quiet
t "taskdoc build (compat site)" test $? -eq 0
(cd "$tmp/a" && mkdocs build --strict -f mkdocs-compat/mkdocs.yml) >"$tmp/a.log" 2>&1
t "mkdocs build --strict (compat site)" test $? -eq 0
t "no warning from mkdocs" bash -c "! grep -E '^(WARNING|ERROR)' '$tmp/a.log'"
t "site has the active page" test -f "$tmp/a/build/mkdocs-site/active-workstreams.html"
t "site has every workstream page" test -f "$tmp/a/build/mkdocs-site/workstreams/mlops.html"

# 2. a user's existing site: one nav entry is added, every other byte kept
mkdir -p "$tmp/b/docs"
cp -r "$root/content" "$tmp/b/content"
printf '# Home\n\nSee the [plan](planning/index.md).\n' >"$tmp/b/docs/index.md"
printf '# Guide\n' >"$tmp/b/docs/guide.md"
cat >"$tmp/b/mkdocs.yml" <<'YML'
site_name: My project   # a comment that must survive
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - tables
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - pymdownx.tasklist
  - pymdownx.superfences
  - pymdownx.details
nav:
  - Home: index.md
  - Guide: guide.md
YML
cp "$tmp/b/mkdocs.yml" "$tmp/b/mkdocs.orig"
printf 'mkdocs:\n  config: mkdocs.yml\n  section: Planning\n' >"$tmp/b/taskdoc.yaml"
"$taskdoc" -C "$tmp/b" --as-of 2025-11-10 build --quiet
t "taskdoc build (user site)" test $? -eq 0
t "nav got a Planning section" grep -q '^  - Planning:' "$tmp/b/mkdocs.yml"
t "every line before it unchanged" bash -c "diff <(head -n \$(wc -l <'$tmp/b/mkdocs.orig') '$tmp/b/mkdocs.yml') '$tmp/b/mkdocs.orig'"
t "pages listed with the docs_dir prefix" grep -q 'planning/active-workstreams.md' "$tmp/b/mkdocs.yml"
cp "$tmp/b/mkdocs.yml" "$tmp/b/mkdocs.after"
touch -d '2001-01-01' "$tmp/b/mkdocs.yml"
"$taskdoc" -C "$tmp/b" --as-of 2025-11-10 build --quiet
t "second build leaves mkdocs.yml alone" test -z "$(find "$tmp/b/mkdocs.yml" -newermt 2001-01-02)"
(cd "$tmp/b" && mkdocs build --strict) >"$tmp/b.log" 2>&1
t "mkdocs build --strict (user site)" test $? -eq 0
t "no warning from mkdocs (user site)" bash -c "! grep -E '^(WARNING|ERROR)' '$tmp/b.log'"
t "planning pages in the user site" test -f "$tmp/b/site/planning/risks/index.html"
[ "$fail" -eq 0 ] || { cat "$tmp/a.log" "$tmp/b.log" | grep -v '^INFO' | head -30; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
