/*
 * html_oracle.c - see html_oracle.h. The states follow the WHATWG HTML
 * tokenizer (13.2.5): data, tag open, end tag open, tag name, the
 * attribute states, self-closing start tag, markup declaration open,
 * comment (with its abrupt "<!-->" and "--!>" endings), DOCTYPE and bogus
 * comment. Where it simplifies it errs towards seeing more tags than a
 * browser would: the text of <textarea>, <title>, <style>, <xmp> and the
 * like is tokenized as markup too, and a tag cut off by the end of the
 * fragment is judged (the page goes on after the fragment).
 */
#include "html_oracle.h"

#include <stdbool.h>
#include <strings.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_ 64
#define VALUE_MAX 4096

typedef struct attr {
	char name[NAME_MAX_];
	size_t nlen;
	char value[VALUE_MAX]; /* decoded; non-ASCII as 0x80 (never a scheme character) */
	size_t vlen;
} attr;

typedef struct tok {
	const char *s;
	size_t n, i;
	unsigned flags;
	char *why;
	size_t whylen;
	const char *bad;
	char tag[NAME_MAX_];
	size_t tlen;
	bool end_tag;
	attr a;
} tok;

static bool is_ws(char c)
{
	return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '\r';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void put_name(char *dst, size_t *len, char c)
{
	if (*len + 1 < NAME_MAX_) {
		dst[(*len)++] = lower(c);
		dst[*len] = '\0';
	}
}

static void put_value(attr *a, char c)
{
	if (a->vlen + 1 < VALUE_MAX) {
		a->value[a->vlen++] = c;
		a->value[a->vlen] = '\0';
	}
}

/* Every named character reference that decodes to ASCII (the rest can
 * only make a value's scheme invalid, as the '&' left in place does). */
static const struct {
	const char *name, *text;
} named[] = {
    {"AMP", "&"},          {"AMP;", "&"},        {"DiacriticalGrave;", "`"}, {"GT", ">"},
    {"GT;", ">"},          {"Hat;", "^"},        {"LT", "<"},                {"LT;", "<"},
    {"NewLine;", "\n"},    {"QUOT", "\""},       {"QUOT;", "\""},            {"Tab;", "\t"},
    {"UnderBar;", "_"},    {"VerticalLine;", "|"}, {"amp", "&"},             {"amp;", "&"},
    {"apos;", "'"},        {"ast;", "*"},        {"bsol;", "\\"},            {"colon;", ":"},
    {"comma;", ","},       {"commat;", "@"},     {"dollar;", "$"},           {"equals;", "="},
    {"excl;", "!"},        {"fjlig;", "fj"},     {"grave;", "`"},            {"gt", ">"},
    {"gt;", ">"},          {"lbrace;", "{"},     {"lbrack;", "["},           {"lcub;", "{"},
    {"lowbar;", "_"},      {"lpar;", "("},       {"lsqb;", "["},             {"lt", "<"},
    {"lt;", "<"},          {"midast;", "*"},     {"num;", "#"},              {"percnt;", "%"},
    {"period;", "."},      {"plus;", "+"},       {"quest;", "?"},            {"quot", "\""},
    {"quot;", "\""},       {"rbrace;", "}"},     {"rbrack;", "]"},           {"rcub;", "}"},
    {"rpar;", ")"},        {"rsqb;", "]"},       {"semi;", ";"},             {"sol;", "/"},
    {"verbar;", "|"},      {"vert;", "|"},
};

/* A character reference at t->s[t->i] == '&' inside an attribute value:
 * appends what it decodes to and moves past it, or appends '&'. */
static void char_ref(tok *t, attr *a)
{
	const char *s = t->s;
	size_t i = t->i + 1, n = t->n;
	if (i < n && s[i] == '#') {
		size_t j = i + 1;
		bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
		if (hex)
			j++;
		uint32_t cp = 0;
		size_t digits = 0;
		for (; j < n; j++) {
			int d = -1;
			if (s[j] >= '0' && s[j] <= '9')
				d = s[j] - '0';
			else if (hex && lower(s[j]) >= 'a' && lower(s[j]) <= 'f')
				d = lower(s[j]) - 'a' + 10;
			if (d < 0)
				break;
			digits++;
			if (cp <= 0x10FFFF)
				cp = cp * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (!digits) {
			put_value(a, '&');
			t->i++;
			return;
		}
		if (j < n && s[j] == ';')
			j++;
		put_value(a, cp && cp < 0x80 ? (char)cp : (char)0x80);
		t->i = j;
		return;
	}
	/* the longest named reference */
	size_t best = 0, bi = 0;
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
		size_t l = strlen(named[k].name);
		if (l > best && i + l <= n && !memcmp(s + i, named[k].name, l)) {
			best = l;
			bi = k;
		}
	}
	/* in an attribute, a reference without ';' followed by '=' or an
	 * alphanumeric is not one (historical reasons) */
	if (best && named[bi].name[best - 1] != ';' && i + best < n &&
	    (s[i + best] == '=' || is_alnum(s[i + best])))
		best = 0;
	if (!best) {
		put_value(a, '&');
		t->i++;
		return;
	}
	for (const char *p = named[bi].text; *p; p++)
		put_value(a, *p);
	t->i = i + best;
}

static bool url_attr(const char *name)
{
	static const char *const urls[] = {"href",     "src",      "action", "formaction", "data",     "xlink:href",
	                                   "poster",   "background", "cite", "srcset",     "longdesc", "usemap",
	                                   "codebase", "lowsrc",   "dynsrc", "manifest",   "ping",     "icon",
	                                   "profile",  "classid",  "archive", "content"};
	for (size_t k = 0; k < sizeof urls / sizeof urls[0]; k++)
		if (!strcmp(name, urls[k]))
			return true;
	return false;
}

/* The scheme of the URL v as a browser's URL parser finds it (leading and
 * trailing C0 controls and spaces stripped, tabs and newlines removed),
 * lower case, into out; "" when there is none. */
static void url_scheme(const char *v, size_t n, char *out, size_t outlen)
{
	size_t b = 0, e = n, o = 0;
	while (b < e && (unsigned char)v[b] <= 0x20)
		b++;
	while (e > b && (unsigned char)v[e - 1] <= 0x20)
		e--;
	out[0] = '\0';
	for (size_t i = b; i < e; i++) {
		char c = v[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':') {
			out[o] = '\0';
			return;
		}
		bool ok = o ? (is_alnum(c) || c == '+' || c == '-' || c == '.') : is_alpha(c);
		if (!ok || o + 1 >= outlen) {
			out[0] = '\0';
			return;
		}
		out[o++] = lower(c);
	}
	out[0] = '\0';
}

/* What follows "data:" (blanks dropped, lower case) starts an image type
 * a browser shows without running anything. */
static bool safe_image_data(const char *v)
{
	static const char *const ok[] = {"image/png", "image/gif", "image/jpeg", "image/webp"};
	char buf[32];
	size_t o = 0;
	const char *p = strchr(v, ':');
	for (p = p ? p + 1 : v; *p && o + 1 < sizeof buf; p++)
		if ((unsigned char)*p > 0x20)
			buf[o++] = lower(*p);
	buf[o] = '\0';
	for (size_t k = 0; k < sizeof ok / sizeof ok[0]; k++) {
		size_t l = strlen(ok[k]);
		if (!strncmp(buf, ok[k], l) && (buf[l] == ';' || buf[l] == ',' || buf[l] == '\0'))
			return true;
	}
	return false;
}

/* Whether v (n bytes) is a URL without a scheme whose path ends in ".svg":
 * what the cleaner lets an <object> load (taskdoc's own graphs). */
static bool relative_svg(const char *v, size_t n)
{
	char scheme[32];
	url_scheme(v, n, scheme, sizeof scheme);
	if (scheme[0] || (n >= 2 && v[0] == '/' && v[1] == '/'))
		return false;
	size_t e = 0;
	while (e < n && v[e] != '?' && v[e] != '#')
		e++;
	return e >= 4 && strncasecmp(v + e - 4, ".svg", 4) == 0;
}

static void judge_attr(tok *t)
{
	attr *a = &t->a;
	if (t->bad || !a->nlen || t->end_tag)
		return;
	if (a->nlen > 2 && a->name[0] == 'o' && a->name[1] == 'n') {
		t->bad = "event handler attribute";
	} else if ((t->flags & (TD_ORACLE_STRICT | TD_ORACLE_CMARK_ONLY)) && !strcmp(a->name, "style")) {
		t->bad = "style attribute";
	} else if ((t->flags & TD_ORACLE_STRICT) && !strcmp(t->tag, "object") && !strcmp(a->name, "data") &&
	           !relative_svg(a->value, a->vlen)) {
		t->bad = "<object> of something else than a relative .svg";
	} else if (url_attr(a->name)) {
		char scheme[32];
		url_scheme(a->value, a->vlen, scheme, sizeof scheme);
		if (!strcmp(scheme, "javascript") || !strcmp(scheme, "vbscript"))
			t->bad = "script URL";
		else if (!strcmp(scheme, "data") &&
		         !((t->flags & TD_ORACLE_IMG_DATA) && !strcmp(t->tag, "img") && !strcmp(a->name, "src") &&
		           safe_image_data(a->value)))
			t->bad = "data: URL";
	}
	if (t->bad)
		snprintf(t->why, t->whylen, "<%s %s=\"%.200s\">", t->tag, a->name, a->value);
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!strcmp(name, list[k]))
			return true;
	return false;
}

