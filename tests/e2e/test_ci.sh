#!/usr/bin/env bash
# The CI recipe (docs/ci.md) as far as it can run here: the workflow parses
# and has the jobs and steps the docs promise; its taskdoc steps run on a
# fresh full clone and leave the tracked files clean; a shallow clone
# builds and says what is unknown; the pre-commit hook refuses a bad plan
# and stale committed pages.
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }
export PATH="$(dirname "$taskdoc"):$PATH"
wf="$root/.github/workflows/docs.yml"

# 1. the workflow: structure, and its run: steps as scripts
python3 - "$wf" "$tmp" <<'PY' >"$tmp/wf.log" 2>&1
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
out = sys.argv[2]
on = wf.get(True, wf.get("on"))          # YAML 1.1 reads the key on as true
assert {"push", "pull_request", "schedule", "workflow_dispatch"} <= set(on), on
jobs = wf["jobs"]
assert {"site", "publish", "weekly-report"} <= set(jobs), jobs
def steps(job): return jobs[job]["steps"]
for job in ("site", "weekly-report"):
    co = [s for s in steps(job) if s.get("uses", "").startswith("actions/checkout@")]
    assert co and co[0]["with"]["fetch-depth"] == 0, f"{job}: checkout without fetch-depth: 0"
runs = {s.get("name"): s["run"] for s in steps("site") if "run" in s}
assert "taskdoc check --format github" in runs["Check the plan"]
assert runs["Build the pages"].strip() == "taskdoc build"
assert "git diff --exit-code" in runs["The tracked files are unchanged"]
cache = [s for s in steps("site") if s.get("uses", "").startswith("actions/cache@")]
assert cache and cache[0]["with"]["path"] == ".cache/taskdoc", "site: no build cache kept"
assert [s.get("name") for s in steps("site")].index("Build the pages") > steps("site").index(cache[0])
assert "mkdocs build --strict" in runs["Build the MkDocs site"]
assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps("publish"))
assert jobs["publish"]["permissions"] == {"pages": "write", "id-token": "write"}
weekly = {s.get("name"): s["run"] for s in steps("weekly-report") if "run" in s}
assert "taskdoc" in weekly["Last week's report"] and "report weekly" in weekly["Last week's report"]
# the steps that run taskdoc (not the installation) become scripts
for name, path in [("Check the plan", "check"), ("Build the pages", "build"),
                   ("The tracked files are unchanged", "diff")]:
    open(f"{out}/step-{path}.sh", "w").write("set -e\n" + runs[name])
open(f"{out}/step-mkdocs.sh", "w").write("set -e\n" + runs["Build the MkDocs site"].split("\n", 1)[1])
open(f"{out}/step-weekly.sh", "w").write("set -e\n" + weekly["Last week's report"])
print("workflow ok")
PY
t "the workflow parses and has its jobs and steps" grep -q 'workflow ok' "$tmp/wf.log" || cat "$tmp/wf.log"

# 2. its steps on a fresh full clone, as the site job runs them
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  git clone -q "$root" "$tmp/full"
  (cd "$tmp/full" && bash "$tmp/step-check.sh") >"$tmp/check.log" 2>&1
  t "step: taskdoc check --format github" test $? -eq 0
  t "  no error annotation" bash -c "! grep -q '^::error' '$tmp/check.log'"
  (cd "$tmp/full" && bash "$tmp/step-build.sh") >"$tmp/build.log" 2>&1
  t "step: taskdoc build" test $? -eq 0
  (cd "$tmp/full" && bash "$tmp/step-diff.sh") >"$tmp/diff.log" 2>&1
  t "step: git diff --exit-code (tracked files clean after the build)" test $? -eq 0 || cat "$tmp/diff.log"
  if command -v mkdocs >/dev/null; then
    (cd "$tmp/full" && bash "$tmp/step-mkdocs.sh") >"$tmp/mk.log" 2>&1
    t "step: mkdocs build --strict" test $? -eq 0
    t "  the artifact folder exists" test -f "$tmp/full/build/mkdocs-site/index.html"
  fi
  (cd "$tmp/full" && bash "$tmp/step-weekly.sh") >"$tmp/weekly.log" 2>&1
  t "weekly job: the report step" bash -c "test -s '$tmp/full/weekly-report.md' && grep -q '^# ' '$tmp/full/weekly-report.md'"
  # 3. a shallow clone (actions/checkout's default) still builds, and says so
  git clone -q --depth 1 "file://$root" "$tmp/shallow"
  (cd "$tmp/shallow" && taskdoc build --quiet) >"$tmp/shallow.log" 2>&1
  t "shallow clone: build succeeds" test $? -eq 0
  t "shallow clone: says history is missing" grep -q 'warning: shallow clone' "$tmp/shallow.log"
fi

# 4. the pre-commit hook
mkdir "$tmp/repo" && cd "$tmp/repo" || exit 1
git init -q . && git config user.email t@example.org && git config user.name t
SOURCE_DATE_EPOCH=1764547200 taskdoc init . 2>/dev/null
ln -s "$root/tools/pre-commit" .git/hooks/pre-commit
git add -A && git commit -qm plan >/dev/null 2>&1
t "hook: a valid plan commits" test $? -eq 0
echo 'oops: 1' >>content/project.yaml && git add -A
git commit -qm bad >/dev/null 2>"$tmp/hook.err"
t "hook: a plan with errors is refused" bash -c "test $? -eq 1 && grep -q 'the plan has errors' '$tmp/hook.err'"
git checkout -q HEAD -- content/project.yaml
taskdoc build --quiet 2>/dev/null && git add -f docs/planning && git commit -qm pages >/dev/null 2>&1
git config taskdoc.pagesCommitted true
sed -i 's/title: User guide/title: Handbook/' content/workstreams/docs.yaml && git add -A
git commit -qm stale >/dev/null 2>"$tmp/hook.err"
t "hook: stale committed pages are refused" bash -c "test $? -eq 1 && grep -q 'out of date' '$tmp/hook.err'"
taskdoc build --quiet 2>/dev/null && git add -A -f docs/planning mkdocs.yml
git commit -qm fresh >/dev/null 2>&1
t "hook: rebuilt pages commit" test $? -eq 0

echo "$pass passed, $fail failed"
test "$fail" -eq 0
