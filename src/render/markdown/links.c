#include "render/markdown/links.h"
#include "render/url.h"

#include <stdlib.h>
#include <string.h>

/* What a byte is to the linker: one table look-up a byte in the scan,
 * instead of a chain of comparisons (the scan reads every page). */
enum { ID = 1, OPENS = 2, ESCAPE = 4 };
#define IDS(c) [c] = ID
static const unsigned char kind[256] = {
        ['.'] = ID,    ['-'] = ID,    ['_'] = ID,    ['`'] = OPENS,  ['<'] = OPENS, ['{'] = OPENS, ['['] = OPENS,
        ['!'] = OPENS, ['\\'] = ESCAPE, IDS('0'),     IDS('1'),       IDS('2'),      IDS('3'),      IDS('4'),
        IDS('5'),      IDS('6'),      IDS('7'),      IDS('8'),       IDS('9'),      IDS('A'),      IDS('B'),
        IDS('C'),      IDS('D'),      IDS('E'),      IDS('F'),       IDS('G'),      IDS('H'),      IDS('I'),
        IDS('J'),      IDS('K'),      IDS('L'),      IDS('M'),       IDS('N'),      IDS('O'),      IDS('P'),
        IDS('Q'),      IDS('R'),      IDS('S'),      IDS('T'),       IDS('U'),      IDS('V'),      IDS('W'),
        IDS('X'),      IDS('Y'),      IDS('Z'),      IDS('a'),       IDS('b'),      IDS('c'),      IDS('d'),
        IDS('e'),      IDS('f'),      IDS('g'),      IDS('h'),       IDS('i'),      IDS('j'),      IDS('k'),
        IDS('l'),      IDS('m'),      IDS('n'),      IDS('o'),       IDS('p'),      IDS('q'),      IDS('r'),
        IDS('s'),      IDS('t'),      IDS('u'),      IDS('v'),       IDS('w'),      IDS('x'),      IDS('y'),
        IDS('z')};
#undef IDS

static inline bool id_char(unsigned char c)
{
	return kind[c] & ID;
}

/* Length of an inline construct to copy verbatim at s (code span, link,
 * HTML tag, attribute list), or 0. */
static size_t skip_inline(const char *s, const char *end)
{
	if (*s == '`') {
		size_t ticks = 0;
		while (s + ticks < end && s[ticks] == '`')
			ticks++;
		for (const char *p = s + ticks; p < end; p++) {
			if (*p != '`')
				continue;
			size_t n = 0;
			while (p + n < end && p[n] == '`')
				n++;
			if (n == ticks)
				return (size_t)(p + n - s);
			p += n - 1;
		}
		return ticks; /* unmatched: the ticks are literal */
	}
	if (*s == '<' || (*s == '{' && s + 1 < end && (s[1] == '#' || s[1] == ':' || s[1] == '.'))) {
		char close = *s == '<' ? '>' : '}';
		for (const char *p = s + 1; p < end && *p != '\n'; p++)
			if (*p == close)
				return (size_t)(p + 1 - s);
		return 1;
	}
	if (*s == '[' || (*s == '!' && s + 1 < end && s[1] == '[')) {
		const char *p = s + (*s == '!' ? 2 : 1);
		int depth = 1;
		for (; p < end && depth; p++) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '[')
				depth++;
			else if (*p == ']')
				depth--;
		}
		if (depth)
			return 0;
		if (p < end && (*p == '(' || *p == '[')) {
			char close = *p == '(' ? ')' : ']';
			for (const char *q = p + 1; q < end && *q != '\n'; q++)
				if (*q == close)
					return (size_t)(q + 1 - s);
		}
		/* [text] alone (task list box "[ ]", "[x]"): link its content normally */
		return 0;
	}
	return 0;
}

static unsigned lead_of(const char *id, size_t n)
{
	return (unsigned)(unsigned char)id[0] << 8 | (n > 1 ? (unsigned char)id[1] : 0);
}

static uint64_t id_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
	return h ^ (h >> 29);
}

void td_link_targets_init(td_link_targets *t)
{
	memset(t, 0, sizeof *t);
}

void td_link_targets_reserve(td_link_targets *t, size_t n)
{
	if (t->cap)
		return;
	size_t cap = 1024;
	while (cap < 2 * n + 2)
		cap *= 2;
	t->cap = cap;
	t->tab = td_xcalloc(cap, sizeof *t->tab);
}

static td_link_target *slot_of(const td_link_targets *t, const char *id, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (t->cap - 1);
	for (; t->tab[i].id; i = (i + 1) & (t->cap - 1))
		if (t->tab[i].hash == h && t->tab[i].id_len == n && !memcmp(t->tab[i].id, id, n))
			break;
	return &t->tab[i];
}

