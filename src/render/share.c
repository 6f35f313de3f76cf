/* share.c - a page made to travel: absolute links, inline images. */
#include "render/share.h"
#include "render/html/escape.h"
#include "render/url.h"

#include <string.h>

/* The path below the root that rel (relative to page) names, without its
 * "#anchor" or "?query" (appended to tail). */
static void resolve(td_buf *out, td_buf *tail, const char *page, const char *rel, size_t n)
{
	size_t cut = strcspn(rel, "#?");
	if (cut > n)
		cut = n;
	td_buf_put(tail, rel + cut, n - cut);
	td_buf path = TD_BUF_INIT;
	const char *slash = strrchr(page, '/');
	if (slash)
		td_buf_put(&path, page, (size_t)(slash - page + 1));
	td_buf_put(&path, rel, cut);
	/* fold "x/../" and "./" */
	const char *s = td_buf_cstr(&path);
	size_t i = 0, len = path.len;
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != '/')
			e++;
		size_t seg = e - i;
		if (seg == 2 && !memcmp(s + i, "..", 2)) {
			while (out->len && out->ptr[out->len - 1] == '/')
				out->len--;
			while (out->len && out->ptr[out->len - 1] != '/')
				out->len--;
		} else if (!(seg == 1 && s[i] == '.') && seg) {
			td_buf_put(out, s + i, seg);
			if (e < len)
				td_buf_putc(out, '/');
		}
		i = e + 1;
	}
	td_buf_free(&path);
}

/* base + the page path as the site addresses it + tail. */
static void absolute(td_buf *out, const char *path, const char *tail, const td_share_opts *o)
{
	td_buf_puts(out, o->base_url);
	if (out->len && out->ptr[out->len - 1] != '/')
		td_buf_putc(out, '/');
	size_t n = strlen(path);
	bool md = n >= 3 && !strcmp(path + n - 3, ".md");
	if (md && o->style == TD_LINKS_HTML) {
		td_buf_put(out, path, n - 3);
		td_buf_puts(out, ".html");
	} else if (md && o->style == TD_LINKS_DIRECTORY) {
		bool index = n >= 8 && !strcmp(path + n - 8, "index.md") && (n == 8 || path[n - 9] == '/');
		td_buf_put(out, path, index ? n - 8 : n - 3);
		if (!index)
			td_buf_putc(out, '/');
	} else {
		td_buf_puts(out, path);
	}
	td_buf_puts(out, tail);
}

/* The first "](" in s[0..n), or NULL. */
static const char *find_link(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == ']' && s[i + 1] == '(')
			return s + i;
	return NULL;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void data_uri(td_buf *out, const td_outfile *f)
{
	const unsigned char *d = (const unsigned char *)f->data;
	size_t n = f->len;
	size_t l = strlen(f->path);
	td_buf_puts(out, l > 4 && !strcmp(f->path + l - 4, ".svg") ? "data:image/svg+xml;base64," : "data:image/png;base64,");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)d[i] << 16 | (i + 1 < n ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < n ? d[i + 2] : 0);
		td_buf_putc(out, b64[v >> 18 & 63]);
		td_buf_putc(out, b64[v >> 12 & 63]);
		td_buf_putc(out, i + 1 < n ? b64[v >> 6 & 63] : '=');
		td_buf_putc(out, i + 2 < n ? b64[v & 63] : '=');
	}
}

/* Appends the target u[0..n) as it travels: an image found in the files
 * inlined (when inline; else left for the HTML step to inline), a relative
 * link made absolute (with a base URL). */
static void target(td_buf *out, const char *u, size_t n, bool image, bool inline_it, const td_share_opts *o)
{
	td_buf raw = TD_BUF_INIT, path = TD_BUF_INIT, tail = TD_BUF_INIT;
	td_buf_put(&raw, u, n);
	const td_outfile *f = NULL;
	if (td_url_is_relative(td_buf_cstr(&raw))) {
		resolve(&path, &tail, o->page, u, n);
		if (image && o->files)
			f = td_outset_find(o->files, td_buf_cstr(&path));
	}
	if (f && inline_it)
		data_uri(out, f);
	else if (f)
		td_buf_put(out, u, n);
	else if (path.len && o->base_url)
		absolute(out, td_buf_cstr(&path), td_buf_cstr(&tail), o);
	else
		td_buf_put(out, u, n);
	td_buf_free(&raw);
	td_buf_free(&path);
	td_buf_free(&tail);
}

void td_share_markdown(td_buf *out, const char *md, size_t len, const td_share_opts *o)
{
	size_t i = 0;
	while (i < len) {
		const char *p = find_link(md + i, len - i);
		if (!p) {
			td_buf_put(out, md + i, len - i);
			return;
		}
		size_t at = (size_t)(p - md) + 2;
		size_t e = at;
		while (e < len && md[e] != ')' && md[e] != ' ' && md[e] != '\n')
			e++;
		td_buf_put(out, md + i, at - i);
		if (e >= len || md[e] != ')') {
			i = at;
			continue;
		}
		/* an image when the bracket that this "]" closes opens with "![" */
		size_t b = (size_t)(p - md);
		int depth = 0;
		while (b > 0 && !(md[b - 1] == '[' && depth == 0)) {
			depth += md[b - 1] == ']' ? 1 : md[b - 1] == '[' ? -1 : 0;
			b--;
		}
		bool image = b >= 2 && md[b - 2] == '!';
		target(out, md + at, e - at, image, o->inline_images, o);
		i = e;
	}
}

void td_share_html(td_buf *out, const char *title, const char *css, const char *body, const td_share_opts *o)
{
	td_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	td_escape_html(out, title ? title : "Report");
	td_buf_puts(out, "</title>\n<style>\n");
	td_buf_puts(out, css ? css : "");
	/* the site's stylesheet lays out a page inside its frame; alone, the
	 * report needs its own margins and table lines */
	td_buf_puts(out, "\nmain.shared{max-width:60rem;margin:1.5rem auto;padding:0 1rem}"
	                 ".shared table{border-collapse:collapse;margin:.8rem 0}"
	                 ".shared th,.shared td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}");
	td_buf_puts(out, "\n</style>\n</head>\n<body>\n<main class=\"content shared\">\n");
	/* each <img src="relative"> and <object data="relative"> (how the
	 * HTML room shows an SVG) found among the files, inlined */
	const char *s = body;
	for (;;) {
		const char *p = strstr(s, "<img src=\""), *q0 = strstr(s, " data=\"");
		size_t skip = 10;
		if (q0 && (!p || q0 < p)) {
			p = q0;
			skip = 7;
		}
		if (!p)
			break;
		p += skip;
		const char *q = strchr(p, '"');
		if (!q)
			break;
		td_buf_put(out, s, (size_t)(p - s));
		target(out, p, (size_t)(q - p), true, true, o);
		s = q;
	}
	td_buf_puts(out, s);
	td_buf_puts(out, "\n</main>\n</body>\n</html>\n");
}
