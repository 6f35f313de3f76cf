# git.sh - sourced by the e2e scripts that make repositories: git with a
# fixed identity, the branch main and no signing, whatever the machine's
# configuration says, and commits at fixed dates.

# g ARGS...: git as the tests run it
g() { git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }
# commit REPO DATE MESSAGE: every change in REPO, at DATE (author and committer)
commit() { g -C "$1" add -A && GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" g -C "$1" commit -q -m "$3"; }
