#!/usr/bin/env python3
"""Loads every page of a generated HTML site in headless Chromium (from
file:// URLs, as someone opening a CI artifact would) and reports what a
person would see go wrong: console errors and uncaught exceptions,
failed requests (a missing image, stylesheet or graph), any request that
leaves the site, pages that do not finish loading. With --xss it also
reports any sign that text from the plan ran as script: a call of the
binding tdXss() that the payloads use, a dialog (alert()), an event
handler attribute, a javascript: URL, a script, frame, form or base
element the site does not write.

Usage:
  check_html_browser.py SITE [--xss] [--screenshots DIR] [--print PAGE] [--click-graph PAGE]
  check_html_browser.py --selftest SITE
SITE is the output folder (out.html). --screenshots writes PNGs of the
index, the active page, a workstream page and a weekly report (those that
exist), light and dark, and a PDF of the first weekly report (or the
active page) as printed. --print checks the print stylesheet on PAGE
(paper A4, no navigation). --click-graph serves SITE on 127.0.0.1, clicks a
node of PAGE's dependency graph and checks that the window went to the
node's anchor. The search box is tried on a page below the root: a task's
id finds its page and Enter opens it (with --xss: the hits show payload
titles and nothing runs). --selftest proves the checks work: it copies
SITE, breaks pages on purpose (a missing image, a script error, a request
to another host, an injected script) and fails unless each is reported.

Prints `ok - ...`/`not ok - ...` per page; exits 1 on any problem."""
import argparse
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

# Run in every page after load in --xss mode: what plan text could have
# injected. Our own scripts are the two the page template writes.
AUDIT_JS = r"""
(() => {
  const bad = [];
  const ours = /(^|\/)(search-index\.js|assets\/search\.js|assets\/graph\.js)$/;
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
      if (/^(href|src|data|action|formaction|xlink:href|srcdoc)$/i.test(a.name)) {
        const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (/^(javascript|vbscript|data:text)/.test(v)) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
      }
      if (a.name === 'style') bad.push(`<${el.localName} style>`);
    }
    const tag = el.localName;
    if (tag === 'script' && !ours.test(el.getAttribute('src') || '')) bad.push('<script> not written by taskdoc');
    // the zoom buttons graph.js puts above each graph are the only buttons
    const zoom = tag === 'button' && el.className === 'td-zoom-btn' && el.parentElement.className === 'td-zoom';
    if (['iframe', 'frame', 'embed', 'form', 'base', 'textarea', 'style', 'svg', 'math', 'template',
         'button', 'select'].includes(tag) && !zoom) bad.push(`<${tag}>`);
    if (tag === 'meta' && el.hasAttribute('http-equiv') && !/^content-security-policy$/i.test(el.getAttribute('http-equiv')))
      bad.push('<meta http-equiv>');
    if (tag === 'input' && !(el.id === 'td-search' || el.type === 'checkbox')) bad.push('<input> not written by taskdoc');
    if (tag === 'object' && !/\.svg$/.test(el.getAttribute('data') || '')) bad.push('<object> that is not an SVG');
    if (tag === 'a' && el.hasAttribute('href') && !/^(https?|mailto|file|ftp|tel):$/.test(el.protocol)) bad.push(`<a href="${el.href}">`);
  }
  if (typeof window.XSS !== 'undefined') bad.push('window.XSS is set');
  return bad;
})()
"""


def file_url(path):
    return 'file://' + os.path.abspath(path)


def pages_of(site):
    out = []
    for dirpath, dirs, names in os.walk(site):
        dirs.sort()
        for n in sorted(names):
            if n.endswith('.html'):
                out.append(os.path.join(dirpath, n))
    return out


