# shellcheck shell=bash
set -e
mkdir -p content/workstreams
printf 'id: x\ntitle: X\000Y\nphases: []\n' > content/workstreams/x.yaml
