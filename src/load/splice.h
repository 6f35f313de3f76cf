/*
 * splice.h - where the items of a block list are written in a YAML file,
 * so that taskdoc archive can move whole items (with their comments) from
 * one file to another by cutting and pasting lines, keeping every comment
 * of the text it does not move.
 */
#ifndef TD_SPLICE_H
#define TD_SPLICE_H

#include "core/core.h"

/* The list under one key of a file's top-level mapping. Offsets are bytes
 * into the text, each at the start of a line (or at the text's end). */
typedef struct td_yaml_list {
	bool has_key;     /* the key is in the top-level mapping */
	size_t key_colon; /* just after the key's ':' (when has_key) */
	size_t n;         /* items */
	size_t *begin;    /* n + 1: item i is [begin[i], begin[i + 1]); begin[n] is the list's end */
	int indent;       /* column of the items' '-' (0-based); -1 when there is no item */
	size_t end;       /* where items go when appended: the list's end, or the text's end */
} td_yaml_list;

/*
 * Finds the list under key in text's top-level mapping. An item's lines
 * start at the comment lines right above its '-' and end where the next
 * item's do; the last item ends where the comment lines above the next
 * top-level key start, or at the end of the text. Returns 0, or -1 with an
 * error diagnostic (file:line:col) when the text does not parse, is not a
 * mapping, or the list is written in flow style ([...]) or an item does not
 * start its own line. Free with td_yaml_list_free.
 */
int td_yaml_list_find(td_yaml_list *out, const char *file, const char *text, size_t len, const char *key,
                      td_diags *diags);
void td_yaml_list_free(td_yaml_list *l);

/* Appends text[from..to) to out with every line moved from column
 * `from_col` to column `to_col` (spaces added, or up to that many leading
 * spaces taken away), so that a list item keeps its shape at another
 * indentation. */
void td_yaml_reindent(td_buf *out, const char *text, size_t from, size_t to, int from_col, int to_col);

#endif
