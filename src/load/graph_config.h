/* graph_config.h - private to load/: the `graph.links` setting and how
 * "auto" is settled from the MkDocs configuration. */
#ifndef TD_GRAPH_CONFIG_H
#define TD_GRAPH_CONFIG_H

#include "load/yaml_doc.h"

/* The value of graph.links in the mapping g: TD_LINKS_AUTO when absent
 * or "auto"; adds an error (and returns TD_LINKS_AUTO) on a bad value. */
td_link_style td_config_graph_links(ydoc *y, yaml_node_t *g);

/* What taskdoc takes from the MkDocs site configured by a mkdocs.yml. */
typedef struct td_mkdocs_settings {
	/* how its pages are addressed: TD_LINKS_HTML when it sets
	 * use_directory_urls: false, else TD_LINKS_DIRECTORY (MkDocs' default) */
	td_link_style links;
	const char *repo_url; /* its repo_url, or NULL */
	const char *edit_uri; /* its edit_uri, or NULL */
} td_mkdocs_settings;

/* Reads those settings of mkdocs_yml into out (strings in arena). When the
 * file cannot be read or parsed, the defaults (directory links, no
 * repository): taskdoc reports those problems where it updates the nav. */
void td_mkdocs_read_settings(const char *mkdocs_yml, td_arena *arena, td_mkdocs_settings *out);

#endif
