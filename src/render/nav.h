/* nav.h - the navigation of the generated pages, one tree for the MkDocs
 * nav section (site/mkdocs.c) and the sidebar of the HTML site (html.c). */
#ifndef TD_NAV_H
#define TD_NAV_H

#include <jansson.h>

#include "core/core.h"
#include "site/site.h"

/* The navigation of the pages the view makes (paths of Markdown pages,
 * relative to the Markdown root): Overview, Active workstreams,
 * Workstreams (one per workstream), Risks, Archive (index and months),
 * Weekly reports (index and the latest TD_NAV_WEEKS weeks).
 * Everything is allocated in arena. *n_out gets the number of top-level
 * entries. */
td_nav *td_nav_build(size_t *n_out, json_t *view, td_arena *arena);

/* How many weekly reports (the latest) the navigation lists after their index. */
#define TD_NAV_WEEKS 12

#endif
