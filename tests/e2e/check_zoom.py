#!/usr/bin/env python3
"""Zoom of the HTML site's graphs (templates/graph.js) in headless
Chromium, from file://: PAGE (a page of SITE with a graph) gets the zoom
buttons; "Zoom in" makes the graph 1.25 times wider and "Actual size"
brings it back; no console error.

  check_zoom.py SITE PAGE"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

JS = r'''(async () => {
  const o = document.querySelector('.taskdoc-graph object');
  const btn = t => [...document.querySelectorAll('.td-zoom-btn')].find(b => b.title === t);
  if (!o || !btn('Zoom in')) return {error: 'no graph or no zoom buttons'};
  const w0 = o.getBoundingClientRect().width;
  btn('Zoom in').click();
  const w1 = o.getBoundingClientRect().width;
  btn('Actual size').click();
  const w2 = o.getBoundingClientRect().width;
  return {w0, w1, w2, level: document.querySelector('.td-zoom-level').textContent};
})()'''


def main():
    site, page = sys.argv[1], sys.argv[2]
    with Browser() as b:
        p = b.new_page()
        p.send('Emulation.setDeviceMetricsOverride',
               {'width': 1400, 'height': 900, 'deviceScaleFactor': 1, 'mobile': False})
        p.goto('file://' + os.path.abspath(os.path.join(site, page)), settle=0.3)
        r = p.eval(JS)
        p.drain(0.2)
        errors = p.errors
        p.close()
    ok = 'error' not in r and abs(r['w1'] - 1.25 * r['w0']) <= 2 and abs(r['w2'] - r['w0']) <= 1 \
        and r['level'] == '100%' and not errors
    print(('ok - ' if ok else 'not ok - ') + f'{page}: zoom {r} errors {errors}')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
