# a repository, so that the only message is the error (no "no git history")
mkdir -p docs
git init -q . && git add -A &&
  GIT_AUTHOR_DATE=2026-01-05T10:00:00Z GIT_COMMITTER_DATE=2026-01-05T10:00:00Z \
  git -c user.name=t -c user.email=t@example.com commit -qm plan
