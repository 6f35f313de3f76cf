/*
 * check_template.c - unit tests of the template engine (src/render/template/template.c).
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
#include "render/markdown/links.h"
#include "render/markdown/escape.h"

/* The template's escape in these tests: none, Markdown or HTML, with every filter. */
typedef enum { TD_ESCAPE_NONE, TD_ESCAPE_MARKDOWN, TD_ESCAPE_HTML } td_escape;

static const td_dialect *D(td_escape e)
{
	static td_dialect d[3];
	static const td_dialect_opts opts = {false};
	td_dialect_markdown(&d[TD_ESCAPE_MARKDOWN], &opts);
	td_dialect_html(&d[TD_ESCAPE_HTML], &opts);
	d[TD_ESCAPE_NONE] = d[TD_ESCAPE_MARKDOWN];
	d[TD_ESCAPE_NONE].escape = NULL;
	return &d[e];
}

/* ---- helpers ---- */

struct partial {
	const char *name;
	const char *text;
	const char *file; /* NULL: messages use the name */
};

struct partials {
	const struct partial *list;
	int calls;
};

static const char *find_partial(void *ud, const char *name, const char **file_out)
{
	struct partials *ps = ud;
	if (!ps)
		return NULL;
	ps->calls++;
	for (const struct partial *p = ps->list; p && p->name; p++) {
		if (strcmp(p->name, name) == 0) {
			if (p->file)
				*file_out = p->file;
			return p->text;
		}
	}
	return NULL;
}

/* JSON written with ' for ", to keep the tests readable; NULL gives NULL. */
static json_t *js(const char *text)
{
	if (!text)
		return NULL;
	char *s = td_xstrdup(text);
	for (char *c = s; *c; c++)
		if (*c == '\'')
			*c = '"';
	json_error_t e;
	json_t *j = json_loads(s, JSON_DECODE_ANY, &e);
	free(s);
	if (!j)
		fail_msg("bad test JSON: %s: %s", text, e.text);
	return j;
}

static char *format_diags(td_diags *d)
{
	td_buf b = TD_BUF_INIT;
	td_diags_sort(d);
	for (size_t i = 0; i < d->len; i++) {
		td_diag_format(&b, &d->items[i]);
		td_buf_putc(&b, '\n');
	}
	return td_buf_detach(&b);
}

/* Renders tmpl (file "t.md") with ctx; fails the test on any error. Caller frees. */
static char *render_ctx(const char *tmpl, json_t *ctx, td_escape esc, const struct partial *parts)
{
	td_diags d = {0};
	struct partials ps = {parts, 0};
	td_template *t = td_template_parse("t.md", tmpl, D(esc), &d);
	if (!t) {
		char *msg = format_diags(&d);
		fail_msg("parse failed:\n%s", msg);
	}
	td_buf out = TD_BUF_INIT;
	int rc = td_template_render(&out, t, ctx, find_partial, &ps, &d);
	if (rc) {
		char *msg = format_diags(&d);
		fail_msg("render failed:\n%s", msg);
	}
	assert_int_equal(d.len, 0);
	td_template_free(t);
	td_diags_free(&d);
	return td_buf_detach(&out);
}

static void check_full(const char *tmpl, const char *json, td_escape esc, const struct partial *parts,
                       const char *want)
{
	json_t *ctx = js(json);
	char *got = render_ctx(tmpl, ctx, esc, parts);
	assert_string_equal(got, want);
	free(got);
	json_decref(ctx);
}

static void check(const char *tmpl, const char *json, const char *want)
{
	check_full(tmpl, json, TD_ESCAPE_MARKDOWN, NULL, want);
}

static void check_ctx(const char *tmpl, json_t *ctx, td_escape esc, const char *want)
{
	char *got = render_ctx(tmpl, ctx, esc, NULL);
	assert_string_equal(got, want);
	free(got);
	json_decref(ctx);
}

/* Parses tmpl, which must fail; compares every diagnostic, one a line. */
static void check_error(const char *tmpl, const char *want)
{
	td_diags d = {0};
	td_template *t = td_template_parse("t.md", tmpl, D(TD_ESCAPE_MARKDOWN), &d);
	assert_null(t);
	char *got = format_diags(&d);
	assert_string_equal(got, want);
	free(got);
	td_diags_free(&d);
}

/* Parses tmpl, which must succeed, renders it, which must fail; compares the diagnostics. */
static void check_render_error(const char *tmpl, const char *json, const struct partial *parts,
                               const char *want)
{
	td_diags d = {0};
	struct partials ps = {parts, 0};
	td_template *t = td_template_parse("t.md", tmpl, D(TD_ESCAPE_MARKDOWN), &d);
	assert_non_null(t);
	json_t *ctx = js(json);
	td_buf out = TD_BUF_INIT;
	assert_int_equal(td_template_render(&out, t, ctx, find_partial, &ps, &d), -1);
	char *got = format_diags(&d);
	assert_string_equal(got, want);
	free(got);
	td_buf_free(&out);
	json_decref(ctx);
	td_template_free(t);
	td_diags_free(&d);
}

static char *md(const char *s)
{
	td_buf b = TD_BUF_INIT;
	td_escape_markdown(&b, s);
	return td_buf_detach(&b);
}

static void check_md(const char *in, const char *want)
{
	char *got = md(in);
	assert_string_equal(got, want);
	free(got);
}

/* ---- variables ---- */

static void test_variables(void **state)
{
	check("Hi {{name}}, {{n}} {{r}} {{t}} {{f}} [{{z}}] {{ name }}",
	      "{'name':'Ann','n':42,'r':83.3,'t':true,'f':false,'z':null}",
	      "Hi Ann, 42 83.3 true false [] Ann");
	check("{{big}} {{neg}}", "{'big':9007199254740993,'neg':-7}", "9007199254740993 -7");
}

static void test_real_format(void **state)
{
	json_t *ctx = json_pack("{s:f,s:f,s:f,s:f,s:f,s:f,s:f,s:f}", "a", 249.9 / 3, "b", 0.1 + 0.2, "c",
	                        1e-5, "d", 1.5e15, "e", -0.0, "f", 2.50, "g", 3.0, "h", 1e25);
	check_ctx("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}", ctx, TD_ESCAPE_NONE,
	          "83.3 0.3 0.00001 1500000000000000 0 2.5 3 1e+25");
	ctx = json_pack("{s:f,s:f,s:f,s:f}", "a", 1e13 / 3, "b", -1.25e-7, "c", 123456.7890123456, "d",
	                -2.5e-12);
	check_ctx("{{a}} {{b}} {{c}} {{d}}", ctx, TD_ESCAPE_NONE,
	          "3333333333330 -0.000000125 123456.789012 -2.5e-12");
}

