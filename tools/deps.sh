#!/usr/bin/env bash
# Installs the Debian packages taskdoc needs that are not installed yet.
#   tools/deps.sh          build and run
#   tools/deps.sh --test   also what the test suite uses
#   tools/deps.sh --bench  also what bench/run.sh compares taskdoc with
#                          (hugo, the cmark-gfm CLI, MkDocs Material, hyperfine)
# Both flags may be given: tools/deps.sh --test --bench.
set -euo pipefail
test_deps=false bench_deps=false
for a in "$@"; do
  case $a in
    --test) test_deps=true ;;
    --bench) bench_deps=true ;;
    *) echo "usage: tools/deps.sh [--test] [--bench]" >&2; exit 2 ;;
  esac
done
pkgs=(build-essential cmake pkg-config git
      libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libgraphviz-dev
      libgit2-dev libjansson-dev libcmocka-dev libmicrohttpd-dev)
if $test_deps; then
  pkgs+=(python3 python3-yaml valgrind mkdocs mkdocs-material python3-pymdownx)
  # emoji of the large MkDocs extension set (tests/e2e/test_mkdocs_ext.sh)
  pkgs+=(mkdocs-material-extensions)
  # taskdoc schema is checked by a real JSON Schema validator (tests/e2e/test_schema.sh)
  pkgs+=(python3-jsonschema)
  # the HTML site is checked in a real browser (tests/e2e/test_html*.sh)
  pkgs+=(chromium python3-markdown)
  # evidence is read as these tools write it (tests/e2e/test_evidence.sh runs them)
  pkgs+=(fio hyperfine)
  # the fuzz harnesses (tests/fuzz/run.sh): clang with libFuzzer's runtime
  pkgs+=(clang libclang-rt-14-dev)
fi
if $bench_deps; then
  pkgs+=(python3 git hyperfine time mkdocs mkdocs-material python3-pymdownx hugo cmark-gfm)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "tools/deps.sh: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
