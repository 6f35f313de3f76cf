# the bundled plan, whose evidence names tasks of hpc.yaml, with a tab in
# hpc.yaml: the syntax error is the one error, the evidence's references
# to the tasks it would define are not reported as unknown
cp -R "$(dirname "${BASH_SOURCE[0]}")/../../../content" .
printf '\tbad: [\n' >>content/workstreams/hpc.yaml
