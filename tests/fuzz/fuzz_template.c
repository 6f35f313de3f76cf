/* libFuzzer harness: the template engine (render/template) on any template
 * text and any JSON context. The input is the template, then optionally
 * "\n@@json\n" and the context, then optionally "\n@@partial\n" and the
 * text of every partial ({{> name}}; "self" is the template itself, so
 * partials recurse). Parsed and rendered in both dialects (Markdown and
 * HTML). Checks: a template that does not parse or render says why (at
 * least one diagnostic, each with a file and a line).
 * Build and run: tests/fuzz/run.sh (or see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/dialect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct parts {
	char *tmpl, *partial;
} parts;

static const char *partial(void *ud, const char *name, const char **file_out)
{
	const parts *p = ud;
	*file_out = name;
	if (!strcmp(name, "self"))
		return p->tmpl;
	return p->partial;
}

/* Splits s at the first sep: returns the text after it (NUL-terminated in
 * place of the separator) or NULL. */
static char *split(char *s, size_t *len, const char *sep)
{
	size_t l = strlen(sep);
	for (size_t i = 0; i + l <= *len; i++) {
		if (!memcmp(s + i, sep, l)) {
			s[i] = '\0';
			char *rest = s + i + l;
			size_t rl = *len - i - l;
			*len = i;
			rest[rl] = '\0';
			return rest;
		}
	}
	return NULL;
}

static void check_diags(const td_diags *diags, const char *what)
{
	if (!diags->len) {
		fprintf(stderr, "%s failed without a diagnostic\n", what);
		abort();
	}
	for (size_t i = 0; i < diags->len; i++)
		if (!diags->items[i].file || diags->items[i].line < 1 || !diags->items[i].message) {
			fprintf(stderr, "%s: a diagnostic without file or line: %s\n", what,
			        diags->items[i].message ? diags->items[i].message : "(null)");
			abort();
		}
}

static void run(const td_dialect *d, const parts *p, json_t *ctx)
{
	td_diags diags = {0};
	td_template *t = td_template_parse("fuzz.tmpl", p->tmpl, d, &diags);
	if (!t) {
		check_diags(&diags, "td_template_parse");
	} else {
		td_buf out = TD_BUF_INIT;
		if (td_template_render(&out, t, ctx, partial, (void *)p, &diags) != 0)
			check_diags(&diags, "td_template_render");
		td_buf_free(&out);
		td_template_free(t);
	}
	td_diags_free(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	size_t len = size;
	char *json = split(buf, &len, "\n@@json\n");
	size_t jlen = json ? strlen(json) : 0;
	/* the partial follows the JSON, or the template when there is none */
	char *part = json ? split(json, &jlen, "\n@@partial\n") : split(buf, &len, "\n@@partial\n");
	json_t *ctx = json ? json_loadb(json, jlen, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;
	parts p = {buf, part};
	static const td_dialect_opts opts = {false};
	td_dialect d;
	td_dialect_markdown(&d, &opts);
	run(&d, &p, ctx);
	td_dialect_html(&d, &opts);
	run(&d, &p, ctx);
	json_decref(ctx);
	free(buf);
	return 0;
}
