#!/usr/bin/env bash
# Text from the plan cannot inject markup or script: a plan whose every
# text field carries payloads (tests/e2e/xss_plan.py: <script>, <img
# onerror>, "><svg onload>, javascript: links in Markdown and HTML, fence
# breakouts, MkDocs attribute lists, ...) is built; every HTML page is
# loaded in headless Chromium and no payload may run (each calls the
# binding tdXss()), no dialog open, no handler attribute, javascript: URL,
# script, frame or form appear. The Markdown pages, rendered as MkDocs
# renders them, must be as clean, and so must the real MkDocs site built
# over them with mkdocs.config set (plan titles in its nav, which MkDocs
# prints unescaped; check_mkdocs_xss.py loads every page in Chromium). With `html: unsafe` the same payloads do
# run: proof that the check would see them.
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
# the Python that has Python-Markdown (Debian's, next to mkdocs)
pymd=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import markdown, pymdownx' 2>/dev/null; then pymd=$p; break; fi
done

python3 "$e2e/xss_plan.py" "$tmp/p"
# with mkdocs.config set, so that plan titles go into the nav of a real
# MkDocs site (the project's own mkdocs-compat/mkdocs.yml, built below)
mkdir -p "$tmp/p/mk"
sed 's#^site_dir: .*#site_dir: ../mksite#' "$root/mkdocs-compat/mkdocs.yml" >"$tmp/p/mk/mkdocs.yml"
conf='out:\n  markdown: docs/planning\n  html: site\nmkdocs:\n  config: mk/mkdocs.yml\n  section: Planning\n'
printf "$conf" >"$tmp/p/taskdoc.yaml"
run() { "$taskdoc" -C "$tmp/p" --as-of 2025-11-10 build --quiet 2>"$tmp/build.err" || { cat "$tmp/build.err"; return 1; }; }
t "the plan full of payloads builds" run
site=$tmp/p/site
t "no raw <script> from the plan in the HTML" bash -c "! grep -rn '<script>' '$site' --include=*.html"
no_handlers() {
  python3 - "$site" <<'PY'
import html.parser, os, sys
bad = []
class P(html.parser.HTMLParser):
    def handle_starttag(self, tag, attrs):
        bad.extend('%s: <%s %s>' % (self.f, tag, n) for n, _ in attrs if n.startswith('on'))
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.endswith(('.html', '.svg')):
            p = P(); p.f = f; p.feed(open(os.path.join(d, f), encoding='utf-8').read())
print('\n'.join(bad))
sys.exit(1 if bad else 0)
PY
}
t "no handler attribute from the plan in the HTML or SVG" no_handlers
t "no javascript: URL in an attribute" bash -c "! grep -rniE '(href|src|action)=\"[[:space:]]*javascript:' '$site' --include=*.html"
t "the payloads are on the pages, as text" grep -q "&lt;script&gt;tdXss('script')&lt;/script&gt;" "$site/workstreams/xss.html"
if python3 "$e2e/check_html_links.py" "$site" >"$tmp/crawl" 2>&1; then
  ok "crawler: every link and anchor resolves, no id defined twice ($(tail -1 "$tmp/crawl"))"
else
  no "crawler: every link and anchor resolves, no id defined twice"
  sed 's/^/#   /' "$tmp/crawl"
fi
tally python3 "$e2e/check_html_browser.py" "$site" --xss
if [ -n "$pymd" ]; then
  tally "$pymd" "$e2e/check_md_xss.py" "$tmp/p/docs/planning" "$root/mkdocs-compat/mkdocs.yml"
else
  no "Python-Markdown and pymdownx are installed (tools/deps.sh --test)"
fi

t "the mkdocs.yml taskdoc wrote parses" /usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1], encoding="utf-8"))' "$tmp/p/mk/mkdocs.yml"
t "the nav holds the payload title HTML-escaped" grep -q '&lt;&#8203;/title&gt;&lt;script&gt;' "$tmp/p/mk/mkdocs.yml"
if command -v mkdocs >/dev/null; then
  (cd "$tmp/p" && mkdocs build -f mk/mkdocs.yml) >"$tmp/mkdocs.log" 2>&1
  t "mkdocs builds the site of the payload plan" test -f "$tmp/p/mksite/workstreams/nav.html"
  tally python3 "$e2e/check_mkdocs_xss.py" "$tmp/p/mksite"
else
  no "mkdocs is installed (tools/deps.sh --test)"
fi

# html: unsafe trusts the plan: the payloads run, and the check sees them
printf "${conf}html: unsafe\n" >"$tmp/p/taskdoc.yaml"
t "the plan builds with html: unsafe" run
python3 "$e2e/check_html_browser.py" "$site" --xss >"$tmp/unsafe" 2>&1
t "with html: unsafe the check fails" test $? -ne 0
t "with html: unsafe a payload runs (the check can see one)" grep -q '^#   a payload ran: tdXss' "$tmp/unsafe"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
