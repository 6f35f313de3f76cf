#!/usr/bin/env bash
# build --check writes nothing and exits 1 listing what build would change;
# the MkDocs nav does not change when only time passes (new weeks, months).
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }
snap() { (cd "$tmp/p" && find . -path ./.git -prune -o -type f -printf '%p %s %T@\n' | sort | md5sum); }

mkdir -p "$tmp/p/mkdocs-compat"
cp -r "$root/content" "$tmp/p/content"
cp "$root/taskdoc.yaml" "$tmp/p/"
cp "$root/mkdocs-compat/mkdocs.yml" "$tmp/p/mkdocs-compat/"
cd "$tmp/p" || exit 1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
git init -q . && git add content && GIT_AUTHOR_DATE=2025-11-03T10:00:00Z GIT_COMMITTER_DATE=2025-11-03T10:00:00Z git commit -qm plan

before=$(snap)
"$taskdoc" build --check >"$tmp/out" 2>"$tmp/err"
t "--check before any build: exit 1" test $? -eq 1
t "--check wrote nothing" test "$before" = "$(snap)"
t "--check lists a page that would be created" grep -q '^docs/planning/index.md: would be created$' "$tmp/out"
t "--check says how many" grep -q 'files out of date; run taskdoc build' "$tmp/err"

"$taskdoc" build --quiet
t "build" test $? -eq 0
"$taskdoc" build --check >"$tmp/out" 2>"$tmp/err"
t "--check after build: exit 0" test $? -eq 0
t "--check after build: nothing listed" test ! -s "$tmp/out"

sed -i 's/^title: Cloud Cluster Implementation$/title: Cloud Cluster Work/' content/workstreams/cloud.yaml
before=$(snap)
"$taskdoc" build --check >"$tmp/out" 2>/dev/null
t "--check after an edit: exit 1" test $? -eq 1
t "--check after an edit: lists the page" grep -q '^docs/planning/workstreams/cloud.md: would change$' "$tmp/out"
t "--check after an edit: lists the HTML page" grep -q '^site/workstreams/cloud.html: would change$' "$tmp/out"
t "--check after an edit: retitled nav" grep -q '^mkdocs-compat/mkdocs.yml: would change$' "$tmp/out"
t "--check after an edit: wrote nothing" test "$before" = "$(snap)"
"$taskdoc" build --quiet
# a file the last run wrote that this one would not: build removes it
echo old >docs/planning/stale.md && echo stale.md >>docs/planning/.taskdoc-manifest
"$taskdoc" build --check >"$tmp/out" 2>"$tmp/err"
t "--check lists a file that would be removed" grep -q '^docs/planning/stale.md: would be removed$' "$tmp/out"
t "--check lists the manifest" grep -q '^docs/planning/.taskdoc-manifest: would change$' "$tmp/out"
t "and did not remove it" test -f docs/planning/stale.md
echo 'title: [' >>content/project.yaml
"$taskdoc" build --check >"$tmp/out" 2>"$tmp/err"
t "--check with plan errors: exit 1" test $? -eq 1
git checkout -q content

# Time passes: more weekly reports and archive months, the same nav.
"$taskdoc" --as-of 2025-11-10 build --quiet
cp mkdocs-compat/mkdocs.yml "$tmp/nav1"
"$taskdoc" --as-of 2026-01-20 build --quiet
t "weeks later: more weekly reports" test "$(ls docs/planning/reports/weekly | wc -l)" -gt 2
t "weeks later: mkdocs.yml unchanged" cmp -s "$tmp/nav1" mkdocs-compat/mkdocs.yml
t "the nav lists the weekly index, not the weeks" bash -c "grep -q 'Weekly reports: reports/weekly/index.md' mkdocs-compat/mkdocs.yml && ! grep -q 'reports/weekly/20' mkdocs-compat/mkdocs.yml"
t "the HTML nav still lists a week" grep -q 'reports/weekly/20' site/index.html

echo "$pass passed, $fail failed"
test "$fail" -eq 0
