#!/usr/bin/env python3
"""Writes a plan into DIR (DIR/content/...) of 4 workstreams, 20 phases and
120 tasks whose every text field carries the sequences that MkDocs
extensions read as markup (issue 17): ~ and ^ pairs (tilde, caret), ==
(mark), ++ (keys), $...$ and \\(...\\) (arithmatex), :name: (emoji), (c)
(r) (tm) --> <-- <--> +/- =/= c/o 1/2 1/4 3/4 (smartsymbols), [[x]],
abbreviation definitions *[ABBR]: ... (abbr), footnote references and
definitions [^1] (footnotes), ": " at the start of a line (def_list),
=== "Tab" (tabbed), !!! and ??? at the start of a line, and a backslash
before a blank ("Impact \\ Probability"). Plain-text fields (titles,
blockers, owners, deliverables, outcomes, mitigations) hold them inline;
Markdown fields (notes, summaries, objectives, sprint notes, section
bodies) also hold the block forms, each at the start of a line, next to
ordinary Markdown (emphasis, a list, a table, a code span, a link) that
must stay Markdown. The text is the same for a given seed (default 17).

Prints the sequences used, one per line, with --list.

Usage: ext_plan.py DIR [SEED]
       ext_plan.py --list"""
import json
import os
import random
import sys

# inline sequences: every text field gets some, every one is used many times
INLINE = [
    'H~2~O', '~~struck~~', 'x^2^', '^^inserted^^', '==marked==', '++ctrl+alt+del++',
    '$x + y$', 'costs $5 and $10', '$a$', r'\(x\)', ':smile:', ':+1:', 'fio:beegfs-seq-write:write_bw',
    '(c)', '(r)', '(tm)', '(C)', '-->', '<--', '<-->', '+/-', '=/=', 'c/o', '1/2', '1/4', '3/4',
    '[[x]]', '[^1]', 'Impact \\ Probability', '10:30:00', 'C++', 'a == b', '2 + 2',
]
# block sequences: at the start of a line of a Markdown field
BLOCK = [
    '*[HTML]: Hyper Text Markup Language',
    '[^1]: a footnote definition',
    ': a definition of the line above',
    '=== "Tab"',
    '$$\nE = mc^2\n$$',
    '\\[x + y\\]',
    '\\begin{align}a\\end{align}',
    '+/- at the start, 1/2 too',
    '==marked at the start==',
    ':smile: at the start',
]
# ordinary Markdown that must stay Markdown (under every extension set)
MARKDOWN = [
    'Some **bold** and *emphasis* text.',
    'A `code ~span~ $x$` stays code.',
    '- a list item with 1/2\n- another with (c)',
    '| a | b |\n|:--|--:|\n| 1/2 | ~x~ |',
    'A [link](https://example.org/~user/1/2) and <https://example.org/a:b:c>.',
]


def plain(rng, i):
    """A plain-text field: words and three inline sequences."""
    picks = [INLINE[(i + k * 11) % len(INLINE)] for k in range(3)]
    rng.shuffle(picks)
    return 'Item %d %s and %s then %s' % (i, *picks)


def markdown(rng, i):
    """A Markdown field: a paragraph of inline sequences, block forms each
    on a line of its own after a blank line, and ordinary Markdown."""
    para = plain(rng, i) + '\n' + plain(rng, i + 5)
    blocks = [BLOCK[(i + k * 3) % len(BLOCK)] for k in range(2)]
    md = MARKDOWN[i % len(MARKDOWN)]
    # "Term" before ": definition" makes a definition list where def_list is on
    return '\n\n'.join([para, 'Term ' + str(i) + '\n' + blocks[0], blocks[1], md]) + '\n'


def q(s):
    return json.dumps(s)  # a JSON string is a YAML double-quoted scalar


def write(root, seed):
    rng = random.Random(seed)
    n = [0]

    def p():
        n[0] += 1
        return q(plain(rng, n[0]))

    def m():
        n[0] += 1
        return q(markdown(rng, n[0]))

    os.makedirs(os.path.join(root, 'content', 'workstreams'), exist_ok=True)
    states = ['todo', 'in-progress', 'review', 'blocked', 'done', 'todo', 'in-progress']
    prio = ['critical', 'high', 'medium', 'low']
    task_ids = []
    for w in range(4):
        lines = ['id: ws%d' % w, 'title: %s' % p(), 'order: %d' % (w + 1), 'reference: %s' % p(),
                 'summary: %s' % m(), 'criteria:', '  - title: %s' % p(), '    done: %s' % ('true' if w % 2 else 'false'),
                 'phases:']
        for ph in range(5):
            lines += ['  - id: ws%d-phase-%d' % (w, ph), '    title: %s' % p(), '    objective: %s' % m(),
                      '    outcome: [%s, %s]' % (p(), p()), '    validation: [%s]' % p(), '    tasks:']
            for t in range(6):
                tid = 'T-%d-%d-%d' % (w, ph, t)
                st = states[rng.randrange(len(states))]
                deps = [d for d in task_ids[-3:] if rng.random() < 0.4]
                lines += ['      - id: %s' % tid, '        title: %s' % p(),
                          '        priority: %s' % prio[rng.randrange(4)],
                          '        estimate: %dh' % rng.randrange(1, 12),
                          '        status: %s' % st]
                if st == 'done':
                    lines.append('        done_on: 2025-10-%02d' % rng.randrange(1, 28))
                if st == 'blocked':
                    lines.append('        blockers: [%s]' % p())
                if deps:
                    lines.append('        depends_on: [%s]' % ', '.join(deps))
                lines += ['        owner: %s' % p(), '        deliverables: [%s]' % p(), '        notes: %s' % m()]
                task_ids.append(tid)
        with open(os.path.join(root, 'content', 'workstreams', 'ws%d.yaml' % w), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    risks = []
    for r in range(6):
        risks += ['  - id: R-%d' % r, '    title: %s' % p(), '    impact: %s' % prio[r % 4],
                  '    probability: %s' % ['low', 'medium', 'high'][r % 3], '    mitigation: %s' % p(),
                  '    affects: [%s]' % task_ids[r * 7], '    status: open']
    with open(os.path.join(root, 'content', 'project.yaml'), 'w') as f:
        f.write('\n'.join(['name: %s' % p(), 'title: %s' % p(), 'summary: %s' % m(),
                           'sprints:', '  - name: %s' % p(), '    start: 2025-11-03', '    end: 2025-11-09',
                           '    focus: [%s, ws1]' % task_ids[3], '    notes: %s' % m(),
                           'risks:'] + risks +
                          ['sections:', '  - title: %s' % p(), '    body: %s' % m()]) + '\n')
    return len(task_ids)


def main(argv):
    if len(argv) == 2 and argv[1] == '--list':
        print('\n'.join(INLINE + BLOCK))
        return 0
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    tasks = write(argv[1], int(argv[2]) if len(argv) == 3 else 17)
    print('%d tasks' % tasks)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
