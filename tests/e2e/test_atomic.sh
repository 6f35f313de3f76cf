#!/usr/bin/env bash
# A build that does not finish leaves every output file with its old bytes
# or its new bytes (issue 15): a generated mid-size plan (bench/gen_plan.py)
# is built (the old output), then a different plan is built and SIGKILLed
# at 20 random moments; after each kill every file of both output folders
# and mkdocs.yml must hash to its old or its new content, never anything
# else. Then a build that runs to the end leaves no temporary file of the
# killed ones and exactly the new output. Two builds of different plans
# started at once end with the output of one of them whole, never a mix.
# A full disk (a 200 kB tmpfs, when run as root) fails the build with an
# error and leaves old or new bytes. A plan with an error writes nothing.
set -uo pipefail
taskdoc=${1:?usage: $0 /path/to/taskdoc}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
mnt=
cleanup() {
  [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }

# hashes PROJECT: every file of docs/planning, site and mkdocs.yml, as "hash path" lines
snap() {
  (cd "$1" && find docs/planning site/ mkdocs.yml -type f 2>/dev/null | LC_ALL=C sort | xargs -r sha256sum)
}
# every file of PROJECT is in OLD or NEW (snapshots) with the same hash,
# and no file is missing that both have
old_or_new() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
def load(p):
    d = {}
    for line in open(p):
        h, f = line.rstrip('\n').split('  ', 1)
        d[f] = h
    return d
old, new, now = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
bad = []
for f, h in now.items():
    if '.taskdoc-tmp.' in f or '.mkdocs.yml.taskdoc-' in f:
        continue  # a killed build's temporary file, removed by the next build
    if h != old.get(f) and h != new.get(f):
        bad.append('%s: neither the old nor the new bytes' % f)
for f in set(old) & set(new):
    if f not in now:
        bad.append('%s: missing' % f)
print('\n'.join('#   ' + b for b in bad[:10]))
sys.exit(1 if bad else 0)
PY
}

python3 "$root/bench/gen_plan.py" --tasks 500 --files 8 --seed 1 --out "$tmp/A" -q
python3 "$root/bench/gen_plan.py" --tasks 500 --files 8 --seed 2 --out "$tmp/B" -q
p=$tmp/p
mkdir -p "$p/docs"
cat >"$p/mkdocs.yml" <<'YML'
site_name: Atomic
nav:
  - Home: index.md
YML
printf 'out:\n  markdown: docs/planning\n  html: site\nmkdocs:\n  config: mkdocs.yml\n  section: Planning\n' >"$p/taskdoc.yaml"
build() { "$taskdoc" -C "$p" --as-of 2025-11-10 build --quiet 2>>"$tmp/build.err"; }
use() { rm -rf "$p/content"; cp -r "$tmp/$1" "$p/content"; }

# the new output, for reference, then the old one
use B
build
t "plan B builds" test $? -eq 0
snap "$p" >"$tmp/new"
rm -rf "$p/docs/planning" "$p/site"
printf 'site_name: Atomic\nnav:\n  - Home: index.md\n' >"$p/mkdocs.yml"
use A
build
t "plan A builds" test $? -eq 0
snap "$p" >"$tmp/old"
cp -a "$p" "$tmp/old-tree"
t "the two plans differ in most files" test "$(comm -3 <(sort "$tmp/old") <(sort "$tmp/new") | wc -l)" -gt 100

# how long a build of B takes, to spread the kills over it
use B
start=$(date +%s%N)
build
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -lt 50 ] && ms=50

# 20 SIGKILLs at random moments of a build of B over A's output, in its
# last 45% (rendering comes first; the files are written at the end)
RANDOM=15
bad=0 torn=0
for i in $(seq 1 20); do
  rm -rf "$p"
  cp -a "$tmp/old-tree" "$p"
  use B
  "$taskdoc" -C "$p" --as-of 2025-11-10 build --quiet 2>/dev/null &
  pid=$!
  delay=$((ms * 60 / 100 + RANDOM % (ms * 45 / 100)))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  snap "$p" >"$tmp/now"
  if ! old_or_new "$tmp/old" "$tmp/new" "$tmp/now" >"$tmp/why"; then
    bad=$((bad + 1))
    echo "# kill $i after $delay ms:"
    cat "$tmp/why"
  fi
  cmp -s "$tmp/now" "$tmp/old" || cmp -s "$tmp/now" "$tmp/new" || torn=$((torn + 1))
