#!/usr/bin/env bash
# The standalone HTML site of the bundled plan: one .html per Markdown page
# (plus the graphs, stylesheet and search index), golden HTML for two pages,
# every link and anchor resolves (crawler), every page loads in headless
# Chromium with no console error, no failed request and no request to
# another host, prints on A4, and screenshots for a person to look at
# (index, active page, a workstream, a weekly report; light and dark) in
# the build folder (TD_SCREENSHOTS, default: the taskdoc binary's folder
# /screenshots). The browser check proves first that it detects a broken
# image, a console error and a request to another host. Then: the same
# bytes on a rebuild, template overrides, admonitions, `html: unsafe`.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
e2e=$root/tests/e2e
shots=${TD_SCREENSHOTS:-$(cd "$(dirname "$taskdoc")" && pwd)/screenshots}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }
t() { local name=$1; shift; if "$@"; then ok "$name"; else no "$name"; fi; }
# runs a checker that prints its own ok/not ok lines; counts them
tally() {
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  echo "$out"
  pass=$((pass + $(grep -c '^ok - ' <<<"$out")))
  fail=$((fail + $(grep -c '^not ok - ' <<<"$out")))
  if [ $rc -ne 0 ] && ! grep -q '^not ok - ' <<<"$out"; then no "$1 exited $rc"; fi
}

