#!/usr/bin/env python3
"""Checks the dependency graphs (graphs/*.svg) that taskdoc writes.

  check_graphs.py md ROOT EXPORT.json
      ROOT is a Markdown output folder, EXPORT.json `taskdoc export` of the
      same plan. Every SVG is well-formed XML with a <title> per node; the
      graphs the export lists exist with as many nodes as it says; the plan
      graph has one node per task that is not dropped and its critical
      nodes are exactly the export's critical path; each workstream graph's
      own critical tasks are the path's tasks of that workstream; every
      node link resolves to a page of ROOT and an anchor defined on it; the
      pages embed their graph.

  check_graphs.py site SITE
      SITE is a built HTML site (MkDocs, or taskdoc's own). Every
      <object data="...svg"> of a page resolves to a file, and every link
      inside an SVG resolves to an HTML page (a path ending in "/" means
      its index.html) that has an element with that id.

Prints one line per problem; exits 1 if there is any."""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
XLINK = '{http://www.w3.org/1999/xlink}'
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_links import anchors_of  # noqa: E402

problems = []


def bad(msg):
    problems.append(msg)
    print(msg)


def classes(g):
    return g.get('class', '').split()


def nodes(root):
    """(title, classes, href, tooltip, text) of each node group."""
    out = []
    for g in root.iter(SVG + 'g'):
        cl = classes(g)
        if 'node' not in cl:
            continue
        title = g.find(SVG + 'title')
        a = g.find('.//' + SVG + 'a')
        text = ' '.join(t.text or '' for t in g.iter(SVG + 'text'))
        out.append((title.text if title is not None else None, cl,
                    a.get(XLINK + 'href') if a is not None else None,
                    a.get(XLINK + 'title') if a is not None else None, text))
    return out


def parse(path):
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        bad(f'{path}: not well-formed XML: {e}')
        return None


def check_md(root, export_path):
    with open(export_path, encoding='utf-8') as f:
        ex = json.load(f)
    graphs = ex['graphs']
    listed = [graphs['plan'], graphs['overview']] + [w['graph'] for w in ex['workstreams']]
    listed += [g['full'] for g in listed if g.get('full')]
    on_disk = sorted(os.listdir(os.path.join(root, 'graphs')))
    want = sorted(os.path.basename(g['path']) for g in listed)
    if on_disk != want:
        bad(f'graphs/ holds {on_disk}, the export lists {want}')
    crit = [t['id'] for t in ex['critical_path']['tasks']]
    live = {t['id'] for t in ex['tasks'] if t['state'] != 'dropped'}
    # a focused graph: tasks not done, and the done tasks they directly wait on
    focus = {t['id'] for t in ex['tasks'] if t['state'] not in ('done', 'dropped')}
    focus |= {d['id'] for t in ex['tasks'] if t['id'] in focus
              for d in t['depends_on'] if d['is_task'] and d['state'] != 'dropped'}
    task_ws = {t['id']: t['workstream'] for t in ex['tasks']}
    count = 0
    for g in listed:
        path = os.path.join(root, g['path'])
        svg = parse(path)
        if svg is None:
            continue
        ns = nodes(svg)
        count += 1
        drawn = [n for n in ns if 'legend' not in n[1]]
        if len([n for n in ns if 'legend' in n[1]]) != 1:
            bad(f'{g["path"]}: expected one legend')
        if len(drawn) != g['nodes']:
            bad(f'{g["path"]}: {len(drawn)} nodes, the export says {g["nodes"]}')
        for title, cl, href, tip, text in drawn:
            if not title:
                bad(f'{g["path"]}: a node without <title>')
            if not href:
                bad(f'{g["path"]}: node {title} has no link')
                continue
            target, _, anchor = href.partition('#')
            dest = os.path.normpath(os.path.join(root, 'graphs', target))
            if not os.path.isfile(dest):
                bad(f'{g["path"]}: node {title} links to missing page {href}')
            elif anchor and anchor not in anchors_of(dest):
                bad(f'{g["path"]}: node {title} links to missing anchor {href}')
        if g['level'] == 'task':
            tasks = {n[0] for n in drawn if 'task' in n[1]}
            own = {n[0] for n in drawn if 'task' in n[1] and 'external' not in n[1]}
            crit_drawn = [n[0] for n in drawn if 'critical' in n[1] and 'task' in n[1] and 'external' not in n[1]]
            want = focus if g.get('focused') else live
            if g['name'] in ('plan', 'full-plan'):
                if tasks != want:
                    bad(f'{g["path"]}: task nodes {sorted(tasks ^ want)} differ from the tasks to show')
                if sorted(crit_drawn) != sorted(crit):
                    bad(f'plan.svg: critical nodes {sorted(crit_drawn)}, critical path {crit}')
            else:
                ws = g['name'].removeprefix('full-')[3:]
                want_own = {t for t in want if task_ws[t] == ws}
                if own != want_own:
                    bad(f'{g["path"]}: own task nodes {sorted(own ^ want_own)} differ')
                want_crit = sorted(t for t in crit if task_ws[t] == ws)
                if sorted(crit_drawn) != want_crit:
                    bad(f'{g["path"]}: critical nodes {sorted(crit_drawn)}, expected {want_crit}')
            collapsed = [n for n in drawn if 'collapsed' in n[1]]
            if collapsed and not g.get('focused'):
                bad(f'{g["path"]}: collapsed phases in a full graph')
            if len(crit) > 1 and g['name'] == 'plan':
                edges = [e for e in svg.iter(SVG + 'g') if 'edge' in classes(e) and 'critical' in classes(e)]
                if len(edges) < 1:
                    bad('plan.svg: no critical edge')
        else:
            kind = g['level']
            # external items ('item') are nodes of their own at every level
            if any(kind not in n[1] and 'external' not in n[1] and 'collapsed' not in n[1] and 'item' not in n[1]
                   for n in drawn):
                bad(f'{g["path"]}: drawn at {kind} level but has other nodes')
    # the pages embed their graphs
    embeds = [('active-workstreams.md', graphs['plan']['path']), ('index.md', graphs['overview']['path'])]
    embeds += [(f'workstreams/{w["id"]}.md', '../' + w['graph']['path']) for w in ex['workstreams']]
    for page, src in embeds:
        with open(os.path.join(root, page), encoding='utf-8') as f:
            text = f.read()
        if f'<object data="{src}"' not in text and f'<object data="../{src}"' not in text:
            bad(f'{page}: does not embed {src}')
    print(f'{count} graphs checked')


