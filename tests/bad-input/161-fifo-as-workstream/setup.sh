# shellcheck shell=bash
set -e
# a named pipe where a workstream file goes: reading it would wait forever
mkfifo content/workstreams/w.yaml
