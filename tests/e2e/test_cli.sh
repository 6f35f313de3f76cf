#!/usr/bin/env bash
# The command line as a user meets it: help for every command (ending with
# an example), taskdoc help COMMAND, colour only on a terminal and never
# with NO_COLOR, and the bash completion (zsh and fish are syntax-checked
# when those shells are installed).
set -uo pipefail
taskdoc=$(realpath "${1:?usage: $0 /path/to/taskdoc}")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
t() { local name=$1; shift; if "$@"; then pass=$((pass + 1)); echo "ok - $name"; else fail=$((fail + 1)); echo "not ok - $name"; fi; }

cmds="check export build graph burndown report init serve schema"
for c in $cmds; do
  if [ "$c" = report ]; then "$taskdoc" report weekly --help >"$tmp/h1"; else "$taskdoc" "$c" --help >"$tmp/h1"; fi
  t "$c --help exits 0" test $? -eq 0
  t "$c --help ends with an example" bash -c "tail -2 '$tmp/h1' | head -1 | grep -qx 'Example:' && tail -1 '$tmp/h1' | grep -q '^  taskdoc '"
  "$taskdoc" help "$c" >"$tmp/h2"
  t "help $c is $c --help" cmp -s "$tmp/h1" "$tmp/h2"
  t "taskdoc --help lists $c" bash -c "'$taskdoc' --help | grep -q '^  $c'"
done
t "taskdoc --help ends with an example" bash -c "'$taskdoc' --help | tail -1 | grep -q '^  taskdoc '"
"$taskdoc" help nosuch 2>"$tmp/err"
t "help of an unknown command is a usage error" test $? -eq 2

# colour: a plan with an error, run on a pseudo-terminal and through a pipe
mkdir -p "$tmp/p/content/workstreams"
printf 'name: p\nbogus: 1\n' >"$tmp/p/content/project.yaml"
pty() { # env... -- runs taskdoc check on a pty, prints what it wrote
  python3 - "$@" <<'PY'
import os, pty, sys
env = dict(os.environ)
args = sys.argv[1:]
while args and "=" in args[0]:
    k, v = args.pop(0).split("=", 1); env[k] = v
pid, fd = pty.fork()
if pid == 0:
    os.execve(args[0], args, env)
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
PY
}
pty TERM=xterm "$taskdoc" -C "$tmp/p" check >"$tmp/tty"
t "on a terminal: coloured" grep -q $'\033\\[1;31merror' "$tmp/tty"
pty TERM=xterm NO_COLOR=1 "$taskdoc" -C "$tmp/p" check >"$tmp/tty"
t "NO_COLOR: no colour" bash -c "! grep -q $'\033' '$tmp/tty' && grep -q ': error: ' '$tmp/tty'"
pty TERM=dumb "$taskdoc" -C "$tmp/p" check >"$tmp/tty"
t "TERM=dumb: no colour" bash -c "! grep -q $'\033' '$tmp/tty'"
"$taskdoc" -C "$tmp/p" check 2>"$tmp/pipe"
t "through a pipe: no colour" bash -c "! grep -q $'\033' '$tmp/pipe' && grep -q ': error: ' '$tmp/pipe'"

# bash completion
comp() { # words... : prints the completions of the last word
  bash -c 'source "$1"; shift; cd "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _taskdoc; echo "${COMPREPLY[*]}"' \
    _ "$root/completions/taskdoc.bash" "$root" "$@"
}
t "bash: subcommands" test "$(comp taskdoc se)" = "serve"
t "bash: every subcommand" bash -c "test \$(echo '$(comp taskdoc '')' | wc -w) -ge 10"
t "bash: options of build" test "$(comp taskdoc build --)" = "--quiet --check --help"
t "bash: formats of check" test "$(comp taskdoc check --format '')" = "text github json"
t "bash: workstream ids" test "$(comp taskdoc graph --workstream '')" = "cloud code-quality hpc mlops"
t "bash: ISO weeks" bash -c "echo '$(comp taskdoc report weekly --week '')' | grep -qE '^[0-9]{4}-W[0-9]{2} '"
t "bash: options of archive" test "$(comp taskdoc archive --)" = "--workstream --phase --before --dry-run --help"
t "taskdoc help archive is archive --help" bash -c "'$taskdoc' help archive | grep -q '^usage: taskdoc archive'"
t "bash: options of import" test "$(comp taskdoc import --)" = "--output --force --history --name --help"
t "bash: import offers Markdown pages" bash -c "echo '$(comp taskdoc import README)' | grep -qw README.md"
t "bash: schema kinds" test "$(comp taskdoc schema '')" = "project workstream config evidence --help"
if command -v zsh >/dev/null; then t "zsh completion parses" zsh -n "$root/completions/_taskdoc"; fi
if command -v fish >/dev/null; then t "fish completion parses" fish --no-execute "$root/completions/taskdoc.fish"; fi

echo "$pass passed, $fail failed"
test "$fail" -eq 0
