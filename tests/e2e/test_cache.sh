#!/usr/bin/env bash
# The build cache (docs/output.md#the-build-cache): a build from a warm,
# stale or damaged cache writes the very bytes a build without one writes;
# html/ keeps only what the last build used; --check writes nothing to it.
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }
# the outputs' bytes (not the cache, not times)
out() { (cd "$tmp/p" && find docs site -type f -exec md5sum {} + | sort -k2); }
# a cold build (no cache) of the current input, as reference
cold() { rm -rf "$tmp/p/.cache" && (cd "$tmp/p" && "$taskdoc" build --quiet 2>/dev/null) && out >"$1"; }
entries() { find "$tmp/p/.cache/taskdoc/$1" -type f ! -name '.*' 2>/dev/null | wc -l; }
# a build from a damaged cache: it exits 0 (under ASan: nothing leaked) and
# writes what the cold build wrote; $1 says what was damaged, $2 names the outputs
from_damaged() {
	"$taskdoc" build --quiet 2>/dev/null
	local rc=$?
	out >"$tmp/$2"
	t "$1: exit 0 (under ASan: nothing leaked)" test "$rc" -eq 0
	t "and the same bytes" cmp -s "$tmp/$2" "$tmp/cold"
}

mkdir -p "$tmp/p"
cp -r "$root/content" "$tmp/p/content"
printf 'content: content\nout:\n  markdown: docs/planning\n  html: site\n' >"$tmp/p/taskdoc.yaml"
cd "$tmp/p" || exit 1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
git init -q . && git add content && GIT_AUTHOR_DATE=2025-11-03T10:00:00Z GIT_COMMITTER_DATE=2025-11-03T10:00:00Z git commit -qm plan

"$taskdoc" build --check >/dev/null 2>&1
t "--check writes no cache" test ! -e .cache
cold "$tmp/a"
pages=$(find docs/planning -name '*.md' | wc -l)
t "the first build fills html/: one entry per page ($pages)" test "$(entries html)" -eq "$pages"
t "and pages/: one HTML file per page" test "$(entries pages)" -eq "$pages"
t "and layouts/" test "$(entries layouts)" -gt 0
files=$(find content/workstreams content/archive -name '*.yaml' 2>/dev/null | wc -l)
t "and yaml/: one parsed document per workstream file ($files)" test "$(entries yaml)" -eq "$files"
"$taskdoc" build 2>"$tmp/err"
t "a warm rebuild writes nothing" grep -q 'site: 0 files written' "$tmp/err"
out >"$tmp/b"
t "a warm rebuild: the same bytes" cmp -s "$tmp/a" "$tmp/b"

# files the last build left as they were are known without reading them
# (written/: their keys and stat() once settled); a file edited by hand,
# even to the same size, is written again
sleep 3
"$taskdoc" build --quiet 2>/dev/null
t "written/ records both output folders" test "$(entries written)" -eq 2
t "and their files" test "$(cat .cache/taskdoc/written/* | grep -aoE '(^|[^/])index\.(md|html)[0-9]' | wc -l)" -ge 2
python3 - docs/planning/index.md site/index.html <<'PY'
import sys
for p in sys.argv[1:]:
    b = bytearray(open(p, "rb").read())
    b[-2] = ord("x") if b[-2] != ord("x") else ord("y")
    open(p, "wb").write(b)
PY
"$taskdoc" build 2>"$tmp/err"
t "a page edited by hand (same size) is written again" grep -q 'planning: 1 files written' "$tmp/err"
t "and its HTML file" grep -q 'site: 1 files written' "$tmp/err"
out >"$tmp/b"
t "with the bytes of the build" cmp -s "$tmp/a" "$tmp/b"

# one task changes: the warm build equals a cold one, and html/ is swept
sed -i '0,/status: todo/s//status: in-progress/' content/workstreams/hpc.yaml
"$taskdoc" build --quiet 2>/dev/null
out >"$tmp/warm"
t "html/ holds only what this build used" test "$(entries html)" -eq "$pages"
t "pages/ too" test "$(entries pages)" -eq "$pages"
graphs=$(find docs/planning/graphs -name '*.svg' | wc -l)
t "layouts/ too: one entry per graph ($graphs)" test "$(entries layouts)" -eq "$graphs"
cp -r .cache "$tmp/kept-cache"
cold "$tmp/cold"
t "after a change, warm and cold builds give the same bytes" cmp -s "$tmp/warm" "$tmp/cold"
t "and the change is in them" bash -c "! cmp -s '$tmp/a' '$tmp/cold'"

