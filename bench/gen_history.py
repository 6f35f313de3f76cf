#!/usr/bin/env python3
"""Generate a git repository whose history leads to a taskdoc plan.

Reads a plan written by gen_plan.py (CONTENT/project.yaml and
CONTENT/workstreams/*.yaml) and writes a new repository OUT whose HEAD holds
exactly that plan under content/, reached through --commits commits on the
branch main. Each commit after the first changes a few tasks in one or two
workstream files, as a team's history does: a task is added, started, sent
to review, finished, dropped or re-estimated. The first commit holds the
plan as it was at the start: about a fifth of the tasks are not there yet,
unfinished work is still `todo`, some estimates differ.

Commit dates are fixed (GIT_AUTHOR_DATE and GIT_COMMITTER_DATE alike): five
commits a weekday between 09:00 and 16:00 UTC, ending on --end, so the same
arguments always give the same commit ids. The repository is written in one
`git fast-import` run, repacked (`git repack -a -d -f`, as after an import),
then checked out.

    python3 bench/gen_history.py --content bench/out/plan-10k/content \
        --commits 2000 --out bench/out/history-2k
"""

import argparse
import datetime
import os
import random
import re
import shutil
import subprocess
import sys

TASK_RE = re.compile(r"^( *)- id: (\S+)\n$")
STATUS_RE = re.compile(r"^( *)status: (\S+)\n$")
ESTIMATE_RE = re.compile(r"^( *)estimate: (\S+)\n$")
FINAL = {"complete": "done", "completed": "done", "pending": "todo", "planned": "todo",
         "active": "in-progress", "validation-pending": "review", "code-complete": "review",
         "deprecated": "dropped"}
OTHER_ESTIMATES = ["2h", "4h", "1d", "2d", "3d", "1w"]


class Task:
    """A task's lines in its file, and how the history changes them."""

    def __init__(self, lines):
        self.lines = lines              # final text, one string per line
        self.status_at = None           # index of the status line, or None
        self.estimate_at = None
        self.final_status = "todo"
        for i, ln in enumerate(lines):
            m = STATUS_RE.match(ln)
            if m and m.group(1) == self.indent() and self.status_at is None:
                self.status_at = i
                self.final_status = FINAL.get(m.group(2), m.group(2))
            m = ESTIMATE_RE.match(ln)
            if m and m.group(1) == self.indent() and self.estimate_at is None:
                self.estimate_at = i
        self.present = True
        self.status = None              # None: as in the final text
        self.estimate = None

    def indent(self):
        return " " * (len(self.lines[0]) - len(self.lines[0].lstrip(" ")) + 2)

    def text(self):
        if not self.present:
            return ""
        out = list(self.lines)
        if self.status is not None:
            out[self.status_at] = f"{self.indent()}status: {self.status}\n"
        if self.estimate is not None:
            out[self.estimate_at] = f"{self.indent()}estimate: {self.estimate}\n"
        return "".join(out)


