/*
 * serve.h - what `taskdoc serve` needs besides the pipeline: an HTTP server
 * for one folder (libmicrohttpd) with live reload, and a watcher of files
 * and folders (inotify). It knows nothing of plans or pages: cmd/serve.c
 * composes it with the build (docs/design.md, "Where serve lives").
 */
#ifndef TD_SERVE_H
#define TD_SERVE_H

#include <stdbool.h>

#include "core/core.h"

typedef struct td_server td_server;

/* Starts serving the files below root (a folder; it may itself be a
 * symbolic link) on addr (an IPv4 or IPv6 address) and port (0: any free
 * one), each request in its own thread. Only regular files below root are
 * served: a path with a "." or ".." component, a NUL or a backslash is
 * refused, and no symbolic link below root is followed (each component is
 * opened with O_NOFOLLOW relative to the one before). HTML pages get a
 * script that reloads them when td_server_publish announces a new
 * generation (a long poll through <script src>, which the site's
 * Content-Security-Policy allows as 'self'). Returns the server (stop it
 * with td_server_stop), or NULL with a message in err (caller frees). */
td_server *td_server_start(const char *addr, unsigned port, const char *root, char **err);

/* The port it listens on. */
unsigned td_server_port(const td_server *s);

/* A new generation: root is where the site now is (copied), error_text
 * NULL when the last build succeeded, else what went wrong (copied): every
 * page then shows it instead of the site. Open pages reload. */
void td_server_publish(td_server *s, const char *root, const char *error_text);

/* Stops serving (open long polls are answered first) and frees s; NULL is fine. */
void td_server_stop(td_server *s);

typedef struct td_watch td_watch;

/* A new, empty watcher; NULL with errno set if inotify is unavailable. */
td_watch *td_watch_new(void);
/* Watches dir and every folder below it (added later too). Missing: ignored. */
void td_watch_add_tree(td_watch *w, const char *dir);
/* Watches one file, through its folder (so a save by rename is seen). */
void td_watch_add_file(td_watch *w, const char *path);
/* Waits up to timeout_ms for a change; after the first, keeps reading until
 * quiet_ms pass without one (a burst of saves is one change). Returns 1 on
 * a change, 0 on timeout, -1 on error. */
int td_watch_wait(td_watch *w, int timeout_ms, int quiet_ms);
void td_watch_free(td_watch *w); /* accepts NULL */

#endif