static void test_missing_is_empty(void **state)
{
	check("[{{nope}}][{{a.b.c}}][{{@index}}][{{.}}]", "{'a':{}}", "[][][][]");
	check("a{{b}}c{{#b}}x{{/b}}{{^b}}y{{/b}}", NULL, "acy");
}

static void test_objects_and_arrays_print_nothing(void **state)
{
	check("[{{o}}][{{a}}]", "{'o':{'x':1},'a':[1,2]}", "[][]");
}

static void test_dotted_names(void **state)
{
	check("{{a.b.c}} {{a.list.1}} {{a.list.9}} {{a.b.c.d}}", "{'a':{'b':{'c':'deep'},'list':['x','y']}}",
	      "deep y  ");
}

static void test_dotted_no_fallback_after_first_part(void **state)
{
	/* b is found in the section's object, so b.c does not look further out */
	check("{{#a}}[{{b.c}}]{{/a}}", "{'a':{'b':{}},'b':{'c':'root'}}", "[]");
}

static void test_dot_is_current_value(void **state)
{
	check("{{#list}}<{{.}}>{{/list}}", "{'list':['a','*b*']}", "<a><\\*b\\*>");
	check_ctx("{{#.}}{{.}};{{/.}}", js("['x','y']"), TD_ESCAPE_NONE, "x;y;");
}

/* ---- escaping ---- */

static void test_markdown_escape_in_template(void **state)
{
	check("{{s}}",
	      "{'s':'<script>alert(1)</script> a|b *c* `d` _e_ [f](g) #h ~i~ \\\\ AT&T &amp; &#39;'}",
	      "&lt;script&gt;alert(1)&lt;/script&gt; a\\|b \\*c\\* \\`d\\` \\_e\\_ \\[f\\](g) \\#h "
	      "&#126;i&#126; \\\\ AT&T &amp;amp; &amp;\\#39;");
}

/* Issue 17: what a MkDocs extension would read as markup is written as a
 * character reference, which every Markdown reads as the character. */
static void test_markdown_escape_extensions(void **state)
{
	check_md("H~2~O x^2^ ^^ins^^", "H&#126;2&#126;O x&#94;2&#94; &#94;&#94;ins&#94;&#94;");
	check_md("==mark== a = b a==b", "&#61;&#61;mark&#61;&#61; a = b a&#61;&#61;b");
	check_md("++ctrl+alt++ C++ a+b", "&#43;&#43;ctrl+alt&#43;&#43; C&#43;&#43; a+b");
	check_md("costs $5 and $x$", "costs &#36;5 and &#36;x&#36;");
	check_md("say :smile: at 10:30 or 10:30:00, HPC: x", "say &#58;smile: at 10:30 or 10&#58;30:00, HPC: x");
	check_md("check a:b", "check a&#58;b");
	check_md("1/2 of 3/4 and 10/20, +/- =/= c/o a/b", "1&#47;2 of 3&#47;4 and 10&#47;20, +&#47;- =&#47;= c&#47;o a/b");
	check_md("(c) (R) (tm) (cat)", "&#40;c) &#40;R) &#40;tm) (cat)");
	check_md("a --> b <-- c", "a --&gt; b &lt;-- c");
	check_md("[[x]] [^1] *[HTML]: x", "\\[\\[x\\]\\] \\[&#94;1\\] \\*\\[HTML\\]: x");
	check_md("Impact \\ Probability", "Impact \\\\ Probability");
	check_md(": definition", "&#58; definition");
	check_md("!!! note", "\\!!! note");
	check_md("??? note", "&#63;?? note");
	check_md("=== \"Tab\"", "&#61;&#61;&#61; \"Tab\"");
}

static void test_markdown_escape_line_start(void **state)
{
	check_md("- item", "\\- item");
	check_md("+ x", "\\+ x");
	check_md("-", "\\-");
	check_md("1. first", "1\\. first");
	check_md("2) second", "2\\) second");
	check_md("2024.", "2024\\.");
	check_md("3.5", "3.5");
	check_md("-5", "-5");
	check_md("a - b", "a - b");
	check_md("---", "\\---");
	check_md("- - -", "\\- - -");
	check_md("===", "&#61;&#61;&#61;");
	check_md("=", "&#61;");
	check_md("# Title", "\\# Title");
	check_md("> quote", "&gt; quote");
	check_md("", "");
}

static void test_markdown_escape_newlines_and_cells(void **state)
{
	check_md("a\nb\r\nc\rd", "a b c d");
	check("| {{a}} | {{b}} |", "{'a':'x|y','b':'line1\\nline2'}", "| x\\|y | line1 line2 |");
}

