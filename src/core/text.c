#include "core/core.h"
#include <stdint.h>

#include <stdlib.h>
#include <string.h>

int td_natcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	while (*p && *q) {
		bool dp = *p >= '0' && *p <= '9', dq = *q >= '0' && *q <= '9';
		if (dp && dq) {
			const unsigned char *p0 = p, *q0 = q;
			while (*p0 == '0')
				p0++;
			while (*q0 == '0')
				q0++;
			const unsigned char *pe = p0, *qe = q0;
			while (*pe >= '0' && *pe <= '9')
				pe++;
			while (*qe >= '0' && *qe <= '9')
				qe++;
			size_t lp = (size_t)(pe - p0), lq = (size_t)(qe - q0);
			if (lp != lq)
				return lp < lq ? -1 : 1;
			int c = memcmp(p0, q0, lp);
			if (c)
				return c < 0 ? -1 : 1;
			p = pe;
			q = qe;
			continue;
		}
		if (*p != *q)
			return *p < *q ? -1 : 1;
		p++;
		q++;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	/* equal by value ("007" vs "7"): fall back to plain bytes for a total order */
	int c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

size_t td_utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* plans are nearly all ASCII: eight bytes at a time past it */
		uint64_t w;
		while (i + 8 <= n && (memcpy(&w, u + i, 8), !(w & UINT64_C(0x8080808080808080))))
			i += 8;
		if (i >= n)
			break;
		unsigned c = u[i];
		size_t len;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2, min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3, min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4, min = 0x10000;
		} else {
			return i + 1;
		}
		if (i + len > n)
			return i + 1;
		unsigned cp = c & (0xFF >> (len + 1));
		for (size_t k = 1; k < len; k++) {
			if ((u[i + k] & 0xC0) != 0x80)
				return i + 1;
			cp = (cp << 6) | (u[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i + 1;
		i += len;
	}
	return 0;
}

/* Decodes one code point; returns its length (1 for a bad byte). */
static size_t decode(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
	if (len == 1) {
		*cp = 0xFFFD;
		return 1;
	}
	unsigned c = s[0] & (0xFF >> (len + 1));
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (s[k] & 0x3F);
	}
	*cp = c;
	return len;
}

/* The byte that Windows-1252 (or Latin-1) decodes to cp, or -1. */
static int cp1252_byte(unsigned cp)
{
	static const unsigned hi[32] = {
	    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
	if (cp < 0x80)
		return (int)cp;
	if (cp >= 0xA0 && cp <= 0xFF)
		return (int)cp;
	if (cp >= 0x80 && cp <= 0x9F)
		return (int)cp; /* C1 controls: Latin-1 */
	for (int i = 0; i < 32; i++)
		if (hi[i] == cp)
			return 0x80 + i;
	return -1;
}

/* Characters that real text is made of: what a repaired sequence must give
 * for the original to count as mojibake (Latin, Greek, Cyrillic,
 * punctuation, symbols, arrows, dingbats, emoji). */
static bool plausible(unsigned cp)
{
	return (cp >= 0xA0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x52F) || (cp >= 0x2000 && cp <= 0x2BFF) ||
	       (cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* Looks at the run of characters at u read back as Windows-1252 bytes: does
 * it, with u's character, form the UTF-8 of a real character? "âœ…" is E2
 * 9C 85, the UTF-8 of U+2705. Sets *len to the run's length in bytes and
 * *cp to the repaired character when whole. */
static bool garbled_run(const unsigned char *u, size_t *len, unsigned *cp_out, bool *whole_out)
{
	unsigned cp;
	size_t n = decode(u, &cp);
	if (cp < 0xC2 || cp > 0xF4)
		return false;
	size_t need = cp <= 0xDF ? 1 : cp <= 0xEF ? 2 : 3;
	unsigned repaired = cp & (0xFF >> (need + 2));
	const unsigned char *v = u + n;
	size_t got = 0;
	int first = -1;
	while (got < need && *v) {
		unsigned c2;
		size_t n2 = decode(v, &c2);
		int byte = cp1252_byte(c2);
		if (byte < 0x80 || byte > 0xBF)
			break;
		repaired = (repaired << 6) | ((unsigned)byte & 0x3F);
		if (first < 0)
			first = byte;
		got++;
		v += n2;
	}
	unsigned min = need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
	bool whole = got == need && repaired >= min && plausible(repaired);
	/* E2 plus one look-alike starts punctuation or a symbol, F0 9F plus one
	 * an emoji, whose last byte was lost (a no-break space turned into a
	 * space, text cut short) */
	bool cut = (cp == 0xE2 && got >= 1) || (cp == 0xF0 && first == 0x9F && got >= 2);
	*len = (size_t)(v - u);
	*cp_out = repaired;
	*whole_out = whole;
	return whole || cut;
}

bool td_text_is_mojibake(const char *s, const char **where)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		if (*u < 0x80) { /* no run starts with ASCII */
			u++;
			continue;
		}
		size_t len;
		unsigned cp;
		bool whole;
		if (garbled_run(u, &len, &cp, &whole)) {
			if (where)
				*where = (const char *)u;
			return true;
		}
		unsigned c;
		u += decode(u, &c);
	}
	return false;
}

bool td_text_mojibake_repair(const char *where, size_t *len, char out[8])
{
	unsigned cp;
	bool whole = false;
	*len = 0;
	out[0] = '\0';
	if (!garbled_run((const unsigned char *)where, len, &cp, &whole) || !whole)
		return false;
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		o[2] = 0;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		o[3] = 0;
	} else {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		o[4] = 0;
	}
	return true;
}

int td_edit_distance(const char *a, const char *b, int cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((int)(la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	int *row = td_xmalloc((lb + 1) * sizeof(int));
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int prev = row[0];
		row[0] = (int)i;
		int best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			int tmp = row[j];
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int v = prev + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = tmp;
			if (v < best)
				best = v;
		}
		if (best > cap) {
			free(row);
			return cap + 1;
		}
	}
	int d = row[lb];
	free(row);
	return d > cap ? cap + 1 : d;
}

size_t td_common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

const char *td_did_you_mean(const char *word, const char *const *candidates)
{
	size_t wl = strlen(word);
	int cap = wl <= 3 ? 1 : wl <= 6 ? 2 : 3;
	const char *best = NULL;
	int bestd = cap + 1;
	for (size_t i = 0; candidates[i]; i++) {
		int d = td_edit_distance(word, candidates[i], cap);
		/* on a tie, the one that shares more of the start: a typo is more
		 * often at the end ("TASK-0471" is "TASK-047", not "TASK-041") */
		if (d < bestd || (d == bestd && best && td_common_prefix(word, candidates[i]) > td_common_prefix(word, best))) {
			bestd = d;
			best = candidates[i];
		}
	}
	return best;
}

void td_slug(td_buf *out, const char *s, size_t n, td_slug_rules rules)
{
	size_t start = out->len;
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '_' && rules == TD_SLUG_TOC)) {
			if (dash && out->len > start)
				td_buf_putc(out, '-');
			dash = false;
			td_buf_putc(out, (char)c);
		} else if (rules == TD_SLUG_ID || c == ' ' || c == '-' || c == '\t') {
			dash = true;
		}
	}
	td_buf_cstr(out);
}
