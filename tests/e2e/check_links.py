#!/usr/bin/env python3
"""Checks every relative link and #anchor in a tree of generated Markdown
pages: the target file exists and defines the anchor (through an attribute
list `{: #id }` / `{#id}` or an HTML `id="..."`). Prints each broken link as
page:line: message; exits 1 if there is any."""
import os
import re
import sys

LINK = re.compile(r'(?<!\\)\]\(([^)\s]+)\)')
ANCHOR_DEFS = [re.compile(r'\{:?\s*#([A-Za-z0-9_.-]+)[^}]*\}'), re.compile(r'\sid="([^"]+)"')]
FENCE = re.compile(r'^\s*(```|~~~)')


def anchors_of(path, cache={}):
    if path not in cache:
        ids = set()
        with open(path, encoding='utf-8') as f:
            for line in f:
                for rx in ANCHOR_DEFS:
                    ids.update(rx.findall(line))
        cache[path] = ids
    return cache[path]


def main(root):
    bad = 0
    count = 0
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith('.md'):
                continue
            page = os.path.join(dirpath, name)
            fenced = False
            with open(page, encoding='utf-8') as f:
                for lineno, line in enumerate(f, 1):
                    if FENCE.match(line):
                        fenced = not fenced
                        continue
                    if fenced:
                        continue
                    for target in LINK.findall(line):
                        if re.match(r'^[a-z]+:', target):
                            continue  # absolute URL
                        count += 1
                        path, _, anchor = target.partition('#')
                        dest = os.path.normpath(os.path.join(dirpath, path)) if path else page
                        rel = os.path.relpath(page, root)
                        if not os.path.isfile(dest):
                            print(f'{rel}:{lineno}: link to missing file {target}')
                            bad += 1
                        elif anchor and anchor not in anchors_of(dest):
                            print(f'{rel}:{lineno}: link to missing anchor {target}')
                            bad += 1
    print(f'{count} links checked, {bad} broken')
    return 1 if bad or count == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
