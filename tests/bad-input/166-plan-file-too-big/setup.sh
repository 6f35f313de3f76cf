# a 17 MB workstream file (comments after the plan): refused before it is read
yes '# padding padding padding padding padding padding padding padding padding' | head -c 17825792 >> content/workstreams/x.yaml