done
t "after 20 SIGKILLs every file holds its old or its new bytes ($torn kills landed while writing)" test "$bad" -eq 0
# the last killed build's leftovers: a temporary file is removed by the next build
mkdir -p "$p/docs/planning/workstreams"
printf 'half' >"$p/docs/planning/.taskdoc-tmp.99999.0"
printf 'half' >"$p/docs/planning/workstreams/.taskdoc-tmp.99999.1"
printf 'half' >"$p/.mkdocs.yml.taskdoc-AbC123"
build
t "a build after the kills succeeds" test $? -eq 0
t "and leaves no temporary file" test -z "$(find "$p" -name '.taskdoc-tmp.*' -o -name '.mkdocs.yml.taskdoc-*')"
snap "$p" >"$tmp/now"
t "and exactly the new output" cmp -s "$tmp/now" "$tmp/new"

# two builds at once, of different plans, over the old output: the end state
# is one plan's output, whole
rm -rf "$p" "$tmp/p2"
cp -a "$tmp/old-tree" "$p"
cp -a "$tmp/old-tree" "$tmp/p2"
use B
rm -rf "$tmp/p2/content"
# the second build reads plan A through its own config, writing the same folders
printf 'content: %s/A\nout:\n  markdown: docs/planning\n  html: site\nmkdocs:\n  config: mkdocs.yml\n  section: Planning\n' "$tmp" >"$p/other.yaml"
rc=0
for k in 1 2; do
  "$taskdoc" -C "$p" --as-of 2025-11-10 build --quiet 2>/dev/null &
  a=$!
  "$taskdoc" -C "$p" --as-of 2025-11-10 --config other.yaml build --quiet 2>/dev/null &
  b=$!
  wait $a || rc=1
  wait $b || rc=1
  snap "$p" >"$tmp/now"
  cmp -s "$tmp/now" "$tmp/old" || cmp -s "$tmp/now" "$tmp/new" || rc=1
done
t "two builds at once (twice): both succeed and the output is one plan's, whole" test $rc -eq 0

# a plan with an error writes nothing
rm -rf "$p"
cp -a "$tmp/old-tree" "$p"
use B
printf 'id: [broken\n' >"$p/content/workstreams/ws003.yaml"
build
t "a plan with an error fails" test $? -ne 0
snap "$p" >"$tmp/now"
t "and leaves the old output as it was" cmp -s "$tmp/now" "$tmp/old"

# a full disk: a 200 kB tmpfs holds the output (root only)
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/disk" && mount -t tmpfs -o size=200k tmpfs "$tmp/disk" 2>/dev/null; then
  mnt=$tmp/disk
  rm -rf "$p"
  cp -a "$tmp/old-tree" "$p"
  use B
  rm -rf "$p/site"
  ln -s "$mnt/site" "$p/site"   # the output folder may be a link
  mkdir -p "$mnt/site"
  build
  t "a full disk fails the build" test $? -ne 0
  t "and says so" grep -q 'No space left on device' "$tmp/build.err"
  find "$mnt/site" -type f -name '.taskdoc-tmp.*' >"$tmp/left"
  t "and leaves no temporary file on it" test ! -s "$tmp/left"
  snap "$p" >"$tmp/now"
  # nothing old was there: each file on the disk holds its new bytes or is absent
  grep ' site/' "$tmp/now" >"$tmp/now-site"
  t "every file written to the full disk holds its new bytes ($(wc -l <"$tmp/now-site") of $(grep -c ' site/' "$tmp/new"))" \
    bash -c "! grep -vxFf '$tmp/new' '$tmp/now-site' | grep -q ."
  umount "$mnt" && mnt=
else
  echo "ok - full-disk case skipped (needs root to mount a tmpfs) # SKIP"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
