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
pages="active-workstreams.html workstreams/platform.html workstreams/data.html workstreams/ops.html index.html risks.html"
html=$tmp/site
t "HTML site: tables fit at 1,280 px, graph text legible at 1,400 px" python3 "$e2e/check_layout.py" "$html" $pages
t "graph labels stay inside their boxes in Chromium (taskdoc's text metrics)" python3 "$e2e/check_graph_text.py" "$html"/graphs/*.svg
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
md=$tmp/docs/planning
# external items (docs/schema.md#external-items)
t "export: external items load and resolve" python3 -c "
import json
d = json.load(open('$tmp/export.json'))
x = {e['id']: e for e in d['externals']}
assert sorted(x) == ['EXT-FW', 'EXT-GPU', 'EXT-LIC', 'EXT-SET'], sorted(x)
assert x['EXT-GPU']['status'] == 'expected' and x['EXT-GPU']['waiting'] == ['DATA-3.1'], x['EXT-GPU']
assert x['EXT-LIC']['status'] == 'arrived' and x['EXT-LIC']['waiting'] == [], x['EXT-LIC']
assert x['EXT-SET']['overdue'] and x['EXT-SET']['status'] == 'late', x['EXT-SET']
assert not x['EXT-FW']['overdue'] and x['EXT-FW']['status'] == 'at-risk', x['EXT-FW']
assert [e['id'] for e in d['blocking_externals']] == ['EXT-GPU', 'EXT-SET'], d['blocking_externals']
t = {t['id']: t for t in d['tasks']}
dep = [r for r in t['DATA-3.1']['depends_on'] if r['id'] == 'EXT-GPU'][0]
assert dep['kind'] == 'external' and not dep['satisfied'], dep
assert t['DATA-3.1']['state'] == 'waiting', t['DATA-3.1']['state']
ws = [w for w in d['workstreams'] if w['id'] == 'data'][0]
assert [e['id'] for e in ws['externals']] == ['EXT-GPU', 'EXT-LIC', 'EXT-SET']
"
# GPU nodes expected 2026-03-02, 112 days after 2025-11-10: 80 working days
# of 8 h (5 in 7) = 640 h of waiting before DATA-3.1 can start
t "export: the critical path waits for the GPU nodes and ends after them" python3 -c "
import json, datetime, math
d = json.load(open('$tmp/export.json'))
cp = d['critical_path']
assert cp['waits_for']['id'] == 'EXT-GPU', cp['waits_for']
assert cp['tasks'][0]['id'] == 'DATA-3.1', [x['id'] for x in cp['tasks']]
work = sum(x['estimate']['expected_hours'] or 0 for x in cp['tasks'])
assert abs(cp['hours'] - (640 + work)) < 0.01, (cp['hours'], work)
days = math.ceil(round(cp['hours'] / 8 * 7 / 5, 6))
assert cp['finish_on'] == str(datetime.date(2025, 11, 10) + datetime.timedelta(days=days)), cp['finish_on']
assert cp['finish_on'] > '2026-03-02', cp['finish_on']
"
"$taskdoc" -C "$tmp" --as-of 2026-03-10 export 2>/dev/null >"$tmp/export-later.json"
t "export: once the date has passed the wait is gone and the item is overdue" python3 -c "
import json
d = json.load(open('$tmp/export-later.json'))
x = {e['id']: e for e in d['externals']}
assert x['EXT-GPU']['overdue'] and x['EXT-GPU']['wait_hours'] == 0, x['EXT-GPU']
assert d['critical_path']['waits_for'] is None, d['critical_path']['waits_for']
"
t "check warns about the overdue item, naming its line" bash -c "'$taskdoc' -C '$tmp' --as-of 2025-11-10 check 2>&1 | grep -q 'content/workstreams/data.yaml:21:18: warning: external item EXT-SET was expected on 2025-11-03 and has not arrived'"
nodes() { grep -o '<g id="node[0-9]*" class="node item[^"]*">' "$1" | wc -l; }
t "graphs: the focused data graph draws the two items live work waits on" test "$(nodes "$html/graphs/ws-data.svg")" -eq 2
t "graphs: the full data graph draws the arrived licence too" test "$(nodes "$html/graphs/full-ws-data.svg")" -eq 3
t "graphs: the waited-for GPU item is critical, the arrived licence done" bash -c "grep -q 'class=\"node item waiting critical\"' '$html/graphs/ws-data.svg' && grep -q 'class=\"node item done\"' '$html/graphs/full-ws-data.svg'"
t "graphs: nothing waits on the ops item: not drawn" test "$(nodes "$html/graphs/ws-ops.svg")" -eq 0
t "graphs: the legend names the external item" grep -q 'external item' "$html/graphs/ws-data.svg"
t "workstream page: External Dependencies table and section" bash -c "grep -q '| \[EXT-GPU\](#ext-gpu) GPU nodes for the training cluster | 2026-03-02 | EXPECTED | \[DATA-3.1\]' '$md/workstreams/data.md' && grep -q '^### EXT-GPU: GPU nodes for the training cluster' '$md/workstreams/data.md'"
t "active page: the items that block live work" bash -c "grep -q '^### External Dependencies' '$md/active-workstreams.md' && grep -q 'EXT-SET.*OVERDUE' '$md/active-workstreams.md' && ! grep -q 'EXT-FW' '$md/active-workstreams.md'"
# a repository path becomes a link where the repository is browsable:
# repo.url (and repo.branch) in taskdoc.yaml, else mkdocs.yml's repo_url
# (and the branch of its edit_uri); otherwise it stays code (above)
refs() { "$taskdoc" -C "$tmp" --config "$1" --as-of 2025-11-10 export 2>/dev/null | python3 -c "
import json, sys
d = json.load(sys.stdin)
w = {w['id']: w['reference_url'] for w in d['workstreams']}
x = {e['id']: e['reference_url'] for e in d['externals']}
print(w['data'], w['ops'], w['platform'], x['EXT-GPU'])"; }
printf 'repo:\n  url: https://example.org/git/real/\n  branch: trunk\n' >"$tmp/repo.yaml"
t "repo.url: repository paths link to the repository, URLs stay" test "$(refs repo.yaml)" = \
  "https://example.org/git/real/blob/trunk/docs/data-plan.md https://example.org/git/real/blob/trunk/ops/README.md https://example.org/platform-plan https://example.org/orders/PO-1234"
{ cat "$tmp/mkdocs-compat/mkdocs.yml"; printf 'repo_url: https://example.org/git/mk\nedit_uri: edit/dev/docs/\n'; } >"$tmp/mkdocs-compat/mkdocs-repo.yml"
printf 'mkdocs:\n  config: mkdocs-compat/mkdocs-repo.yml\n' >"$tmp/mk-repo.yaml"
t "repo_url of mkdocs.yml, the branch of its edit_uri" test "$(refs mk-repo.yaml | cut -d' ' -f1)" = "https://example.org/git/mk/blob/dev/docs/data-plan.md"
t "without either: no link" test "$(refs taskdoc.yaml | cut -d' ' -f1)" = "None"
# honest figures
t "unestimated work is unknown" grep -q 'remaining: unknown (5 of 5 tasks unestimated)' "$md/workstreams/ops.md"
t "a deferred phase says deferred" grep -q 'remaining: deferred (6 tasks)' "$md/workstreams/ops.md"
t "hours only in quarters on the pages" bash -c "! grep -RhoE '[0-9]+\.[0-9]{2} (h|hrs|hours)\b' '$md' --include=*.md --exclude-dir=reports --exclude-dir=archive | grep -vE '\.(25|75) '"
t "no '1 tasks'" bash -c "! grep -RqE '\b1 tasks\b' '$md' --include=*.md"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
