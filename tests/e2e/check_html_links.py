#!/usr/bin/env python3
"""Crawls a generated HTML site (every .html and .svg file below ROOT) and
checks that every link and anchor resolves: each relative href, src or
data names an existing file inside ROOT, each #fragment an id (or a name)
in its target, and no page asks another host for anything (stylesheets,
scripts, images, objects). Links to other sites (<a href="https://...">)
are allowed but not followed. Duplicate ids in a page are reported too.

Usage: check_html_links.py ROOT
Prints each problem as `file: message`, then a summary; exits 1 if any."""
import html.parser
import os
import sys
import urllib.parse

# attributes that make the browser fetch something
FETCH = {('link', 'href'), ('script', 'src'), ('img', 'src'), ('object', 'data'), ('iframe', 'src'),
         ('embed', 'src'), ('source', 'src'), ('video', 'src'), ('audio', 'src'), ('image', 'href'),
         ('image', 'xlink:href'), ('use', 'href'), ('use', 'xlink:href')}
# attributes a person follows
FOLLOW = {('a', 'href'), ('a', 'xlink:href'), ('area', 'href')}


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = []
        self.refs = []  # (line, tag, attr, value)

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def _tag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == 'id' or (tag == 'a' and name == 'name'):
                self.ids.append(value)
            if (tag, name) in FETCH or (tag, name) in FOLLOW:
                self.refs.append((line, tag, name, value))
            if name == 'style' and 'url(' in value:
                self.refs.append((line, tag, 'style', value))


def parse(path, cache={}):
    if path not in cache:
        p = Page()
        with open(path, encoding='utf-8') as f:
            p.feed(f.read())
        p.close()
        cache[path] = p
    return cache[path]


def main(root):
    root = os.path.realpath(root)
    problems = []
    links = anchors = files = 0
    for dirpath, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if not (name.endswith('.html') or name.endswith('.svg')):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            files += 1
            page = parse(path)
            seen = set()
            for i in page.ids:
                if i in seen:
                    problems.append('%s: id "%s" is defined more than once' % (rel, i))
                seen.add(i)
            for line, tag, attr, value in page.refs:
                where = '%s:%d: <%s %s="%s">' % (rel, line, tag, attr, value)
                links += 1
                if attr == 'style':
                    problems.append('%s: url() in a style attribute' % where)
                    continue
                if value.strip() == '':
                    problems.append('%s: empty link' % where)
                    continue
                u = urllib.parse.urlsplit(value)
                scheme = u.scheme.lower()
                if scheme in ('http', 'https', 'ftp') or value.startswith('//'):
                    if (tag, attr) in FETCH:
                        problems.append('%s: asks another host' % where)
                    continue
                if scheme == 'mailto' and (tag, attr) in FOLLOW:
                    continue
                if scheme == 'data' and (tag, attr) in (('link', 'href'), ('img', 'src')):
                    continue
                if scheme:
                    problems.append('%s: scheme "%s:" is not allowed' % (where, scheme))
                    continue
                if u.path.startswith('/'):
                    problems.append('%s: absolute path (breaks when the site is moved)' % where)
                    continue
                target = path
                if u.path:
                    target = os.path.realpath(os.path.join(dirpath, urllib.parse.unquote(u.path)))
                    if not (target == root or target.startswith(root + os.sep)):
                        problems.append('%s: points outside the site' % where)
                        continue
                    if not os.path.isfile(target):
                        problems.append('%s: no such file' % where)
                        continue
                if u.fragment:
                    anchors += 1
                    if not (target.endswith('.html') or target.endswith('.svg')):
                        problems.append('%s: fragment on a file that is not a page' % where)
                    elif urllib.parse.unquote(u.fragment) not in parse(target).ids:
                        problems.append('%s: no id "%s" in %s' % (where, u.fragment, os.path.relpath(target, root)))
    for p in problems:
        print(p)
    print('%d links (%d with an anchor) in %d files, %d problems' % (links, anchors, files, len(problems)))
    return 1 if problems or not files else 0


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