# a damaged cache: every entry cut short, or its value replaced
rm -rf .cache && cp -r "$tmp/kept-cache" .cache
for f in .cache/taskdoc/html/* .cache/taskdoc/pages/* .cache/taskdoc/layouts/* .cache/taskdoc/yaml/*; do head -c 100 "$f" >"$f.x" && mv "$f.x" "$f"; done
"$taskdoc" build --quiet 2>/dev/null
out >"$tmp/d1"
t "entries cut short are misses: the same bytes" cmp -s "$tmp/d1" "$tmp/cold"
rm -rf .cache && cp -r "$tmp/kept-cache" .cache
for f in .cache/taskdoc/html/* .cache/taskdoc/pages/*; do
	python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
# an entry is its value as one length-prefixed part: garbage of the same shape
open(p, "wb").write(b"5\nhello")
PY
done
"$taskdoc" build --quiet 2>/dev/null
out >"$tmp/d2"
t "values that are not a page are misses: the same bytes" cmp -s "$tmp/d2" "$tmp/cold"
# a value that is a whole page with more after it: a miss too (and no leak under ASan)
rm -rf .cache && cp -r "$tmp/kept-cache" .cache
for f in .cache/taskdoc/html/* .cache/taskdoc/pages/*; do
	python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
b = open(p, "rb").read()
n, rest = b.split(b"\n", 1)
val = rest[:int(n)] + b"1\nx"
open(p, "wb").write(str(len(val)).encode() + b"\n" + val)
PY
done
from_damaged "a page with bytes after it is a miss" d2b
# a kept HTML file whose page is the same but whose frame changed (the
# page template, a workstream's title in the navigation) is made again
rm -rf .cache && cp -r "$tmp/kept-cache" .cache
mkdir -p tpl
sed 's|</body>|<p>another frame</p></body>|' "$root/templates/page.html.tmpl" >tpl/page.html.tmpl
printf 'templates: tpl\n' >>taskdoc.yaml
TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof"
out >"$tmp/f1"
t "a new page template: no HTML file taken whole" grep -q ' 0 HTML files' "$tmp/prof"
cold "$tmp/f1cold"
t "and the same bytes as a cold build" cmp -s "$tmp/f1" "$tmp/f1cold"
t "which has the new frame" grep -q 'another frame' site/index.html
sed -i '$d' taskdoc.yaml
rm -rf tpl
cold "$tmp/f2cold"
cp content/workstreams/hpc.yaml "$tmp/hpc0.yaml"
sed -i '0,/^title: .*/s//title: A Workstream Renamed/' content/workstreams/hpc.yaml
"$taskdoc" build --quiet 2>/dev/null
TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof"
t "then an unchanged rebuild takes every HTML file whole" grep -q " $pages HTML files" "$tmp/prof"
cp "$tmp/hpc0.yaml" content/workstreams/hpc.yaml
TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof"
out >"$tmp/f2"
t "a workstream's title back: the navigation of every page changes back" cmp -s "$tmp/f2" "$tmp/f2cold"
t "some pages' Markdown did not change, their HTML files did" grep -Eq ' [1-9][0-9]* pages whole from the cache, 0 HTML files' "$tmp/prof"
# a parsed document whose nodes were changed (same length) is read as it
# is only if it still reads as one: a wrong node id or type is a miss
rm -rf .cache && cp -r "$tmp/kept-cache" .cache
for f in .cache/taskdoc/yaml/*; do
	python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
head, rest = b.split(b"\n", 1)
# past the entry's length line and the document's first line: every byte
# that is a small number becomes a large one (a node id out of range)
at = rest.index(b"\n") + 1
for i in range(at, len(rest)):
    if rest[i] < 0x10:
        rest[i] = 0x7f
open(p, "wb").write(head + b"\n" + rest)
PY
done
from_damaged "parsed documents that do not read back are misses" d4
# a file with a mistake is never stored: its message comes at every run
# check, build, check: $1 is reported by the second check ($2: its
# message), which says what the first said
again_after_build() {
	"$taskdoc" check >"$tmp/c1" 2>&1
	"$taskdoc" build --quiet >/dev/null 2>&1
	"$taskdoc" check >"$tmp/c2" 2>&1
	t "$1 is reported again after a build" grep -q "$2" "$tmp/c2"
	t "with the same messages" cmp -s "$tmp/c1" "$tmp/c2"
}
cp content/workstreams/hpc.yaml "$tmp/hpc.yaml"
printf 'title: again\n' >>content/workstreams/hpc.yaml
again_after_build "a duplicate key" "hpc.yaml:.*title"
cp "$tmp/hpc.yaml" content/workstreams/hpc.yaml
# the checks a document passed are not made again only when its whole
# file loaded without a message: an unknown key, or mojibake (a warning),
# is reported at every run
sed -i '0,/status: todo/s//status: todo\n        colour: red/' content/workstreams/hpc.yaml
again_after_build "an unknown key" "hpc.yaml:.*unknown key 'colour'"
cp "$tmp/hpc.yaml" content/workstreams/hpc.yaml
sed -i '0,/^title: .*/s//title: Caf\xc3\x83\xc2\xa9 Infrastructure/' content/workstreams/hpc.yaml
"$taskdoc" build --quiet >/dev/null 2>&1
"$taskdoc" build >/dev/null 2>"$tmp/c3"
t "mojibake is reported again after a build" grep -q "hpc.yaml:.*mojibake" "$tmp/c3"
cp "$tmp/hpc.yaml" content/workstreams/hpc.yaml
"$taskdoc" build --quiet >/dev/null 2>&1

