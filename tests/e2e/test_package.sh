#!/usr/bin/env bash
# cmake --install puts the binary, man page and completions under a prefix;
# cpack -G DEB makes a .deb with exactly those, depending on runtime
# library packages only (never a -dev package).
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
build=$(dirname "$taskdoc")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }
files="bin/taskdoc share/man/man1/taskdoc.1.gz share/bash-completion/completions/taskdoc
share/zsh/vendor-completions/_taskdoc share/fish/vendor_completions.d/taskdoc.fish"

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1
t "cmake --install --prefix" test $? -eq 0
for f in $files; do t "installed $f" test -s "$tmp/prefix/$f"; done
t "the installed binary runs" bash -c "'$tmp/prefix/bin/taskdoc' --version | grep -q '^taskdoc '"
t "the man page is gzip" bash -c "gzip -dc '$tmp/prefix/share/man/man1/taskdoc.1.gz' | head -5 | grep -q '^\.TH'"

command -v dpkg-deb >/dev/null || { echo "dpkg-deb is missing"; exit 1; }
(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg") >"$tmp/cpack.log" 2>&1
t "cpack -G DEB" test $? -eq 0 || cat "$tmp/cpack.log"
deb=$(ls "$tmp"/pkg/*.deb 2>/dev/null | head -1)
t "a .deb was made" test -n "$deb"
if [ -n "$deb" ]; then
  dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/contents"
  for f in $files; do t "the .deb has /usr/$f" grep -qx "./usr/$f" "$tmp/contents"; done
  dep=$(dpkg-deb -f "$deb" Depends)
  echo "# Depends: $dep"
  t "it has dependencies" test -n "$dep"
  t "no -dev package among them" bash -c "! echo '$dep' | tr ',' '\n' | grep -q -- '-dev\b'"
  for lib in libyaml libjansson libgit2 libcmark-gfm libmicrohttpd libgvc libcgraph; do
    t "depends on $lib" bash -c "echo '$dep' | grep -q '$lib'"
  done
  t "package name and version" test "$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')" = "Package: taskdoc Version: 0.1.0 "
  mkdir "$tmp/x" && dpkg-deb -x "$deb" "$tmp/x"
  t "the packaged binary runs" bash -c "'$tmp/x/usr/bin/taskdoc' --version | grep -q '^taskdoc '"
fi

echo "$pass passed, $fail failed"
test "$fail" -eq 0
