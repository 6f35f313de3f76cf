/*
 * check_html.c - unit tests of the HTML site's pieces (src/render/html/,
 * src/render/markdown/escape.c, src/render/url.c): the raw HTML cleaner, the URL check, the
 * user Markdown neutraliser and its template filters, admonitions, and one
 * page through cmark-gfm (heading ids, table of contents, links).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/dialect.h"
#include "render/html/escape.h"
#include "render/html/html.h"
#include "render/markdown/escape.h"
#include "render/url.h"
#include "view/sitemap.h"

/* ---- helpers ---- */

static void check_clean(const char *in, const char *want)
{
	td_buf b = TD_BUF_INIT;
	td_html_clean(&b, in, strlen(in));
	if (strcmp(td_buf_cstr(&b), want) != 0)
		fail_msg("td_html_clean(%s)\n  got:  %s\n  want: %s", in, td_buf_cstr(&b), want);
	td_buf_free(&b);
}

static void check_neutral(const char *in, bool allow, const char *want)
{
	td_buf b = TD_BUF_INIT;
	td_md_neutralize(&b, in, strlen(in), allow);
	if (strcmp(td_buf_cstr(&b), want) != 0)
		fail_msg("td_md_neutralize(%s)\n  got:  %s\n  want: %s", in, td_buf_cstr(&b), want);
	td_buf_free(&b);
}

static void check_adm(const char *in, const char *want)
{
	td_buf b = TD_BUF_INIT;
	td_md_admonitions(&b, in, strlen(in));
	if (strcmp(td_buf_cstr(&b), want) != 0)
		fail_msg("td_md_admonitions(%s)\n  got:  %s\n  want: %s", in, td_buf_cstr(&b), want);
	td_buf_free(&b);
}

/* The page's HTML for md (safe mode unless unsafe). */
static char *page_html(const char *md, bool unsafe)
{
	td_html_page p;
	td_html_render_page(&p, md, strlen(md), "index.md", TD_LINKS_HTML, unsafe);
	char *s = td_xstrdup(td_buf_cstr(&p.body));
	td_html_page_free(&p);
	return s;
}

static void assert_has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected to find\n  %s\nin\n%s", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle))
		fail_msg("did not expect\n  %s\nin\n%s", needle, hay);
}

/* ---- URLs ---- */

static void test_url_is_safe(void **state)
{
	(void)state;
	assert_true(td_url_is_safe("", false));
	assert_true(td_url_is_safe("workstreams/hpc.html#task-040", false));
	assert_true(td_url_is_safe("../a.md", false));
	assert_true(td_url_is_safe("#anchor", false));
	assert_true(td_url_is_safe("https://example.org/x", false));
	assert_true(td_url_is_safe("HTTP://example.org/x", false));
	assert_true(td_url_is_safe("mailto:a@b.c", false));
	assert_true(td_url_is_safe("a/b:c", false)); /* ':' after '/': a path */
	assert_true(td_url_is_safe("./javascript:alert(1)", false));
	assert_false(td_url_is_safe("javascript:alert(1)", false));
	assert_false(td_url_is_safe("JaVaScRiPt:alert(1)", false));
	assert_false(td_url_is_safe(" javascript:alert(1)", false));
	assert_false(td_url_is_safe("java\tscript:alert(1)", false));
	assert_false(td_url_is_safe("java\nscript:alert(1)", false));
	assert_false(td_url_is_safe("\x01javascript:alert(1)", false));
	assert_false(td_url_is_safe("vbscript:msgbox", false));
	assert_false(td_url_is_safe("data:text/html,<script>alert(1)</script>", false));
	assert_false(td_url_is_safe("file:///etc/passwd", false));
	assert_false(td_url_is_safe("data:image/png;base64,AAAA", false));
	assert_true(td_url_is_safe("data:image/png;base64,AAAA", true));
	assert_true(td_url_is_safe("data:IMAGE/JPEG,xx", true));
	assert_false(td_url_is_safe("data:image/svg+xml,<svg onload=alert(1)>", true));
}

/* ---- the raw HTML cleaner ---- */

static void test_clean_keeps_harmless_markup(void **state)
{
	(void)state;
	check_clean("<a id=\"r-beegfs\"></a>", "<a id=\"r-beegfs\"></a>");
	check_clean("<div class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>\n",
	            "<div class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>\n");
	check_clean("<B>bold</B> <br/> <em title='x &amp; y'>e</em>",
	            "<b>bold</b> <br> <em title=\"x &amp; y\">e</em>");
	check_clean("<a href=\"https://example.org/?a=1&amp;b=2\">x</a>",
	            "<a href=\"https://example.org/?a=1&amp;b=2\">x</a>");
	check_clean("<details open><summary>S</summary>x</details>",
	            "<details open><summary>S</summary>x</details>");
	check_clean("a < b and c > d & e", "a &lt; b and c > d & e");
	check_clean("<td align=center colspan=2>", "<td align=\"center\" colspan=\"2\">");
	/* the graphs' <object>: only an SVG file next to the page, and no style */
	check_clean("<object data=\"../graphs/plan.svg\" type=\"image/svg+xml\" style=\"max-width:100%\" "
	            "aria-label=\"Plan\">Dependency graph</object>",
	            "<object data=\"../graphs/plan.svg\" type=\"image/svg+xml\" aria-label=\"Plan\">"
	            "Dependency graph</object>");
	check_clean("<object data=\"evil.html\" type=\"text/html\">", "<object>");
	check_clean("<object data=\"https://x.org/a.svg\">", "<object>");
}

