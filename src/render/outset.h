/*
 * outset.h - the one container of rendered files: every room of render/
 * adds its files (pages, SVG, assets) to a set, and site/ writes the set
 * into an output folder. Paths are relative to the output folder,
 * '/'-separated.
 */
#ifndef TD_RENDER_OUTSET_H
#define TD_RENDER_OUTSET_H

#include "core/core.h"

typedef struct td_outfile {
	char *path; /* relative to the output folder, '/'-separated */
	char *data; /* NUL-terminated for convenience; len bytes are written */
	size_t len;
} td_outfile;

typedef struct td_outset {
	td_outfile *items;
	size_t len, cap;
} td_outset;

#define TD_OUTSET_INIT {NULL, 0, 0}

/* Adds a copy of path and data[0..len). The set owns the copies. */
void td_outset_add(td_outset *s, const char *path, const char *data, size_t len);
/* Adds path (copied) with b's memory, which the set takes over; b is reset
 * to an empty buffer that the caller may reuse. */
void td_outset_add_buf(td_outset *s, const char *path, td_buf *b);
/* Moves every file of from to the end of to, in order; from is left empty. */
void td_outset_move(td_outset *to, td_outset *from);
/* The file with that exact path, or NULL. The set keeps ownership. */
const td_outfile *td_outset_find(const td_outset *s, const char *path);
/* Frees every file and the array; accepts an empty set; the set is left empty. */
void td_outset_free(td_outset *s);

#endif
