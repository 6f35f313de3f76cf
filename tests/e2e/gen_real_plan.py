#!/usr/bin/env python3
"""Writes a plan shaped like a real one, for the tests of issue 13.

  gen_real_plan.py OUT_CONTENT_DIR

115 tasks in three workstreams, most of them done, as a team's plan is a
year in: "platform" has 72 tasks in 8 phases of 9 (59 done: phases 0-5
finished, 5 done in phase 6), "data" 28 (20 done) and "ops" 15 (4 done,
one phase of deferred tasks only, one phase without any estimate). Tasks
in a phase form a chain; each phase depends on the one before; a few
dependencies cross workstreams. Markdown fields carry `code` and **bold**;
references are a URL and a repository path. External items (docs/schema.md):
"data" waits for GPU nodes (expected 2026-03-02, after the as-of date
2025-11-10 of the tests: the critical path starts with that wait), a licence
that arrived (only a done task waited for it) and a late dataset (overdue: a
warning); "ops" has an item nothing waits for. Deterministic: no randomness.
"""
import os
import sys

TITLES = ["migrate the service configuration to the new role layout",
          "validate the GPU scheduling end to end on the staging cluster",
          "document the recovery runbook", "remove the legacy packages",
          "benchmark the storage throughput for large sequential files"]
ESTIMATES = ["0.25h", "20 min", "2h", "4h", "1d", "6h", "2-3d", "0.5h", "3h"]


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def phase(out, ws, k, n, done, deps, estimate=True, status='todo'):
    pid = f'{ws}-ph{k}'
    out.append(f'  - id: {pid}\n    title: {q(f"Phase {k}: {ws} step {k}")}\n')
    out.append(f'    objective: "Make the `{ws}` step {k} **repeatable**."\n')
    out.append('    outcome:\n      - "`make check` passes on **every** node"\n')
    if deps:
        out.append(f'    depends_on: [{", ".join(deps)}]\n')
    out.append('    tasks:\n')
    for i in range(n):
        tid = f'{ws.upper()}-{k}.{i + 1}'
        st = 'done' if i < done else status
        title = f"Task {i + 1} of {ws} phase {k}: {TITLES[(k + i) % len(TITLES)]}"
        if st == 'todo' and i == n - 1:
            st = 'blocked'
            out.append(f'      - id: {tid}\n        title: {q(title)}\n')
            out.append('        blockers: ["Waiting for the vendor\'s firmware image and a maintenance window"]\n')
        else:
            out.append(f'      - id: {tid}\n        title: {q(title)}\n')
        out.append(f'        status: {st}\n')
        if estimate:
            out.append(f'        estimate: {q(ESTIMATES[(k * 7 + i) % len(ESTIMATES)])}\n')
        if i:
            out.append(f'        depends_on: [{ws.upper()}-{k}.{i}]\n')
        if i == 0:
            out.append('        deliverables:\n          - "`roles/base` with **tests**"\n')
            out.append('        notes: "See `docs/run.md`; **owner** is on call."\n')
    return pid


def workstream(path, ws, order, reference, shape, cross=None, external='', extra_deps=None):
    out = [f'id: {ws}\ntitle: {q(ws.capitalize() + " workstream")}\norder: {order}\n',
           f'reference: {q(reference)}\n', external, 'phases:\n']
    prev = None
    for k, (n, done, opts) in enumerate(shape):
        deps = [prev] if prev else []
        if cross and k == len(shape) - 1:
            deps.append(cross)
        prev = phase(out, ws, k, n, done, deps, **opts)
    text = ''.join(out)
    # extra task dependencies: "        depends_on: [X]" of task id -> more ids
    for tid, more in (extra_deps or {}).items():
        head = f'      - id: {tid}\n'
        at = text.index(head)
        nxt = text.find('      - id: ', at + len(head))
        nxt = len(text) if nxt < 0 else nxt
        body = text[at:nxt]
        if '        depends_on: [' in body:
            body = body.replace('        depends_on: [', '        depends_on: [' + ', '.join(more) + ', ')
        else:
            body += f'        depends_on: [{", ".join(more)}]\n'
        text = text[:at] + body + text[nxt:]
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


DATA_EXTERNAL = """external:
  - id: EXT-GPU
    title: GPU nodes for the training cluster
    status: Expected
    expected_on: 2026-03-02
    owner: Dana (platform lead)
    contact: vendor account manager
    reference: https://example.org/orders/PO-1234
    notes: "Order placed; the vendor confirms **weekly**."
  - id: EXT-LIC
    title: Database licence renewal
    status: delivered
    expected_on: 2025-10-01
  - id: EXT-SET
    title: Labelled dataset from the research team
    status: late
    expected_on: 2025-11-03
"""

OPS_EXTERNAL = """external:
  - id: EXT-FW
    title: Switch firmware release
    status: at risk
    expected_on: 2026-01-12
"""


def main():
    root = sys.argv[1]
    os.makedirs(os.path.join(root, 'workstreams'), exist_ok=True)
    with open(os.path.join(root, 'project.yaml'), 'w', encoding='utf-8') as f:
        f.write('name: Real\ntitle: Active Workstreams\n'
                'summary: "A plan of **115 tasks**, most of them done."\n'
                'risks:\n'
                '  - id: R-1\n    title: Vendor driver late\n    impact: high\n'
                '    probability: medium\n'
                '    mitigation: "Pin `driver-550` and test with **both** kernels."\n'
                '    affects: [platform]\n'
                '    status: mitigating\n'
                '    owner: Dana (platform lead)\n'
                '    description: "The vendor ships the `driver-550` build **late** every quarter."\n'
                '    indicators:\n'
                '      - "No release candidate two weeks before the date"\n'
                '      - "`dkms` build fails on the **new** kernel"\n'
                '    contingency: "Stay on `driver-535` for one more quarter."\n'
                '    review_on: 2025-11-24\n')
    # platform: 72 tasks, 59 done
    workstream(os.path.join(root, 'workstreams', 'platform.yaml'), 'platform', 1,
               'https://example.org/platform-plan', [(9, 9, {})] * 6 + [(9, 5, {}), (9, 0, {})])
    # data: 28 tasks, 20 done; its last phase waits for platform's phase 6
    workstream(os.path.join(root, 'workstreams', 'data.yaml'), 'data', 2,
               'docs/data-plan.md', [(7, 7, {}), (7, 7, {}), (7, 6, {}), (7, 0, {})],
               cross='platform-ph6', external=DATA_EXTERNAL,
               extra_deps={'DATA-3.1': ['EXT-GPU'], 'DATA-1.2': ['EXT-LIC'], 'DATA-3.7': ['EXT-SET']})
    # ops: 15 tasks, 4 done; a phase of deferred tasks, one without estimates
    workstream(os.path.join(root, 'workstreams', 'ops.yaml'), 'ops', 3, 'ops/README.md',
               [(4, 4, {}), (5, 0, {'estimate': False}), (6, 0, {'status': 'deferred'})],
               external=OPS_EXTERNAL)


if __name__ == '__main__':
    main()
