#!/usr/bin/env python3
"""Loads every page of a MkDocs site built over taskdoc's pages (the XSS
plan of xss_plan.py, with mkdocs.config set, so its titles are in the
nav) in headless Chromium from file:// URLs and reports any sign that
text from the plan became live markup: a call of the binding tdXss()
that the payloads use, a dialog, window.XSS set, an event handler
attribute, a javascript:/vbscript:/data:text URL, an inline script that
names tdXss or XSS, an <img src=x> or an element the theme never writes
(iframe, frame, embed, base, math, an object not holding an SVG, a
style outside <head>).
Also checks that the page <title> and the nav show the payload as text.

Usage: check_mkdocs_xss.py SITE
Prints `ok - ...`/`not ok - ...` per page; exits 1 on any problem."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

AUDIT_JS = r"""
(() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
      if (/^(href|src|data|action|formaction|xlink:href|srcdoc)$/i.test(a.name)) {
        const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (/^(javascript|vbscript|data:text)/.test(v)) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
      }
    }
    const tag = el.localName;
    if (tag === 'script' && /tdXss|XSS/.test(el.textContent)) bad.push('<script> from the plan');
    if (tag === 'img' && el.getAttribute('src') === 'x') bad.push('<img src=x>');
    if (['iframe', 'frame', 'embed', 'base'].includes(tag)) bad.push(`<${tag}>`);
    if (tag === 'object' && !/\.svg(#.*)?$/.test(el.getAttribute('data') || '')) bad.push('<object> not an SVG');
    if (tag === 'style' && !el.closest('head')) bad.push('<style> in the body');
    if (tag === 'math') bad.push('<math>');
  }
  if (typeof window.XSS !== 'undefined') bad.push('window.XSS is set');
  return bad;
})()
"""


def pages(site):
    out = []
    for dirpath, dirs, files in os.walk(site):
        dirs.sort()
        for n in sorted(files):
            if n.endswith('.html'):
                out.append(os.path.join(dirpath, n))
    return out


def main(site):
    fails = 0
    seen_title = seen_nav = False
    with cdp.Browser() as b:
        page = b.new_page()
        page.send('Runtime.addBinding', {'name': 'tdXss'})
        for path in pages(site):
            rel = os.path.relpath(path, site)
            page.goto('file://' + os.path.abspath(path))
            bad = ['a payload ran: %s' % c for c in page.bindings]
            bad += ['a dialog opened: %r' % m for m in page.dialogs]
            bad += page.eval(AUDIT_JS)
            title = page.eval('document.title') or ''
            seen_title |= "<script>tdXss('navtitle')" in title.replace('\u200b', '')
            seen_nav |= bool(page.eval(
                "[...document.querySelectorAll('.md-nav__link')].some(a => a.textContent.includes(\"tdXss('nav')\"))"))
            if bad:
                fails += 1
                print('not ok - %s: plan text became markup in the MkDocs site' % rel)
                for x in bad:
                    print('#   %s' % x)
            else:
                print('ok - %s: no payload ran, no handler, script or javascript: URL from the plan' % rel)
    for ok, what in ((seen_title, 'a page <title> shows the nav payload as text'),
                     (seen_nav, 'the nav shows the payload title as text')):
        print('%s - %s' % ('ok' if ok else 'not ok', what))
        fails += not ok
    return 1 if fails else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
