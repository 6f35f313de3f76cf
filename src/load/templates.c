/* templates.c - reads the template overrides folder (taskdoc.yaml `templates:`). */
#include "load/load.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const td_tmpl_file *)a)->name, ((const td_tmpl_file *)b)->name);
}

int td_templates_load(td_tmpl_set *out, td_arena *arena, const char *dir, td_diags *diags)
{
	memset(out, 0, sizeof *out);
	if (!dir)
		return 0;
	DIR *d = opendir(dir);
	if (!d) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "cannot open the templates folder: %s",
		            strerror(errno));
		return -1;
	}
	size_t cap = 0;
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = td_arena_printf(arena, "%s/%s", dir, e->d_name);
		char *text;
		size_t len;
		if (td_file_read(path, &text, &len) != 0) {
			if (errno == EISDIR)
				continue;
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0}, "cannot read: %s", strerror(errno));
			rc = -1;
			continue;
		}
		size_t bad = td_utf8_invalid_at(text, len);
		if (bad || memchr(text, '\0', len)) {
			td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0}, "not valid UTF-8 text");
			free(text);
			rc = -1;
			continue;
		}
		td_grow((void **)&out->items, &cap, out->len + 1, sizeof *out->items);
		td_tmpl_file *f = &out->items[out->len++];
		f->name = td_arena_strdup(arena, e->d_name);
		f->path = path;
		f->text = td_arena_strndup(arena, text, len);
		free(text);
	}
	closedir(d);
	if (out->len > 1)
		qsort(out->items, out->len, sizeof *out->items, cmp_name);
	return rc;
}

void td_templates_free(td_tmpl_set *set)
{
	free(set->items);
	memset(set, 0, sizeof *set);
}