def ids_of(path, cache={}):
    if path not in cache:
        with open(path, encoding='utf-8') as f:
            cache[path] = set(re.findall(r'\sid="([^"]+)"', f.read()))
    return cache[path]


def check_site(site):
    objects = svgs = links = 0
    for dirpath, _, files in os.walk(site):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, site)
            if name.endswith('.html'):
                with open(path, encoding='utf-8') as f:
                    for data in re.findall(r'<object[^>]*\sdata="([^"]+\.svg)"', f.read()):
                        objects += 1
                        if not os.path.isfile(os.path.normpath(os.path.join(dirpath, data))):
                            bad(f'{rel}: <object data="{data}"> is missing')
            elif name.endswith('.svg') and os.sep + 'graphs' in os.sep + rel:
                svgs += 1
                svg = parse(path)
                if svg is None:
                    continue
                for a in svg.iter(SVG + 'a'):
                    href = a.get(XLINK + 'href')
                    if not href:
                        continue
                    links += 1
                    target, _, anchor = href.partition('#')
                    dest = os.path.normpath(os.path.join(dirpath, target))
                    if target.endswith('/'):
                        dest = os.path.join(dest, 'index.html')
                    if not dest.endswith('.html') or not os.path.isfile(dest):
                        bad(f'{rel}: link {href} does not lead to a page ({dest})')
                    elif anchor and anchor not in ids_of(dest):
                        bad(f'{rel}: link {href}: no id "{anchor}" on the page')
    if not objects or not svgs or not links:
        bad(f'{site}: {objects} embedded graphs, {svgs} graph files, {links} links: expected some of each')
    print(f'{objects} embedded graphs, {svgs} graph files, {links} links checked')


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'md':
        check_md(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == 'site':
        check_site(sys.argv[2])
    else:
        sys.exit(__doc__)
    sys.exit(1 if problems else 0)
