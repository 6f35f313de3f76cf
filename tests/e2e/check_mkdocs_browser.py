#!/usr/bin/env python3
"""Drives a MkDocs (Material) site that holds taskdoc's pages under
planning/, built with navigation.instant, in headless Chromium (cdp.py),
served on 127.0.0.1 (instant navigation fetches pages, which file:// does
not allow). From the team's home page it clicks the Planning tab and then
the link to the active page, as a reader would: each must be an instant
navigation (the window is not reloaded: a marker set on the first page
survives), and after each the page's dependency graph (an <object>) must
load with its nodes and every burn-down chart (<img>) must show. Then it
clicks a node of the active page's graph: the whole window must go to the
task's anchor. No console error, failed request or request to another
host is allowed anywhere.

Usage: check_mkdocs_browser.py SITE
Prints `ok - ...`/`not ok - ...`; exits 1 on any problem."""
import functools
import http.server
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

# what the current page shows: graphs loaded with nodes, charts decoded
STATE_JS = r"""
(() => {
  const art = document.querySelector('article');
  const objs = [...document.querySelectorAll('article object[data$=".svg"]')];
  const imgs = [...document.querySelectorAll('article img[src*="charts/"]')];
  return {
    path: location.pathname, marker: window.__tdMarker === 1, title: document.title,
    graphs: objs.length,
    graphs_ok: objs.filter(o => o.contentDocument && o.contentDocument.querySelector('g.node a')).length,
    charts: imgs.length,
    charts_ok: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    article: !!art,
  };
})()
"""


def wait_for(page, cond, timeout=15):
    """Polls STATE_JS until cond(state) holds; returns the last state."""
    deadline = time.monotonic() + timeout
    st = None
    while time.monotonic() < deadline:
        page.drain(0.05)
        st = page.eval(STATE_JS)
        if cond(st):
            return st
    return st


def click_link(page, selector):
    """Clicks the first element matching selector; returns its href."""
    return page.eval("""(() => {
      const a = document.querySelector(%r);
      if (!a) return null;
      a.click();
      return a.href;
    })()""" % selector)


def problems(page, base):
    out = list(page.errors) + ['failed request: %s (%s)' % f for f in page.failed]
    out += ['request to another host: %s' % u for u in page.requests
            if not (u.startswith(base) or u.startswith('data:') or u.startswith('about:'))]
    return out


def run(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = 'http://127.0.0.1:%d/' % srv.server_address[1]
    fails = 0

    def report(ok, what, detail=''):
        nonlocal fails
        fails += not ok
        print('%s - %s%s' % ('ok' if ok else 'not ok', what, '' if ok or not detail else ' (%s)' % detail))

    try:
        with cdp.Browser() as b:
            page = b.new_page()
            page.goto(base)
            page.eval('window.__tdMarker = 1')
            seen = problems(page, base)
            # the Planning tab (navigation.tabs), then the active page
            steps = [('.md-tabs a[href*="planning/"]', 'planning/', 'the Planning tab'),
                     ('article a[href*="active-workstreams"]', 'planning/active-workstreams/',
                      'the active page from the overview')]
            for sel, path, what in steps:
                page.reset()
                href = click_link(page, sel)
                if not href:
                    report(False, 'instant navigation to %s' % what, 'no link %s' % sel)
                    continue
                st = wait_for(page, lambda s: s['path'] == '/' + path and s['graphs'] and
                              s['graphs_ok'] == s['graphs'] and s['charts_ok'] == s['charts'])
                seen += problems(page, base)
                report(st['path'] == '/' + path and st['marker'],
                       'clicking %s navigates instantly (no reload) to /%s' % (what, path),
                       'at %s, marker %s' % (st['path'], st['marker']))
                report(st['graphs'] > 0 and st['graphs_ok'] == st['graphs'],
                       '/%s: %d dependency graph(s) load with clickable nodes' % (path, st['graphs_ok']),
                       '%d of %d' % (st['graphs_ok'], st['graphs']))
                report(st['charts'] > 0 and st['charts_ok'] == st['charts'],
                       '/%s: %d burn-down chart(s) show' % (path, st['charts_ok']),
                       '%d of %d' % (st['charts_ok'], st['charts']))
            # a node of the graph: the whole window goes to the task
            page.reset()
            node = page.eval("""(() => {
              const o = document.querySelector('article object[data$=".svg"]');
              const d = o && o.contentDocument;
              const a = d && [...d.querySelectorAll('g.node a')]
                .find(a => /#/.test(a.getAttribute('xlink:href') || a.getAttribute('href') || ''));
              if (!a) return null;
              const target = new URL(a.getAttribute('xlink:href') || a.getAttribute('href'), o.data).href;
              a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: d.defaultView}));
              return target;
            })()""")
            # the URL changes when the navigation commits, the anchor exists
            # once the new page is parsed: wait for both (a loaded machine)
            landed, found = None, False
            deadline = time.monotonic() + 15
            while node and not found and time.monotonic() < deadline:
                page.drain(0.05)
                try:
                    landed = page.eval('location.href')
                    found = landed == node and page.eval(
                        '!!document.getElementById(%r)' % node.split('#', 1)[1])
                except cdp.CDPError:
                    pass  # the context went away with the old page
            seen += problems(page, base)
            report(found, 'clicking a graph node opens %s in the whole window' % (node or '?')[len(base):],
                   'landed on %s' % landed)
            report(not seen, 'no console error, failed request or request to another host', '; '.join(seen[:5]))
    finally:
        srv.shutdown()
        srv.server_close()
    return 1 if fails else 0


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if not cdp.find_chromium():
        print('not ok - chromium is not installed (tools/deps.sh --test installs it)')
        return 1
    return run(sys.argv[1])


if __name__ == '__main__':
    sys.exit(main())
