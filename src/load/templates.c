/* templates.c - reads the template overrides folder (taskdoc.yaml `templates:`). */
#include "load/load.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int td_templates_load(td_tmpl_set *out, td_arena *arena, const char *dir, td_diags *diags)
{
	memset(out, 0, sizeof *out);
	if (!dir)
		return 0;
	char **names;
	size_t n;
	if (td_dir_names(dir, &names, &n) != 0) {
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){dir, 0, 0}, "cannot open the templates folder: %s",
		            strerror(errno));
		return -1;
	}
	size_t cap = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = td_arena_printf(arena, "%s/%s", dir, names[i]);
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
		f->name = td_arena_strdup(arena, names[i]);
		f->path = path;
		f->text = td_arena_strndup(arena, text, len);
		free(text);
	}
	td_dir_names_free(names, n);
	return rc;
}

void td_templates_free(td_tmpl_set *set)
{
	free(set->items);
	memset(set, 0, sizeof *set);
}
