/* links.c - the names of the link styles (graph.links, --links). */
#include "model/model.h"

#include <string.h>

static const char *const names[] = {"auto", "html", "directory", "markdown"};

const char *td_link_style_name(td_link_style links)
{
	return (size_t)links < TD_ARRAY_LEN(names) ? names[links] : "auto";
}

int td_link_style_parse(const char *s)
{
	for (size_t i = 0; i < TD_ARRAY_LEN(names); i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	return -1;
}
