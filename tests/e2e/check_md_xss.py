#!/usr/bin/env python3
"""Renders every generated Markdown page below ROOT the way MkDocs does
(Python-Markdown with the extensions of mkdocs-compat/mkdocs.yml:
attr_list, md_in_html, admonition, pymdownx...) and reports anything in
the HTML that could run script: a script, frame, form, base, style, svg
or math element, an event handler attribute (on...), a javascript:,
vbscript: or data:text URL, an <object> that is not an SVG. Used on the
XSS plan: the plan's text must not get markup into the MkDocs site either.

Usage: check_md_xss.py ROOT [MKDOCS_YML]
Needs the Python `markdown` and `pymdownx` modules (Debian: python3-markdown,
python3-pymdownx, installed with mkdocs by tools/deps.sh --test)."""
import html.parser
import os
import re
import sys

import markdown

DEFAULT_EXTENSIONS = ['admonition', 'tables', 'toc', 'attr_list', 'md_in_html', 'pymdownx.tasklist',
                      'pymdownx.superfences', 'pymdownx.details']
BAD_TAGS = {'script', 'iframe', 'frame', 'embed', 'form', 'base', 'style', 'svg', 'math', 'textarea', 'meta',
            'link', 'template', 'button', 'input', 'select'}


def extensions(mkdocs_yml):
    if not mkdocs_yml:
        return DEFAULT_EXTENSIONS, {}
    import yaml
    with open(mkdocs_yml, encoding='utf-8') as f:
        cfg = yaml.safe_load(f)
    names, conf = [], {}
    for e in cfg.get('markdown_extensions', []):
        if isinstance(e, dict):
            for k, v in e.items():
                names.append(k)
                conf[k] = v or {}
        else:
            names.append(e)
    return names, conf


class Audit(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def _tag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in BAD_TAGS and not (tag == 'input' and dict(attrs).get('type') == 'checkbox'):
            self.bad.append('%d: <%s>' % (line, tag))
        for name, value in attrs:
            if name.startswith('on'):
                self.bad.append('%d: <%s %s="%s">' % (line, tag, name, value))
            if name in ('href', 'src', 'data', 'action', 'formaction', 'xlink:href', 'srcdoc') and value:
                v = re.sub(r'[\x00-\x20]', '', value).lower()
                if v.startswith(('javascript:', 'vbscript:', 'data:text')):
                    self.bad.append('%d: <%s %s="%s">' % (line, tag, name, value))
            if tag == 'object' and name == 'data' and value and not value.split('#')[0].endswith('.svg'):
                self.bad.append('%d: <object data="%s">' % (line, value))


def main(root, mkdocs_yml=None):
    names, conf = extensions(mkdocs_yml)
    problems = pages = 0
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith('.md'):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding='utf-8') as f:
                text = f.read()
            out = markdown.markdown(text, extensions=names, extension_configs=conf)
            a = Audit()
            a.feed(out)
            a.close()
            pages += 1
            rel = os.path.relpath(path, root)
            if a.bad:
                problems += 1
                print('not ok - %s as MkDocs renders it' % rel)
                for b in a.bad:
                    print('#   %s' % b)
            else:
                print('ok - %s as MkDocs renders it: no script, handler or javascript: URL' % rel)
    if not pages:
        print('not ok - no Markdown page in %s' % root)
        return 1
    return 1 if problems else 0


if __name__ == '__main__':
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
