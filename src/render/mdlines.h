/*
 * mdlines.h - CommonMark's tests of one line of Markdown that both output
 * formats need (render/markdown escapes the plan's own Markdown by lines,
 * render/html cuts pages into sections): blank lines and code fences.
 */
#ifndef TD_RENDER_MDLINES_H
#define TD_RENDER_MDLINES_H

#include "core/core.h"

/* Whether line s[0..n) holds only spaces, tabs and a carriage return. */
bool td_md_blank_line(const char *s, size_t n);

/* Whether line s[0..n) opens a code fence: up to three spaces, then three
 * or more backticks or tildes (backticks: none in the info string). Sets
 * *ch and *len to the fence's character and length. */
bool td_md_fence_open(const char *s, size_t n, char *ch, size_t *len);

/* Whether line s[0..n) closes a fence of ch x len: at least len of ch,
 * then only blanks; indented up to three spaces, or by anything with
 * any_indent (the escaper's choice: closing sooner only escapes more). */
bool td_md_fence_close(const char *s, size_t n, char ch, size_t len, bool any_indent);

#endif
