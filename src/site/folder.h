/*
 * folder.h - writes a whole new folder at once (taskdoc import): every file
 * goes into a temporary sibling folder, which is then renamed into place,
 * so a failure leaves nothing half-written.
 */
#ifndef TD_SITE_FOLDER_H
#define TD_SITE_FOLDER_H

#include "core/core.h"
#include "render/outset.h"

/* Is dir missing, or an empty folder? (-1: it exists and is not a folder) */
int td_folder_is_empty(const char *dir);

/*
 * Writes the files (paths relative, '/'-separated: "project.yaml",
 * "workstreams/hpc.yaml") as the folder dir. When dir is missing or empty,
 * the temporary sibling becomes dir. When dir holds files (allowed only
 * with replace): the top-level entries the new set has (project.yaml,
 * workstreams/) replace the old ones, each by one rename, and everything
 * else in dir (evidence/, a README) stays. Names must be relative with no
 * "", "." or ".." part. Returns 0, or -1 with an error diagnostic; the
 * temporary folder is removed either way.
 */
int td_folder_write(const char *dir, const td_outset *files, bool replace, td_diags *diags);

/*
 * Replaces each file of files (paths as given: relative to the working
 * folder, or absolute) by its new text: each is written to ".NAME.taskdoc-tmp"
 * beside it and synced, then all are renamed into place in the set's order
 * (a missing parent folder is created, one level). When a write fails
 * nothing is changed. Returns 0, or -1 with an error diagnostic.
 */
int td_files_replace(const td_outset *files, td_diags *diags);

#endif
