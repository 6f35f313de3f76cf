# shellcheck shell=bash
set -e
# a mapping with 80,000 keys (about 1 MB): must be checked in well under the
# time limit, not in quadratic time
mkdir -p content/workstreams
{
	printf 'id: x\ntitle: X\nphases: []\nsummary:\n'
	awk 'BEGIN { for (i = 0; i < 80000; i++) printf "  k%d: v\n", i }'
} > content/workstreams/x.yaml
