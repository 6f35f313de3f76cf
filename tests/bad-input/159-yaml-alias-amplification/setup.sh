# shellcheck shell=bash
set -e
mkdir -p content/workstreams
# a 30 kB file whose one anchor (5,000 items) is reused by 300 tasks: 1.5
# million nodes once expanded (it took 17 s and 1 GB before the cap)
python3 - <<'PY'
anchor = "&a [" + ", ".join("xx" for _ in range(5000)) + "]"
lines = ["id: w", "title: W", "phases:", "  - id: p1", "    title: P", "    outcome: " + anchor, "    tasks:"]
for t in range(300):
    lines += ["      - id: T%d" % t, "        title: t", "        deliverables: *a"]
open("content/workstreams/w.yaml", "w").write("\n".join(lines) + "\n")
PY
