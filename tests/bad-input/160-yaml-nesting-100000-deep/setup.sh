# shellcheck shell=bash
set -e
mkdir -p content/workstreams
# {a: {a: ... 100,000 deep: libyaml is quadratic in flow nesting (155 s
# for 500 kB before the cap)
python3 -c 'import sys; sys.stdout.write("id: " + "{a: " * 100000 + "1" + "}" * 100000 + "\n")' >content/workstreams/w.yaml
