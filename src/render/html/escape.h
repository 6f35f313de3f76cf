/*
 * escape.h - the escapers of the HTML room: text as HTML, and the cleaner
 * that keeps text from the plan from injecting markup or script.
 */
#ifndef TD_HTML_ESCAPE_H
#define TD_HTML_ESCAPE_H

#include "core/core.h"

/* Appends s[0..n) with & < > " ' replaced by HTML entities (also right for
 * XML text and attributes). td_escape_html: the same for a NUL-terminated s. */
void td_html_escape(td_buf *out, const char *s, size_t n);
void td_escape_html(td_buf *out, const char *s);

/*
 * Appends the HTML fragment s[0..len) to out, keeping only tags from a
 * fixed list of harmless ones (formatting, lists, tables, links, images,
 * details) with harmless attributes (no event handlers, no style, URLs
 * only when td_url_is_safe), rewritten in a canonical form; any other tag,
 * comment or stray '<' is written as text. The result cannot run script
 * whatever the input.
 */
void td_html_clean(td_buf *out, const char *s, size_t len);

#endif
