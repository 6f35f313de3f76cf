# shellcheck shell=bash
set -e
mkdir -p content/workstreams
# a link to /dev/zero: reading it would never end (4 GB before)
ln -s /dev/zero content/workstreams/w.yaml
