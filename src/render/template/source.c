/* source.c - where template text comes from: a file of the templates:
 * folder (taskdoc.yaml), else the built-in one compiled from templates/. */
#include "render/template/source.h"

#include <string.h>

struct td_embedded_file {
	const char *name;
	const char *data;
	size_t size;
};
extern const struct td_embedded_file td_embedded[];

const char *td_tmpl_lookup(const td_tmpl_set *overrides, const char *name, const char **path_out)
{
	for (size_t i = 0; overrides && i < overrides->len; i++)
		if (!strcmp(overrides->items[i].name, name)) {
			if (path_out)
				*path_out = overrides->items[i].path;
			return overrides->items[i].text;
		}
	for (size_t i = 0; td_embedded[i].name; i++)
		if (!strcmp(td_embedded[i].name, name)) {
			if (path_out)
				*path_out = td_embedded[i].name;
			return td_embedded[i].data;
		}
	return NULL;
}

bool td_tmpl_is_builtin(const char *name)
{
	for (size_t i = 0; td_embedded[i].name; i++)
		if (!strcmp(td_embedded[i].name, name))
			return true;
	return false;
}

const char *td_tmpl_partial(void *partials, const char *name, const char **file_out)
{
	td_partials *pc = partials;
	td_buf_clear(&pc->name);
	td_buf_printf(&pc->name, "%s%s", name, pc->suffix);
	return td_tmpl_lookup(pc->overrides, td_buf_cstr(&pc->name), file_out);
}
