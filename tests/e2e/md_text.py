#!/usr/bin/env python3
"""Compares what two MkDocs builds of the same generated pages show: the
visible text of each page's article (Material's <article>), one
line per block element, with the alternative text of images (an emoji
becomes an <img> or an SVG, a chart is an <img>). Permalink signs (toc's
headerlink) are left out, as are scripts and styles.

Usage: md_text.py [--control PAGE] SITE_A PREFIX_A SITE_B PREFIX_B MD_FOLDER
PREFIX is where the pages sit in the site ('' or 'planning/'); the pages
compared are the *.md files of MD_FOLDER. SITE_A is built with
use_directory_urls: false (page.md -> page.html), SITE_B with it true
(page.md -> page/index.html). Prints one line per page compared, a diff
of the first differing pages, and the count; exits 1 on any difference.
--control names a page that must read differently (raw sequences, not
written by taskdoc): the proof that the comparison can fail."""
import difflib
import html.parser
import os
import sys

BLOCK = {'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'br', 'dt', 'dd', 'table',
         'ul', 'ol', 'blockquote', 'details', 'summary', 'hr', 'article', 'section', 'figure'}
SKIP = {'script', 'style', 'svg', 'template'}


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0      # inside the article
        self.skip = 0       # inside something not shown
        self.out = ['']
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth == 0:
            if tag == 'article':
                self.depth = 1
                self.stack = [(tag, False)]
            return
        if tag in ('br', 'hr', 'img', 'input', 'meta', 'link', 'source', 'wbr', 'area', 'col', 'embed'):
            if tag == 'img' and not self.skip:
                self.out[-1] += '[img: %s]' % a.get('alt', '')
            if tag in ('br', 'hr'):
                self.out.append('')
            return
        hidden = tag in SKIP or (tag == 'a' and 'headerlink' in (a.get('class') or ''))
        self.stack.append((tag, hidden))
        self.skip += hidden
        if tag in BLOCK:
            self.out.append('')
        elif tag in ('td', 'th'):
            self.out[-1] += ' | '

    def handle_endtag(self, tag):
        if self.depth == 0 or tag not in (t for t, _ in self.stack):
            return
        while self.stack:
            t, hidden = self.stack.pop()
            self.skip -= hidden
            if t == tag:
                break
        if not self.stack:
            self.depth = 0
        elif tag in BLOCK:
            self.out.append('')

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.out[-1] += data

    def lines(self):
        return [' '.join(x.split()) for x in self.out if x.strip()]


def text_of(path):
    p = Text()
    with open(path, encoding='utf-8') as f:
        p.feed(f.read())
    return p.lines()


def built(site, prefix, page, directory_urls):
    stem = page[:-3]
    if not directory_urls:
        return os.path.join(site, prefix, stem + '.html')
    if os.path.basename(stem) == 'index':
        return os.path.join(site, prefix, stem + '.html')
    return os.path.join(site, prefix, stem, 'index.html')


def main(argv):
    control = None
    if len(argv) > 2 and argv[1] == '--control':
        control = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) != 6:
        sys.exit(__doc__)
    site_a, pre_a, site_b, pre_b, md = argv[1:]
    pages = sorted(os.path.relpath(os.path.join(d, n), md)
                   for d, _, names in os.walk(md) for n in names if n.endswith('.md'))
    bad = 0
    for page in pages:
        a, b = built(site_a, pre_a, page, False), built(site_b, pre_b, page, True)
        if not (os.path.exists(a) and os.path.exists(b)):
            bad += 1
            print('not ok - %s: not built (%s: %s, %s: %s)' % (page, a, os.path.exists(a), b, os.path.exists(b)))
            continue
        ta, tb = text_of(a), text_of(b)
        if page == control:
            diff = sum(1 for x, y in zip(ta, tb) if x != y) + abs(len(ta) - len(tb))
            if diff:
                print('ok - the comparison sees that raw sequences read differently (%s: %d of %d lines)' % (
                    page, diff, len(ta)))
            else:
                bad += 1
                print('not ok - the comparison misses raw sequences (%s reads the same)' % page)
            continue
        if ta and ta == tb:
            print('ok - %s reads the same (%d lines)' % (page, len(ta)))
            continue
        bad += 1
        print('not ok - %s reads differently' % page)
        if bad <= 3:
            for d in list(difflib.unified_diff(ta, tb, 'small set', 'large set', n=0, lineterm=''))[:40]:
                print('#   ' + d)
    print('# %d pages compared, %d differ' % (len(pages) - (control in pages), bad))
    return 1 if bad or not pages else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