static void test_html_escape(void **state)
{
	td_buf b = TD_BUF_INIT;
	td_escape_html(&b, "<a href=\"x\">Tom & 'Jerry'</a>");
	assert_string_equal(td_buf_cstr(&b),
	                    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
	td_buf_free(&b);
	check_ctx("<p>{{s}}</p>", json_pack("{s:s}", "s", "<script>'\"&*|`"), TD_ESCAPE_HTML,
	          "<p>&lt;script&gt;&#39;&quot;&amp;*|`</p>");
}

static void test_raw_output(void **state)
{
	check("{{{s}}} {{& s}} {{&s}} {{s | raw}}", "{'s':'*a* <b>'}", "*a* <b> *a* <b> *a* <b> *a* <b>");
	check_full("{{{s}}}", "{'s':'<b>'}", TD_ESCAPE_HTML, NULL, "<b>");
}

static void test_escape_filters_force_mode(void **state)
{
	check_full("{{s | md}}", "{'s':'<*>'}", TD_ESCAPE_HTML, NULL, "&lt;\\*&gt;");
	check_full("{{s | html}}", "{'s':'<*>'}", TD_ESCAPE_MARKDOWN, NULL, "&lt;*&gt;");
	check_full("{{s}}", "{'s':'<*>'}", TD_ESCAPE_NONE, NULL, "<*>");
	check_full("{{s | html | raw}}", "{'s':'<*>'}", TD_ESCAPE_MARKDOWN, NULL, "<*>");
}

/* ---- sections ---- */

static void test_section_array(void **state)
{
	check("{{#items}}- {{name}}\n{{/items}}", "{'items':[{'name':'a'},{'name':'b'}]}", "- a\n- b\n");
}

static void test_section_object(void **state)
{
	check("{{#owner}}{{name}} ({{team}}){{/owner}}", "{'owner':{'name':'Ann'},'team':'Core'}",
	      "Ann (Core)");
	check("{{#o}}[{{x}}]{{/o}}", "{'o':{}}", "[]");
}

static void test_section_truthiness(void **state)
{
	check("{{#t}}T{{/t}}{{#f}}F{{/f}}{{#s}}S{{/s}}{{#e}}E{{/e}}{{#z}}Z{{/z}}{{#n}}N{{/n}}"
	      "{{#x}}X{{/x}}{{#missing}}M{{/missing}}{{#empty}}A{{/empty}}{{#one}}1{{/one}}"
	      "{{#r0}}R{{/r0}}",
	      "{'t':true,'f':false,'s':'x','e':'','z':0,'n':null,'x':0.5,'empty':[],'one':1,"
	      "'r0':0.0}",
	      "TSX1");
	/* a true scalar leaves the context unchanged */
	check("{{#s}}{{name}}{{/s}}", "{'s':'yes','name':'N'}", "N");
}

static void test_inverted(void **state)
{
	check("{{^items}}none{{/items}}{{^full}}empty{{/full}}{{^missing}}m{{/missing}}"
	      "{{^f}}F{{/f}}{{^z}}Z{{/z}}{{^t}}T{{/t}}",
	      "{'items':[],'full':[1],'f':false,'z':0,'t':true}", "nonemFZ");
}

static void test_nested_loops_parent_lookup(void **state)
{
	check("{{#groups}}\n"
	      "## {{title}}\n"
	      "{{#tasks}}\n"
	      "- {{id}} {{title}} ({{project}})\n"
	      "{{/tasks}}\n"
	      "{{/groups}}\n",
	      "{'project':'P','groups':[{'title':'G1','tasks':[{'id':'T1','title':'Do'},{'id':'T2'}]},"
	      "{'title':'G2','tasks':[]}]}",
	      "## G1\n- T1 Do (P)\n- T2 G1 (P)\n## G2\n");
}

static void test_loop_specials(void **state)
{
	check("{{#xs}}{{@index}}/{{@number}}{{#@first}}F{{/@first}}{{#@last}}L{{/@last}};{{/xs}}",
	      "{'xs':['a','b','c']}", "0/1F;1/2;2/3L;");
	check("{{#xs}}{{#@index}}+{{/@index}}{{/xs}}", "{'xs':[1,2,3]}", "++");
}

static void test_loop_separator(void **state)
{
	check("{{#xs}}{{.}}{{^@last}}, {{/@last}}{{/xs}}.", "{'xs':['a','b','c']}", "a, b, c.");
	check("{{#xs}}{{.}}{{^@last}}, {{/@last}}{{/xs}}.", "{'xs':['a']}", "a.");
}

static void test_loop_specials_through_objects(void **state)
{
	/* an object section inside a loop keeps the loop's @index */
	check("{{#xs}}{{#o}}{{@index}}{{/o}}{{/xs}}|{{#outer}}{{#inner}}{{@index}}{{/inner}},{{/outer}}",
	      "{'xs':[{'o':{}},{'o':{}}],'outer':[{'inner':['a','b']},{'inner':['c']}]}", "01|01,0,");
}

/* ---- filters ---- */

static void test_filter_case(void **state)
{
	check("{{s | upper}} {{s|lower}} {{n | upper}}", "{'s':'MiXed é_x','n':5}",
	      "MIXED é\\_X mixed é\\_x 5");
}

static void test_filter_fixed(void **state)
{
	check("{{a | fixed0}} {{a | fixed1}} {{a | fixed2}} {{b | fixed1}} {{c | fixed2}} "
	      "{{d | fixed1}} {{e | fixed1}} [{{m | fixed1}}] {{t | fixed0}}",
	      "{'a':2.3456,'b':7,'c':'12.5','d':-0.04,'e':'n/a','t':true}",
	      "2 2.3 2.35 7.0 12.50 0.0 n/a [] true");
	check("{{#xs}}{{@number | fixed1}} {{/xs}}", "{'xs':[0,0]}", "1.0 2.0 ");
}

static void test_filter_default(void **state)
{
	check("{{a | default:\"—\"}}|{{b | default:\"none\"}}|{{c | default:'x'}}|{{d | default:\"-\"}}"
	      "|{{e | default:\"*none*\"}}|{{f | default:\"x\"}}|{{g | default:\"say \\\"hi\\\"\"}}",
	      "{'b':null,'c':'','d':0,'f':false}", "—|none|x|0|\\*none\\*|false|say \"hi\"");
	check("{{x | fixed1 | default:\"n/a\"}} {{y | upper | default:'?'}}", "{}", "n/a ?");
}

static void test_filter_join(void **state)
{
	check("| {{m | usermd_cell | raw}} |", "{'m':'Pin `a|b` and **c**\\n\\nthen | d\\n'}",
	      "| Pin `a\\|b` and **c** then \\| d |");
	check("{{a}} {{a | plural:\"task\"}}, {{b | plural:\"task\"}}, {{c | plural:\"entry|entries\"}}, "
	      "{{d | plural:\"entry|entries\"}}, {{t | plural:\"task\"}}",
	      "{'a':1,'b':0,'c':3,'d':1,'t':'x'}", "1 1 task, 0 tasks, 3 entries, 1 entry, x");
	check("{{tags | join:\", \"}}", "{'tags':['a','b',1,true,null,{'o':1},2.5]}", "a, b, 1, true, 2.5");
	check("{{tags | join:\" | \"}}", "{'tags':['a','b']}", "a \\| b");
	check("{{tags | join:'<br>' | raw}}", "{'tags':['a','b']}", "a<br>b");
	check("[{{e | join:\", \"}}] {{e | join:\", \" | default:\"none\"}} {{s | join:\",\"}}",
	      "{'e':[],'s':'scalar'}", "[] none scalar");
}

static void test_filter_anchor(void **state)
{
	check("{{a | anchor}} {{b | anchor}} {{c | anchor}} {{d | anchor}}",
	      "{'a':'TASK-028.1','b':'  Hello, World!  ','c':'a__b','d':'Ünïcode x'}",
	      "task-028-1 hello-world a-b n-code-x");
	check("[x](#{{id | anchor}})", "{'id':'CLOUD_1.9'}", "[x](#cloud-1-9)");
}

static void test_filter_url(void **state)
{
	check("[f]({{p | url}})", "{'p':'docs/My File (1)_x~.md'}", "[f](docs/My%20File%20%281%29_x~.md)");
	check("{{p | url}}", "{'p':'ü#?&'}", "%C3%BC%23%3F%26");
	check_full("<a href=\"{{p | url}}\">", "{'p':'a b/c_d'}", TD_ESCAPE_HTML, NULL,
	           "<a href=\"a%20b/c_d\">");
}

static void test_filter_json(void **state)
{
	check("{{o | json | raw}} {{s | json | raw}} {{m | json}} {{n | json}} {{l | json | raw}}",
	      "{'o':{'b':1,'a':'x<'},'s':'q\\'','n':1.5,'l':[1,'*']}",
	      "{\"a\":\"x<\",\"b\":1} \"q\\\"\" null 1.5 [1,\"*\"]");
	check("{{o | json}}", "{'o':{'a':'<*>'}}", "{\"a\":\"&lt;\\*&gt;\"}");
}

static void test_filter_chain(void **state)
{
	check("{{name | lower | anchor}} {{name | upper | lower}} {{x | default:\"Ab C\" | anchor}}",
	      "{'name':'Big Task'}", "big-task big task ab-c");
}

/* ---- partials ---- */

static void test_partials(void **state)
{
	static const struct partial parts[] = {
	    {"row", "- {{name}} ({{team}})\n", NULL},
	    {"inline", "<{{name}}>", NULL},
	    {NULL, NULL, NULL},
	};
	check_full("Rows:\n{{#rows}}{{> row}}{{/rows}}\nEnd {{>inline}}\n",
	           "{'team':'T','name':'top','rows':[{'name':'a'},{'name':'b'}]}", TD_ESCAPE_MARKDOWN, parts,
	           "Rows:\n- a (T)\n- b (T)\nEnd <top>\n");
}

static void test_partial_indentation(void **state)
{
	static const struct partial parts[] = {
	    {"items", "- a\n- b\n\n- c\n", NULL},
	    {"p1", "* {{x}}\n  {{> p2}}\n", NULL},
	    {"p2", "+ y\n{{{raw}}}\n", NULL},
	    {NULL, NULL, NULL},
	};
	check_full("List:\n  {{> items}}\nEnd\n", "{}", TD_ESCAPE_MARKDOWN, parts,
	           "List:\n  - a\n  - b\n\n  - c\nEnd\n");
	/* indentation adds up; interpolated text is not re-indented */
	check_full("{{> p1}}\n\t{{> p1}}", "{'x':'X','raw':'r1\\nr2'}", TD_ESCAPE_MARKDOWN, parts,
	           "* X\n  + y\n  r1\nr2\n\t* X\n\t  + y\n\t  r1\nr2\n");
}

static void test_partial_recursive_tree(void **state)
{
	static const struct partial parts[] = {
	    {"node", "{{name}}\n{{#kids}}\n  {{> node}}\n{{/kids}}\n", NULL},
	    {NULL, NULL, NULL},
	};
	check_full("{{> node}}",
	           "{'name':'root','kids':[{'name':'a','kids':[{'name':'b','kids':[]}]},"
	           "{'name':'c','kids':[]}]}",
	           TD_ESCAPE_MARKDOWN, parts, "root\n  a\n    b\n  c\n");
}

static void test_partial_inherits_escape(void **state)
{
	static const struct partial parts[] = {{"p", "{{s}}", NULL}, {NULL, NULL, NULL}};
	check_full("<i>{{> p}}</i>", "{'s':'<b>'}", TD_ESCAPE_HTML, parts, "<i>&lt;b&gt;</i>");
}

static void test_partial_recursion_limit(void **state)
{
	static const struct partial parts[] = {{"loop", "x{{> loop}}", NULL}, {NULL, NULL, NULL}};
	check_render_error("{{> loop}}", "{}", parts,
	                   "loop:1:2: error: partial 'loop' nested too deeply (more than 32 levels; "
	                   "recursive partial?)\n");
}

static void test_partial_missing(void **state)
{
	check_render_error("a\n {{> nope}}", "{}", NULL, "t.md:2:2: error: partial 'nope' not found\n");
	/* not an error when the tag is never reached */
	check("{{#no}}{{> nope}}{{/no}}ok", "{}", "ok");
}

static void test_partial_parse_error(void **state)
{
	static const struct partial parts[] = {
	    {"bad", "ok\n{{#x}}", "templates/bad.md.tmpl"},
	    {NULL, NULL, NULL},
	};
	check_render_error("{{> bad}}", "{}", parts,
	                   "templates/bad.md.tmpl:2:1: error: unclosed section 'x': '{{#x}}' has no "
	                   "matching '{{/x}}'\n");
}

static void test_partial_cache_and_reuse(void **state)
{
	static const struct partial parts[] = {{"p", "<{{.}}>", NULL}, {NULL, NULL, NULL}};
	struct partials ps = {parts, 0};
	td_diags d = {0};
	td_template *t = td_template_parse("t.md", "{{#xs}}{{> p}}{{/xs}}", D(TD_ESCAPE_NONE), &d);
	assert_non_null(t);
	assert_string_equal(td_template_name(t), "t.md");
	json_t *ctx = js("{'xs':[1,2,3]}");
	for (int i = 0; i < 3; i++) {
		td_buf out = TD_BUF_INIT;
		assert_int_equal(td_template_render(&out, t, ctx, find_partial, &ps, &d), 0);
		assert_string_equal(td_buf_cstr(&out), "<1><2><3>");
		td_buf_free(&out);
	}
	assert_int_equal(ps.calls, 1);
	assert_int_equal(d.len, 0);
	json_decref(ctx);
	td_template_free(t);
	td_template_free(NULL);
	td_diags_free(&d);
}

/* ---- standalone lines ---- */

static void test_standalone_table(void **state)
{
	check("| a | b |\n"
	      "|---|---|\n"
	      "{{#rows}}\n"
	      "| {{a}} | {{b}} |\n"
	      "{{/rows}}\n"
	      "\n"
	      "after\n",
	      "{'rows':[{'a':1,'b':'x|y'},{'a':2,'b':'z'}]}",
	      "| a | b |\n|---|---|\n| 1 | x\\|y |\n| 2 | z |\n\nafter\n");
}

static void test_standalone_comments(void **state)
{
	check("  {{! comment }}  \nA\n{{!\nmulti\nline\n}}\nB\n\t{{! last, no newline }}", "{}", "A\nB\n");
}

static void test_standalone_crlf(void **state)
{
	check("a\r\n{{#t}}\r\nb\r\n{{/t}}\r\nc", "{'t':true}", "a\r\nb\r\nc");
}

static void test_standalone_edges(void **state)
{
	/* first and last line, indented, several tags on one line */
	check("{{#t}}\nA\n  {{/t}}", "{'t':true}", "A\n");
	check("  {{#t}} {{/t}}  \nB\n", "{'t':true}", "B\n");
	check("{{#t}}{{^f}}\nC\n{{/f}}{{/t}}\n", "{'t':true}", "C\n");
	/* not standalone: text or a variable on the line */
	check("x {{#t}}\ny{{/t}} z\n", "{'t':true}", "x \ny z\n");
	check("{{#t}}{{v}}\n{{/t}}", "{'t':true,'v':'V'}", "V\n");
	check("{{#t}}{{v}}\n{{/t}}", "{'t':true}", "\n");
	/* a blank line stays */
	check("a\n\n{{#t}}\nb\n{{/t}}\n", "{'t':true}", "a\n\nb\n");
}

static void test_standalone_list_with_fallback(void **state)
{
	const char *tmpl = "Tasks:\n"
	                   "{{#tasks}}\n"
	                   "- {{.}}\n"
	                   "{{/tasks}}\n"
	                   "{{^tasks}}\n"
	                   "_none_\n"
	                   "{{/tasks}}\n"
	                   "End\n";
	check(tmpl, "{'tasks':[]}", "Tasks:\n_none_\nEnd\n");
	check(tmpl, "{'tasks':['a','b']}", "Tasks:\n- a\n- b\nEnd\n");
}

/* The examples of docs/templates.md. */
static void test_docs_examples(void **state)
{
	check("# {{project.name}}\n"
	      "\n"
	      "{{#tasks}}\n"
	      "- [{{id}}](#{{id | anchor}}) {{title}} ({{progress | fixed0}} %)\n"
	      "{{/tasks}}\n"
	      "{{^tasks}}\n"
	      "_No tasks yet._\n"
	      "{{/tasks}}\n",
	      "{'project':{'name':'Cloud move'},'tasks':[{'id':'CLOUD-1.2','title':'Move the *build* "
	      "servers','progress':62.5},{'id':'CLOUD-1.10','title':'Retire the old DNS','progress':0}]}",
	      "# Cloud move\n"
	      "\n"
	      "- [CLOUD-1.2](#cloud-1-2) Move the \\*build\\* servers (62 %)\n"
	      "- [CLOUD-1.10](#cloud-1-10) Retire the old DNS (0 %)\n");
	check("{{#owners}}{{name}}{{^@last}}, {{/@last}}{{/owners}}",
	      "{'owners':[{'name':'Ann'},{'name':'Bo'},{'name':'Cy'}]}", "Ann, Bo, Cy");
	check("[{{title}}]({{file | url}})", "{'title':'Plan [v2]','file':'My plan (v2).md'}",
	      "[Plan \\[v2\\]](My%20plan%20%28v2%29.md)");
	check("- {{title}}{{#late}} (late){{/late}}\n", "{'title':'T','late':true}", "- T (late)\n");
}

/* ---- malformed templates ---- */

static void test_error_unclosed_tag(void **state)
{
	check_error("ab\ncd {{name\nef", "t.md:2:4: error: unclosed tag: '{{' has no matching '}}'\n");
	check_error("x {{a {{b}}", "t.md:1:3: error: unclosed tag: '{{' has no matching '}}'\n");
	check_error("{{", "t.md:1:1: error: unclosed tag: '{{' has no matching '}}'\n");
	check_error("{{{a}}", "t.md:1:1: error: unclosed tag: '{{{' has no matching '}}}'\n");
	check_error("x\n{{! never", "t.md:2:1: error: unclosed comment: '{{!' has no matching '}}'\n");
}

static void test_error_unclosed_section(void **state)
{
	check_error("a\n{{#items}}\n- x\n",
	            "t.md:2:1: error: unclosed section 'items': '{{#items}}' has no matching "
	            "'{{/items}}'\n");
	check_error("{{#a}}{{^b}}{{/b}}  {{^c}}",
	            "t.md:1:1: error: unclosed section 'a': '{{#a}}' has no matching '{{/a}}'\n"
	            "t.md:1:21: error: unclosed section 'c': '{{^c}}' has no matching '{{/c}}'\n");
}

static void test_error_mismatched_close(void **state)
{
	check_error("{{#a}}\n  {{#b}}\n  {{/a}}\n",
	            "t.md:3:3: error: '{{/a}}' does not match '{{#b}}' opened at 2:3\n");
	check_error("{{#items}}x{{/itmes}}",
	            "t.md:1:12: error: '{{/itmes}}' does not match '{{#items}}' opened at 1:1\n");
	check_error("{{^x}}{{/ y }}", "t.md:1:7: error: '{{/y}}' does not match '{{^x}}' opened at 1:1\n");
	check_error("a{{/a}}", "t.md:1:2: error: '{{/a}}' has no open section to close\n");
}

static void test_error_empty_name(void **state)
{
	check_error("{{}}", "t.md:1:1: error: empty tag name\n");
	check_error("x{{ }}", "t.md:1:2: error: empty tag name\n");
	check_error("{{#}}x{{/}}", "t.md:1:1: error: empty tag name\nt.md:1:7: error: empty tag name\n");
	check_error("{{> }}{{{ }}}{{&}}", "t.md:1:1: error: empty tag name\nt.md:1:7: error: empty tag name\n"
	                                  "t.md:1:14: error: empty tag name\n");
}

static void test_error_unknown_filter(void **state)
{
	check_error("x {{a | uper}}",
	            "t.md:1:9: error: unknown filter 'uper' (did you mean 'upper'?); known filters: "
	            "upper, lower, fixed0, fixed1, fixed2, raw, md, html, url, json, anchor, "
	            "default:\"text\", join:\"separator\", plural:\"noun\", usermd, usermd_cell, codeblock, codespan\n");
	check_error("{{a | frobnicate}}",
	            "t.md:1:7: error: unknown filter 'frobnicate'; known filters: upper, lower, fixed0, "
	            "fixed1, fixed2, raw, md, html, url, json, anchor, default:\"text\", "
	            "join:\"separator\", plural:\"noun\", usermd, usermd_cell, codeblock, codespan\n");
	check_error("{{a | }}", "t.md:1:7: error: missing filter name after '|'\n");
}

static void test_error_filter_arguments(void **state)
{
	check_error("{{a | upper:\"x\"}}", "t.md:1:7: error: filter 'upper' takes no argument\n");
	check_error("{{a | default}}",
	            "t.md:1:7: error: filter 'default' needs an argument, e.g. default:\"n/a\"\n");
	check_error("{{a | join:x}}",
	            "t.md:1:12: error: argument of filter 'join' must be a quoted string, e.g. "
	            "join:\", \"\n");
	check_error("{{a | default:\"x}}", "t.md:1:15: error: unterminated string in tag\n");
	check_error("{{a | join:', ' x}}", "t.md:1:17: error: unexpected 'x' in tag\n");
}

static void test_error_misplaced_filters_and_text(void **state)
{
	check_error("{{#a | upper}}{{/a}}", "t.md:1:6: error: filters are only allowed on variables\n");
	check_error("{{> p | upper}}", "t.md:1:7: error: filters are only allowed on variables\n");
	check_error("{{a b}}", "t.md:1:5: error: unexpected 'b' in tag\n");
	check_error("{{a | upper lower}}", "t.md:1:13: error: unexpected 'lower' in tag\n");
}

static void test_error_bad_names(void **state)
{
	check_error("{{a..b}}", "t.md:1:1: error: invalid name 'a..b' (use letters, digits, '_' and "
	                        "'-', with '.' between parts)\n");
	check_error("{{#a:b}}{{/a:b}}",
	            "t.md:1:1: error: invalid name 'a:b' (use letters, digits, '_' and '-', with '.' "
	            "between parts)\n"
	            "t.md:1:9: error: invalid name 'a:b' (use letters, digits, '_' and '-', with '.' "
	            "between parts)\n");
	check_error("{{@idx}}", "t.md:1:1: error: unknown name '@idx' (known: @index, @number, @first, "
	                        "@last)\n");
	check_error("{{=<% %>=}}", "t.md:1:1: error: set-delimiter tags ('{{=...=}}') are not supported\n");
}

static void test_error_many_in_one_pass(void **state)
{
	check_error("{{a | nope}}\n"
	            "{{#s}}\n"
	            "{{b\n"
	            "{{/t}}\n"
	            "é {{#u}}\n",
	            "t.md:1:7: error: unknown filter 'nope'; known filters: upper, lower, fixed0, "
	            "fixed1, fixed2, raw, md, html, url, json, anchor, default:\"text\", "
	            "join:\"separator\", plural:\"noun\", usermd, usermd_cell, codeblock, codespan\n"
	            "t.md:3:1: error: unclosed tag: '{{' has no matching '}}'\n"
	            "t.md:4:1: error: '{{/t}}' does not match '{{#s}}' opened at 2:1\n"
	            "t.md:5:3: error: unclosed section 'u': '{{#u}}' has no matching '{{/u}}'\n");
}

static void test_error_columns_count_characters(void **state)
{
	check_error("é→ {{a | nope}}",
	            "t.md:1:10: error: unknown filter 'nope'; known filters: upper, lower, fixed0, "
	            "fixed1, fixed2, raw, md, html, url, json, anchor, default:\"text\", "
	            "join:\"separator\", plural:\"noun\", usermd, usermd_cell, codeblock, codespan\n");
}

static void test_braces_in_text_and_arguments(void **state)
{
	check("a } b }} c {{x | default:\"{{}}\"}}", "{}", "a } b }} c {{}}");
}

/* ---- scale ---- */


static void test_large_loop_10000_rows(void **state)
{
	json_t *rows = json_array();
	for (int i = 0; i < 10000; i++)
		json_array_append_new(rows,
		                      json_pack("{s:s,s:s,s:s,s:i,s:f,s:s,s:b,s:s,s:i,s:s}", "id", "TASK-1",
		                                "title", "Do the *thing* | now", "owner", "ann", "points", i,
		                                "hours", i * 0.25, "state", "done", "blocked", i % 2, "due",
		                                "2024-05-01", "week", 18, "note", "<none>"));
	json_t *ctx = json_pack("{s:o}", "rows", rows);
	td_diags d = {0};
	td_template *t = td_template_parse(
	    "bench.md",
	    "| id | title | owner | pts | h | state | blocked | due | week | note |\n"
	    "|---|---|---|---|---|---|---|---|---|---|\n"
	    "{{#rows}}\n"
	    "| [{{id}}](#{{id | anchor}}) | {{title}} | {{owner}} | {{points}} | {{hours | fixed1}} "
	    "| {{state}} | {{#blocked}}yes{{/blocked}} | {{due}} | {{week}} | {{note}} |\n"
	    "{{/rows}}\n", D(TD_ESCAPE_MARKDOWN), &d);
	assert_non_null(t);
	/* parse once, render many: every render gives the same text (speed is
	 * measured by bench/, never by a unit test) */
	td_buf out = TD_BUF_INIT, first = TD_BUF_INIT;
	for (int run = 0; run < 3; run++) {
		td_buf_clear(&out);
		assert_int_equal(td_template_render(&out, t, ctx, NULL, NULL, &d), 0);
		if (run == 0)
			td_buf_put(&first, out.ptr, out.len);
		else
			assert_string_equal(first.ptr, out.ptr);
	}
	td_buf_free(&first);
	assert_int_equal(d.len, 0);
	assert_non_null(strstr(out.ptr,
	                       "| [TASK-1](#task-1) | Do the \\*thing\\* \\| now | ann | 9999 | 2499.8 "
	                       "| done | yes | 2024-05-01 | 18 | &lt;none&gt; |\n"));
	td_buf_free(&out);
	td_template_free(t);
	td_diags_free(&d);
	json_decref(ctx);
}

static void test_escape_markdown_underscores(void **state)
{
	(void)state;
	/* inside a word no escape (it is no emphasis there); at a word's edge
	 * escaped */
	check("{{x}}", "{\"x\": \"write_bw _a_ b_ _c x__y\"}", "write_bw \\_a\\_ b\\_ \\_c x\\_\\_y");
}


/* ---- td_template_names ---- */

static void collect(void *ud, const char *name)
{
	td_buf *b = ud;
	td_buf_puts(b, name);
	td_buf_putc(b, ' ');
}

static char *names_of(const char *tmpl, const struct partial *parts, int *rc)
{
	td_diags d = {0};
	td_template *t = td_template_parse("t", tmpl, D(TD_ESCAPE_HTML), &d);
	assert_non_null(t);
	struct partials ps = {parts, 0};
	td_buf b = TD_BUF_INIT;
	*rc = td_template_names(t, find_partial, &ps, collect, &b);
	/* a partial walked once, even when it includes itself */
	assert_true(ps.calls <= 2);
	td_template_free(t);
	td_diags_free(&d);
	return td_buf_detach(&b);
}

static void test_names_of_template_and_partials(void **state)
{
	(void)state;
	static const struct partial parts[] = {{"item", "{{title}}{{#kids}}{{> item}}{{/kids}}", NULL},
	                                       {"other", "{{.}}", NULL},
	                                       {NULL, NULL, NULL}};
	int rc;
	char *n = names_of("{{a.b.c}} {{#list}}{{@index}}{{x | default:\"y\"}}{{/list}}{{^z}}{{/z}}{{> item}}{{! c }}",
	                   parts, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(n, "a list x z title kids ");
	free(n);
	n = names_of("{{> other}}", parts, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(n, ". ");
	free(n);
	/* a partial that is not there: any name may be looked up */
	n = names_of("{{a}}{{> missing}}", parts, &rc);
	assert_int_equal(rc, -1);
	free(n);
	static const struct partial bad[] = {{"bad", "{{#open}}", NULL}, {NULL, NULL, NULL}};
	n = names_of("{{> bad}}", bad, &rc);
	assert_int_equal(rc, -1);
	free(n);
}

/* ---- td_template_render_reads ---- */

/* The names a render of tmpl with json read from the context itself, each
 * followed by a space, and "*" when it took the whole context. */
static char *reads_of(const char *tmpl, const char *json, const struct partial *parts)
{
	td_diags d = {0};
	td_template *t = td_template_parse("t", tmpl, D(TD_ESCAPE_NONE), &d);
	assert_non_null(t);
	json_t *ctx = js(json);
	struct partials ps = {parts, 0};
	td_buf out = TD_BUF_INIT, b = TD_BUF_INIT;
	td_tmpl_reads r = {0};
	assert_int_equal(td_template_render_reads(&out, t, ctx, find_partial, &ps, &d, &r), 0);
	for (size_t i = 0; i < r.len; i++) {
		td_buf_puts(&b, r.names[i]);
		td_buf_putc(&b, ' ');
	}
	if (r.whole)
		td_buf_putc(&b, '*');
	td_tmpl_reads_free(&r);
	td_buf_free(&out);
	json_decref(ctx);
	td_template_free(t);
	td_diags_free(&d);
	return td_buf_detach(&b);
}

static void test_reads_of_a_render(void **state)
{
	(void)state;
	static const struct partial parts[] = {{"row", "{{name}}{{team}}", NULL}, {NULL, NULL, NULL}};
	/* each pattern once, in the order met: a variable's value (=), a
	 * section's shape (#); a name found in a list's item is read there
	 * (list.*.name), one the item lacks is probed in it (list.*.page)
	 * and read where found; @index comes with the list's length */
	char *n =
	    reads_of("{{a.b}}{{a.c}}{{#list}}{{name}}{{page.x}}{{@index}}{{/list}}{{^gone}}{{/gone}}",
	             "{'a':{'b':1},'list':[{'name':'x'},{'name':'y'}],'page':{'x':1},'name':'top'}", NULL);
	assert_string_equal(n, "=a.b =a.c #list =list.*.name #list.*.page =page.x #gone ");
	free(n);
	/* an item that lacks a name another has: both reads, each once; the
	 * names a partial looks up; a section not taken reads nothing */
	n = reads_of("{{#list}}{{> row}}{{/list}}{{#no}}{{x}}{{/no}}",
	             "{'list':[{'name':'x'},{'team':'U'}],'team':'T','name':'N'}", parts);
	assert_string_equal(n, "#list =list.*.name #list.*.team =team #list.*.name =name =list.*.team #no ");
	free(n);
	/* a name found nowhere is probed in every frame it went past */
	n = reads_of("{{#o}}{{#l}}{{z}}{{/l}}{{/o}}", "{'o':{'l':[1]}}", NULL);
	assert_string_equal(n, "#o #o.l #o.l.*.z #o.z #z ");
	free(n);
	/* {{.}} at the top takes the whole context; inside a section of an
	 * object or a list, that object or item */
	n = reads_of("{{#o}}{{.}}{{/o}}{{#l}}{{.}}{{/l}}", "{'o':{'k':1},'l':[1]}", NULL);
	assert_string_equal(n, "#o =o #l =l.* ");
	free(n);
	n = reads_of("{{#o}}x{{/o}}{{.}}", "{'o':'v'}", NULL);
	assert_string_equal(n, "#o *");
	free(n);
	/* a name as written, found by td_template_value as a render finds it */
	json_t *ctx = js("{'a':{'b':[10,{'c':'x'}]},'n':null}");
	assert_int_equal(json_integer_value(td_template_value(ctx, "a.b.0", 5)), 10);
	assert_string_equal(json_string_value(td_template_value(ctx, "a.b.1.c", 7)), "x");
	assert_true(json_is_null(td_template_value(ctx, "n", 1)));
	assert_null(td_template_value(ctx, "a.b.2", 5));
	assert_null(td_template_value(ctx, "a.c", 3));
	assert_null(td_template_value(ctx, "b", 1));
	assert_null(td_template_value(ctx, "a.b.x", 5));
	assert_null(td_template_value(ctx, "a.b.99999999999999999999999", 25));
	assert_true(td_template_value(ctx, "a.b.01", 6) ==
	            td_template_value(ctx, "a.b.1", 5)); /* as strtoul reads it */
	assert_string_equal(json_string_value(td_template_value(ctx, "a.b.1.c.", 7)),
	                    "x"); /* len bounds the name */
	assert_true(td_template_value(ctx, "a.b", 3) == json_object_get(json_object_get(ctx, "a"), "b"));
	json_decref(ctx);
}

/* The id linker: each bare id becomes a link relative to the page; the
 * longest id at a word wins, trailing sentence punctuation trimmed; code,
 * links, attribute lists and headings stay; an id added again takes its
 * later url; an id without one is found (no shorter one is tried) but
 * not linked; every word looked up is noted in order. */
static void test_link_ids(void **state)
{
	(void)state;
	td_link_targets t;
	td_link_targets_init(&t);
	td_link_targets_add(&t, "A-1", "workstreams/a.md#a-1");
	td_link_targets_add(&t, "A-1.1", "workstreams/old.md#x");
	td_link_targets_add(&t, "A-1.1", "workstreams/a.md#a-1-1"); /* the later url */
	td_link_targets_add(&t, "B-2", "index.md#b-2");
	td_link_targets_add(&t, "N-1", NULL);
	static char ids[3000][16];
	for (int i = 0; i < 3000; i++) { /* the table grows */
		snprintf(ids[i], sizeof ids[i], "Z-%d", i);
		td_link_targets_add(&t, ids[i], "z.md");
	}
	assert_non_null(td_link_target_of(&t, "Z-2999", 6));
	assert_null(td_link_target_of(&t, "Z-3000", 6));
	const char *md = "See A-1, A-1.1. and B-2; not A-12, `A-1`, [A-1](x), N-1 or N-1.1.\n"
	                 "## A-1 heading\n"
	                 "{: #A-1 } Z-7\n";
	td_buf out = TD_BUF_INIT, looked = TD_BUF_INIT;
	td_link_ids_noting(&out, md, strlen(md), "workstreams/a.md", &t, &looked);
	assert_string_equal(
	    td_buf_cstr(&out),
	    "See [A-1](#a-1), [A-1.1](#a-1-1). and [B-2](../index.md#b-2); not A-12, `A-1`, [A-1](x), "
	    "N-1 or N-1.1.\n"
	    "## A-1 heading\n"
	    "{: #A-1 } [Z-7](../z.md)\n");
	assert_string_equal(td_buf_cstr(&looked), "A-1\nA-1.1.\nA-1.1\nB-2\nA-12\nN-1\nN-1.1.\nN-1.1\nZ-7\n");
	td_buf_free(&out);
	td_buf_free(&looked);
	td_link_targets_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_ids),
	    cmocka_unit_test(test_variables),
	    cmocka_unit_test(test_real_format),
	    cmocka_unit_test(test_missing_is_empty),
	    cmocka_unit_test(test_objects_and_arrays_print_nothing),
	    cmocka_unit_test(test_dotted_names),
	    cmocka_unit_test(test_dotted_no_fallback_after_first_part),
	    cmocka_unit_test(test_dot_is_current_value),
	    cmocka_unit_test(test_markdown_escape_in_template),
	    cmocka_unit_test(test_markdown_escape_line_start),
	    cmocka_unit_test(test_markdown_escape_extensions),
	    cmocka_unit_test(test_markdown_escape_newlines_and_cells),
	    cmocka_unit_test(test_html_escape),
	    cmocka_unit_test(test_raw_output),
	    cmocka_unit_test(test_escape_filters_force_mode),
	    cmocka_unit_test(test_escape_markdown_underscores),
	    cmocka_unit_test(test_section_array),
	    cmocka_unit_test(test_section_object),
	    cmocka_unit_test(test_section_truthiness),
	    cmocka_unit_test(test_inverted),
	    cmocka_unit_test(test_nested_loops_parent_lookup),
	    cmocka_unit_test(test_loop_specials),
	    cmocka_unit_test(test_loop_separator),
	    cmocka_unit_test(test_loop_specials_through_objects),
	    cmocka_unit_test(test_filter_case),
	    cmocka_unit_test(test_filter_fixed),
	    cmocka_unit_test(test_filter_default),
	    cmocka_unit_test(test_filter_join),
	    cmocka_unit_test(test_filter_anchor),
	    cmocka_unit_test(test_filter_url),
	    cmocka_unit_test(test_filter_json),
	    cmocka_unit_test(test_filter_chain),
	    cmocka_unit_test(test_partials),
	    cmocka_unit_test(test_partial_indentation),
	    cmocka_unit_test(test_partial_recursive_tree),
	    cmocka_unit_test(test_partial_inherits_escape),
	    cmocka_unit_test(test_partial_recursion_limit),
	    cmocka_unit_test(test_partial_missing),
	    cmocka_unit_test(test_partial_parse_error),
	    cmocka_unit_test(test_partial_cache_and_reuse),
	    cmocka_unit_test(test_standalone_table),
	    cmocka_unit_test(test_standalone_comments),
	    cmocka_unit_test(test_standalone_crlf),
	    cmocka_unit_test(test_standalone_edges),
	    cmocka_unit_test(test_standalone_list_with_fallback),
	    cmocka_unit_test(test_docs_examples),
	    cmocka_unit_test(test_error_unclosed_tag),
	    cmocka_unit_test(test_error_unclosed_section),
	    cmocka_unit_test(test_error_mismatched_close),
	    cmocka_unit_test(test_error_empty_name),
	    cmocka_unit_test(test_error_unknown_filter),
	    cmocka_unit_test(test_error_filter_arguments),
	    cmocka_unit_test(test_error_misplaced_filters_and_text),
	    cmocka_unit_test(test_error_bad_names),
	    cmocka_unit_test(test_error_many_in_one_pass),
	    cmocka_unit_test(test_error_columns_count_characters),
	    cmocka_unit_test(test_braces_in_text_and_arguments),
	    cmocka_unit_test(test_large_loop_10000_rows),
	    cmocka_unit_test(test_names_of_template_and_partials),
	    cmocka_unit_test(test_reads_of_a_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