static void test_clean_disarms_script(void **state)
{
	(void)state;
	check_clean("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	check_clean("<SCRIPT SRC=//x.org/a.js></SCRIPT>", "&lt;SCRIPT SRC=//x.org/a.js&gt;&lt;/SCRIPT&gt;");
	check_clean("<img src=x onerror=alert(1)>", "<img src=\"x\">");
	check_clean("<img src=\"x\" ONERROR=\"alert(1)\">", "<img src=\"x\">");
	check_clean("\"><svg onload=alert(1)>", "\">&lt;svg onload=alert(1)&gt;");
	check_clean("<iframe src=\"javascript:alert(1)\"></iframe>",
	            "&lt;iframe src=&quot;javascript:alert(1)&quot;&gt;&lt;/iframe&gt;");
	check_clean("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>");
	check_clean("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a>x</a>");
	check_clean("<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>");
	check_clean("<a href=\"&#106avascript:alert(1)\">x</a>", "<a>x</a>");
	check_clean("<a href=\"javascript&colon;alert(1)\">x</a>", "<a>x</a>");
	/* an entity this file does not decode stays literal, so it hides nothing */
	check_clean("<a href=\"javascript&Colon;x\">x</a>", "<a href=\"javascript&amp;Colon;x\">x</a>");
	check_clean("<a href=x style=\"background:url(//evil)\">x</a>", "<a href=\"x\">x</a>");
	check_clean("<p/onclick=alert(1)>", "&lt;p/onclick=alert(1)>");
	check_clean("<style>*{}</style>", "&lt;style&gt;*{}&lt;/style&gt;");
	check_clean("<!-- <script>alert(1)</script> -->ok", "ok");
	check_clean("<!-- unclosed <script>", "&lt;!-- unclosed &lt;script&gt;");
	check_clean("<![CDATA[<script>]]>", "&lt;![CDATA[&lt;script&gt;]]>");
	check_clean("<div", "&lt;div");
	check_clean("<div class=\"x", "&lt;div class=\"x");
	check_clean("<a title=\"x\"onclick=alert(1)>", "&lt;a title=\"x\"onclick=alert(1)>");
	check_clean("<math><mtext><script>", "&lt;math&gt;&lt;mtext&gt;&lt;script&gt;");
	check_clean("<input autofocus onfocus=alert(1)>", "&lt;input autofocus onfocus=alert(1)&gt;");
	check_clean("<base href=\"//evil/\">", "&lt;base href=&quot;//evil/&quot;&gt;");
	check_clean("<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
	            "&lt;meta http-equiv=refresh content=&quot;0;url=javascript:alert(1)&quot;&gt;");
}

/* ---- user Markdown ---- */

static void test_neutralize_raw_html(void **state)
{
	(void)state;
	check_neutral("Use <b>bold</b> & co.", false, "Use &lt;b>bold&lt;/b> & co.");
	check_neutral("<script>alert(1)</script>", false, "&lt;script>alert(1)&lt;/script>");
	check_neutral("x\n<div>\n<img src=x onerror=alert(1)>\n</div>", false,
	              "x\n&lt;div>\n&lt;img src=x onerror=alert(1)>\n&lt;/div>");
	check_neutral("Use <b>bold</b>.", true, "Use <b>bold</b>.");
	/* code stays as written */
	check_neutral("Run `make <target>` now", false, "Run `make <target>` now");
	check_neutral("Run ``a ` <b>`` and `<i>`", false, "Run ``a ` <b>`` and `<i>`");
	check_neutral("escaped \\`<b>`", false, "escaped &#96;&lt;b>`");
	check_neutral("one `tick <b>", false, "one `tick &lt;b>");
	check_neutral("Text\n\n```html\n<p>code</p>\n```\n<b>after</b>", false,
	              "Text\n\n```html\n<p>code</p>\n```\n&lt;b>after&lt;/b>");
	/* a fence on the first line may follow text on its line: a line break makes it one */
	check_neutral("```\n<b>x</b>\n```\n\n<i>", false, "\n```\n<b>x</b>\n```\n\n&lt;i>");
	/* a line less indented than the fence ends it (its list item ended) */
	check_neutral("- item\n\n  ```\n  <i>in</i>\n<b>out</b>\n  ```", false,
	              "- item\n\n  ```\n  <i>in</i>\n&lt;b>out&lt;/b>\n  ```");
	/* a code span does not reach across a blank line */
	check_neutral("`a\n\n<b>` x `", false, "`a\n\n&lt;b>` x `");
	/* nor across a block boundary without one (issue 15: list items, quotes,
	 * headings, table rows), but it does across a paragraph's lines */
	check_neutral("- one `x\n- <img src=x onerror=alert(1)> y`", false,
	              "- one `x\n- &lt;img src=x onerror=alert(1)> y`");
	check_neutral("a `x\n> <b> y`", false, "a `x\n> &lt;b> y`");
	check_neutral("1. a `b\n2. <i> c`", false, "1. a `b\n2. &lt;i> c`");
	check_neutral("## h `x\nsome <i>`", false, "## h `x\nsome &lt;i>`");
	check_neutral("t | `u\n--|--\nv <i> | `", false, "t | `u\n--|--\nv &lt;i> | `");
	check_neutral("a `x\n<i>`", false, "a `x\n&lt;i>`");
	check_neutral("run `make\n  <target>` now", false, "run `make\n  &lt;target>` now");
	check_neutral("run `make\nthe <target>` now", false, "run `make\nthe <target>` now");
	/* autolinks with a safe scheme stay links */
	check_neutral("See <https://example.org/a?b=1> or <me@example.org>.", false,
	              "See <https://example.org/a?b=1> or <me@example.org>.");
	check_neutral("<javascript:alert(1)>", true, "&lt;javascript:alert(1)>");
}

static void test_neutralize_links(void **state)
{
	(void)state;
	check_neutral("[x](javascript:alert(1))", false, "[x]\\(javascript:alert(1))");
	check_neutral("[x]( JavaScript:alert(1) )", true, "[x]\\( JavaScript:alert(1) )");
	check_neutral("[x](<javascript:alert(1)>)", false, "[x]\\(&lt;javascript:alert(1)>)");
	check_neutral("[x](java&#115;cript:alert(1))", false, "[x]\\(java&#115;cript:alert(1))");
	check_neutral("[x](javascript&colon;alert(1))", false, "[x]\\(javascript&colon;alert(1))");
	check_neutral("[x](javascript&Colon;alert(1))", false, "[x]\\(javascript&Colon;alert(1))");
	/* not an escape (s is no punctuation): a relative path, as browsers read it */
	check_neutral("[x](java\\script:alert(1))", false, "[x](java\\script:alert(1))");
	check_neutral("![i](data:text/html,x)", false, "![i]\\(data:text/html,x)");
	check_neutral("![i](data:image/png;base64,AA) [l](data:image/png;base64,AA)", false,
	              "![i](data:image/png;base64,AA) [l]\\(data:image/png;base64,AA)");
	check_neutral("![a [b] c](data:image/gif;base64,AA)", false, "![a [b] c](data:image/gif;base64,AA)");
	check_neutral("[ok](https://example.org) [rel](../a.md#b) [top](#t)", false,
	              "[ok](https://example.org) [rel](../a.md#b) [top](#t)");
	check_neutral("[x][r]\n\n[r]: javascript:alert(1)", false, "[x][r]\n\n\\[r]: javascript:alert(1)");
	check_neutral("[r]: https://example.org", false, "[r]: https://example.org");
}

static void test_neutralize_attribute_lists(void **state)
{
	(void)state;
	check_neutral("# Title {: #content }", false, "# Title \\{: #content }");
	check_neutral("[a](b){onclick=alert(1)}", false, "[a](b)\\{onclick=alert(1)}");
	check_neutral("para\n{: .c onclick=x }", false, "para\n\\{: .c onclick=x }");
	check_neutral("sets {a, b} and {x}", false, "sets {a, b} and {x}");
	check_neutral("`{a=b}`", false, "`{a=b}`");
	check_neutral("[a](b){onclick=alert(1)}", true, "[a](b){onclick=alert(1)}");
}

/* Issue 17: the plan's Markdown stays Markdown, but what only a MkDocs
 * extension reads as markup is written as text. */
static void test_neutralize_extensions(void **state)
{
	(void)state;
	check_neutral("H~2~O ~~del~~ x^2^ ==m== ++k++ $x$ :smile: (c) 1/2 +/- =/= --> <--", false,
	              "H&#126;2&#126;O &#126;&#126;del&#126;&#126; x&#94;2&#94; &#61;&#61;m&#61;&#61; "
	              "&#43;&#43;k&#43;&#43; &#36;x&#36; &#58;smile: &#40;c) 1&#47;2 +&#47;- =&#47;= --&gt; &lt;--");
	/* Markdown every renderer shares is kept */
	check_neutral("**b** *e* `a~b` [l](https://x.org/~a/1/2) <https://x.org/a:b:c>", false,
	              "**b** *e* `a~b` [l](https://x.org/~a/1/2) <https://x.org/a:b:c>");
	check_neutral("Title\n=====\n\n| a | b |\n|:--|--:|\n| x | y |", false,
	              "Title\n=====\n\n| a | b |\n|:--|--:|\n| x | y |");
	check_neutral("[r]: https://x.org/~a\n", false, "[r]: https://x.org/~a\n");
	/* block syntax of abbr, footnotes, def_list, tabbed */
	check_neutral("*[HTML]: Hyper Text\n[^1]: note\nTerm\n: def\n=== \"Tab\"", false,
	              "&#42;[HTML]: Hyper Text\n[&#94;1]: note\nTerm\n&#58; def\n&#61;&#61;&#61; \"Tab\"");
	check_neutral("*[link](x)* here", false, "*[link](x)* here");
	/* backslash escapes become references; other backslashes too */
	check_neutral("\\~ \\[x\\] \\(y\\) \\begin{a} C:\\dir line\\\nnext", false,
	              "&#126; &#91;x&#93; &#40;y&#41; &#92;begin{a} C:&#92;dir line\\\nnext");
	/* an HTML comment kept with html: unsafe */
	check_neutral("<!-- a --> b --> c", true, "<!-- a --> b --&gt; c");
}

/* The Markdown escaping of {{values}}: `{key=value}` is no attribute list. */
static void test_escape_attribute_lists(void **state)
{
	(void)state;
	td_buf b = TD_BUF_INIT;
	td_escape_markdown(&b, "TASK-1{onclick=alert(1)} {plain} {{}} {a=");
	assert_string_equal(td_buf_cstr(&b), "TASK-1\\{onclick=alert(1)} {plain} {{}} {a=");
	td_buf_free(&b);
}

static void check_codespan(const char *in, const char *want)
{
	td_buf b = TD_BUF_INIT;
	td_md_codespan(&b, in, strlen(in));
	if (strcmp(td_buf_cstr(&b), want) != 0)
		fail_msg("td_md_codespan(%s)\n  got:  %s\n  want: %s", in, td_buf_cstr(&b), want);
	td_buf_free(&b);
}

/* A value as a code span: written as it is, in a fence long enough. */
static void test_codespan(void **state)
{
	(void)state;
	check_codespan("a_b~c^d $x$ *e* <f>", "`a_b~c^d $x$ *e* <f>`");
	check_codespan("a`b", "``a`b``");
	check_codespan("`a``", "``` `a`` ```");
	check_codespan("#!python x", "` #!python x `");
	check_codespan(":::c x", "` :::c x `");
	check_codespan("a\nb", "`a b`");
}

static void test_codeblock(void **state)
{
	(void)state;
	td_buf b = TD_BUF_INIT;
	const char *in = "make test\n```\n<script>alert(1)</script>\n  ~~~~";
	td_md_codeblock(&b, in, strlen(in));
	assert_string_equal(td_buf_cstr(&b), "make test\n    ```\n<script>alert(1)</script>\n      ~~~~");
	td_buf_free(&b);
}

static void test_template_filters(void **state)
{
	(void)state;
	td_diags d = {0};
	td_dialect_opts opts = {false};
	td_dialect md;
	td_dialect_markdown(&md, &opts);
	td_template *t = td_template_parse("t.md", "{{notes | usermd | raw}}|{{cmd | codeblock | raw}}", &md, &d);
	assert_non_null(t);
	json_t *ctx = json_pack("{ssss}", "notes", "a <b>x</b> [l](javascript:x)", "cmd", "```");
	td_buf out = TD_BUF_INIT;
	assert_int_equal(td_template_render(&out, t, ctx, NULL, NULL, &d), 0);
	assert_string_equal(td_buf_cstr(&out), "a &lt;b>x&lt;/b> [l]\\(javascript:x)|    ```");
	opts.allow_html = true; /* the dialect reads it at render time */
	td_buf_clear(&out);
	assert_int_equal(td_template_render(&out, t, ctx, NULL, NULL, &d), 0);
	assert_string_equal(td_buf_cstr(&out), "a <b>x</b> [l]\\(javascript:x)|    ```");
	td_buf_free(&out);
	json_decref(ctx);
	td_template_free(t);
	td_diags_free(&d);
}

/* ---- admonitions ---- */

static void test_admonitions(void **state)
{
	(void)state;
	check_adm("!!! note \"Heads up\"\n    Body *text*.\n\n    More.\n\nAfter.\n",
	          "<div class=\"admonition note\">\n<p class=\"admonition-title\">Heads up</p>\n\n"
	          "Body *text*.\n\nMore.\n\n</div>\n\nAfter.\n");
	check_adm("!!! Warning\n    x\n",
	          "<div class=\"admonition warning\">\n<p class=\"admonition-title\">Warning</p>\n\n"
	          "x\n\n</div>\n");
	check_adm("!!! tip \"\"\n    x", "<div class=\"admonition tip\">\n\nx\n\n</div>\n");
	check_adm(
	    "!!! danger \"a <b> &amp; \\*c\\*\"\n    x\n",
	    "<div class=\"admonition danger\">\n<p class=\"admonition-title\">a &lt;b&gt; &amp; *c*</p>\n\n"
	    "x\n\n</div>\n");
	check_adm("??? example \"More\"\n    x\n",
	          "<details class=\"admonition example\">\n<summary>More</summary>\n\nx\n\n</details>\n");
	check_adm("???+ note\n    x\n",
	          "<details class=\"admonition note\" open>\n<summary>Note</summary>\n\nx\n\n</details>\n");
	check_adm("!!! note\n    outer\n\n    !!! bug \"In\"\n        inner\n",
	          "<div class=\"admonition note\">\n<p class=\"admonition-title\">Note</p>\n\nouter\n\n"
	          "<div class=\"admonition bug\">\n<p "
	          "class=\"admonition-title\">In</p>\n\ninner\n\n</div>\n\n</div>\n");
	/* not admonitions */
	check_adm("```\n!!! note\n    x\n```\n", "```\n!!! note\n    x\n```\n");
	check_adm("    !!! note\n", "    !!! note\n");
	check_adm("!!!note\n", "!!!note\n");
	check_adm("!!! no<te\n", "!!! no<te\n");
}

/* ---- a page ---- */

static void test_page_headings_and_toc(void **state)
{
	(void)state;
	const char *md = "# Workstream 1: HPC {: #hpc }\n\n## Phase 3 {: #hpc-phase-3 }\n\n"
	                 "### TASK-028.1: Fix *BeeGFS* {: #task-028-1 }\n\n## Success Metrics\n\n"
	                 "## Success Metrics\n\n## Index {#task-list-index}\n\n## Odd {: .wide }\n";
	td_html_page p;
	td_html_render_page(&p, md, strlen(md), "index.md", TD_LINKS_HTML, false);
	const char *h = td_buf_cstr(&p.body);
	assert_string_equal(p.title, "Workstream 1: HPC");
	assert_has(h, "<h1 id=\"hpc\">");
	assert_has(h, "<h3 id=\"task-028-1\">");
	assert_has(h, "TASK-028.1: Fix <em>BeeGFS</em>\n<a class=\"headerlink\" href=\"#task-028-1\"");
	assert_lacks(h, "{:");
	assert_lacks(h, "{#");
	assert_int_equal(p.ntoc, 7);
	assert_string_equal(p.toc[1].id, "hpc-phase-3");
	assert_int_equal(p.toc[2].level, 3);
	assert_string_equal(p.toc[2].text, "TASK-028.1: Fix BeeGFS");
	assert_string_equal(p.toc[3].id, "success-metrics");
	assert_string_equal(p.toc[4].id, "success-metrics_1");
	assert_string_equal(p.toc[5].id, "task-list-index");
	assert_string_equal(p.toc[6].id, "odd");
	assert_string_equal(p.toc[6].text, "Odd");
	td_html_page_free(&p);

	/* an escaped brace (a value's Markdown escaping) is text, not an id */
	const char *esc = "## Title \\{: #x } \n\n### Deep {: #deep } ##\n\nSetext {: #st }\n---\n\n"
	                  "## Glued{: #g }\n";
	td_html_render_page(&p, esc, strlen(esc), "index.md", TD_LINKS_HTML, false);
	assert_int_equal(p.ntoc, 4);
	assert_string_equal(p.toc[0].id, "title-x");
	assert_string_equal(p.toc[0].text, "Title {: #x }");
	assert_string_equal(p.toc[1].id, "deep");
	assert_string_equal(p.toc[2].id, "st");
	/* MkDocs needs a blank before the brace too */
	assert_string_equal(p.toc[3].text, "Glued{: #g }");
	assert_string_equal(p.toc[3].id, "glued-g");
	td_html_page_free(&p);
}

static void test_page_links(void **state)
{
	(void)state;
	char *h =
	    page_html("[a](workstreams/hpc.md#task-040) [b](../index.md) [c](https://x.org/a.md) "
	              "[d](#x) [e](javascript:alert(1)) ![f](graphs/plan.svg) ![g](data:image/png;base64,AA) "
	              "[h](README.md?x=1#y) ![i](JAVASCRIPT:x)\n",
	              false);
	assert_has(h, "<a href=\"workstreams/hpc.html#task-040\">a</a>");
	assert_has(h, "<a href=\"../index.html\">b</a>");
	assert_has(h, "<a href=\"https://x.org/a.md\">c</a>");
	assert_has(h, "<a href=\"#x\">d</a>");
	assert_has(h, " e ");
	assert_lacks(h, "javascript");
	assert_lacks(h, "JAVASCRIPT");
	assert_has(h, "<object class=\"td-svg\" type=\"image/svg+xml\" data=\"graphs/plan.svg\" "
	              "aria-label=\"f\">f</object>");
	assert_has(h, "<img src=\"data:image/png;base64,AA\" alt=\"g\" />");
	assert_has(h, "<a href=\"README.html?x=1#y\">h</a>");
	free(h);
}

static void test_page_raw_html(void **state)
{
	(void)state;
	const char *md = "| Risk |\n|---|\n| <a id=\"r-x\"></a>**X** |\n\n<script>alert(1)</script>\n\n"
	                 "x <img src=x onerror=alert(1)> y\n";
	char *h = page_html(md, false);
	assert_has(h, "<td><a id=\"r-x\"></a><strong>X</strong></td>");
	assert_has(h, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_has(h, "x <img src=\"x\"> y");
	assert_lacks(h, "onerror");
	free(h);
	h = page_html(md, true);
	assert_has(h, "<script>alert(1)</script>");
	assert_has(h, "<img src=x onerror=alert(1)>");
	free(h);
}

static void test_page_gfm_and_admonitions(void **state)
{
	(void)state;
	char *h = page_html("- [x] done\n- [ ] open\n\n~~old~~ www.example.org\n\n"
	                    "!!! warning \"Careful\"\n    Body with `code`.\n",
	                    false);
	assert_has(h, "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>");
	assert_has(h, "<del>old</del>");
	assert_has(h, "<a href=\"http://www.example.org\">www.example.org</a>");
	assert_has(h, "<div class=\"admonition warning\">\n<p class=\"admonition-title\">Careful</p>\n");
	assert_has(h, "<p>Body with <code>code</code>.</p>\n</div>");
	assert_lacks(h, "!!!");
	free(h);
}

/* Many pages: a second process gives back the very pages one process
 * renders (the batch is made big enough to be split), in job order. */
static void test_batch_two_processes(void **state)
{
	(void)state;
	enum { N = 9 };
	td_buf md[N];
	char path[N][32];
	td_html_job jobs[N];
	for (int i = 0; i < N; i++) {
		md[i] = (td_buf)TD_BUF_INIT;
		td_buf_printf(&md[i], "# Page %d\n\n## Part {: #part-%d }\n\n", i, i);
		for (int k = 0; k < 4000 * (i + 1); k++) /* about 600 kB in all */
			td_buf_printf(&md[i], "- [x] item ~~%d~~ see [x](other.md#a) www.example.org\n", k);
		snprintf(path[i], sizeof path[i], "w/p%d.md", i);
		jobs[i] = (td_html_job){.md = md[i].ptr, .len = md[i].len, .path = path[i]};
	}
	td_html_part one[N], two[N];
	size_t second = 99;
	td_html_batch_opts o1 = {TD_LINKS_MARKDOWN, false, 1, &second};
	td_html_render_batch(one, NULL, jobs, N, &o1);
	assert_int_equal(second, 0);
	td_html_batch_opts o2 = {TD_LINKS_MARKDOWN, false, 2, &second};
	td_html_render_batch(two, NULL, jobs, N, &o2);
	assert_true(second > 0 && second < N);
	for (int i = 0; i < N; i++) {
		assert_int_equal(one[i].body.len, two[i].body.len);
		assert_memory_equal(one[i].body.ptr, two[i].body.ptr, one[i].body.len);
		assert_int_equal(one[i].nheads, 2);
		assert_int_equal(two[i].nheads, 2);
		assert_string_equal(one[i].heads[1].id, two[i].heads[1].id);
		assert_string_equal(one[i].heads[0].text, two[i].heads[0].text);
		assert_non_null(strstr(one[i].body.ptr, "<del>"));
		td_html_part_free(&one[i]);
		td_html_part_free(&two[i]);
		td_buf_free(&md[i]);
	}
}

/* How many sections td_html_sections finds in md (admonitions first). */
static size_t sections_of(const char *md)
{
	td_buf pre = TD_BUF_INIT;
	td_md_admonitions(&pre, md, strlen(md));
	size_t *starts = NULL, n = td_html_sections(pre.ptr ? pre.ptr : "", pre.len, &starts);
	free(starts);
	td_buf_free(&pre);
	return n;
}

/* md rendered in sections is md rendered as one part: body, ids, title. */
static void assert_same_as_one_part(const char *md)
{
	td_html_page page, whole;
	td_html_render_page(&page, md, strlen(md), "w/p.md", TD_LINKS_DIRECTORY, false);
	td_buf pre = TD_BUF_INIT;
	td_md_admonitions(&pre, md, strlen(md));
	td_html_job job = {.md = pre.ptr ? pre.ptr : "",
	                   .len = pre.len,
	                   .path = "w/p.md",
	                   .direct = memchr(md, TD_HTML_MARK, strlen(md)) != NULL};
	td_html_part one;
	td_html_render_part(&one, &job, TD_LINKS_DIRECTORY, false);
	td_html_assemble(&whole, &one, 1);
	const char *a = td_buf_cstr(&page.body), *b = td_buf_cstr(&whole.body);
	if (strcmp(a, b) != 0) {
		size_t at = 0;
		while (a[at] && a[at] == b[at])
			at++;
		size_t from = at > 120 ? at - 120 : 0;
		fail_msg("in sections, from byte %zu:\n%.300s\nas one part:\n%.300s", from, a + from,
		         b + from);
	}
	assert_int_equal(page.ntoc, whole.ntoc);
	for (size_t i = 0; i < page.ntoc; i++)
		assert_string_equal(page.toc[i].id, whole.toc[i].id);
	assert_true(!page.title == !whole.title);
	if (page.title)
		assert_string_equal(page.title, whole.title);
	td_html_page_free(&page);
	td_html_page_free(&whole);
	td_html_part_free(&one);
	td_buf_free(&pre);
}

/* A page is cut before each heading that starts a line after a blank
 * one, and nowhere a block that a blank line does not end is open; the
 * ids of its headings are the page's whatever the cuts (a slug made
 * unique across sections, explicit ids first, the first level-1 heading
 * the title). */
static void test_page_sections(void **state)
{
	(void)state;
	static const char plain[] = "intro\n\n# A\n\ntext\n\n## A\n\n- x\n\n## B {: #a }\n\ntext\n### A\ntext\n";
	assert_int_equal(sections_of(plain), 4); /* "### A" follows text: no cut */
	assert_same_as_one_part(plain);
	char *h = page_html(plain, false);
	assert_has(h, "<h1 id=\"a_1\">"); /* "a" is ## B's own id */
	assert_has(h, "<h2 id=\"a_2\">");
	assert_has(h, "<h2 id=\"a\">");
	assert_has(h, "<h3 id=\"a_3\">");
	free(h);
	/* no cut inside a fenced code block or raw HTML that spans blank lines */
	static const char fence[] = "# A\n\n```\n\n# code\n\n```\n\n# B\n\n~~~~\n~~~\n\n# code\n~~~~~\n\n# C\n";
	assert_int_equal(sections_of(fence), 3);
	assert_same_as_one_part(fence);
	static const char html[] = "# A\n\n<!--\n\n# hidden\n\n-->\n\n# B\n\n<pre>\n\n# pre\n\n</pre>\n\n<![cdata[\n\n# c\n\n]]>\n\n# C\n";
	assert_int_equal(sections_of(html), 3);
	assert_same_as_one_part(html);
	/* a fence in a list item, then one at the top the scan takes for its
	 * end: the part before the heading in that fence ends open, and is
	 * joined with the next */
	static const char nested[] = "# A\n\n- a\n\n  ```\n  x\n\n# B\n\n```\n\n# in code\n\n```\n\n# C\n";
	assert_int_equal(sections_of(nested), 2); /* a cut at "# in code" */
	assert_same_as_one_part(nested);
	h = page_html(nested, false);
	assert_has(h, "<pre><code>\n# in code\n\n</code></pre>");
	free(h);
	/* a link reference definition counts on the whole page: one section */
	static const char refs[] = "# A\n\nsee [x]\n\n# B\n\n[x]: https://example.org\n";
	assert_int_equal(sections_of(refs), 1);
	h = page_html(refs, false);
	assert_has(h, "<a href=\"https://example.org\">x</a>");
	free(h);
	/* the byte that stands for an id, in the text: one direct part */
	static const char mark[] = "# A\n\n\x02 x\n\n# A\n";
	assert_int_equal(sections_of(mark), 1);
	assert_same_as_one_part(mark);
	h = page_html(mark, false);
	assert_has(h, "<h1 id=\"a_1\">");
	free(h);
	/* admonitions are boxes before the page is cut: a heading in a body
	 * is one of the page, and a place to cut */
	static const char adm[] = "# A\n\n!!! note\n    # In the box\n\n    text\n\n# B\n";
	assert_int_equal(sections_of(adm), 3);
	assert_same_as_one_part(adm);
}

/* n rows of a table (or items of a list) into b, row i's text made by
 * fmt from i + 1 and a number that varies (the formats are the tests'
 * own literals). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void rows(td_buf *b, size_t n, const char *fmt)
{
	for (size_t i = 0; i < n; i++) {
		td_buf_printf(b, fmt, i + 1, i * 7 % 13);
		td_buf_putc(b, '\n');
	}
}
#pragma GCC diagnostic pop

/* Long tables and lists are cut between rows, and each piece's HTML,
 * trimmed, is the HTML those rows have in the whole page: tables with
 * alignment, escaped pipes, code spans and links in cells, rows with too
 * few or too many cells; ordered lists from any number, bullet lists;
 * CRLF lines. What is not a table or list that can be cut is not cut: a
 * delimiter row with another number of cells, a list with a task box, a
 * block with text right after it, a table in a fence. */
static void test_page_table_list_cuts(void **state)
{
	(void)state;
	td_html_set_chunking(64, 256, 3); /* small pieces */
	td_buf b = TD_BUF_INIT;
	td_buf_puts(&b, "# Page\n\nSome text.\n\n| # | Task | Note |\n|--:|:-----|:---:|\n");
	rows(&b, 60, "| %zu | [T-%zu](ws/a.md#t) \\| pipe `a|b` | *x* |");
	td_buf_puts(&b, "| 61 | short |\n| 62 | a | b | c | d |\n\nAfter the table.\n\n## Ready\n\n");
	rows(&b, 80, "%zu. [T-%zu](ws/b.md) ready · **now**");
	td_buf_puts(&b, "\n- one\n\n");
	rows(&b, 50, "- item %zu of %zu with `code`");
	td_buf_puts(&b, "\n## Lists from 7\n\n");
	for (size_t i = 0; i < 40; i++)
		td_buf_printf(&b, "%zu) item %zu\n", i + 7, i);
	const char *md = td_buf_cstr(&b);
	assert_true(sections_of(md) > 10);
	assert_same_as_one_part(md);
	char *h = page_html(md, false);
	assert_has(h, "<td align=\"right\">60</td>");
	assert_has(h, "<ol start=\"7\">");
	assert_has(h, "</tbody>\n</table>\n<p>After the table.</p>");
	free(h);
	/* the same with CRLF line ends */
	td_buf crlf = TD_BUF_INIT;
	for (const char *c = md; *c; c++) {
		if (*c == '\n')
			td_buf_putc(&crlf, '\r');
		td_buf_putc(&crlf, *c);
	}
	assert_true(sections_of(td_buf_cstr(&crlf)) > 10);
	assert_same_as_one_part(td_buf_cstr(&crlf));
	td_buf_free(&crlf);
	/* each kind alone is cut: a list after a paragraph, from 1 or 7, and a
	 * bullet list; not a list a blank line joins to another (loose) */
	static const char *const lists[] = {"%zu. [T-%zu](ws/b.md) ready", "%zu) item %zu",
	                                    "* bullet %zu %zu"};
	for (size_t k = 0; k < TD_ARRAY_LEN(lists); k++) {
		td_buf_clear(&b);
		td_buf_puts(&b, k == 1 ? "Text.\n\n7) seven\n" : "Text.\n\n");
		rows(&b, 60, lists[k]);
		assert_true(sections_of(td_buf_cstr(&b)) > 3);
		assert_same_as_one_part(td_buf_cstr(&b));
		td_buf_puts(&b, "\n* more\n");
		assert_int_equal(sections_of(td_buf_cstr(&b)), 1);
		assert_same_as_one_part(td_buf_cstr(&b));
	}
	/* a list cut, then a table cut, with no heading between: each piece
	 * of the table is rendered under the table's own header */
	td_buf_clear(&b);
	rows(&b, 40, "- item %zu %zu");
	td_buf_puts(&b, "\nText.\n\n| # | A |\n|---|---|\n");
	rows(&b, 40, "| %zu | %zu |");
	assert_true(sections_of(td_buf_cstr(&b)) > 6);
	assert_same_as_one_part(td_buf_cstr(&b));
	/* not cut, each rendered as it is whole: a delimiter row of another
	 * width (no table: one paragraph), task boxes, text right after the
	 * block (a lazy line of its last item), a table in a fence, items that
	 * open other blocks */
	static const char *const uncut[][3] = {
	    {"| a | b |\n|---|\n", "| %zu | %zu |", ""},
	    {"", "- [ ] task %zu %zu", ""},
	    {"", "%zu. item %zu", "lazy text\n"},
	    {"```\n\n| a | b |\n|---|---|\n", "| %zu | %zu |", "\n```\n"},
	    {"", "- # heading %zu %zu", ""},
	};
	for (size_t k = 0; k < TD_ARRAY_LEN(uncut); k++) {
		td_buf_clear(&b);
		td_buf_puts(&b, uncut[k][0]);
		rows(&b, 60, uncut[k][1]);
		td_buf_puts(&b, uncut[k][2]);
		assert_int_equal(sections_of(td_buf_cstr(&b)), 1);
		assert_same_as_one_part(td_buf_cstr(&b));
	}
	td_buf_free(&b);
	td_html_set_chunking(0, 0, 0);
}

/* The pieces of pre[0..len) cut inside a table, each with its key. */
typedef struct piece {
	td_html_job job;
	td_buf key;
} piece;

static size_t table_pieces(const char *pre, size_t len, piece *out, size_t cap)
{
	size_t *starts = NULL, n = td_html_sections(pre, len, &starts), got = 0;
	td_html_job prev = {0};
	for (size_t k = 0; k < n; k++) {
		td_html_job job = {.path = "p.md"};
		td_html_part_job(&job, pre, len, starts, n, k, k ? &prev : NULL);
		prev = job;
		if (!(job.cut & TD_CUT_CONT) || !job.head || got == cap)
			continue;
		out[got].job = job;
		out[got].key = (td_buf)TD_BUF_INIT;
		td_html_part_key(&out[got].key, &job);
		got++;
	}
	free(starts);
	return got;
}

/* A table numbered in its first cell: a row added at its top moves no
 * cut below and no piece's key, and a piece's HTML found under that key,
 * renumbered, is the HTML of the piece as it is now. */
static void test_numbered_table_pieces(void **state)
{
	(void)state;
	td_html_set_chunking(64, 256, 3);
	td_buf a = TD_BUF_INIT, b = TD_BUF_INIT;
	td_buf_puts(&a, "Text.\n\n| # | Task | Note |\n|--:|:-----|---|\n");
	td_buf_puts(&b, "Text.\n\n| # | Task | Note |\n|--:|:-----|---|\n| 1 | [T-0](ws/a.md) | new |\n");
	for (size_t i = 0; i < 120; i++) {
		td_buf_printf(&a, "| %zu | [T-%zu](ws/a.md#t) | *n* %zu |\n", i + 1, i + 1, i * 7 % 13);
		td_buf_printf(&b, "| %zu | [T-%zu](ws/a.md#t) | *n* %zu |\n", i + 2, i + 1, i * 7 % 13);
	}
	td_buf_puts(&a, "\nAfter.\n");
	td_buf_puts(&b, "\nAfter.\n");
	assert_true(td_html_numbered_rows("| 12 | x |\n|  3 | y |\n", 22));
	assert_false(td_html_numbered_rows("| 12 | x |\n| 3a | y |\n", 22));
	assert_false(td_html_numbered_rows("| x | 12 |\n", 11));
	piece pa[64], pb[64];
	size_t na = table_pieces(a.ptr, a.len, pa, 64), nb = table_pieces(b.ptr, b.len, pb, 64), found = 0;
	assert_true(na > 5 && nb > 5);
	for (size_t j = 0; j < nb; j++) {
		size_t i = 0;
		while (i < na && (pa[i].key.len != pb[j].key.len ||
		                  memcmp(pa[i].key.ptr, pb[j].key.ptr, pa[i].key.len)))
			i++;
		if (i == na)
			continue;
		found++;
		td_html_part old, now;
		td_html_render_part(&old, &pa[i].job, TD_LINKS_DIRECTORY, false);
		td_html_render_part(&now, &pb[j].job, TD_LINKS_DIRECTORY, false);
		assert_false(old.body.len == now.body.len &&
		             !memcmp(old.body.ptr, now.body.ptr, now.body.len));
		assert_true(td_html_renumber(&old.body, pb[j].job.md, pb[j].job.len));
		assert_int_equal(old.body.len, now.body.len);
		assert_memory_equal(old.body.ptr, now.body.ptr, now.body.len);
		/* HTML of other rows than the Markdown's is refused, left as it was */
		td_buf copy = TD_BUF_INIT;
		td_buf_put(&copy, now.body.ptr, now.body.len);
		assert_false(td_html_renumber(&copy, pb[j].job.md, pb[j].job.len / 2));
		assert_int_equal(copy.len, now.body.len);
		td_buf_free(&copy);
		td_html_part_free(&old);
		td_html_part_free(&now);
	}
	assert_true(found + 1 >= nb); /* all but, at most, the piece the new row joined */
	for (size_t i = 0; i < na; i++)
		td_buf_free(&pa[i].key);
	for (size_t j = 0; j < nb; j++)
		td_buf_free(&pb[j].key);
	td_buf_free(&a);
	td_buf_free(&b);
	td_html_set_chunking(0, 0, 0);
}

/* A part as bytes: what save writes load reads back whole; every cut
 * short or damaged copy is refused, never read past its end. */
static void test_part_bytes(void **state)
{
	(void)state;
	td_html_part p, q;
	static const char md[] = "# Title\n\n## A {: #a }\n\ntext\n\n### B\n";
	td_html_job job = {.md = md, .len = strlen(md), .path = "x.md"};
	td_html_render_part(&p, &job, TD_LINKS_MARKDOWN, false);
	td_buf b = TD_BUF_INIT;
	td_html_part_save(&b, &p);
	assert_int_equal(td_html_part_load(&q, b.ptr, b.len), b.len);
	assert_int_equal(q.nheads, 3);
	assert_string_equal(q.heads[0].text, "Title");
	assert_null(q.heads[0].id);
	assert_string_equal(q.heads[1].id, "a");
	assert_memory_equal(q.body.ptr, p.body.ptr, p.body.len);
	td_html_part_free(&q);
	for (size_t n = 0; n < b.len; n++) { /* every prefix: refused */
		char *cut = malloc(n ? n : 1);
		memcpy(cut, b.ptr, n);
		assert_int_equal(td_html_part_load(&q, cut, n), 0);
		free(cut);
	}
	td_buf_putsl(&b, "7\n"); /* more after it: the part is still read, its length told */
	assert_int_equal(td_html_part_load(&q, b.ptr, b.len), b.len - 2);
	td_html_part_free(&q);
	td_buf_free(&b);
	td_html_part_free(&p);
}

/* ---- what the page template reads of the view ---- */

static json_t *frame_with(const char *page_tmpl, json_t *view)
{
	td_tmpl_file f = {"page.html.tmpl", page_tmpl, "templates/page.html.tmpl"};
	td_tmpl_set set = {&f, 1};
	td_html_opts o = {false, NULL, page_tmpl ? &set : NULL, TD_LINKS_DIRECTORY, NULL, 1, NULL};
	return td_html_frame_view(view, &o);
}

static void test_frame_view(void **state)
{
	(void)state;
	json_t *tasks = json_array();
	for (int i = 0; i < 60000; i++)
		json_array_append_new(tasks, json_pack("{ss}", "id", "T"));
	json_t *view = json_pack("{s{ss}sssos[i]}", "project", "name", "P", "as_of", "2026-01-01", "tasks", tasks,
	                         "risks", 1);
	/* the built-in page template: the site's name and as_of, copied */
	json_t *f = frame_with(NULL, view);
	assert_ptr_not_equal(f, view);
	assert_int_equal(json_object_size(f), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(f, "project"), "name")), "P");
	assert_string_equal(json_string_value(json_object_get(f, "as_of")), "2026-01-01");
	assert_ptr_not_equal(json_object_get(f, "as_of"), json_object_get(view, "as_of"));
	json_decref(f);
	/* a small part named is copied */
	f = frame_with("{{#risks}}{{@index}}{{/risks}}", view);
	assert_ptr_not_equal(f, view);
	assert_true(json_equal(json_object_get(f, "risks"), json_object_get(view, "risks")));
	assert_null(json_object_get(f, "tasks"));
	json_decref(f);
	/* a big one, the whole context, or a template that does not parse: the view */
	static const char *const whole[] = {"{{#tasks}}{{id}}{{/tasks}}", "{{. | json}}", "{{#open}}"};
	for (size_t i = 0; i < TD_ARRAY_LEN(whole); i++) {
		f = frame_with(whole[i], view);
		assert_ptr_equal(f, view);
		json_decref(f);
	}
	json_decref(view);
}