class Checker:
    def __init__(self, browser, site, xss=False):
        self.b = browser
        self.site = os.path.realpath(site)
        self.xss = xss
        self.page = browser.new_page()
        # the binding the XSS payloads call: a call means plan text ran as script
        self.page.send('Runtime.addBinding', {'name': 'tdXss'})
        self.ran = []

    def problems(self, path):
        """Loads path; returns a list of what went wrong."""
        p = self.page
        self.ran = []
        p.goto(file_url(path))
        out = list(p.errors)
        for url, why in p.failed:
            out.append('failed request: %s (%s)' % (url, why))
        for url in p.requests:
            if not (url.startswith('file://') or url.startswith('data:') or url.startswith('about:')):
                out.append('request to another host: %s' % url)
            elif url.startswith('file://') and not os.path.realpath(url[7:].split('#')[0].split('?')[0]).startswith(self.site):
                out.append('request outside the site: %s' % url)
        for call in p.bindings:
            out.append('a payload ran: %s' % call)
        for msg in p.dialogs:
            out.append('a dialog opened: %r' % msg)
        if self.xss:
            out.extend(p.eval(AUDIT_JS))
        title = p.eval('document.title')
        if not title:
            out.append('page has no title')
        return out


def check_site(site, xss, shots, print_page, click=None):
    fails = 0
    with cdp.Browser() as b:
        ch = Checker(b, site, xss)
        pages = pages_of(site)
        if not pages:
            print('not ok - no page in %s' % site)
            return 1
        for path in pages:
            rel = os.path.relpath(path, site)
            probs = ch.problems(path)
            if probs:
                fails += 1
                print('not ok - %s' % rel)
                for pr in probs:
                    print('#   %s' % pr)
            else:
                print('ok - %s loads cleanly%s' % (rel, ' (no injected script or markup)' if xss else ''))
        if print_page:
            fails += check_print(ch.page, os.path.join(site, print_page), print_page)
        if os.path.exists(os.path.join(site, 'search-index.json')):
            fails += check_search_xss(ch, site) if xss else check_search(ch.page, site)
        if click:
            fails += check_graph_click(ch.page, site, click)
        if shots:
            fails += screenshots(ch.page, site, shots)
    return 1 if fails else 0


