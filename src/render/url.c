/*
 * url.c - URLs as every output format writes them: which may be followed
 * (td_url_is_safe), the relative path from one page to another, and the
 * character references a browser would decode inside them.
 */
#include "render/url.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void put_utf8(td_buf *b, uint32_t cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		td_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		td_buf_putc(b, (char)(0xC0 | (cp >> 6)));
		td_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		td_buf_putc(b, (char)(0xE0 | (cp >> 12)));
		td_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		td_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		td_buf_putc(b, (char)(0xF0 | (cp >> 18)));
		td_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		td_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		td_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* The named character references that matter for a URL's scheme or for
 * the text of an attribute; others are left as written. */
static const struct {
	const char *name;
	uint32_t cp;
} named_refs[] = {{"amp", '&'},    {"lt", '<'},     {"gt", '>'},        {"quot", '"'},   {"apos", '\''},
                  {"colon", ':'},  {"Tab", '\t'},   {"NewLine", '\n'},  {"sol", '/'},    {"period", '.'},
                  {"lpar", '('},   {"rpar", ')'},   {"num", '#'},       {"nbsp", 0xA0},  {"excl", '!'},
                  {"quest", '?'},  {"equals", '='}, {"plus", '+'},      {"comma", ','},  {"semi", ';'},
                  {"percnt", '%'}, {"lowbar", '_'}, {"hyphen", 0x2010}, {"dash", 0x2010}};

/* Decodes the character reference at s[0] ('&') into b; returns the bytes
 * it used, or 0 if it is not one (then '&' is literal). Numeric ones may
 * lack the ';' (browsers accept that). */
size_t td_char_ref_decode(td_buf *b, const char *s, size_t n)
{
	if (n < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		size_t i = 2;
		bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		size_t start = i;
		uint32_t cp = 0;
		while (i < n && (is_digit(s[i]) ||
		                 (hex && ((s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F'))))) {
			uint32_t d =
			    is_digit(s[i]) ? (uint32_t)(s[i] - '0') : (uint32_t)(lower(s[i]) - 'a' + 10);
			if (cp < 0x110000)
				cp = cp * (hex ? 16 : 10) + d;
			i++;
		}
		if (i == start)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		put_utf8(b, cp);
		return i;
	}
	for (size_t k = 0; k < TD_ARRAY_LEN(named_refs); k++) {
		size_t l = strlen(named_refs[k].name);
		if (l + 2 <= n && memcmp(s + 1, named_refs[k].name, l) == 0 && s[l + 1] == ';') {
			put_utf8(b, named_refs[k].cp);
			return l + 2;
		}
	}
	return 0;
}

bool td_url_is_safe(const char *u, bool for_image)
{
	/* what a browser sees: blanks and control characters dropped */
	char scheme[40];
	size_t n = 0;
	const char *p = u;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7F)
			continue;
		if (is_alpha((char)c) || (n && (is_digit((char)c) || c == '+' || c == '-' || c == '.'))) {
			if (n + 1 >= sizeof scheme)
				return false; /* an absurdly long scheme: no */
			scheme[n++] = lower((char)c);
			continue;
		}
		break;
	}
	if (*p != ':' || n == 0)
		return true; /* no scheme: a relative URL */
	scheme[n] = '\0';
	static const char *const ok[] = {"http", "https", "mailto", "ftp", "tel"};
	for (size_t i = 0; i < TD_ARRAY_LEN(ok); i++)
		if (!strcmp(scheme, ok[i]))
			return true;
	if (for_image && !strcmp(scheme, "data")) {
		static const char *const types[] = {"image/png", "image/gif", "image/jpeg", "image/webp"};
		const char *q = p + 1;
		for (size_t i = 0; i < TD_ARRAY_LEN(types); i++) {
			size_t l = strlen(types[i]);
			size_t k = 0;
			while (k < l && q[k] && lower(q[k]) == types[i][k])
				k++;
			if (k == l && (q[l] == ';' || q[l] == ','))
				return true;
		}
	}
	return false;
}


void td_relative_url(td_buf *out, const char *page, const char *target)
{
	const char *hash = strchr(target, '#');
	size_t tlen = hash ? (size_t)(hash - target) : strlen(target);
	if (hash && strlen(page) == tlen && !strncmp(page, target, tlen)) {
		td_buf_puts(out, hash);
		return;
	}
	/* strip the common folder prefix, then climb out of the rest */
	size_t common = 0;
	for (size_t i = 0; page[i] && i < tlen && page[i] == target[i]; i++)
		if (page[i] == '/')
			common = i + 1;
	for (const char *p = page + common; *p; p++)
		if (*p == '/')
			td_buf_puts(out, "../");
	td_buf_puts(out, target + common);
}

bool td_url_is_relative(const char *u)
{
	if (!u[0] || u[0] == '/' || u[0] == '#' || u[0] == '?')
		return false;
	for (const char *p = u; *p; p++) {
		if (*p == ':')
			return false;
		if (*p == '/' || *p == '?' || *p == '#')
			break;
	}
	return true;
}

bool td_url_md_to_html(td_buf *out, const char *u)
{
	size_t plen = strcspn(u, "?#");
	if (!td_url_is_relative(u) || plen < 3 || memcmp(u + plen - 3, ".md", 3) != 0) {
		td_buf_puts(out, u);
		return false;
	}
	td_buf_put(out, u, plen - 3);
	td_buf_puts(out, ".html");
	td_buf_puts(out, u + plen);
	return true;
}
