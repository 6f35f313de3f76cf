#!/usr/bin/env python3
"""Measures pages of a built site in headless Chromium as a reader sees
them (issue 13): no task table wider than its column at --table-width
(default 1,280 px), so no column hidden behind a sideways scroll; no graph
text smaller than 80 % of the body text at --graph-width (default 1,400 px).

  check_layout.py SITE PAGE... [--shots DIR]

SITE is a built site (taskdoc's HTML site or MkDocs'), PAGE a page's path
below it (active-workstreams.html). The text size of a graph is its
smallest font-size times the scale the page draws the SVG at (the
<object>'s width over the SVG's viewBox width). With --shots, PNGs of each
page at both widths go to DIR. Prints ok/not ok lines; exits 1 on any
problem."""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

SVG = '{http://www.w3.org/2000/svg}'

TABLES = r'''(() => {
  const out = [];
  document.querySelectorAll('table').forEach((t, i) => {
    if (t.closest('nav, aside, header, footer')) return;
    const heads = [...t.querySelectorAll('thead th')].map(h => h.textContent.trim());
    // every box from the table up to the page's article or main: any of
    // them that is narrower than what it holds scrolls (MkDocs Material
    // wraps tables in .md-typeset__scrollwrap), and the reader sees part
    let over = 0;
    for (let e = t; e && e !== document.body && !e.matches('article, main'); e = e.parentElement)
      over = Math.max(over, e.scrollWidth - e.clientWidth);
    // and the table's right edge against the column's
    const col = t.closest('article, main');
    if (col) {
      const cs = getComputedStyle(col);
      const right = col.getBoundingClientRect().right - parseFloat(cs.paddingRight);
      over = Math.max(over, Math.round(t.getBoundingClientRect().right - right));
    }
    out.push({i, heads, over, width: t.getBoundingClientRect().width});
  });
  return {tables: out, page: document.documentElement.scrollWidth - innerWidth};
})()'''

GRAPHS = r'''(() => {
  const body = document.querySelector('.md-typeset p, .td-content p, main p, p');
  return {body: parseFloat(getComputedStyle(body).fontSize),
          objects: [...document.querySelectorAll('object')].filter(o => /\.svg$/.test(o.data)).map(o => ({
            url: o.data, width: o.getBoundingClientRect().width}))};
})()'''


def svg_metrics(path):
    root = ET.parse(path).getroot()
    vb = [float(x) for x in root.get('viewBox').split()]
    sizes = [float(t.get('font-size')) for t in root.iter(SVG + 'text') if t.get('font-size')]
    return vb[2], min(sizes) if sizes else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('site')
    ap.add_argument('pages', nargs='+')
    ap.add_argument('--shots')
    ap.add_argument('--table-width', type=int, default=1280)
    ap.add_argument('--graph-width', type=int, default=1400)
    args = ap.parse_args()
    bad = 0

    def report(ok, msg):
        nonlocal bad
        bad += not ok
        print(('ok - ' if ok else 'not ok - ') + msg)

    site = os.path.abspath(args.site)
    with Browser() as b:
        page = b.new_page()
        for rel in args.pages:
            url = 'file://' + os.path.join(site, rel)
            for width, what in ((args.table_width, 'tables'), (args.graph_width, 'graphs')):
                page.send('Emulation.setDeviceMetricsOverride',
                          {'width': width, 'height': 900, 'deviceScaleFactor': 1, 'mobile': False})
                page.goto(url, settle=0.3)
                if args.shots:
                    os.makedirs(args.shots, exist_ok=True)
                    name = re.sub(r'[^a-z0-9]+', '-', rel.lower()).strip('-')
                    page.screenshot(os.path.join(args.shots, f'{name}-{width}.png'), width=width, height=900,
                                    full=True)
                if what == 'tables':
                    r = page.eval(TABLES)
                    wide = [t for t in r['tables'] if t['over'] > 1]
                    report(not wide and r['page'] <= 1,
                           f'{rel} at {width} px: {len(r["tables"])} tables fit'
                           + (f'; too wide: {[(t["heads"][:3], t["over"]) for t in wide]}' if wide else '')
                           + (f'; the page scrolls by {r["page"]} px' if r['page'] > 1 else ''))
                else:
                    r = page.eval(GRAPHS)
                    for o in r['objects']:
                        path = o['url'][len('file://'):] if o['url'].startswith('file://') else None
                        if not path or not os.path.isfile(path):
                            report(False, f'{rel}: graph {o["url"]} not found')
                            continue
                        vbw, font = svg_metrics(path)
                        px = font * o['width'] / vbw if font else 0
                        report(px >= 0.8 * r['body'] - 0.01,
                               f'{rel} at {width} px: {os.path.basename(path)} smallest text {px:.1f} px, '
                               f'body {r["body"]:.1f} px (at least {0.8 * r["body"]:.1f})')
        page.close()
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
