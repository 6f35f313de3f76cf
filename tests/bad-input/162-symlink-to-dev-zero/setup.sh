# shellcheck shell=bash
set -e
# a link to /dev/zero: reading it would never end (4 GB before)
ln -s /dev/zero content/workstreams/w.yaml
