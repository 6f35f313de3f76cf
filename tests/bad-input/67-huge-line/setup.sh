# shellcheck shell=bash
set -e
# one task written as a flow mapping on a single 1 MB line; the error is at
# its end, so the column must be counted right
mkdir -p content/workstreams
{
	printf 'id: x\ntitle: X\nphases:\n  - id: p1\n    title: P1\n    tasks:\n      - {id: T1, title: '
	head -c 1000000 /dev/zero | tr '\0' a
	printf ', status: finished}\n'
} > content/workstreams/x.yaml
