# shellcheck shell=bash
set -e
# phases: [[[[...]]]] 10,000 deep. libyaml 0.2.5 accepts it (no depth
# limit, and is quadratic in it); taskdoc stops at 256 levels: one clear error.
mkdir -p content/workstreams
{
	printf 'id: x\ntitle: X\nphases: '
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "" }'
} > content/workstreams/x.yaml
