# shellcheck shell=bash
set -e
# "Café" saved as Latin-1: the byte 0xe9 is not UTF-8
mkdir -p content/workstreams
printf 'id: x\ntitle: Caf\351 plan\nphases: []\n' > content/workstreams/x.yaml