# a cache folder that is a file: ignored
rm -rf .cache && mkdir .cache && echo x >.cache/taskdoc
"$taskdoc" build --quiet 2>/dev/null
t "a cache that cannot be written: the build still succeeds" test $? -eq 0
out >"$tmp/d3"
t "and writes the same bytes" cmp -s "$tmp/d3" "$tmp/cold"

# two processes render the pages of a larger plan (over 512 kB of Markdown)
# exactly as one does, with and without the cache
mkdir -p "$tmp/big"
python3 "$root/bench/gen_plan.py" --tasks 1000 --files 10 --seed 7 --out "$tmp/big/content" >/dev/null 2>&1
printf 'content: content\nout:\n  markdown: docs/planning\n  html: site\nhistory: false\n' >"$tmp/big/taskdoc.yaml"
bigout() { (cd "$tmp/big" && find docs site -type f -exec md5sum {} + | sort -k2); }
(cd "$tmp/big" && TASKDOC_JOBS=1 "$taskdoc" build --quiet 2>/dev/null) && bigout >"$tmp/one"
rm -rf "$tmp/big/.cache"
(cd "$tmp/big" && TASKDOC_JOBS=2 TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof") && bigout >"$tmp/two"
t "a second process rendered some of the pages" grep -Eq 'sections +[0-9]+ rendered \([1-9][0-9]* by a second process\)' "$tmp/prof"
t "and the site is byte for byte the one process's" cmp -s "$tmp/one" "$tmp/two"
(cd "$tmp/big" && TASKDOC_JOBS=2 TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof") && bigout >"$tmp/three"
bigpages=$(find "$tmp/big/docs/planning" -name '*.md' | wc -l)
t "a warm rebuild takes every HTML file whole from the cache" grep -Eq "sections +0 rendered .*; 0 pages whole from the cache, $bigpages HTML files" "$tmp/prof"
t "and gives the same bytes" cmp -s "$tmp/one" "$tmp/three"

# one task changed: only the sections whose text changed are parsed again,
# and the site is the one a build from an empty cache makes
f=$(find "$tmp/big/content/workstreams" -name '*.yaml' | LC_ALL=C sort | head -n1)
python3 - "$f" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
open(p, "w").write(re.sub(r"status: todo\n", "status: in-progress\n", s, count=1))
PY
(cd "$tmp/big" && TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof") && bigout >"$tmp/four"
rendered=$(sed -n 's/.*sections *\([0-9]*\) rendered.*/\1/p' "$tmp/prof")
cached=$(sed -n 's/.*, \([0-9]*\) from the cache;.*/\1/p' "$tmp/prof")
t "one task changed: a few sections parsed again ($rendered), most from the cache ($cached)" \
	test "${rendered:-0}" -ge 1 -a "${rendered:-99}" -le 20 -a "${cached:-0}" -gt 100
t "and the site changed" test "$(cmp -s "$tmp/one" "$tmp/four"; echo $?)" -eq 1
rm -rf "$tmp/big/.cache"
(cd "$tmp/big" && "$taskdoc" build --quiet 2>/dev/null) && bigout >"$tmp/five"
t "as a build from an empty cache makes it" cmp -s "$tmp/four" "$tmp/five"

# Markdown pages kept (markdown/): a page whose template reads the same
# values as at the last build is not rendered again. A chain of edits of
# every kind, each built from the warm cache and, as the reference, from
# none (a copy of the input): the same bytes every time.
(cd "$tmp/big" && TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof")
t "a rebuild with nothing changed keeps the pages of one workstream each" \
	grep -Eq "pages +[1-9][0-9]* of $bigpages kept from the build before" "$tmp/prof"
t "markdown/ holds one entry per page" test "$(find "$tmp/big/.cache/taskdoc/markdown" -type f | wc -l)" -eq "$bigpages"
edit() { python3 - "$tmp/big" "$1" <<'PY'
import glob, os, random, re, sys
root, step = sys.argv[1], int(sys.argv[2])
rnd = random.Random(step)
files = sorted(glob.glob(os.path.join(root, "content/workstreams/*.yaml")))
f = files[rnd.randrange(len(files))]
s = open(f).read()
def sub(pat, rep):
    global s
    hits = list(re.finditer(pat, s, re.M))
    if hits:
        m = hits[rnd.randrange(len(hits))]
        s = s[:m.start()] + m.expand(rep) + s[m.end():]
kind = step % 9
if kind == 0:   # a title, which the pages of the tasks that depend on it show
    sub(r'^(        title: ")([^"]*)"', r'\g<1>\g<2> (edited)"')
elif kind == 1: # a status: ready and waiting lists, totals, satisfied marks
    sub(r'^(        status: )todo$', r'\g<1>done\n        done_on: 2025-06-01')
elif kind == 2: # an estimate: remaining work, slack, the critical path
    sub(r'^(        estimate: ).*$', r'\g<1>3d')
elif kind == 3: # a new task: a new id to link where a text names it (the
                # second time an id of a new kind, which a note already names)
    tid = "TASK-9%04d" % step if step < 10 else "OPS-7"
    sub(r'^(    tasks:\n)', r'\g<1>      - id: %s\n        title: "New work %d"\n        estimate: 2h\n        status: todo\n' % (tid, step))
elif kind == 4: # a dependency dropped
    sub(r'^        depends_on: \[.*\]\n', '')
elif kind == 5: # the project's title, which every page's frame shows
    p = os.path.join(root, "content/project.yaml")
    t = open(p).read()
    open(p, "w").write(re.sub(r'^(title: ")([^"]*)"', r'\g<1>\g<2> %d"' % step, t, count=1, flags=re.M))
elif kind == 6: # a workstream template of one's own, then its text edited
    d, c = os.path.join(root, "templates"), os.path.join(root, "taskdoc.yaml")
    src = open(os.path.join(os.environ["TD_ROOT"], "templates/workstream.md.tmpl")).read()
    if not os.path.isdir(d):
        os.mkdir(d)
        open(c, "a").write("templates: templates\n")
    open(os.path.join(d, "workstream.md.tmpl"), "w").write(src + "\nTemplate of step %d: {{number}}.\n" % step)
elif kind == 7: # a phase's objective, on its workstream's page alone
    sub(r'^(    objective: ")([^"]*)"', r'\g<1>Now: \g<2>"')
else:           # a note naming a task of another file, then that task moved to a
                # third file: the note's link changes, though nothing the
                # note's page reads does
    first, last = open(files[0]).read(), open(files[-1]).read()
    m = re.search(r'^      - id: (TASK-\d+)\n(?:        .*\n)+', last, re.M)
    if "See TASK-" not in first:
        first = re.sub(r'^(    tasks:\n)', r'\g<1>      - id: TASK-8000\n        title: "Follow up"\n        status: todo\n        notes: "See %s and OPS-7."\n' % m.group(1), first, count=1, flags=re.M)
        open(files[0], "w").write(first)
    else:
        moved = re.search(r'See (TASK-\d+)\.', first).group(1)
        m = re.search(r'^      - id: %s\n(?:        .*\n)+' % moved, last, re.M)
        open(files[-1], "w").write(last[:m.start()] + last[m.end():])
        mid = open(files[1]).read().rstrip("\n") + "\n" + m.group(0)
        open(files[1], "w").write(mid)
    s = open(f).read()
open(f, "w").write(s)
PY
}
same=0 kept=0 own=0
for step in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18; do
	TD_ROOT="$root" edit "$step"
	(cd "$tmp/big" && TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof") && bigout >"$tmp/warm$step"
	kept=$((kept + $(sed -n 's/.*pages *\([0-9]*\) of.*/\1/p' "$tmp/prof")))
	rm -rf "$tmp/ref" && mkdir -p "$tmp/ref" && cp -r "$tmp/big/content" "$tmp/big/taskdoc.yaml" "$tmp/ref/"
	test -d "$tmp/big/templates" && cp -r "$tmp/big/templates" "$tmp/ref/"
	(cd "$tmp/ref" && "$taskdoc" build --quiet 2>/dev/null && find docs site -type f -exec md5sum {} + | sort -k2) >"$tmp/ref$step"
	cmp -s "$tmp/warm$step" "$tmp/ref$step" && same=$((same + 1))
	grep -q "Template of step $step:" "$tmp/big/docs/planning/workstreams/ws000.md" && own=$((own + 1))
	grep -q "See \[TASK-" "$tmp/big/docs/planning/workstreams/ws000.md" && noted=1
done
t "18 edits of every kind: each warm build writes what a cold one does ($same of 18)" test "$same" -eq 18
t "while many pages were kept ($kept of $((18 * bigpages)))" test "$kept" -gt $((5 * bigpages))
t "and the template of one's own was used, as it was edited" test "${own:-0}" -eq 2
t "and the note's task id was linked" test "${noted:-0}" -eq 1
t "and so was the id it named before it was one" grep -q "\[OPS-7\](" "$tmp/big/docs/planning/workstreams/ws000.md"

# a plan of over 2 MB of YAML is parsed on two processes, and built and
# checked exactly as one process does it
mkdir -p "$tmp/huge"
python3 "$root/bench/gen_plan.py" --tasks 6000 --files 20 --seed 9 --out "$tmp/huge/content" >/dev/null 2>&1
printf 'content: content\nout:\n  markdown: docs/planning\n  html: site\nhistory: false\n' >"$tmp/huge/taskdoc.yaml"
hugeout() { (cd "$tmp/huge" && find docs site -type f -exec md5sum {} + | sort -k2); }
(cd "$tmp/huge" && TASKDOC_JOBS=1 "$taskdoc" build --quiet 2>/dev/null) && hugeout >"$tmp/h1"
rm -rf "$tmp/huge/.cache"
(cd "$tmp/huge" && TASKDOC_JOBS=2 TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof") && hugeout >"$tmp/h2"
t "a second process parsed some of a big plan's files" grep -Eq 'files +20 parsed ahead \([1-9][0-9]* by a second process\)' "$tmp/prof"
t "and the site is byte for byte the one process's" cmp -s "$tmp/h1" "$tmp/h2"
# its task objects are made on two threads (over 2,000 tasks): the same tree
(cd "$tmp/huge" && TASKDOC_JOBS=1 "$taskdoc" export >"$tmp/e1" 2>/dev/null)
(cd "$tmp/huge" && TASKDOC_JOBS=2 "$taskdoc" export >"$tmp/e2" 2>/dev/null)
t "the export made on two threads is the one thread's" cmp -s "$tmp/e1" "$tmp/e2"
t "and holds every task" test "$(grep -o '"workstream_title"' "$tmp/e2" | wc -l)" -ge 6000
(cd "$tmp/huge" && TASKDOC_JOBS=2 TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof")
t "a rebuild takes the files' documents from the cache, not parsed ahead" grep -Eq 'files +0 parsed ahead' "$tmp/prof"
# one file changed (the first, which the cache is asked about first):
# no second process is started to hash the others; every file changed:
# it is, as for a build without a cache
set -- $(find "$tmp/huge/content/workstreams" -name '*.yaml' | LC_ALL=C sort)
printf '# one\n' >>"$1"
(cd "$tmp/huge" && TASKDOC_JOBS=2 TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof") && hugeout >"$tmp/h3"
t "a rebuild after one file changed starts no second process to parse" grep -Eq 'files +0 parsed ahead \(0 by a second process\)' "$tmp/prof"
for f in "$@"; do printf '# all\n' >>"$f"; done
(cd "$tmp/huge" && TASKDOC_JOBS=2 TASKDOC_PROFILE=1 "$taskdoc" build --quiet 2>"$tmp/prof") && hugeout >"$tmp/h4"
t "one after every file changed does" grep -Eq 'files +20 parsed ahead \([1-9][0-9]* by a second process\)' "$tmp/prof"
t "and both build the same site (comments only)" cmp -s "$tmp/h3" "$tmp/h4"
# the task objects made when first read (docs/design.md): a build makes
# the site TASKDOC_EAGER_VIEW=1 (every object made at once) makes, from an
# empty cache and after one task changed, with the pages kept from before
eager_same() { # DIR OUTFN NAME: a warm build, then a cold eager one, compared
	(cd "$1" && "$taskdoc" build --quiet 2>/dev/null) && $2 >"$tmp/l1"
	rm -rf "$1/.cache"
	(cd "$1" && TASKDOC_EAGER_VIEW=1 "$taskdoc" build --quiet 2>/dev/null) && $2 >"$tmp/l2"
	t "$3: the site every task object made at once makes" cmp -s "$tmp/l1" "$tmp/l2"
}
flip() { # the first task of FILE that is todo starts, or the first started one is done
	python3 - "$1" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
n = re.sub(r"status: todo\b", "status: in-progress", s, count=1)
if n == s:
    n = re.sub(r"status: in-progress\b", "status: done", s, count=1)
open(sys.argv[1], "w").write(n)
PY
}
rm -rf "$tmp/huge/.cache"
eager_same "$tmp/huge" hugeout "6,000 tasks, from an empty cache"
set -- $(find "$tmp/huge/content/workstreams" -name '*.yaml' | LC_ALL=C sort)
flip "$1" && (cd "$tmp/huge" && "$taskdoc" build --quiet 2>/dev/null)
flip "$1" && flip "$3"
eager_same "$tmp/huge" hugeout "6,000 tasks, two changed"
mkdir -p "$tmp/real"
python3 "$root/tests/e2e/gen_real_plan.py" "$tmp/real/content"
printf 'out:\n  markdown: docs/planning\n  html: site\nhistory: false\n' >"$tmp/real/taskdoc.yaml"
realout() { (cd "$tmp/real" && find docs site -type f -exec md5sum {} + | sort -k2); }
eager_same "$tmp/real" realout "a real plan's shape, from an empty cache"
for f in "$tmp"/real/content/workstreams/*.yaml; do flip "$f"; done
eager_same "$tmp/real" realout "a real plan's shape, a task in each file changed"
# templates that print tasks whole (the json filter) and a page frame that
# reads them: each task made whole where it is read so
mkdir -p "$tmp/real/tpl"
cp "$root/templates/index.md.tmpl" "$root/templates/page.html.tmpl" "$tmp/real/tpl/"
cat >>"$tmp/real/tpl/index.md.tmpl" <<'EOT'

{{ready.0 | json}} {{#tasks}}{{#@first}}{{. | json}}{{/@first}}{{/tasks}}
{{#workstreams}}{{#phases}}{{#tasks}}{{#@last}}{{depends_on | json}} {{estimate.display}} {{criteria | json}}{{/@last}}{{/tasks}}{{/phases}}{{/workstreams}}
EOT
sed -i 's|</body>|<!-- {{tasks.1.title}} {{tasks.2 \| json}} --></body>|' "$tmp/real/tpl/page.html.tmpl"
printf 'templates: tpl\n' >>"$tmp/real/taskdoc.yaml"
eager_same "$tmp/real" realout "templates printing tasks whole, from an empty cache"
t "which print them" grep -q '"depends_on"' "$tmp/real/docs/planning/index.md"
flip "$(find "$tmp/real/content/workstreams" -name '*.yaml' | LC_ALL=C sort | head -n1)"
eager_same "$tmp/real" realout "templates printing tasks whole, a task changed"

# mistakes: the same messages in the same order (a file the loader has
# anything to say about is parsed again, in its turn)
set -- $(find "$tmp/huge/content/workstreams" -name '*.yaml' | LC_ALL=C sort)
printf 'extra_key: 1\n' >>"$2"  # an unknown key: said while the model is made
printf 'title: again\n' >>"$3"  # a duplicate key: said by the loader
printf '  - [unclosed\n' >>"$4" # a syntax error
rm -rf "$tmp/huge/.cache"
(cd "$tmp/huge" && TASKDOC_JOBS=1 "$taskdoc" check >"$tmp/c1" 2>&1)
r1=$?
rm -rf "$tmp/huge/.cache"
(cd "$tmp/huge" && TASKDOC_JOBS=2 "$taskdoc" check >"$tmp/c2" 2>&1)
r2=$?
t "check of a plan with mistakes, on two processes: the same failure" test "$r1" -eq "$r2" -a "$r1" -ne 0
t "and the same messages in the same order" cmp -s "$tmp/c1" "$tmp/c2"
t "which name each mistake" grep -q "duplicate key 'title'" "$tmp/c2"

echo "$pass passed, $fail failed"
test "$fail" -eq 0