static void judge_tag(tok *t)
{
	static const char *const strict_deny[] = {
	    /* <object> only with a relative .svg (judge_attr): the graphs */
	    "script",   "style",  "iframe",   "frame",    "frameset", "embed",  "applet",
	    "base",     "link",   "meta",     "form",     "input",    "button", "textarea", "select",
	    "svg",      "math",   "template", "noscript", "xmp",      "plaintext", "title", "noembed",
	    "noframes", "param",  "portal",   "isindex",  "html",     "head",   "body"};
	static const char *const cmark[] = {"p",  "h1", "h2",     "h3",   "h4",    "h5",    "h6",  "a",
	                                    "img", "em", "strong", "del",  "code",  "pre",   "ul",  "ol",
	                                    "li", "blockquote", "hr", "br", "table", "thead", "tbody", "tr",
	                                    "th", "td", "input", "sup", "section", "div"};
	if (t->bad || t->end_tag)
		return;
	if (!strcmp(t->tag, "script"))
		t->bad = "<script> element";
	else if ((t->flags & TD_ORACLE_STRICT) && in_list(t->tag, strict_deny, sizeof strict_deny / sizeof *strict_deny))
		t->bad = "element that loads, embeds or submits";
	else if ((t->flags & TD_ORACLE_CMARK_ONLY) && !in_list(t->tag, cmark, sizeof cmark / sizeof *cmark))
		t->bad = "raw HTML element";
	if (t->bad)
		snprintf(t->why, t->whylen, "<%s>", t->tag);
}

