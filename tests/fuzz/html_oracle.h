/*
 * html_oracle.h - the fuzz harnesses' judge of HTML: reads a fragment as a
 * browser's tokenizer does (the WHATWG HTML tokenizer's tag, attribute,
 * comment, DOCTYPE and bogus-comment states, character references in
 * attribute values) and says whether anything in it could run script.
 * Independent of the code it judges: it shares nothing with render/.
 */
#ifndef TD_FUZZ_HTML_ORACLE_H
#define TD_FUZZ_HTML_ORACLE_H

#include <stddef.h>

enum {
	/* what is always checked: no <script> start tag, no event handler
	 * attribute (on...), no javascript:, vbscript: or data: URL in a URL
	 * attribute (href, src, action, ...) after character references are
	 * decoded and the blanks a browser ignores are dropped */
	TD_ORACLE_BASIC = 0,
	/* data:image/png, gif, jpeg or webp allowed in <img src> */
	TD_ORACLE_IMG_DATA = 1,
	/* also no style attribute and none of the elements that load, embed
	 * or submit things or change how the rest is parsed (iframe, object,
	 * embed, base, meta, link, style, form, svg, math, template, ...) */
	TD_ORACLE_STRICT = 2,
	/* only elements cmark-gfm writes itself (p, em, a, img, table, ...):
	 * for Markdown that must not carry raw HTML */
	TD_ORACLE_CMARK_ONLY = 4,
};

/*
 * Judges html[0..n). Returns NULL when nothing in it could run script
 * (under flags), else a static description and, in why[0..whylen), the
 * offending tag or attribute.
 */
const char *td_oracle_check(const char *html, size_t n, unsigned flags, char *why, size_t whylen);

/* td_oracle_check, and on a violation prints it with the input and the
 * HTML on stderr and aborts (what a harness wants). label names the
 * step that made the HTML. */
void td_oracle_assert(const char *label, const char *input, size_t inlen, const char *html, size_t n,
                      unsigned flags);

/* Aborts unless the oracle flags a list of known attacks and passes a
 * list of harmless look-alikes (run once by each harness). */
void td_oracle_selftest(void);

#endif
