# the bundled plan with hpc.yaml padded to 17 MB: refused unread, so its
# ids are unknown, and references to any id are not reported
cp -R "$(dirname "${BASH_SOURCE[0]}")/../../../content" .
yes '# padding padding padding padding padding padding padding padding padding' | head -c 17825792 >>content/workstreams/hpc.yaml