/* Judges the attribute read so far and starts a new one. */
static void end_attr(tok *t)
{
	judge_attr(t);
	memset(&t->a, 0, sizeof t->a);
}

/* One byte (or character reference) of an attribute value. */
static void value_byte(tok *t)
{
	char c = t->s[t->i];
	if (c == '&') {
		char_ref(t, &t->a);
	} else {
		put_value(&t->a, (unsigned char)c < 0x80 ? c : (char)0x80);
		t->i++;
	}
}

/* The attributes and the end of a tag whose name starts at t->i. */
static void tag(tok *t)
{
	const char *s = t->s;
	size_t n = t->n;
	t->tlen = 0;
	t->tag[0] = '\0';
	while (t->i < n && !is_ws(s[t->i]) && s[t->i] != '/' && s[t->i] != '>')
		put_name(t->tag, &t->tlen, s[t->i++]);
	judge_tag(t);
	enum { BEFORE_NAME, NAME, AFTER_NAME, BEFORE_VALUE, DQ, SQ, UNQ, AFTER_QUOTED, SELF_CLOSING } st = BEFORE_NAME;
	memset(&t->a, 0, sizeof t->a);
	while (t->i < n) {
		char c = s[t->i];
		switch (st) {
		case BEFORE_NAME:
			if (is_ws(c)) {
				t->i++;
			} else if (c == '/' || c == '>') {
				st = AFTER_NAME;
			} else {
				memset(&t->a, 0, sizeof t->a);
				put_name(t->a.name, &t->a.nlen, c); /* '=' too: a parse error, part of the name */
				t->i++;
				st = NAME;
			}
			break;
		case NAME:
			if (is_ws(c) || c == '/' || c == '>') {
				st = AFTER_NAME;
			} else if (c == '=') {
				t->i++;
				st = BEFORE_VALUE;
			} else {
				put_name(t->a.name, &t->a.nlen, c);
				t->i++;
			}
			break;
		case AFTER_NAME:
			if (is_ws(c)) {
				t->i++;
			} else if (c == '/') {
				end_attr(t);
				t->i++;
				st = SELF_CLOSING;
			} else if (c == '=') {
				t->i++;
				st = BEFORE_VALUE;
			} else if (c == '>') {
				judge_attr(t);
				t->i++;
				return;
			} else {
				end_attr(t);
				st = BEFORE_NAME;
			}
			break;
		case BEFORE_VALUE:
			if (is_ws(c)) {
				t->i++;
			} else if (c == '"' || c == '\'') {
				t->i++;
				st = c == '"' ? DQ : SQ;
			} else if (c == '>') {
				judge_attr(t);
				t->i++;
				return;
			} else {
				st = UNQ;
			}
			break;
		case DQ:
		case SQ:
			if (c == (st == DQ ? '"' : '\'')) {
				end_attr(t);
				t->i++;
				st = AFTER_QUOTED;
			} else {
				value_byte(t);
			}
			break;
		case UNQ:
			if (is_ws(c) || c == '>') {
				end_attr(t);
				if (c == '>') {
					t->i++;
					return;
				}
				t->i++;
				st = BEFORE_NAME;
			} else {
				value_byte(t);
			}
			break;
		case AFTER_QUOTED:
			if (is_ws(c)) {
				t->i++;
				st = BEFORE_NAME;
			} else if (c == '/') {
				t->i++;
				st = SELF_CLOSING;
			} else if (c == '>') {
				t->i++;
				return;
			} else {
				st = BEFORE_NAME;
			}
			break;
		case SELF_CLOSING:
			if (c == '>') {
				t->i++;
				return;
			}
			st = BEFORE_NAME;
			break;
		}
	}
	/* cut off by the end: judged all the same (the page goes on) */
	judge_attr(t);
}

