/*
 * escape.h - the escapers of the Markdown room: what makes text from the
 * plan read in Markdown exactly as written, and what keeps the plan's own
 * Markdown from carrying markup or script.
 */
#ifndef TD_MARKDOWN_ESCAPE_H
#define TD_MARKDOWN_ESCAPE_H

#include "core/core.h"

/*
 * Appends s[0..n) escaped as inline Markdown text, so that GFM and MkDocs
 * (whatever Python-Markdown and pymdownx extensions the site enables)
 * render the literal text, also inside a table cell: backslash before
 * \ ` * _ [ ] # | (escapes every Markdown honours), entities for < > and
 * for an & that would start an entity, a numeric character reference for
 * what an extension would read as markup (~ ^ $ always, == ++ :name: (c)
 * (r) (tm) 1/2 +/- =/= c/o: the rule is above ext_ref in escape.c), a
 * backslash or reference before a line-start marker at the start of s
 * (lists, headings, rules, !!!, ???, ===, ": ") and before a { that opens
 * `{...=...}` (a MkDocs attribute list); newlines become spaces. An
 * underscore inside a word is left bare. td_escape_markdown: the same for
 * a NUL-terminated s.
 */
void td_md_escape(td_buf *out, const char *s, size_t n);
void td_escape_markdown(td_buf *out, const char *s);

/*
 * Appends the user Markdown md[0..len) to out so that it renders as its
 * author meant, minus the dangerous parts: outside code spans and fenced
 * code blocks, every '<' that does not start an autolink with a safe
 * scheme becomes "&lt;" (unless allow_html), and inline links, images and
 * link reference definitions whose destination is not td_url_is_safe lose
 * their link syntax (shown as text), and so does an attribute list
 * (`{: #id }`, `{onclick=...}`, which MkDocs' attr_list would apply) unless
 * allow_html. Used by the `usermd` template filter.
 * The plan's Markdown is the Markdown every renderer of the pages shares
 * (CommonMark, tables, task lists, admonitions): what only an extension
 * reads as markup (~ ^ $ == ++ :name: (c) 1/2 +/- =/= --> <--, and at the
 * start of a line *[ABBR]: and ": ") is written as character references,
 * as in td_md_escape, and so is every backslash escape (\[ becomes &#91;,
 * a literal '[' in every Markdown); a backslash before anything else
 * becomes &#92; (no \begin or \( for arithmatex). Link destinations,
 * autolinks, code, setext underlines and table delimiter rows are kept as
 * written.
 * A fence on the first line gets a line break before it (the value may
 * follow text on its line); indented code is not recognised: a '<' there
 * shows as "&lt;".
 */
void td_md_neutralize(td_buf *out, const char *md, size_t len, bool allow_html);

/*
 * Appends s to out as lines safe inside a fenced code block: a line that
 * could close the fence (``` or ~~~ after up to three blanks) is indented
 * by four more spaces. Used by the `codeblock` template filter.
 */
void td_md_codeblock(td_buf *out, const char *s, size_t len);

/*
 * Appends s as one inline code span that shows it exactly (the `codespan`
 * template filter): a fence of one backtick more than the longest run in s,
 * a space inside each end when s starts or ends with a backtick or a blank
 * or starts with #! or ::: (which pymdownx.inlinehilite reads as a
 * language); newlines become spaces. Inside a code span no escape works,
 * so the value is written as it is. Not for a table cell: GFM splits a
 * cell at a '|' even in code.
 */
void td_md_codespan(td_buf *out, const char *s, size_t len);

#endif