def read_file(path):
    """A workstream file as a list of parts: str (fixed text) or Task."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    parts, cur, task_indent = [], None, None
    for ln in lines:
        m = TASK_RE.match(ln)
        if m and (task_indent is None or len(m.group(1)) == task_indent) and len(m.group(1)) >= 4:
            task_indent = len(m.group(1))
            cur = [ln]
            parts.append(cur)
            continue
        if cur is not None:
            stripped = ln.strip()
            ind = len(ln) - len(ln.lstrip(" "))
            if stripped and ind <= task_indent:
                cur = None
            else:
                cur.append(ln)
                continue
        parts.append(ln)
    return [Task(p) if isinstance(p, list) else p for p in parts]


def render(parts):
    return "".join(p.text() if isinstance(p, Task) else p for p in parts)


def commit_times(n, end, rng):
    """n commit times (epoch seconds), five per weekday, the last on end."""
    times = []
    day = end
    while len(times) < n:
        if day.weekday() < 5:
            for slot in range(4, -1, -1):
                t = datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.timezone.utc)
                t += datetime.timedelta(minutes=90 * slot + rng.randrange(60))
                times.append(int(t.timestamp()))
                if len(times) == n:
                    break
        day -= datetime.timedelta(days=1)
    return sorted(times)


def generate(args):
    rng = random.Random(args.seed)
    src = args.content
    names = sorted(n for n in os.listdir(os.path.join(src, "workstreams")) if n.endswith(".yaml"))
    files = {n: read_file(os.path.join(src, "workstreams", n)) for n in names}
    with open(os.path.join(src, "project.yaml"), "rb") as f:
        project = f.read()

    # The start of the history and the events that lead to the final plan.
    events = {n: [] for n in names}
    for n in names:
        for t in (p for p in files[n] if isinstance(p, Task)):
            steps = []
            if t.status_at is not None and t.final_status != "todo":
                t.status = "todo"
                if t.final_status in ("done", "review"):
                    steps.append("in-progress")
                steps.append("final-status")
            if t.estimate_at is not None and rng.random() < 0.1:
                t.estimate = rng.choice(OTHER_ESTIMATES)
                steps.insert(rng.randrange(len(steps) + 1), "final-estimate")
            if rng.random() < 0.2:
                t.present = False
                steps.insert(0, "add")
            events[n] += [(t, s) for s in steps]
        # Work moves roughly in the file's order; each task's own steps keep
        # their order (the i-th slot a task gets holds its i-th step).
        ev = events[n]
        keyed = sorted((i + rng.uniform(-40, 40), i) for i in range(len(ev)))
        per_task, cursor, flat = {}, {}, []
        for t, s in ev:
            per_task.setdefault(id(t), []).append((t, s))
        for _, i in keyed:
            k = id(ev[i][0])
            flat.append(per_task[k][cursor.get(k, 0)])
            cursor[k] = cursor.get(k, 0) + 1
        events[n] = flat

    times = commit_times(args.commits, args.end, rng)
    total = sum(len(v) for v in events.values())
    pending = {n: 0 for n in names}  # next event index per file

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    env = dict(os.environ, LC_ALL="C", GIT_CONFIG_NOSYSTEM="1", HOME=args.out)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True, env=env)
    fi = subprocess.Popen(["git", "-C", args.out, "fast-import", "--quiet", "--done"],
                          stdin=subprocess.PIPE, env=env)
    w = fi.stdin

    def data(b):
        w.write(b"data %d\n" % len(b))
        w.write(b)
        w.write(b"\n")

    def commit(k, msg, changes):
        w.write(b"commit refs/heads/main\n")
        w.write(b"mark :%d\n" % (k + 1))
        stamp = b"%d +0000" % times[k]
        w.write(b"author Bench <bench@example.com> " + stamp + b"\n")
        w.write(b"committer Bench <bench@example.com> " + stamp + b"\n")
        data(msg.encode())
        if k:
            w.write(b"from :%d\n" % k)
        for path, blob in changes:
            w.write(b"M 100644 inline " + path.encode() + b"\n")
            data(blob)

    first = [("content/project.yaml", project)]
    first += [("content/workstreams/" + n, render(files[n]).encode()) for n in names]
    commit(0, "Plan as it started", first)
    done_events = 0
    for k in range(1, args.commits):
        left_commits = args.commits - k
        left_events = total - done_events
        last = k == args.commits - 1
        live = [n for n in names if pending[n] < len(events[n])]
        if not live and not last:
            changed = [rng.choice(names)]
        else:
            changed = rng.sample(live, min(len(live), 2 if rng.random() < 0.4 else 1)) if live else []
        # spread what is left evenly over the commits that are left
        budget = max(1, -(-left_events // left_commits))
        out = []
        for n in (names if last else changed):
            take = len(events[n]) - pending[n] if last else max(1, budget // max(1, len(changed)))
            moved = []
            for t, step in events[n][pending[n]:pending[n] + take]:
                if step == "add":
                    t.present = True
                elif step == "in-progress":
                    t.status = "in-progress"
                elif step == "final-status":
                    t.status = None
                elif step == "final-estimate":
                    t.estimate = None
                moved.append(t)
            pending[n] += len(moved)
            done_events += len(moved)
            if moved or not last:
                out.append(("content/workstreams/" + n, render(files[n]).encode()))
        commit(k, f"Update {len(out)} workstream file(s)", out)
    w.write(b"done\n")
    w.close()
    if fi.wait() != 0:
        sys.exit("gen_history: git fast-import failed")
    # fast-import deltifies each blob against the blob written before it,
    # whatever its path: chains that run across every file, unlike any pack
    # git itself writes (git-fast-import(1) advises a repack after an import).
    # Repack as `git gc --aggressive` would, so that the repository looks
    # like one made by commits or cloned from a server.
    subprocess.run(["git", "-C", args.out, "repack", "-q", "-a", "-d", "-f"], check=True, env=env)
    subprocess.run(["git", "-C", args.out, "checkout", "-q", "-f", "main"], check=True, env=env)
    # The checked-out plan must be the plan we started from, byte for byte.
    for n in names:
        with open(os.path.join(args.out, "content", "workstreams", n), "rb") as a, \
             open(os.path.join(src, "workstreams", n), "rb") as b:
            if a.read() != b.read():
                sys.exit(f"gen_history: HEAD's {n} differs from the plan (a bug in gen_history.py)")
    if not args.quiet:
        first_day = datetime.datetime.fromtimestamp(times[0], datetime.timezone.utc).date()
        print(f"gen_history: {args.commits} commits from {first_day} to {args.end}, "
              f"{total} task changes in {len(names)} files -> {args.out}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--content", required=True, help="the plan to reach (a content/ folder)")
    ap.add_argument("--out", required=True, help="the repository to write (replaced)")
    ap.add_argument("--commits", type=int, default=2000, help="number of commits (default 2000)")
    ap.add_argument("--end", type=datetime.date.fromisoformat, default=datetime.date(2025, 11, 7),
                    help="date of the last commit (default 2025-11-07)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args()
    if args.commits < 2:
        ap.error("--commits must be at least 2")
    generate(args)


if __name__ == "__main__":
    main()