static bool starts_ci(const char *s, size_t n, const char *w)
{
	size_t l = strlen(w);
	if (n < l)
		return false;
	for (size_t k = 0; k < l; k++)
		if (lower(s[k]) != lower(w[k]))
			return false;
	return true;
}

/* Moves past the first '>' from t->i (bogus comment, DOCTYPE). */
static void to_gt(tok *t)
{
	const char *gt = memchr(t->s + t->i, '>', t->n - t->i);
	t->i = gt ? (size_t)(gt - t->s) + 1 : t->n;
}

/* t->i is just after "<!--". */
static void comment(tok *t)
{
	const char *s = t->s;
	size_t n = t->n, i = t->i;
	if (i < n && s[i] == '>') { /* <!--> */
		t->i = i + 1;
		return;
	}
	if (i + 1 < n && s[i] == '-' && s[i + 1] == '>') { /* <!---> */
		t->i = i + 2;
		return;
	}
	for (; i < n; i++) {
		if (i + 2 < n && s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '>') {
			t->i = i + 3;
			return;
		}
		if (i + 3 < n && s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '!' && s[i + 3] == '>') {
			t->i = i + 4;
			return;
		}
	}
	t->i = n;
}

const char *td_oracle_check(const char *html, size_t n, unsigned flags, char *why, size_t whylen)
{
	tok t = {.s = html, .n = n, .flags = flags, .why = why, .whylen = whylen};
	if (whylen)
		why[0] = '\0';
	while (t.i < n && !t.bad) {
		if (html[t.i] != '<') {
			t.i++;
			continue;
		}
		size_t j = t.i + 1;
		if (j >= n)
			break;
		char c = html[j];
		if (c == '!') {
			t.i = j + 1;
			if (starts_ci(html + t.i, n - t.i, "--")) {
				t.i += 2;
				comment(&t);
			} else {
				to_gt(&t); /* DOCTYPE, CDATA (a bogus comment in HTML content) or a bogus comment */
			}
		} else if (c == '/') {
			if (j + 1 < n && is_alpha(html[j + 1])) {
				t.i = j + 1;
				t.end_tag = true;
				tag(&t);
			} else if (j + 1 < n && html[j + 1] == '>') {
				t.i = j + 2;
			} else if (j + 1 < n) {
				t.i = j + 1;
				to_gt(&t);
			} else {
				t.i = n;
			}
		} else if (c == '?') {
			t.i = j;
			to_gt(&t);
		} else if (is_alpha(c)) {
			t.i = j;
			t.end_tag = false;
			tag(&t);
		} else {
			t.i = j;
		}
	}
	return t.bad;
}

