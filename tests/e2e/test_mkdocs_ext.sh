#!/usr/bin/env bash
# Issue 17: the pages read the same inside a real team's MkDocs site.
# Each plan (the bundled one, with three weeks of git history, and
# ext_plan.py's 120 tasks whose text holds every sequence an extension
# reads as markup) is built twice with the real `mkdocs build --strict`:
#   small  mkdocs-compat/mkdocs.yml as shipped (the documented set);
#   large  a drop-in site as docs/output.md shows it: the team's own pages
#          and nav, the pages in docs/planning, taskdoc adding only the
#          Planning section, the theme features navigation.instant,
#          navigation.tabs, content.code.copy, and the extensions abbr,
#          admonition, attr_list, def_list, footnotes, md_in_html, toc,
#          pymdownx arithmatex, betterem, caret, details, emoji, highlight,
#          inlinehilite, keys, mark, smartsymbols, superfences, tabbed,
#          tasklist, tilde.
# Every page's visible text must be identical between the two
# (md_text.py). Then, in headless Chromium over 127.0.0.1, the drop-in site
# with instant navigation: graphs load and stay clickable, charts show
# (check_mkdocs_browser.py).
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
e2e=$root/tests/e2e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
t() { local name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }
tally() {
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  echo "$out"
  pass=$((pass + $(grep -c '^ok - ' <<<"$out")))
  fail=$((fail + $(grep -c '^not ok - ' <<<"$out")))
  if [ $rc -ne 0 ] && ! grep -q '^not ok - ' <<<"$out"; then no "$1 exited $rc"; fi
}
if ! command -v mkdocs >/dev/null; then
  echo "mkdocs is not installed (tools/deps.sh --test installs it)"; exit 1
fi
# the Python that runs mkdocs (its #! line) must have the emoji module
if ! $(head -1 "$(command -v mkdocs)" | sed 's/^#!//') -c 'import materialx.emoji' 2>/dev/null; then
  echo "mkdocs-material-extensions is not installed (tools/deps.sh --test installs it)"; exit 1
fi

# the drop-in site's mkdocs.yml (docs/output.md shows the same)
large_yml() {
  cat <<'YML'
site_name: Our team   # the team's file: taskdoc edits only its Planning entry
site_url: https://docs.example.org/
theme:
  name: material
  font: false
  features:
    - navigation.instant
    - navigation.tabs
    - content.code.copy
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.betterem:
      smart_enable: all
  - pymdownx.caret
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:materialx.emoji.twemoji
      emoji_generator: !!python/name:materialx.emoji.to_svg
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.tilde
nav:
  - Home: index.md
  - Guide: guide.md
  - Team:
    - Who we are: team/index.md
YML
}

# setup NAME: $tmp/NAME holds the plan, configurations for both sites
setup() {
  local d=$tmp/$1
  mkdir -p "$d/small/mkdocs-compat" "$d/large/docs/team"
  cp "$root/mkdocs-compat/mkdocs.yml" "$d/small/mkdocs-compat/"
  printf 'content: content\nout:\n  markdown: small/docs/planning\n  html: small/html\nmkdocs:\n  config: small/mkdocs-compat/mkdocs.yml\n  section: Planning\n' \
    >"$d/small.yaml"
  large_yml >"$d/large/mkdocs.yml"
  printf '# Our team\n\nThe [plan](planning/index.md) is generated.\n' >"$d/large/docs/index.md"
  printf '# Guide\n\n!!! note\n    Our own page, with our own extensions: ++ctrl+c++, ==marked==, :smile:.\n' >"$d/large/docs/guide.md"
  printf '# Who we are\n\nSee the [risks](../planning/risks.md).\n' >"$d/large/docs/team/index.md"
  printf 'content: content\nout:\n  markdown: large/docs/planning\n  html: large/html\nmkdocs:\n  config: large/mkdocs.yml\n  section: Planning\n' \
    >"$d/large.yaml"
}
build() { # NAME: both sites of $tmp/NAME, taskdoc then mkdocs --strict
  local d=$tmp/$1 s
  for s in small large; do
    "$taskdoc" -C "$d" --config $s.yaml --as-of 2025-11-10 build --quiet 2>"$d/$s.taskdoc.log" ||
      { cat "$d/$s.taskdoc.log"; return 1; }
  done
  (cd "$d/small" && mkdocs build --strict -f mkdocs-compat/mkdocs.yml) >"$d/small.log" 2>&1 &&
    (cd "$d/large" && mkdocs build --strict) >"$d/large.log" 2>&1 ||
    { grep -v '^INFO' "$d/small.log" "$d/large.log" | head -20; return 1; }
  ! grep -hE '^(WARNING|ERROR)' "$d/small.log" "$d/large.log"
}
commit() { # DIR DATE MESSAGE
  (cd "$1" && git add -A content && GIT_AUTHOR_DATE="$2T10:00:00+01:00" GIT_COMMITTER_DATE="$2T10:00:00+01:00" \
    git -c user.name=taskdoc -c user.email=taskdoc@example.org -c commit.gpgsign=false commit -qm "$3")
}

