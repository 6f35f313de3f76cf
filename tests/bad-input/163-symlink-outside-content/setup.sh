# shellcheck shell=bash
set -e
mkdir -p content/workstreams
# a workstream file that is a link to a file outside the project (the
# case's folder): its contents would be published; taskdoc does not follow it
printf 'id: secret\ntitle: S\nphases: []\n' >../outside.yaml
ln -s "$(cd .. && pwd)/outside.yaml" content/workstreams/w.yaml
