# shellcheck shell=bash
set -e
mkdir -p content/workstreams
# a named pipe where a workstream file goes: reading it would wait forever
mkfifo content/workstreams/w.yaml
