#!/usr/bin/env python3
"""check_graph_text.py SVG... - opens each graph SVG in headless Chromium
and checks that the text of every node stays inside the node's shape, and
every cluster's title inside its box, as the browser draws them (the
fonts it picks): Graphviz lays labels out with taskdoc's text metrics
(render/svg/font_metrics.c), and a label wider than its box was issue 13.
Exit 1 when some text sticks out by more than half a pixel."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

JS = r'''
(() => {
  const bad = [];
  let n = 0;
  for (const g of document.querySelectorAll('g.node, g.cluster')) {
    if (g.classList.contains('legend')) continue;
    const shape = g.querySelector('polygon, path, ellipse');
    if (!shape) continue;
    const s = shape.getBBox();
    for (const t of g.querySelectorAll('text')) {
      n++;
      const b = t.getBBox();
      const over = Math.max(s.x - b.x, b.x + b.width - (s.x + s.width));
      if (over > 0.5)
        bad.push(g.querySelector('title').textContent + ': "' + t.textContent + '" by ' + over.toFixed(1) + ' px');
    }
  }
  return JSON.stringify({n, bad, font: getComputedStyle(document.querySelector('text')).fontFamily});
})()
'''


def main():
    failed = False
    with cdp.Browser() as b:
        page = b.new_page()
        for path in sys.argv[1:]:
            page.goto('file://' + os.path.abspath(path))
            r = json.loads(page.eval(JS))
            if r['bad']:
                failed = True
                print(f'{path}: {len(r["bad"])} of {r["n"]} labels stick out ({r["font"]}):')
                for line in r['bad'][:10]:
                    print('   ', line)
            else:
                print(f'{path}: {r["n"]} labels inside their boxes ({r["font"]})')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
