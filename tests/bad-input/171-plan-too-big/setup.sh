# nine workstream files of 15 MB each (each under the 16 MB file limit):
# 135 MB in all, over the plan limit, refused before any file is parsed
mkdir -p content/workstreams
printf 'name: demo\n' >content/project.yaml
for i in 1 2 3 4 5 6 7 8 9; do
  { printf 'id: w%d\ntitle: W\nphases: []\n' "$i"; yes '# padding padding padding padding padding padding padding padding' | head -c 15728640; } >"content/workstreams/w$i.yaml"
done
