#!/usr/bin/env python3
"""Generate a synthetic taskdoc plan for benchmarks.

Writes OUT/project.yaml and OUT/workstreams/ws-NNN.yaml in the format of
shared/spec/SCHEMA.md (sections 2 and 3). Standard library only; the same
--seed always gives the same files, byte for byte.

The dependency graph is acyclic by construction: tasks, phases and
workstreams are numbered in one global order (file, then phase, then task)
and every depends_on entry names something strictly earlier in that order.
Dependencies never name a dropped task, blocked tasks always list blockers,
done tasks never do, review tasks always have validation lines, and sprints
focus only on phases and workstreams, so `taskdoc check` reports no warnings.

    python3 bench/gen_plan.py --out bench/out/plan-10k/content
    python3 bench/gen_plan.py --tasks 1000 --files 10 --seed 7 --out /tmp/p/content
"""

import argparse
import json
import os
import random
import sys

VERBS = ["Add", "Fix", "Refactor", "Validate", "Document", "Migrate", "Benchmark",
         "Consolidate", "Remove", "Harden", "Automate", "Upgrade", "Split", "Cache",
         "Instrument", "Deploy", "Review", "Port", "Simplify", "Test"]
OBJECTS = ["BeeGFS client module", "SLURM GPU scheduling", "container registry",
           "Ansible base-packages role", "shared utilities role", "MLflow tracking",
           "KServe inference service", "Kubernetes operator", "Terraform modules",
           "CI pipeline", "Packer images", "monitoring stack", "log shipping",
           "NFS fallback", "Helm charts", "GPU operator", "DCGM exporter",
           "Prometheus rules", "Grafana dashboards", "artifact storage",
           "dataset loader", "training launcher", "checkpoint sync", "secret store",
           "network policies", "node health checks", "MIG partitioning",
           "image build cache", "test harness", "docs site"]
QUALIFIERS = ["for all nodes", "on BeeGFS storage", "in the dev cluster",
              "behind a feature flag", "with retries", "for multi-node jobs",
              "end to end", "in CI", "for the GPU partition", "with rollback", "",
              "", "", ""]
AREAS = ["HPC Infrastructure", "MLOps Validation", "Cloud Cluster", "Code Quality",
         "Storage", "Networking", "Observability", "Security", "Developer Experience",
         "Release Engineering", "Data Platform", "Inference", "Training", "Scheduling"]
OWNERS = ["alice", "bob", "carol", "dmitri", "eve", "farah", "gus", "hiro", "ines",
          "jonas", "kemi", "lena"]
BLOCKERS = ["Image rebuild + cluster validation", "Waiting for GPU node hardware",
            "Upstream fix not released yet", "Needs security review sign-off",
            "Cluster maintenance window not scheduled", "Vendor support ticket open"]
CHECKS = ["container-registry-access", "beegfs-client-mount", "slurm-gpu-scheduling",
          "container-workflow-e2e", "mlflow-tracking", "kserve-smoke", "ansible-lint"]
BENCHES = [("beegfs-seq-write", "min", "1 GB/s"), ("beegfs-seq-read", "min", "1.5 GB/s"),
           ("inference-p99", "max", "250 ms"), ("train-throughput", "min", "900 req/s"),
           ("image-pull", "max", "2 min"), ("gpu-util", "min", "85 %")]
ESTIMATES = ["0.5h", "1h", "2h", "4h", "6h", "8h", "1d", "2d", "3d", "1-2d", "2-3d",
             "3-5d", "1w", "1-2w", "2w"]
# status -> weight (%); aliases are used now and then, as plan writers do.
STATUSES = [("done", 30), ("todo", 44), ("in-progress", 8), ("review", 5),
            ("blocked", 4), ("deferred", 5), ("dropped", 4)]
ALIASES = {"done": ["complete", "completed"], "todo": ["pending", "planned"],
           "in-progress": ["active"], "review": ["validation-pending", "code-complete"],
           "dropped": ["deprecated"]}


def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def qlist(items):
    return "[" + ", ".join(q(x) for x in items) + "]"


