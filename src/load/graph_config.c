/* graph_config.c - graph.links in taskdoc.yaml, and what the site's
 * mkdocs.yml says that taskdoc uses: use_directory_urls (when graph.links
 * is auto), repo_url and edit_uri (when repo.url is not set). */
#include "load/graph_config.h"

#include <stdlib.h>
#include <string.h>

td_link_style td_config_graph_links(ydoc *y, yaml_node_t *g)
{
	if (ynode_is_null(ymap_get(y, g, "links")))
		return TD_LINKS_AUTO;
	const char *s = yget_str(y, g, "links", NULL);
	if (!s)
		return TD_LINKS_AUTO;
	int style = td_link_style_parse(s);
	if (style >= 0)
		return (td_link_style)style;
	ydoc_error(y, ymap_get(y, g, "links"),
	           "bad value '%s' for 'graph.links' (expected one of: auto, html, directory, markdown)", s);
	return TD_LINKS_AUTO;
}

/* YAML 1.1 booleans as PyYAML (and so MkDocs) reads them. */
static int yaml_bool(const char *s)
{
	static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
	static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
	for (size_t i = 0; i < TD_ARRAY_LEN(yes); i++)
		if (!strcmp(s, yes[i]))
			return 1;
	for (size_t i = 0; i < TD_ARRAY_LEN(no); i++)
		if (!strcmp(s, no[i]))
			return 0;
	return -1;
}

void td_mkdocs_read_settings(const char *mkdocs_yml, td_arena *arena, td_mkdocs_settings *out)
{
	char *text = NULL;
	size_t len = 0;
	memset(out, 0, sizeof *out);
	out->links = TD_LINKS_DIRECTORY;
	if (td_file_read(mkdocs_yml, &text, &len) != 0)
		return;
	yaml_parser_t parser;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&parser)) {
		free(text);
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (yaml_parser_load(&parser, &doc)) {
		yaml_node_t *root = yaml_document_get_root_node(&doc);
		if (root && root->type == YAML_MAPPING_NODE) {
			for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
			     p < root->data.mapping.pairs.top; p++) {
				yaml_node_t *k = yaml_document_get_node(&doc, p->key);
				yaml_node_t *v = yaml_document_get_node(&doc, p->value);
				if (!k || !v || k->type != YAML_SCALAR_NODE || v->type != YAML_SCALAR_NODE)
					continue;
				const char *key = (const char *)k->data.scalar.value;
				const char *val = (const char *)v->data.scalar.value;
				/* the last one wins, as in PyYAML */
				if (!strcmp(key, "use_directory_urls")) {
					int b = yaml_bool(val);
					if (b >= 0)
						out->links = b ? TD_LINKS_DIRECTORY : TD_LINKS_HTML;
				} else if (!strcmp(key, "repo_url") && *val) {
					out->repo_url = td_arena_strdup(arena, val);
				} else if (!strcmp(key, "edit_uri") && *val) {
					out->edit_uri = td_arena_strdup(arena, val);
				}
			}
		}
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	free(text);
}
