#!/usr/bin/env python3
"""Writes a plan into DIR (DIR/content/...) whose every text field carries
script injection payloads: raw HTML (<script>, <img onerror>, <svg onload>,
<iframe srcdoc>, <details ontoggle>), attribute breakouts ("> and '),
javascript: links written as Markdown, as HTML, entity-encoded and as
reference definitions, code-fence breakouts in validation lines, a
Markdown heading trying to steal an id, a workstream title made for the
MkDocs nav and <title>, and code spans that try to span two blocks. Every payload calls tdXss('...'),
the binding check_html_browser.py --xss listens to, or sets window.XSS.

Usage: xss_plan.py DIR"""
import json
import os
import sys

PAYLOADS = [
    "<script>tdXss('script')</script>",
    "<img src=x onerror=\"tdXss('img')\">",
    "\"><svg onload=\"tdXss('svg')\">",
    "'><img src=x onerror='tdXss(`quote`)'>",
    "[click](javascript:tdXss('mdlink'))",
    "[click]( JaVaScRiPt:tdXss('mdlink2') \"t\")",
    "[click](java&#115;cript:tdXss('entity'))",
    "<a href=\"javascript:tdXss('ahref')\">a</a>",
    "<a href=\"jav&#x09;ascript:tdXss('tab')\">t</a>",
    "<iframe srcdoc=\"<script>parent.tdXss('iframe')</script>\"></iframe>",
    "<details open ontoggle=\"tdXss('details')\">d</details>",
    "<javascript:tdXss('autolink')>",
    "[t](https://example.org \"\\\" onmouseover=\\\"tdXss('title')\")",
    "X-1{onclick=\"tdXss('attrlist')\"} **b**{onmouseover=tdXss('attr2')} {: #content onclick=tdXss('attr3') }",
    "<style>body{background:url(https://evil.example/x.png)}</style>",
    "<form action=\"javascript:tdXss('form')\"><button>go</button></form>",
    "<!-- <script>tdXss('comment')</script> -->",
    "</textarea><script>window.XSS=1</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"tdXss('mxss')\">",
]


def text(i, lines=False):
    """A payload mix for text field number i (rotating through all)."""
    a = PAYLOADS[i % len(PAYLOADS)]
    b = PAYLOADS[(i + 7) % len(PAYLOADS)]
    if lines:
        return 'Intro %d %s\n\n%s\n\n[ref%d]: javascript:tdXss(\'refdef\')\n\n[r][ref%d]\n' % (i, a, b, i, i)
    return 'T%d %s %s' % (i, a, b)


def q(s):
    return json.dumps(s)  # a JSON string is a YAML double-quoted scalar


def main(root):
    n = [0]

    def t(lines=False):
        n[0] += 1
        return q(text(n[0], lines))

    fence_body = q("```\n<script>tdXss('fence')</script>\n```\n\n"
                   "!!! note \"<img src=x onerror=tdXss('admtitle')>\"\n    <script>tdXss('adm')</script>\n")
    fence_lines = ', '.join(q(v) for v in ["```", "<script>tdXss('codefence')</script>",
                                           "```\n<img src=x onerror=tdXss('nl')>"])
    heading_title = q("## Heading {: #x-1 } <script>tdXss('heading')</script>")
    heading_notes = q("# Title {: #hijack onclick=tdXss('attr') }\n\n### {: #content }")
    os.makedirs(os.path.join(root, 'content', 'workstreams'), exist_ok=True)
    with open(os.path.join(root, 'content', 'project.yaml'), 'w') as f:
        f.write(f"""name: {t()}
title: {t()}
summary: {t(True)}
sprints:
  - name: {t()}
    start: 2025-11-03
    focus: [X-1, xss]
    notes: {t(True)}
risks:
  - id: R-1
    title: {t()}
    impact: high
    probability: medium
    mitigation: {t(True)}
    affects: [X-1]
sections:
  - title: {t()}
    body: {t(True)}
  - title: "Fence breakout"
    body: {fence_body}
""")
    with open(os.path.join(root, 'content', 'workstreams', 'xss.yaml'), 'w') as f:
        f.write(f"""id: xss
title: {t()}
reference: {t()}
summary: {t(True)}
criteria:
  - title: {t()}
    done: false
phases:
  - id: xss-phase-1
    title: {t()}
    objective: {t(True)}
    outcome: [{t()}, {t()}]
    validation: [{t()}, {fence_lines}]
    criteria:
      - title: {t()}
        done: true
    tasks:
      - id: X-1
        title: {t()}
        priority: critical
        estimate: 2h
        status: in-progress
        blockers: [{t()}, {t()}]
        owner: {t()}
        validation: [{t()}]
        deliverables: [{t()}]
        notes: {t(True)}
        criteria:
          - title: {t()}
            done: false
      - id: X-2
        title: {heading_title}
        estimate: 1d
        status: done
        done_on: 2025-10-20
        depends_on: [X-1]
        notes: {heading_notes}
      - id: X-3
        title: {t()}
        status: todo
        depends_on: [X-2]
        notes: {t(True)}
""")
    # a second workstream, so that workstream titles appear in mkdocs.yml's
    # nav (MkDocs prints nav titles unescaped, and Material puts them in
    # <title> after unescaping them); its task notes hold a backtick pair
    # that spans two list items (a code span cannot cross blocks)
    nav_title = q("</title><script>tdXss('navtitle')</script><img src=x onerror=\"tdXss('nav')\"> "
                  "&lt;script&gt;tdXss('entity')&lt;/script&gt; \u2028 \"' " + "long " * 300)
    with open(os.path.join(root, 'content', 'workstreams', 'nav.yaml'), 'w') as f:
        f.write(f"""id: nav
title: {nav_title}
phases:
  - id: nav-phase-1
    title: {t()}
    tasks:
      - id: N-1
        title: {t()}
        status: todo
        notes: "- one `x\\n- <img src=x onerror=tdXss('span')> y`"
      - id: N-2
        title: {t()}
        status: todo
        notes: "one `x\\n> <script>tdXss('span2')</script> y`\\n\\n1. a `b\\n2. <img src=x onerror=tdXss('span3')> c`\\n\\n## h `x\\n<img src=x onerror=tdXss('span4')>`\\n\\nt | `u\\n--|--\\n<img src=x onerror=tdXss('span5')> | `"
""")
    return 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
