#!/usr/bin/env python3
"""Checks that a report made to travel (taskdoc report weekly --base-url)
has no relative link left: every Markdown link and image target, and every
href and src of its HTML, is absolute (http, https), a data: URI or an
anchor on the page itself. With --base URL, every absolute link starts
with it. Prints each offending link; exits 1 if there is any.

    check_shared.py [--base URL] FILE..."""
import re
import sys

MD_LINK = re.compile(r'(?<!\\)\]\(([^)\s]+)\)')
HTML_LINK = re.compile(r'\s(?:href|src|data)="([^"]*)"')


def main(argv):
    base = None
    if len(argv) > 2 and argv[1] == '--base':
        base, argv = argv[2], argv[2:]
    bad = 0
    for path in argv[1:]:
        text = open(path, encoding='utf-8').read()
        for n, line in enumerate(text.split('\n'), 1):
            for url in MD_LINK.findall(line) + HTML_LINK.findall(line):
                if url.startswith('#') or url.startswith('data:'):
                    continue
                if re.match(r'^https?://', url):
                    if base and not url.startswith(base):
                        print(f'{path}:{n}: not under the base URL: {url}')
                        bad += 1
                    continue
                print(f'{path}:{n}: relative link: {url[:80]}')
                bad += 1
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
