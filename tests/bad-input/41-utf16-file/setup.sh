# shellcheck shell=bash
set -e
# "id: x" saved as UTF-16LE with a byte order mark
mkdir -p content/workstreams
printf '\377\376i\000d\000:\000 \000x\000\n\000' > content/workstreams/x.yaml
