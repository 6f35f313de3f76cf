/*
 * site.h - the write stage: puts rendered files into the output folders
 * (only changed files are touched, each replaced atomically, nothing
 * outside the folder) and keeps the MkDocs navigation in step.
 * The user-facing rules are in docs/output.md.
 */
#ifndef TD_SITE_H
#define TD_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"
#include "render/outset.h"
#include "view/sitemap.h"

/* The name of the list of generated files kept in the output folder. */
#define TD_SITE_MANIFEST ".taskdoc-manifest"

typedef struct td_site_stats {
	size_t written;   /* new or changed files */
	size_t unchanged; /* identical content, left alone */
	size_t removed;   /* written by the previous run, not by this one */
} td_site_stats;

/* Writes every file of set below dir (created with its parents if missing).
 * Identical files are not touched; new and changed ones are written to a
 * temporary file in the same folder and renamed over the old one; files
 * the previous run wrote (dir/.taskdoc-manifest) that are not in set are
 * removed, and folders that leaves empty; the manifest is rewritten if it
 * changed. Nothing is written unless every path is valid (relative, no
 * "", "." or ".." component, no backslash, no duplicate, no file that is
 * also a folder), no existing component below dir is a symbolic link, and
 * no file to be written exists without being in the manifest (unless it
 * already holds the new bytes or is an HTML page with taskdoc's marker);
 * dir must not be "", ".", "/" or the current folder. Symbolic links below
 * dir are never followed.
 * With a cache (may be NULL), a file with a key (td_outfile) that is as
 * this function left or found it last time, with the bytes of that key,
 * is known unchanged without being read (site/written.h).
 * Returns 0, or -1 with error diagnostics (file = the path concerned).
 * stats (may be NULL) receives the counts, also when -1 is returned. */
int td_site_write(const char *dir, const td_outset *set, const td_kv *cache, td_site_stats *stats,
                  td_diags *diags);

/* What td_site_write would do to one file. */
typedef enum { TD_SITE_CREATE, TD_SITE_CHANGE, TD_SITE_REMOVE } td_site_change;

/* Calls fn(ud, what, path) for each file of dir that td_site_write(dir,
 * set) would create, change or remove (the manifest included), in path
 * order, and writes nothing. path is dir + "/" + the file's path.
 * Returns the number of such files, or -1 with a diagnostic when dir or
 * its manifest cannot be read. */
int td_site_check(const char *dir, const td_outset *set, const td_kv *cache,
                  void (*fn)(void *ud, td_site_change what, const char *path), void *ud, td_diags *diags);

/* The prefix of the temporary files td_site_write writes before renaming
 * them; such a file left by a killed build is removed by the next one. */
#define TD_SITE_TMP_PREFIX ".taskdoc-tmp."

/* Takes the build lock of the project (an flock on the current folder),
 * waiting while another build holds it, so that the files and navigation of
 * two builds never mix. Returns a descriptor for td_site_unlock, or -1 with
 * a diagnostic. */
int td_site_lock(td_diags *diags);
/* Releases the lock (fd may be -1). */
void td_site_unlock(int fd);

/* ---- the build cache (cache.c) ---- */

/* A td_kv kept in files below dir (taskdoc.yaml `cache:`, default
 * .cache/taskdoc): dir/NS/<hash of the key>, holding the whole key and the
 * value, each written through a temporary file and rename. Any file of it
 * may be deleted at any time; what cannot be read is a miss, what cannot
 * be written is only slower. */
typedef struct td_filecache td_filecache;
td_filecache *td_filecache_open(const char *dir, bool readonly); /* readonly: stores nothing */
void td_filecache_kv(td_filecache *c, td_kv *kv);
/* Removes the entries of ns that this run neither found nor stored, so
 * the cache holds what the last build used, not every build's. A part the
 * run did not use at all is left alone. */
void td_filecache_sweep(td_filecache *c, const char *ns);
void td_filecache_free(td_filecache *c); /* accepts NULL */

/* ---- MkDocs navigation ---- */


/* td_mkdocs_nav_rewrite's return value when the text has no nav (or `nav:`
 * is empty): MkDocs then lists every page by itself. */
#define TD_MKDOCS_NONAV 1

/* Rewrites the mkdocs.yml text[0..len) so that the top-level `nav:` list has
 * one entry "- section:" whose children are pages[0..npages); page paths
 * are prefixed with prefix + "/" (prefix "" or NULL: no prefix; paths with
 * "://" are left as they are). The old entry (the first top-level item whose
 * key is section) is replaced, else a new one is appended after the last
 * item, with the list's indentation, dash style and line endings; every
 * other byte stays as it was. file names the text in diagnostics.
 * Returns 0 with the new text in out (cleared first; caller frees),
 * TD_MKDOCS_NONAV with out holding text unchanged, or -1 with a diagnostic
 * (file:line:col when the problem is in the YAML). */
int td_mkdocs_nav_rewrite(td_buf *out, const char *file, const char *text, size_t len, const char *prefix,
                          const char *section, const td_nav *pages, size_t npages, td_diags *diags);

/* Updates the file mkdocs_yml in place with td_mkdocs_nav_rewrite. The
 * prefix is out_markdown (relative to the current folder) relative to the
 * file's docs_dir (default "docs", relative to the file's folder); an
 * out_markdown outside docs_dir is an error. The file is rewritten (temporary
 * file + rename, permissions kept) only if its text changed.
 * changed (may be NULL) says whether it was rewritten; why (may be NULL)
 * gets a static note when it was not (no nav, already up to date) or NULL.
 * Returns 0, or -1 with a diagnostic. */
int td_mkdocs_update_nav(const char *mkdocs_yml, const char *out_markdown, const char *section,
                         const td_nav *pages, size_t npages, bool *changed, const char **why,
                         td_diags *diags);

/* As td_mkdocs_update_nav, but writes nothing: changed says whether it
 * would rewrite the file. */
int td_mkdocs_check_nav(const char *mkdocs_yml, const char *out_markdown, const char *section,
                        const td_nav *pages, size_t npages, bool *changed, td_diags *diags);

#endif
