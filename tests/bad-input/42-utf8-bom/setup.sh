# shellcheck shell=bash
set -e
# a UTF-8 byte order mark (Windows editors add one) is valid: only the bad
# status on line 7 is an error
mkdir -p content/workstreams
printf '\357\273\277id: x\ntitle: X\nphases:\n  - id: p1\n    title: P1\n    tasks:\n      - {id: T1, title: T, status: nope}\n' > content/workstreams/x.yaml