/* The search index, written straight from the view, is what jansson
 * writes for the same objects: escapes, non-ASCII, nulls. */
static void test_search_index(void **state)
{
	(void)state;
	static const char *const titles[] = {"plain", "quote \" and \\ back", "tab\tnew\nline\x01",
	                                     "caf\xc3\xa9 \xf0\x9f\x98\x80", "</script>", "a/b"};
	json_t *tasks = json_array(), *want = json_array();
	for (size_t i = 0; i < TD_ARRAY_LEN(titles); i++) {
		json_t *ws = i % 2 ? json_string(titles[i]) : json_null();
		json_array_append_new(tasks, json_pack("{sssssOssss}", "id", titles[i], "title", titles[i],
		                                       "workstream_title", ws, "state", "todo", "url", "ws/x.md#\xc3\xa9"));
		json_array_append_new(want, json_pack("{sssssOssss}", "id", titles[i], "title", titles[i], "workstream",
		                                      ws, "state", "todo", "url", "ws/x.html#\xc3\xa9"));
		json_decref(ws);
	}
	json_t *view = json_pack("{so}", "tasks", tasks);
	td_outset out = TD_OUTSET_INIT;
	td_html_search_index(&out, view);
	char *w = json_dumps(want, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	const td_outfile *f = td_outset_find(&out, "search-index.json");
	assert_non_null(f);
	assert_int_equal(f->len, strlen(w) + 1);
	assert_memory_equal(f->data, w, strlen(w));
	assert_non_null(strstr(td_outset_find(&out, "search-index.js")->data, w));
	free(w);
	td_outset_free(&out);
	json_decref(want);
	json_decref(view);
}

/* ---- whole HTML files kept in a cache ---- */

/* A cache in memory; with `damage`, every other look-up of each kept HTML
 * file (pages/) reads garbage: the first read of a build finds the file,
 * the second, when it is written out, does not. */
typedef struct memkv {
	td_buf keys[64], vals[64];
	char ns[64][8];
	size_t n;
	bool damage, map;
	size_t gets[64];
} memkv;

static bool mem_get(void *ud, const char *ns, const td_buf *key, td_buf *val)
{
	memkv *m = ud;
	for (size_t i = 0; i < m->n; i++) {
		if (strcmp(m->ns[i], ns) || m->keys[i].len != key->len || memcmp(m->keys[i].ptr, key->ptr, key->len))
			continue;
		if (!strcmp(ns, "pages") && m->damage && m->gets[i]++ % 2) {
			td_buf_puts(val, "garbage");
			return true;
		}
		td_buf_put(val, m->vals[i].ptr, m->vals[i].len);
		return true;
	}
	return false;
}

static void mem_put(void *ud, const char *ns, const td_buf *key, const td_buf *val)
{
	memkv *m = ud;
	size_t i = 0;
	while (i < m->n && (strcmp(m->ns[i], ns) || m->keys[i].len != key->len ||
	                    memcmp(m->keys[i].ptr, key->ptr, key->len)))
		i++;
	if (i == m->n) {
		assert_true(m->n < 64);
		m->n++;
		snprintf(m->ns[i], sizeof m->ns[i], "%s", ns);
		td_buf_put(&m->keys[i], key->ptr, key->len);
	}
	td_buf_clear(&m->vals[i]);
	td_buf_put(&m->vals[i], val->ptr, val->len);
}

static void mem_keep(void *ud, const char *ns, const td_buf *key)
{
	(void)ud, (void)ns, (void)key;
}

static bool mem_map(void *ud, const char *ns, const td_buf *key, const char **data, size_t *len, void **token)
{
	memkv *m = ud;
	td_buf *v = td_xcalloc(1, sizeof *v);
	if (!mem_get(m, ns, key, v)) {
		td_buf_free(v);
		free(v);
		return false;
	}
	*data = v->ptr ? v->ptr : "";
	*len = v->len;
	*token = v;
	return true;
}

static void mem_unmap(void *ud, void *token)
{
	(void)ud;
	td_buf_free(token);
	free(token);
}

/* The site of two pages rendered with the cache m: its page files, and the
 * HTML files taken whole. */
static size_t site_with(memkv *m, td_outset *out)
{
	td_outset md = TD_OUTSET_INIT;
	static const char a[] = "# Alpha\n\nSome *text*.\n\n## Part\n\nMore.\n";
	static const char b[] = "# Beta\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
	td_outset_add(&md, "index.md", a, sizeof a - 1);
	td_outset_add(&md, "workstreams/b.md", b, sizeof b - 1);
	td_nav nav[2] = {{NULL, "index.md", NULL, 0}, {NULL, "workstreams/b.md", NULL, 0}};
	td_sitemap map = {0};
	map.nav = nav;
	map.nnav = 2;
	td_kv kv = {.get = mem_get, .put = mem_put, .keep = mem_keep, .ud = m};
	if (m->map) {
		kv.map = mem_map;
		kv.unmap = mem_unmap;
	}
	td_html_stats st = {0};
	td_html_opts o = {false, &map, NULL, TD_LINKS_DIRECTORY, &kv, 1, &st};
	json_t *view = json_pack("{s{ss}}", "project", "name", "P");
	td_diags d = {0};
	int rc = td_render_html(out, &md, view, &o, &d);
	for (size_t i = 0; i < d.len; i++)
		print_message("%s: %s\n", d.items[i].file ? d.items[i].file : "", d.items[i].message);
	assert_int_equal(rc, 0);
	assert_int_equal(d.len, 0);
	td_diags_free(&d);
	json_decref(view);
	td_outset_free(&md);
	return st.files;
}

/* The files kept, read through get (copied) or map (where they lie). */
static void kept_files(bool map)
{
	memkv m = {0};
	m.map = map;
	td_outset first = TD_OUTSET_INIT, again = TD_OUTSET_INIT, damaged = TD_OUTSET_INIT;
	assert_int_equal(site_with(&m, &first), 0);
	assert_int_equal(site_with(&m, &again), 2); /* both files whole */
	m.damage = true; /* found, then gone when written out: framed again */
	assert_int_equal(site_with(&m, &damaged), 0);
	assert_int_equal(again.len, first.len);
	assert_int_equal(damaged.len, first.len);
	for (size_t i = 0; i < first.len; i++) {
		assert_string_equal(again.items[i].path, first.items[i].path);
		assert_int_equal(again.items[i].len, first.items[i].len);
		assert_memory_equal(again.items[i].data, first.items[i].data, first.items[i].len);
		assert_int_equal(damaged.items[i].len, first.items[i].len);
		assert_memory_equal(damaged.items[i].data, first.items[i].data, first.items[i].len);
	}
	assert_non_null(strstr(td_outset_find(&first, "workstreams/b.html")->data, "<td>2</td>"));
	td_outset_free(&first);
	td_outset_free(&again);
	td_outset_free(&damaged);
	for (size_t i = 0; i < m.n; i++) {
		td_buf_free(&m.keys[i]);
		td_buf_free(&m.vals[i]);
	}
}

static void test_kept_files(void **state)
{
	(void)state;
	kept_files(false);
	kept_files(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_url_is_safe),
	    cmocka_unit_test(test_kept_files),
	    cmocka_unit_test(test_clean_keeps_harmless_markup),
	    cmocka_unit_test(test_clean_disarms_script),
	    cmocka_unit_test(test_neutralize_raw_html),
	    cmocka_unit_test(test_neutralize_links),
	    cmocka_unit_test(test_neutralize_attribute_lists),
	    cmocka_unit_test(test_escape_attribute_lists),
	    cmocka_unit_test(test_neutralize_extensions),
	    cmocka_unit_test(test_codeblock),
	    cmocka_unit_test(test_codespan),
	    cmocka_unit_test(test_template_filters),
	    cmocka_unit_test(test_admonitions),
	    cmocka_unit_test(test_page_headings_and_toc),
	    cmocka_unit_test(test_page_links),
	    cmocka_unit_test(test_page_raw_html),
	    cmocka_unit_test(test_page_gfm_and_admonitions),
	    cmocka_unit_test(test_page_sections),
	    cmocka_unit_test(test_page_table_list_cuts),
	    cmocka_unit_test(test_numbered_table_pieces),
	    cmocka_unit_test(test_batch_two_processes),
	    cmocka_unit_test(test_part_bytes),
	    cmocka_unit_test(test_frame_view),
	    cmocka_unit_test(test_search_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