mkdir -p "$tmp/p"
cp -r "$root/content" "$tmp/p/content"
printf 'out:\n  markdown: docs/planning\n  html: site\n' >"$tmp/p/taskdoc.yaml"
run() { "$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet 2>"$tmp/build.err" || { cat "$tmp/build.err"; return 1; }; }
md=$tmp/p/docs/planning
site=$tmp/p/site

t "build succeeds" run
pages() { (cd "$1" && find . -name "*.$2" | sed "s/\.$2\$//" | sort); }
t "one HTML page per Markdown page" diff <(pages "$md" md) <(pages "$site" html)
others_copied() {
  local f
  while read -r f; do cmp -s "$md/$f" "$site/$f" || [ "${f##*.}" = svg -a -s "$site/$f" ] || return 1; done \
    < <(cd "$md" && find . -type f ! -name '*.md' ! -name '.taskdoc-manifest')
}
t "every other file of the Markdown tree (graphs, charts) is in the site" others_copied
t "stylesheet, search script and search index are written" \
  test -s "$site/assets/style.css" -a -s "$site/assets/search.js" -a -s "$site/search-index.js" -a -s "$site/search-index.json"
t "the site has a manifest of its own" test -s "$site/.taskdoc-manifest"
t "golden HTML: index.html" diff -u "$root/tests/golden/html/index.html" "$site/index.html"
t "golden HTML: workstreams/hpc.html" diff -u "$root/tests/golden/html/workstreams/hpc.html" "$site/workstreams/hpc.html"
t "no attribute list is left as text" bash -c "! grep -rn '{: #' '$site' --include=*.html"
t "no page links to a .md file" bash -c "! grep -rnE 'href=\"[^\":]*\\.md(#|\")' '$site' --include=*.html --include=*.svg"
t "graph nodes link to .html pages" grep -q 'xlink:href="../workstreams/hpc.html#' "$site/graphs/plan.svg"
t "no stylesheet, script or font from another host" \
  bash -c "! grep -rnE '<(link|script|img)[^>]+(href|src)=\"(https?:)?//' '$site' --include=*.html && ! grep -rn 'url(' '$site/assets/style.css'"
t "search index lists every task" python3 -c "
import json, sys
idx = json.load(open('$site/search-index.json'))
exp = json.load(open('/dev/stdin'))['tasks']
assert [t['id'] for t in idx] == [t['id'] for t in exp], 'ids differ'
assert all(t['url'].startswith('workstreams/') and '.html#' in t['url'] for t in idx), 'urls'
" < <("$taskdoc" -C "$tmp/p" --as-of 2025-11-10 export 2>/dev/null)

# the crawler: every link and anchor, and it notices a broken one
if python3 "$e2e/check_html_links.py" "$site" >"$tmp/crawl" 2>&1; then
  ok "crawler: every link and anchor in the site resolves ($(tail -1 "$tmp/crawl"))"
else
  no "crawler: every link and anchor in the site resolves"
  sed 's/^/#   /' "$tmp/crawl"
fi
cp -r "$site" "$tmp/broken"
sed -i 's|href="#hpc-phase-3"|href="#no-such-anchor"|; s|href="../risks.html"|href="../no-such-page.html"|' \
  "$tmp/broken/workstreams/hpc.html"
python3 "$e2e/check_html_links.py" "$tmp/broken" >"$tmp/crawl-broken" 2>&1
t "crawler reports a broken anchor" grep -q 'no id "no-such-anchor"' "$tmp/crawl-broken"
t "crawler reports a missing page" grep -q 'no-such-page.html.*no such file' "$tmp/crawl-broken"

# the browser: the check itself first, then every page of a build with
# git history (so that there are weekly reports and burn-down charts)
tally python3 "$e2e/check_html_browser.py" --selftest "$site"
mkdir -p "$tmp/g"
cp -r "$root/content" "$tmp/g/content"
printf 'out:\n  markdown: docs/planning\n  html: site\n' >"$tmp/g/taskdoc.yaml"
commit() { # DATE MESSAGE: a commit of everything at a fixed date
  (cd "$tmp/g" && git add -A && GIT_AUTHOR_DATE="$1T10:00:00+01:00" GIT_COMMITTER_DATE="$1T10:00:00+01:00" \
    git -c user.name=taskdoc -c user.email=taskdoc@example.org -c commit.gpgsign=false commit -qm "$2")
}
history() {
  (cd "$tmp/g" && git init -q) && commit 2025-10-20 "plan" &&
    sed -i '0,/status: todo/s//status: in-progress/' "$tmp/g/content/workstreams/hpc.yaml" && commit 2025-10-29 "start" &&
    sed -i '0,/status: review/s//status: done/' "$tmp/g/content/workstreams/hpc.yaml" && commit 2025-11-05 "done" &&
    "$taskdoc" -C "$tmp/g" build --quiet 2>"$tmp/build.err"
}
t "build with a git history of three weeks" history
gsite=$tmp/g/site
week=$(cd "$gsite" && ls reports/weekly/*.html 2>/dev/null | grep -v index.html | sort | tail -1)
t "weekly reports are in the site (${week:-none})" test -n "$week"
if python3 "$e2e/check_html_links.py" "$gsite" >"$tmp/crawl" 2>&1; then
  ok "crawler: every link and anchor resolves with weekly reports and charts ($(tail -1 "$tmp/crawl"))"
else
  no "crawler: every link and anchor resolves with weekly reports and charts"
  sed 's/^/#   /' "$tmp/crawl"
fi
tally python3 "$e2e/check_html_browser.py" "$gsite" --screenshots "$shots" --print "${week:-active-workstreams.html}" \
  --click-graph workstreams/hpc.html

# a rebuild writes the same bytes and touches nothing
find "$site" -type f -exec touch -d '2001-01-01 00:00:00' {} +
cp -r "$site" "$tmp/first"
t "second build succeeds" run
t "second build is byte-identical" diff -r "$tmp/first" "$site"
t "unchanged files keep their mtime" test -z "$(find "$site" -type f -newermt '2001-01-02' -print)"

# overrides: the page frame and the stylesheet, file by file; an admonition
mkdir -p "$tmp/p/tpl"
cp "$root/templates/page.html.tmpl" "$tmp/p/tpl/page.html.tmpl"
sed -i 's|<footer class="td-footer">|<footer class="td-footer"><p class="custom">Custom footer for {{project.name}}</p>|' \
  "$tmp/p/tpl/page.html.tmpl"
printf 'body { color: #123456; }\n' >"$tmp/p/tpl/style.css"
{ cat "$root/templates/risks.md.tmpl"; printf '\n!!! warning "Read {{project.name}} first"\n    Mitigations are *plans*, not facts.\n\n??? note "Details"\n    Hidden until opened.\n'; } \
  >"$tmp/p/tpl/risks.md.tmpl"
printf 'templates: tpl\nout:\n  markdown: docs/planning\n  html: site\n' >"$tmp/p/taskdoc.yaml"
t "build with overrides" run
t "page.html.tmpl override is used" grep -q '<p class="custom">Custom footer for AI-HOW</p>' "$site/index.html"
t "style.css override is written" grep -qx 'body { color: #123456; }' "$site/assets/style.css"
t "admonition becomes a box" grep -q '<div class="admonition warning">' "$site/risks.html"
t "admonition title and body" grep -q '<p class="admonition-title">Read AI-HOW first</p>' "$site/risks.html"
t "collapsible admonition becomes <details>" grep -q '<details class="admonition note">' "$site/risks.html"
t "no admonition marker left as text" bash -c "! grep -q '!!!\\|???' '$site/risks.html'"
t "the Markdown page keeps the admonition for MkDocs" grep -q '^!!! warning "Read AI-HOW first"' "$md/risks.md"

# a mistake in the page template: file, line and column, and nothing written
cp -r "$site" "$tmp/before"
printf '<html>\n<title>{{page.title}</title>\n' >"$tmp/p/tpl/page.html.tmpl"
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet 2>"$tmp/err"
t "page template error exits 1" test $? -eq 1
t "page template error names tpl/page.html.tmpl:2:8" grep -q '^tpl/page.html.tmpl:2:8: error: ' "$tmp/err"
t "page template error leaves the site as it was" diff -r "$tmp/before" "$site"
rm -rf "$tmp/p/tpl"

# raw HTML in the plan's text: shown as text by default, kept with html: unsafe
sed -i '0,/^summary: |/s//summary: |\n  Press <kbd>Ctrl<\/kbd> to <b>run<\/b>./' "$tmp/p/content/project.yaml"
printf 'out:\n  markdown: docs/planning\n  html: site\n' >"$tmp/p/taskdoc.yaml"
t "build with raw HTML in the summary" run
t "raw HTML in user text is shown as text" grep -q 'Press &lt;kbd&gt;Ctrl&lt;/kbd&gt; to &lt;b&gt;run&lt;/b&gt;.' "$site/index.html"
printf 'out:\n  markdown: docs/planning\n  html: site\nhtml: unsafe\n' >"$tmp/p/taskdoc.yaml"
t "build with html: unsafe" run
t "html: unsafe keeps raw HTML" grep -q 'Press <kbd>Ctrl</kbd> to <b>run</b>.' "$site/index.html"
t "html: unsafe drops the Content-Security-Policy" bash -c "! grep -q 'Content-Security-Policy' '$site/index.html'"

# out.html must be a folder of its own
printf 'out:\n  markdown: docs/planning\n  html: docs/planning\n' >"$tmp/p/taskdoc.yaml"
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet 2>"$tmp/err"
t "out.html equal to out.markdown exits 1" test $? -eq 1
t "and says why" grep -q "out.html 'docs/planning' is the same folder as out.markdown 'docs/planning'" "$tmp/err"

# an absolute output folder only with --allow-outside (issue 15)
out=$tmp/outside
printf 'out:\n  markdown: docs/planning\n  html: %s\n' "$out" >"$tmp/p/taskdoc.yaml"
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet 2>"$tmp/err"
t "out.html outside the project exits 1" test $? -eq 1
t "and writes nothing there" test ! -e "$out"
t "and says why" grep -q "is outside the project; .*--allow-outside" "$tmp/err"
"$taskdoc" -C "$tmp/p" --as-of 2025-11-10 --allow-outside build --quiet 2>"$tmp/err"
t "with --allow-outside it builds there" test -f "$out/index.html"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
