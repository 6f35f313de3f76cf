/* graph_config.h - private to load/: the `graph.links` setting and how
 * "auto" is settled from the MkDocs configuration. */
#ifndef TD_GRAPH_CONFIG_H
#define TD_GRAPH_CONFIG_H

#include "load/yaml_doc.h"

/* The value of graph.links in the mapping g: TD_LINKS_AUTO when absent
 * or "auto"; adds an error (and returns TD_LINKS_AUTO) on a bad value. */
td_link_style td_config_graph_links(ydoc *y, yaml_node_t *g);

/* How pages of the MkDocs site configured by mkdocs_yml are addressed:
 * TD_LINKS_HTML when it sets use_directory_urls: false, else
 * TD_LINKS_DIRECTORY (MkDocs' default; also when the file cannot be read
 * or parsed: taskdoc reports those problems where it updates the nav). */
td_link_style td_mkdocs_link_style(const char *mkdocs_yml);

#endif