def check_search(page, site):
    """Types the id of a task from search-index.json into the search box of
    a page two folders deep, from file://; its first hit must be that task's
    page and anchor, and Enter must open it."""
    import json
    with open(os.path.join(site, 'search-index.json'), encoding='utf-8') as f:
        index = json.load(f)
    if not index:
        print('ok - search: the plan has no task to look for')
        return 0
    task = index[len(index) // 2]
    deep = sorted(p for p in pages_of(site) if os.path.relpath(p, site).count('/') >= 1)
    path = deep[0] if deep else os.path.join(site, 'index.html')
    page.goto(file_url(path))
    page.eval("document.getElementById('td-search').focus()")
    page.send('Input.insertText', {'text': task['id']})
    page.drain(0.2)
    first = page.eval("(() => { const a = document.querySelector('#td-search-results a'); return a && a.href; })()")
    want = file_url(os.path.join(site, task['url']))
    page.send('Input.dispatchKeyEvent', {'type': 'keyDown', 'key': 'Enter', 'code': 'Enter',
                                         'windowsVirtualKeyCode': 13})
    page.send('Input.dispatchKeyEvent', {'type': 'keyUp', 'key': 'Enter', 'code': 'Enter',
                                         'windowsVirtualKeyCode': 13})
    landed = None
    for _ in range(60):
        page.drain(0.05)
        landed = page.eval('location.href')
        if landed == want:
            break
    ok = first == want and landed == want and not page.errors
    print('%s - search from file://: typing %s on %s finds %s and Enter opens it%s' % (
        'ok' if ok else 'not ok', task['id'], os.path.relpath(path, site), task['url'],
        '' if ok else ' (first hit %s, landed on %s, errors %s)' % (first, landed, page.errors)))
    return 0 if ok else 1


def check_search_xss(ch, site):
    """Searches for text every payload title holds: the hits show the
    titles, and nothing in them may run."""
    page = ch.page
    page.goto(file_url(os.path.join(site, 'index.html')))
    page.eval("document.getElementById('td-search').focus()")
    page.send('Input.insertText', {'text': 'T'})
    page.drain(0.3)
    hits = page.eval("document.querySelectorAll('#td-search-results a').length")
    probs = list(page.errors) + ['a payload ran: %s' % c for c in page.bindings] + \
        ['a dialog opened: %r' % d for d in page.dialogs] + page.eval(AUDIT_JS)
    ok = hits > 0 and not probs
    print('%s - search hits show %d payload titles as text, nothing runs%s' % (
        'ok' if ok else 'not ok', hits or 0, '' if ok else ' (%s)' % probs))
    return 0 if ok else 1


def check_print(page, path, rel):
    page.goto(file_url(path))
    page.media(media='print')
    hidden = page.eval("['.td-nav', '.td-header', '.td-toc'].every(s => !document.querySelector(s) || "
                       "getComputedStyle(document.querySelector(s)).display === 'none')")
    page.media(media='')
    pdf = page.pdf()
    m = re.search(rb'/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]', pdf)
    a4 = m and abs(float(m.group(1)) - 595.3) < 2 and abs(float(m.group(2)) - 841.9) < 2
    pages = len(re.findall(rb'/Type\s*/Page[^s]', pdf))
    ok = hidden and a4
    print('%s - %s prints on A4 (%s pt, %d pages) without navigation' % (
        'ok' if ok else 'not ok', rel, m.group(1).decode() + ' x ' + m.group(2).decode() if m else '?', pages))
    return 0 if ok else 1


def check_graph_click(page, site, rel):
    """Serves the site over http://127.0.0.1 (so the page may look inside
    its <object>), clicks the first task node of the page's graph and
    checks that the whole window went to the task's anchor."""
    import functools
    import http.server
    import threading
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    handler = functools.partial(Quiet, directory=site)
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    try:
        base = 'http://127.0.0.1:%d/' % srv.server_address[1]
        page.goto(base + rel)
        probs = list(page.errors) + ['failed request: %s (%s)' % f for f in page.failed]
        # the graph is an <object>: on a loaded machine its document may be
        # parsed after the page's load event, so look for a node until it is
        find = """(click => {
          for (const o of document.querySelectorAll('object[data$=".svg"]')) {
            const d = o.contentDocument;
            if (!d || d.readyState !== 'complete') continue;
            const a = [...d.querySelectorAll('g.node a'), ...d.querySelectorAll('a')]
              .find(a => /#/.test(a.getAttribute('xlink:href') || a.getAttribute('href') || ''));
            if (!a) continue;
            const href = a.getAttribute('xlink:href') || a.getAttribute('href');
            const target = new URL(href, o.data).href;
            if (click)
              a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: d.defaultView}));
            return target;
          }
          return null;
        })"""
        node = None
        for _ in range(200):
            if page.eval(find + '(false)'):
                node = page.eval(find + '(true)')
                break
            page.drain(0.05)
        if not node:
            print('not ok - %s: its graph has a node that links to an anchor' % rel)
            return 1
        landed, found = None, False
        frag = node.split('#', 1)[1]
        for _ in range(200):  # the new page: its URL, then its parsed anchor
            page.drain(0.05)
            landed = page.eval('location.href')
            if landed == node:
                found = page.eval('!!document.getElementById(%r)' % frag)
                if found:
                    break
        ok = landed == node and found and not probs
        print('%s - %s: clicking a graph node opens %s in the whole window%s' % (
            'ok' if ok else 'not ok', rel, node[len(base):], '' if ok else ' (landed on %s; %s)' % (landed, probs)))
        return 0 if ok else 1
    finally:
        srv.shutdown()
        srv.server_close()


def screenshots(page, site, out):
    os.makedirs(out, exist_ok=True)
    want = [('index', 'index.html'), ('active-workstreams', 'active-workstreams.html')]
    ws = sorted(os.listdir(os.path.join(site, 'workstreams'))) if os.path.isdir(os.path.join(site, 'workstreams')) else []
    if ws:
        want.append(('workstream', os.path.join('workstreams', ws[0])))
    weekly_dir = os.path.join(site, 'reports', 'weekly')
    weekly = sorted(n for n in os.listdir(weekly_dir) if n.endswith('.html')) if os.path.isdir(weekly_dir) else []
    weekly = [n for n in weekly if n != 'index.html']
    if weekly:
        want.append(('weekly-report', os.path.join('reports', 'weekly', weekly[-1])))
    for name, rel in want:
        page.goto(file_url(os.path.join(site, rel)))
        page.screenshot(os.path.join(out, name + '.png'), width=1400, height=1000)
        page.screenshot(os.path.join(out, name + '-dark.png'), width=1400, height=1000, dark=True)
        page.media()
    printed = want[-1][1] if weekly else 'active-workstreams.html'
    page.goto(file_url(os.path.join(site, printed)))
    with open(os.path.join(out, 'printed.pdf'), 'wb') as f:
        f.write(page.pdf())
    print('ok - screenshots of %s (light and dark) and printed.pdf (%s) in %s' % (
        ', '.join(n for n, _ in want), printed, out))
    return 0


def selftest(site):
    """Breaks copies of a page on purpose; each break must be reported."""
    tmp = tempfile.mkdtemp(prefix='td-selftest-')
    fails = 0
    try:
        copy = os.path.join(tmp, 'site')
        shutil.copytree(site, copy)
        with open(os.path.join(copy, 'index.html'), encoding='utf-8') as f:
            index = f.read()
        with open(os.path.join(copy, 'boom.js'), 'w') as f:
            f.write('console.error("deliberate console error");\n')
        with open(os.path.join(copy, 'throw.js'), 'w') as f:
            f.write('null.x;\n')
        no_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', '', index)
        cases = [
            ('a broken image', index.replace('</main>', '<img src="no-such-image.png" alt="x"></main>'),
             False, 'failed request'),
            ('a missing stylesheet', index.replace('assets/style.css', 'assets/nope.css'), False, 'failed request'),
            ('a console error', index.replace('</body>', '<script src="boom.js"></script></body>'), False,
             'deliberate console error'),
            ('an uncaught exception', index.replace('</body>', '<script src="throw.js"></script></body>'), False,
             'exception'),
            ('a request to another host', index.replace('</main>', '<img src="https://example.invalid/x.png"></main>'),
             False, 'another host'),
            ('an injected script (no CSP)', no_csp.replace('</main>', '<img src="data:," onerror="tdXss(\'1\')"></main>'),
             True, 'a payload ran'),
            ('an injected alert (no CSP)', no_csp.replace('</main>', '<img src="data:," onerror="alert(7)"></main>'),
             True, 'dialog'),
            ('an injected handler', index.replace('</main>', '<p onclick="tdXss(\'2\')">x</p></main>'), True, '<p onclick>'),
            ('an injected javascript: link', index.replace('</main>', '<a href="javascript:tdXss(\'3\')">x</a></main>'),
             True, 'javascript:'),
            ('an inline script stopped by the CSP', index.replace('</main>', '<script>tdXss(\'4\')</script></main>'),
             True, 'not written by taskdoc'),
        ]
        with cdp.Browser() as b:
            for xss in (False, True):
                ch = Checker(b, copy, xss)
                for name, text, needs_xss, expect in cases:
                    if needs_xss != xss:
                        continue
                    path = os.path.join(copy, 'broken.html')
                    with open(path, 'w', encoding='utf-8') as f:
                        f.write(text)
                    probs = ch.problems(path)
                    if any(expect in p for p in probs):
                        print('ok - the check reports %s' % name)
                    else:
                        fails += 1
                        print('not ok - the check misses %s (it reported: %s)' % (name, probs or 'nothing'))
                ch.page.close()
            ch = Checker(b, copy, True)
            probs = ch.problems(os.path.join(copy, 'index.html'))
            if probs:
                fails += 1
                print('not ok - the unbroken page is clean (it reported: %s)' % probs)
            else:
                print('ok - the unbroken page is reported clean')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('site')
    ap.add_argument('--xss', action='store_true')
    ap.add_argument('--screenshots')
    ap.add_argument('--print', dest='print_page')
    ap.add_argument('--click-graph', dest='click')
    ap.add_argument('--selftest', action='store_true')
    a = ap.parse_args()
    if not cdp.find_chromium():
        print('not ok - chromium is not installed (tools/deps.sh --test installs it)')
        return 1
    if a.selftest:
        return selftest(a.site)
    return check_site(a.site, a.xss, a.screenshots, a.print_page, a.click)


if __name__ == '__main__':
    sys.exit(main())