void td_link_targets_add(td_link_targets *t, const char *id, const char *url)
{
	size_t n = strlen(id);
	if (n) {
		unsigned b = lead_of(id, n);
		t->lead[b >> 6] |= (uint64_t)1 << (b & 63);
	}
	if (2 * (t->len + 1) > t->cap) {
		td_link_target *old = t->tab;
		size_t cap = t->cap;
		t->cap = cap ? 2 * cap : 1024;
		t->tab = td_xcalloc(t->cap, sizeof *t->tab);
		for (size_t i = 0; i < cap; i++)
			if (old[i].id)
				*slot_of(t, old[i].id, old[i].id_len, old[i].hash) = old[i];
		free(old);
	}
	uint64_t h = id_hash(id, n);
	td_link_target *e = slot_of(t, id, n, h);
	t->len += !e->id;
	*e = (td_link_target){id, url, n, h};
}

void td_link_targets_free(td_link_targets *t)
{
	free(t->tab);
	memset(t, 0, sizeof *t);
}

const td_link_target *td_link_target_of(const td_link_targets *t, const char *id, size_t n)
{
	if (!t->cap)
		return NULL;
	const td_link_target *e = slot_of(t, id, n, id_hash(id, n));
	return e->id ? e : NULL;
}

/* Whether an id could start at p (a word of n bytes, or a prefix of it). */
static bool may_lead(const td_link_targets *t, const char *p, size_t n)
{
	unsigned b = lead_of(p, n), one = lead_of(p, 1);
	return (t->lead[b >> 6] >> (b & 63) & 1) || (t->lead[one >> 6] >> (one & 63) & 1);
}

/* Copies s[0..end) to out with the ids linked; text that stays as it is
 * is copied in runs, from `from` up to where a link is written. */
static void link_line(td_buf *out, const char *s, const char *end, const char *page,
                      const td_link_targets *targets, td_buf *looked)
{
	const char *p = s, *from = s;
	while (p < end) {
		unsigned char k = kind[(unsigned char)*p];
		if (!k) { /* most bytes: nothing starts here */
			p++;
			continue;
		}
		if (k == ESCAPE && p + 1 < end) {
			p += 2;
			continue;
		}
		size_t skip = k == OPENS ? skip_inline(p, end) : 0;
		if (skip) {
			p += skip;
			continue;
		}
		if (k == ID && (p == s || !id_char((unsigned char)p[-1]))) {
			const char *q = p + 1;
			while (q < end && id_char((unsigned char)*q))
				q++;
			if (!may_lead(targets, p, (size_t)(q - p))) {
				p = q;
				continue;
			}
			/* the longest known id at p, trimming trailing '.' '-' '_' (sentence ends) */
			const char *e = q;
			const td_link_target *url = NULL;
			while (e > p) {
				size_t n = (size_t)(e - p);
				if (n < 256) {
					url = td_link_target_of(targets, p, n);
					if (looked) {
						td_buf_put(looked, p, n);
						td_buf_putc(looked, '\n');
					}
					if (url)
						break; /* an id found, linked or not */
				}
				if (e[-1] != '.' && e[-1] != '-' && e[-1] != '_')
					break;
				e--;
			}
			if (url && url->url) {
				td_buf_put(out, from, (size_t)(p - from));
				td_buf_putc(out, '[');
				td_buf_put(out, p, (size_t)(e - p));
				td_buf_puts(out, "](");
				td_relative_url(out, page, url->url);
				td_buf_putc(out, ')');
				p = from = e;
			} else {
				p = q;
			}
			continue;
		}
		p++;
	}
	td_buf_put(out, from, (size_t)(end - from));
}

void td_link_ids(td_buf *out, const char *md, size_t len, const char *page, const td_link_targets *targets)
{
	td_link_ids_noting(out, md, len, page, targets, NULL);
}

void td_link_ids_noting(td_buf *out, const char *md, size_t len, const char *page,
                        const td_link_targets *targets, td_buf *looked)
{
	/* room for the page and its links at once: a page of megabytes grown
	 * by doubling was copied again at each step */
	td_buf_room(out, len + len / 2 + 64);
	const char *p = md, *end = md + len;
	char fence = 0;
	size_t fence_len = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *t = p;
		while (t < le && (*t == ' ' || *t == '\t'))
			t++;
		size_t run = 0;
		while (t + run < le && (t[run] == '`' || t[run] == '~') && t[run] == *t)
			run++;
		bool copy = false;
		if (fence) {
			copy = true;
			if (run >= fence_len && *t == fence)
				fence = 0;
		} else if (run >= 3) {
			fence = *t;
			fence_len = run;
			copy = true;
		} else if (*t == '#') {
			copy = true; /* headings carry anchors; never link inside them */
		}
		if (copy)
			td_buf_put(out, p, (size_t)(le - p));
		else
			link_line(out, p, le, page, targets, looked);
		if (nl)
			td_buf_putc(out, '\n');
		p = nl ? nl + 1 : end;
	}
	td_buf_cstr(out);
}
