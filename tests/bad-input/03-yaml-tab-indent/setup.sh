# shellcheck shell=bash
set -e
# a tab where YAML wants spaces (written here so editors do not "fix" it)
mkdir -p content/workstreams
printf 'id: x\ntitle: X\nphases:\n\t- id: p1\n\t  title: P1\n' > content/workstreams/x.yaml