def block(lines, indent):
    pad = " " * indent
    return "|\n" + "".join(pad + ln + "\n" if ln else "\n" for ln in lines)


def sentence(rng):
    o = rng.choice(OBJECTS)
    return rng.choice([
        f"Keeps the {o} consistent across environments.",
        f"The {o} is used by several downstream workstreams.",
        f"See the runbook for the {o} before changing it.",
        f"Measured with the nightly job; numbers go to the evidence folder.",
        f"Depends on **cluster access**; coordinate in the weekly sync.",
        f"Follow-up from the last retrospective about the {o}.",
    ])


def markdown(rng, paras=1):
    out = []
    for p in range(paras):
        if p:
            out.append("")
        if rng.random() < 0.25:
            out += [f"- {sentence(rng)}" for _ in range(rng.randint(2, 4))]
        else:
            out.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
    return out


def task_title(rng):
    t = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    qual = rng.choice(QUALIFIERS)
    return f"{t} {qual}" if qual else t


def criteria(rng, indent, done):
    """Criteria list; a done task only gets manual criteria that are met."""
    pad = " " * indent
    out = []
    for _ in range(rng.randint(1, 2)):
        kind = "done" if done else rng.choice(["check", "bench", "done"])
        if kind == "check":
            out.append(f"{pad}- title: {q('Check ' + rng.choice(CHECKS) + ' passes')}\n"
                       f"{pad}  check: {rng.choice(CHECKS)}\n")
        elif kind == "bench":
            name, bound, val = rng.choice(BENCHES)
            out.append(f"{pad}- title: {q(name + ' ' + ('>=' if bound == 'min' else '<=') + ' ' + val)}\n"
                       f"{pad}  benchmark: {name}\n{pad}  {bound}: {q(val)}\n")
        else:
            out.append(f"{pad}- title: {q(rng.choice(OBJECTS).capitalize() + ' signed off')}\n"
                       f"{pad}  done: {'true' if done else rng.choice(['true', 'false'])}\n")
    return "".join(out)


def split(total, parts, rng, lo_frac=0.5):
    """Split total into parts positive integers that vary around the mean."""
    if parts <= 0:
        return []
    weights = [rng.uniform(lo_frac, 2.0 - lo_frac) for _ in range(parts)]
    s = sum(weights)
    sizes = [max(1, int(total * w / s)) for w in weights]
    i = 0
    while sum(sizes) < total:
        sizes[i % parts] += 1
        i += 1
    while sum(sizes) > total:
        if sizes[i % parts] > 1:
            sizes[i % parts] -= 1
        i += 1
    return sizes


def pick_status(rng, pos):
    """pos in [0,1): position inside the workstream; early work is done more often."""
    w = dict(STATUSES)
    # Shift done weight towards the start of each workstream, keeping ~30% overall.
    w["done"] = w["done"] * (1.6 - 1.2 * pos)
    w["todo"] = w["todo"] * (0.6 + 0.8 * pos)
    names = list(w)
    st = rng.choices(names, weights=[w[n] for n in names])[0]
    if st in ALIASES and rng.random() < 0.1:
        return st, rng.choice(ALIASES[st])
    return st, st


