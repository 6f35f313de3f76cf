/* links.c - the names of the link styles (graph.links, --links). */
#include "model/model.h"

#include <string.h>

const char *const td_link_style_names[] = {"auto", "html", "directory", "markdown", NULL};

const char *td_link_style_name(td_link_style links)
{
	return (size_t)links < (TD_ARRAY_LEN(td_link_style_names) - 1) ? td_link_style_names[links] : "auto";
}

int td_link_style_parse(const char *s)
{
	for (size_t i = 0; i < (TD_ARRAY_LEN(td_link_style_names) - 1); i++)
		if (!strcmp(s, td_link_style_names[i]))
			return (int)i;
	return -1;
}