void td_oracle_assert(const char *label, const char *input, size_t inlen, const char *html, size_t n,
                      unsigned flags)
{
	char why[512];
	const char *bad = td_oracle_check(html, n, flags, why, sizeof why);
	if (!bad)
		return;
	fprintf(stderr, "html oracle: %s: %s survives: %s\n--- input ---\n%.*s\n--- html ---\n%.*s\n---\n", label, bad,
	        why, (int)inlen, input, (int)n, html);
	abort();
}

void td_oracle_selftest(void)
{
	static const char *const bad[] = {
	    "<script>x</script>",
	    "<SCRIPT/x>",
	    "<img src=x onerror=alert(1)>",
	    "<svg/onload=alert(1)>",
	    "<a href=\"jav&#x09;ascript:x\">",
	    "<a href=' &#14; javascript&colon;x'>",
	    "<a href=JaVaScRiPt:x>",
	    "<a href=\"data:text/html,x\">",
	    "<img src=\"data:image/svg+xml,x\">",
	    "<!-- x --!><script>",
	    "<!--><script>",
	    "<a title=\"x\"onclick=y>",
	    "<img src=x onerror=y",
	    "<iframe src=x>",
	};
	static const char *const good[] = {
	    "&lt;script&gt;",
	    "<!-- <script> -->",
	    "<a href=\"https://x/\" title=\"javascript:x\">",
	    "<img src=\"data:image/png;base64,AAAA\">",
	    "<p>onerror=x</p>",
	    "<img/src=x/onerror=alert(1)>", /* one attribute: src="x/onerror=alert(1)" */
	    "</a onclick=x>",
	    "<a href=\"&ampcolon;javascript:x\">",
	    "<? <script> ?>",
	};
	char why[256];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (!td_oracle_check(bad[i], strlen(bad[i]), TD_ORACLE_STRICT | TD_ORACLE_IMG_DATA, why, sizeof why)) {
			fprintf(stderr, "html oracle self-test: missed %s\n", bad[i]);
			abort();
		}
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (td_oracle_check(good[i], strlen(good[i]), TD_ORACLE_STRICT | TD_ORACLE_IMG_DATA, why, sizeof why)) {
			fprintf(stderr, "html oracle self-test: wrongly flagged %s (%s)\n", good[i], why);
			abort();
		}
}
