/*
 * url.h - URLs as every output format writes them (render/markdown and
 * render/html share these): which may be followed, relative paths between
 * pages, character references inside them.
 */
#ifndef TD_RENDER_URL_H
#define TD_RENDER_URL_H

#include "core/core.h"

/*
 * True when the URL u may be a link or image target: relative, or with
 * one of the schemes http, https, mailto, ftp, tel (blanks and control
 * characters, which browsers ignore, do not hide a scheme). for_image
 * also allows data:image/png, gif, jpeg and webp.
 */
bool td_url_is_safe(const char *u, bool for_image);

/* The relative path from page (a file below the root) to target (also
 * below the root, optionally with #anchor): "../workstreams/x.md#a", or
 * "#a" when target is on page itself. Appends to out. */
void td_relative_url(td_buf *out, const char *page, const char *target);

/* A URL with no scheme and no leading '/' or '#': relative to the page. */
bool td_url_is_relative(const char *u);

/* Appends u with a relative path ending in ".md" turned into ".html" (the
 * query and fragment kept); returns whether it changed. */
bool td_url_md_to_html(td_buf *out, const char *u);

/* Decodes the HTML character reference at s[0] ('&') into b; returns the
 * bytes it used, or 0 if it is not one (then '&' is literal). Numeric ones
 * may lack the ';' (browsers accept that); of the named ones only those
 * that matter for a URL's scheme or an attribute's text are known. */
size_t td_char_ref_decode(td_buf *b, const char *s, size_t n);

#endif
