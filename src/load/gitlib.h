/*
 * gitlib.h - libgit2, opened when a run first needs git rather than linked.
 *
 * Linked, libgit2 and what it brings (mbedTLS, libssh2, Kerberos, OpenSSL's
 * libcrypto, PCRE2, ...) took 6 ms to load in every taskdoc process, and
 * starting it parses the system's CA bundle: together a fifth of building a
 * small plan, whose git facts usually come from the build cache
 * (docs/history.md). So a file that calls libgit2 includes this header
 * after <git2.h>: each function it names is then called through a pointer
 * that td_git_start fills with dlopen and dlsym. The header still gives
 * every type, so a mismatch fails to compile; a function missing from this
 * list fails to link.
 */
#ifndef TD_GITLIB_H
#define TD_GITLIB_H

#include <git2.h>
#include <stdbool.h>

#define TD_GIT_FUNCS(X) \
	X(git_blob_free) \
	X(git_blob_lookup) \
	X(git_blob_rawcontent) \
	X(git_blob_rawsize) \
	X(git_buf_dispose) \
	X(git_commit_free) \
	X(git_commit_id) \
	X(git_commit_lookup) \
	X(git_commit_parent) \
	X(git_commit_parentcount) \
	X(git_commit_time) \
	X(git_commit_time_offset) \
	X(git_commit_tree) \
	X(git_commit_tree_id) \
	X(git_error_clear) \
	X(git_error_last) \
	X(git_libgit2_init) \
	X(git_libgit2_opts) \
	X(git_libgit2_shutdown) \
	X(git_object_free) \
	X(git_oid_cmp) \
	X(git_oid_cpy) \
	X(git_oid_equal) \
	X(git_oid_is_zero) \
	X(git_oid_tostr) \
	X(git_reference_name_to_id) \
	X(git_repository_discover) \
	X(git_repository_free) \
	X(git_repository_hashfile) \
	X(git_repository_head_detached) \
	X(git_repository_is_bare) \
	X(git_repository_is_shallow) \
	X(git_repository_open_ext) \
	X(git_repository_path) \
	X(git_repository_workdir) \
	X(git_revparse_single) \
	X(git_tree_entry_byindex) \
	X(git_tree_entry_byname) \
	X(git_tree_entry_bypath) \
	X(git_tree_entry_filemode) \
	X(git_tree_entry_free) \
	X(git_tree_entry_id) \
	X(git_tree_entry_name) \
	X(git_tree_entry_type) \
	X(git_tree_entrycount) \
	X(git_tree_free) \
	X(git_tree_lookup) \

extern struct td_gitlib {
#define X(name) __typeof__(name) *name;
	TD_GIT_FUNCS(X)
#undef X
} td_gitlib;

/* Opens libgit2 and starts it, the first time (later calls answer as the
 * first did); it stays started until the process exits. false when the
 * library cannot be loaded: td_gitlib_error() then says why. */
bool td_git_start(void);
const char *td_gitlib_error(void);

/* gitlib.c itself needs the names unchanged */
#ifndef TD_GITLIB_IMPL
#define git_blob_free (td_gitlib.git_blob_free)
#define git_blob_lookup (td_gitlib.git_blob_lookup)
#define git_blob_rawcontent (td_gitlib.git_blob_rawcontent)
#define git_blob_rawsize (td_gitlib.git_blob_rawsize)
#define git_buf_dispose (td_gitlib.git_buf_dispose)
#define git_commit_free (td_gitlib.git_commit_free)
#define git_commit_id (td_gitlib.git_commit_id)
#define git_commit_lookup (td_gitlib.git_commit_lookup)
#define git_commit_parent (td_gitlib.git_commit_parent)
#define git_commit_parentcount (td_gitlib.git_commit_parentcount)
#define git_commit_time (td_gitlib.git_commit_time)
#define git_commit_time_offset (td_gitlib.git_commit_time_offset)
#define git_commit_tree (td_gitlib.git_commit_tree)
#define git_commit_tree_id (td_gitlib.git_commit_tree_id)
#define git_error_clear (td_gitlib.git_error_clear)
#define git_error_last (td_gitlib.git_error_last)
#define git_libgit2_init (td_gitlib.git_libgit2_init)
#define git_libgit2_opts (td_gitlib.git_libgit2_opts)
#define git_libgit2_shutdown (td_gitlib.git_libgit2_shutdown)
#define git_object_free (td_gitlib.git_object_free)
#define git_oid_cmp (td_gitlib.git_oid_cmp)
#define git_oid_cpy (td_gitlib.git_oid_cpy)
#define git_oid_equal (td_gitlib.git_oid_equal)
#define git_oid_is_zero (td_gitlib.git_oid_is_zero)
#define git_oid_tostr (td_gitlib.git_oid_tostr)
#define git_reference_name_to_id (td_gitlib.git_reference_name_to_id)
#define git_repository_discover (td_gitlib.git_repository_discover)
#define git_repository_free (td_gitlib.git_repository_free)
#define git_repository_hashfile (td_gitlib.git_repository_hashfile)
#define git_repository_head_detached (td_gitlib.git_repository_head_detached)
#define git_repository_is_bare (td_gitlib.git_repository_is_bare)
#define git_repository_is_shallow (td_gitlib.git_repository_is_shallow)
#define git_repository_open_ext (td_gitlib.git_repository_open_ext)
#define git_repository_path (td_gitlib.git_repository_path)
#define git_repository_workdir (td_gitlib.git_repository_workdir)
#define git_revparse_single (td_gitlib.git_revparse_single)
#define git_tree_entry_byindex (td_gitlib.git_tree_entry_byindex)
#define git_tree_entry_byname (td_gitlib.git_tree_entry_byname)
#define git_tree_entry_bypath (td_gitlib.git_tree_entry_bypath)
#define git_tree_entry_filemode (td_gitlib.git_tree_entry_filemode)
#define git_tree_entry_free (td_gitlib.git_tree_entry_free)
#define git_tree_entry_id (td_gitlib.git_tree_entry_id)
#define git_tree_entry_name (td_gitlib.git_tree_entry_name)
#define git_tree_entry_type (td_gitlib.git_tree_entry_type)
#define git_tree_entrycount (td_gitlib.git_tree_entrycount)
#define git_tree_free (td_gitlib.git_tree_free)
#define git_tree_lookup (td_gitlib.git_tree_lookup)
#endif

#endif