def generate(args):
    rng = random.Random(args.seed)
    out = args.out
    os.makedirs(os.path.join(out, "workstreams"), exist_ok=True)

    nfiles = max(1, min(args.files, args.tasks))
    per_file = split(args.tasks, nfiles, rng)
    tasks = []          # global order: dicts with id, ws, phase, status
    live_tasks = []     # indexes into tasks of non-dropped tasks (dependency targets)
    phases = []         # global order: (id, ws index)
    ws_ids = []
    stats = {"deps": 0, "cross": 0, "phase_deps": 0, "status": {}}
    tid = 0

    for wi, ntask in enumerate(per_file):
        area = AREAS[wi % len(AREAS)]
        wid = f"ws{wi:03d}"
        ws_ids.append(wid)
        nphase = max(1, min(ntask, rng.randint(3, 8)))
        phase_sizes = split(ntask, nphase, rng)
        ws_first_task = len(tasks)
        lines = [f"# Synthetic workstream {wi + 1} of {nfiles} (bench/gen_plan.py --seed {args.seed})\n",
                 f"id: {wid}\n",
                 f"title: {q(f'{area} {wi + 1}')}\n",
                 f"order: {wi + 1}\n",
                 f"reference: {wid}-task-list.md\n",
                 "summary: " + block(markdown(rng, 2), 2),
                 "criteria:\n" + criteria(rng, 2, False),
                 "phases:\n"]
        for pi, psize in enumerate(phase_sizes):
            pid = f"{wid}-phase-{pi + 1}"
            ws_first_phase = len(phases) - pi
            lines.append(f"  - id: {pid}\n")
            lines.append(f"    title: {q(f'Phase {pi + 1}: {rng.choice(VERBS)} {rng.choice(OBJECTS)}')}\n")
            if rng.random() < 0.7:
                lines.append(f"    objective: {q(sentence(rng))}\n")
            if rng.random() < 0.5:
                lines.append(f"    outcome: {qlist([task_title(rng) for _ in range(rng.randint(1, 3))])}\n")
            lines.append("    validation:\n")
            lines.append(f"      - cd {rng.choice(['ansible', 'k8s', 'terraform', 'python'])}\n")
            lines.append(f"      - make validate-{pid}\n")
            # Phase-level dependency on an earlier phase: usually the previous
            # phase of this workstream, sometimes a phase of an earlier workstream.
            pdeps = []
            if pi > 0 and rng.random() < 0.35:
                pdeps.append(phases[len(phases) - 1][0])
            if ws_first_phase > 0 and rng.random() < 0.08:
                pdeps.append(phases[rng.randrange(ws_first_phase)][0])
            if pdeps:
                stats["phase_deps"] += len(pdeps)
                lines.append(f"    depends_on: {qlist(pdeps)}\n")
            if rng.random() < 0.3:
                lines.append("    criteria:\n" + criteria(rng, 6, False))
            lines.append("    tasks:\n")
            for k in range(psize):
                tid += 1
                pos = (len(tasks) - ws_first_task) / max(1, ntask)
                st, written = pick_status(rng, pos)
                stats["status"][st] = stats["status"].get(st, 0) + 1
                t_id = f"TASK-{tid:05d}" if rng.random() > 0.05 else f"TASK-{tid:05d}.1"
                lines.append(f"      - id: {t_id}\n")
                lines.append(f"        title: {q(task_title(rng))}\n")
                lines.append(f"        priority: {rng.choices(['critical', 'high', 'medium', 'low'], [5, 25, 45, 25])[0]}\n")
                if rng.random() < 0.94:
                    lines.append(f"        estimate: {rng.choice(ESTIMATES)}\n")
                lines.append(f"        status: {written}\n")
                # 0-3 dependencies on earlier, non-dropped tasks: mostly recent
                # tasks of this workstream, a few in earlier workstreams, and
                # now and then a whole earlier phase or workstream.
                deps = []
                ndeps = rng.choices([0, 1, 2, 3], [30, 35, 22, 13])[0]
                local = [i for i in live_tasks[-40:] if i >= ws_first_task]
                for _ in range(ndeps):
                    r = rng.random()
                    if r < 0.05 and ws_first_task > 0:
                        cand = [i for i in live_tasks if i < ws_first_task]
                        if cand:
                            deps.append(tasks[rng.choice(cand)]["id"])
                            stats["cross"] += 1
                    elif r < 0.08 and pi > 0:
                        deps.append(f"{wid}-phase-{rng.randint(max(1, pi - 2), pi)}")
                    elif r < 0.09 and wi > 0:
                        deps.append(ws_ids[rng.randrange(wi)])
                        stats["cross"] += 1
                    elif local:
                        deps.append(tasks[rng.choice(local)]["id"])
                deps = list(dict.fromkeys(deps))
                if deps:
                    stats["deps"] += len(deps)
                    lines.append(f"        depends_on: {qlist(deps)}\n")
                if st == "blocked":
                    lines.append(f"        blockers: {qlist(rng.sample(BLOCKERS, rng.randint(1, 2)))}\n")
                if rng.random() < 0.5:
                    lines.append(f"        owner: {rng.choice(OWNERS)}\n")
                if st == "done" and rng.random() < 0.4:
                    lines.append(f"        done_on: 2025-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}\n")
                if st == "review" or rng.random() < 0.3:
                    lines.append("        validation:\n")
                    lines.append(f"          - make test-{rng.choice(CHECKS)}\n")
                    if rng.random() < 0.4:
                        lines.append(f"          - \"# Check: {rng.choice(OBJECTS)} responds\"\n")
                if rng.random() < 0.2:
                    lines.append("        criteria:\n" + criteria(rng, 10, st == "done"))
                if rng.random() < 0.3:
                    lines.append(f"        deliverables: {qlist([rng.choice(OBJECTS) + ' changes'])}\n")
                if rng.random() < 0.35:
                    lines.append("        notes: " + block(markdown(rng, rng.randint(1, 2)), 10))
                tasks.append({"id": t_id, "ws": wi, "status": st})
                if st != "dropped":
                    live_tasks.append(len(tasks) - 1)
            phases.append((pid, wi))
            lines.append("\n")
        with open(os.path.join(out, "workstreams", f"{wid}.yaml"), "w", encoding="utf-8") as f:
            f.write("".join(lines))

    # project.yaml: sprints focus on phases and workstreams (never on a done
    # task, which check would warn about), risks affect live tasks.
    p = [f"# Synthetic plan: {len(tasks)} tasks in {nfiles} workstreams "
         f"(bench/gen_plan.py --seed {args.seed})\n",
         "name: BENCH\n",
         "title: Synthetic benchmark plan\n",
         "summary: " + block(markdown(rng, 1), 2),
         "calendar:\n  hours_per_day: 8\n  days_per_week: 5\n",
         "sprints:\n"]
    for s in range(4):
        focus = [phases[rng.randrange(len(phases))][0] for _ in range(2)] + [rng.choice(ws_ids)]
        p.append(f"  - name: {q(f'Sprint {s + 1}')}\n"
                 f"    start: 2025-11-{3 + 7 * s:02d}\n"
                 f"    end: 2025-11-{9 + 7 * s:02d}\n"
                 f"    focus: {qlist(list(dict.fromkeys(focus)))}\n"
                 "    notes: " + block(markdown(rng, 1), 6))
    p.append("risks:\n")
    for r in range(6):
        affects = [tasks[rng.choice(live_tasks)]["id"] for _ in range(rng.randint(1, 3))]
        p.append(f"  - id: R-{r + 1:02d}\n"
                 f"    title: {q(rng.choice(OBJECTS).capitalize() + ' may slip')}\n"
                 f"    impact: {rng.choice(['low', 'medium', 'high', 'critical'])}\n"
                 f"    probability: {rng.choice(['low', 'medium', 'high'])}\n"
                 f"    mitigation: {q(sentence(rng))}\n"
                 f"    affects: {qlist(list(dict.fromkeys(affects)))}\n"
                 f"    status: {rng.choice(['open', 'open', 'mitigated', 'closed'])}\n")
    p.append("sections:\n  - title: Quick Reference\n    body: " + block(markdown(rng, 2), 6))
    with open(os.path.join(out, "project.yaml"), "w", encoding="utf-8") as f:
        f.write("".join(p))

    if not args.quiet:
        st = ", ".join(f"{k} {v}" for k, v in sorted(stats["status"].items()))
        print(f"gen_plan: {len(tasks)} tasks, {len(phases)} phases, {nfiles} files, "
              f"{stats['deps']} task deps ({stats['cross']} cross-workstream), "
              f"{stats['phase_deps']} phase deps; {st} -> {out}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tasks", type=int, default=10000, help="total tasks (default 10000)")
    ap.add_argument("--files", type=int, default=50, help="workstream files (default 50)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="output folder (the content/ folder)")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args()
    if args.tasks < 1 or args.files < 1:
        ap.error("--tasks and --files must be at least 1")
    generate(args)


if __name__ == "__main__":
    main()
