#!/usr/bin/env bash
# Issue 13 on a plan shaped like a real one (tests/e2e/gen_real_plan.py:
# 115 tasks, 83 done): the pages as a reader sees them, in headless
# Chromium, in both sites (taskdoc's HTML site and MkDocs Material): no
# task table wider than its column at 1,280 px, no graph text below 80 %
# of the body text at 1,400 px (check_layout.py); the Markdown fields
# rendered as Markdown. Graph node counts are in test_graph.sh. Weekly
# reports and the archive are left out of the figure checks: their
# templates belong to the weekly work (issue 13 leaves them alone).
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
e2e=$root/tests/e2e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }

python3 "$e2e/gen_real_plan.py" "$tmp/content"
mkdir -p "$tmp/mkdocs-compat"
# the shipped mkdocs.yml without its nav (taskdoc writes the Planning entry)
sed '/^nav:/,$d' "$root/mkdocs-compat/mkdocs.yml" >"$tmp/mkdocs-compat/mkdocs.yml"
printf 'nav:\n  - Planning: []\n' >>"$tmp/mkdocs-compat/mkdocs.yml"
printf 'out:\n  markdown: docs/planning\n  html: site\nmkdocs:\n  config: mkdocs-compat/mkdocs.yml\n' >"$tmp/taskdoc.yaml"
"$taskdoc" -C "$tmp" --as-of 2025-11-10 build --quiet 2>/dev/null
t "build succeeds" test $? -eq 0
pages="active-workstreams.html workstreams/platform.html workstreams/ops.html index.html risks.html"
html=$tmp/site
t "HTML site: tables fit at 1,280 px, graph text legible at 1,400 px" python3 "$e2e/check_layout.py" "$html" $pages
t "HTML site: the graphs zoom (graph.js, from file://)" python3 "$e2e/check_zoom.py" "$html" workstreams/platform.html
if command -v mkdocs >/dev/null; then
  (cd "$tmp" && mkdocs build --strict -f mkdocs-compat/mkdocs.yml) >"$tmp/mk.log" 2>&1
  t "mkdocs build --strict" test $? -eq 0
  t "MkDocs site: tables fit at 1,280 px, graph text legible at 1,400 px" \
    python3 "$e2e/check_layout.py" "$tmp/build/mkdocs-site" $pages
else
  fail=$((fail + 1)); echo "not ok - mkdocs is not installed"
fi

# Markdown fields are rendered, not shown as source
t "outcome renders as Markdown" grep -q '<li><code>make check</code> passes on <strong>every</strong> node</li>' "$html/workstreams/platform.html"
t "deliverables render as Markdown" grep -q '<li><code>roles/base</code> with <strong>tests</strong></li>' "$html/workstreams/platform.html"
t "mitigation renders as Markdown" grep -q 'Pin <code>driver-550</code> and test with <strong>both</strong> kernels.' "$html/risks.html"
t "no backtick left in the risk table" bash -c "! grep -q '\`driver-550\`' '$html/risks.html' '$html/active-workstreams.html'"
t "a URL reference is a link" grep -q '<a href="https://example.org/platform-plan">https://example.org/platform-plan</a>' "$html/workstreams/platform.html"
t "a repository path reference is code" grep -q '<code>docs/data-plan.md</code>' "$html/workstreams/data.html"
# a risk as teams keep it
t "risk details: status, owner, review date" grep -q '<strong>Status:</strong> mitigating · <strong>Owner:</strong> Dana (platform lead) · <strong>Next review:</strong> 2025-11-24' "$html/risks.html"
t "risk details: indicators and contingency as Markdown" bash -c "grep -q '<li><code>dkms</code> build fails on the <strong>new</strong> kernel</li>' '$html/risks.html' && grep -q 'Stay on <code>driver-535</code>' '$html/risks.html'"
"$taskdoc" -C "$tmp" --as-of 2025-11-10 export 2>/dev/null >"$tmp/export.json"
t "export has the risk's details" python3 -c "
import json
r = json.load(open('$tmp/export.json'))['risks'][0]
assert r['status'] == 'mitigating' and r['owner'] == 'Dana (platform lead)' and r['review_on'] == '2025-11-24', r
assert len(r['indicators']) == 2 and r['contingency'].startswith('Stay on'), r
"
# honest figures
md=$tmp/docs/planning
t "unestimated work is unknown" grep -q 'remaining: unknown (5 of 5 tasks unestimated)' "$md/workstreams/ops.md"
t "a deferred phase says deferred" grep -q 'remaining: deferred (6 tasks)' "$md/workstreams/ops.md"
t "hours only in quarters on the pages" bash -c "! grep -RhoE '[0-9]+\.[0-9]{2} (h|hrs|hours)\b' '$md' --include=*.md --exclude-dir=reports --exclude-dir=archive | grep -vE '\.(25|75) '"
t "no '1 tasks'" bash -c "! grep -RqE '\b1 tasks\b' '$md' --include=*.md"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