# no_ext_markup SITE_PLANNING: none of the markup the large set's extensions
# write is in taskdoc's pages (text aside, not even a <sup> or an <abbr>)
ext_markup='<(sub|sup|mark|ins|del|kbd|abbr|dl)[ >]|class="(twemoji|emojione|arithmatex|footnote|tabbed-set|critic)|&(frac[0-9]+|copy|reg|trade|rarr|larr|harr|plusmn|ne);|&#(853[1-9]|854[0-2]|8453);'
no_ext_markup() {
  ! grep -rnoE "$ext_markup" "$1" --include=*.html | head -5 | grep .
}

start=$(date +%s)
# 1. the bundled plan, with a history (burn-down charts, weekly reports)
setup bundled
cp -r "$root/content" "$tmp/bundled/content"
b=$tmp/bundled
(cd "$b" && git init -q) && commit "$b" 2025-10-20 plan &&
  sed -i '0,/status: todo/s//status: in-progress/' "$b/content/workstreams/hpc.yaml" && commit "$b" 2025-10-29 start &&
  sed -i '0,/status: review/s//status: done/' "$b/content/workstreams/hpc.yaml" && commit "$b" 2025-11-05 done
t "bundled plan: both sites build with mkdocs --strict, no warning" build bundled
t "drop-in: the team's nav is kept, Planning added" \
  bash -c "grep -q '^  - Home: index.md' '$b/large/mkdocs.yml' && grep -q '^    - Who we are: team/index.md' '$b/large/mkdocs.yml' && grep -q '^  - Planning:' '$b/large/mkdocs.yml'"
t "drop-in: the team's own page uses its extensions" grep -q '<kbd class="key-control">' "$b/large/site/guide/index.html"
tally python3 "$e2e/md_text.py" "$b/small/build/mkdocs-site" "" "$b/large/site" planning/ "$b/small/docs/planning"
t "bundled plan: no extension markup in the pages of the large set" no_ext_markup "$b/large/site/planning"

# 2. a generated plan of 120 tasks holding every sequence
setup gen
python3 "$e2e/ext_plan.py" "$tmp/gen" >/dev/null
# a control page, the sequences written raw (not by taskdoc): it must read
# differently, or the comparison proves nothing
for s in small/docs large/docs; do
  mkdir -p "$tmp/gen/$s/planning/control"
  { echo '# Control'; echo; python3 "$e2e/ext_plan.py" --list | grep -v '^\$\$' | sed 's/$/ x/'; } \
    >"$tmp/gen/$s/planning/control/raw.md"
done
t "generated plan: both sites build with mkdocs --strict, no warning" build gen
tally python3 "$e2e/md_text.py" --control control/raw.md \
  "$tmp/gen/small/build/mkdocs-site" "" "$tmp/gen/large/site" planning/ "$tmp/gen/small/docs/planning"
rm -r "$tmp/gen/large/site/planning/control"
t "generated plan: no extension markup in the pages of the large set" no_ext_markup "$tmp/gen/large/site/planning"

# 3. the drop-in site in Chromium: instant navigation, graphs, charts
tally python3 "$e2e/check_mkdocs_browser.py" "$b/large/site"

echo "# $(( $(date +%s) - start )) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
