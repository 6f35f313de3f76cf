/* history.h - git history of the content (libgit2). */
#ifndef TD_HISTORY_H
#define TD_HISTORY_H

#include "core/core.h"

/* The date of HEAD's commit in the repository holding content_dir, in the
 * commit's own time zone. Returns 0, or -1 when there is no repository or
 * no commit. *shallow tells whether the clone is shallow. */
int td_history_head_date(const char *content_dir, td_date *out, bool *shallow);

#endif
