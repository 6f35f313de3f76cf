/* nav.c - the navigation tree of the generated pages (see nav.h). */
#include "render/nav.h"

td_nav *td_nav_build(size_t *n_out, json_t *view, td_arena *arena)
{
	size_t nws = json_array_size(json_object_get(view, "workstreams"));
	json_t *months = json_object_get(json_object_get(view, "archive"), "months");
	td_nav *top = td_arena_alloc(arena, 8 * sizeof *top);
	td_nav *ws = td_arena_alloc(arena, (nws + 1) * sizeof *ws);
	td_nav *arch = td_arena_alloc(arena, (json_array_size(months) + 1) * sizeof *arch);
	size_t n = 0, nw = 0, na = 0;
	top[n++] = (td_nav){"Overview", "index.md", NULL, 0};
	top[n++] = (td_nav){"Active workstreams", "active-workstreams.md", NULL, 0};
	size_t i;
	json_t *w;
	json_array_foreach(json_object_get(view, "workstreams"), i, w)
	{
		const char *id = json_string_value(json_object_get(w, "id"));
		ws[nw++] = (td_nav){td_arena_strdup(arena, json_string_value(json_object_get(w, "title"))),
		                    td_arena_printf(arena, "workstreams/%s.md", id), NULL, 0};
	}
	if (nw)
		top[n++] = (td_nav){"Workstreams", NULL, ws, nw};
	top[n++] = (td_nav){"Risks", "risks.md", NULL, 0};
	top[n++] = (td_nav){"Evidence", "evidence.md", NULL, 0};
	arch[na++] = (td_nav){"Archive", "archive/index.md", NULL, 0};
	json_t *m;
	json_array_foreach(months, i, m)
	arch[na++] = (td_nav){td_arena_strdup(arena, json_string_value(json_object_get(m, "title"))),
	                      td_arena_strdup(arena, json_string_value(json_object_get(m, "path"))), NULL, 0};
	top[n++] = (td_nav){"Archive", NULL, arch, na};
	/* weekly reports: the index and the latest weeks (the index lists all) */
	json_t *reports = json_object_get(json_object_get(view, "weekly"), "reports");
	size_t nrep = json_array_size(reports) < TD_NAV_WEEKS ? json_array_size(reports) : TD_NAV_WEEKS;
	td_nav *weeks = td_arena_alloc(arena, (nrep + 1) * sizeof *weeks);
	size_t nk = 0;
	weeks[nk++] = (td_nav){"Weekly reports", "reports/weekly/index.md", NULL, 0};
	for (i = 0; i < nrep; i++) {
		json_t *r = json_array_get(reports, i);
		weeks[nk++] = (td_nav){td_arena_strdup(arena, json_string_value(json_object_get(r, "id"))),
		                       td_arena_strdup(arena, json_string_value(json_object_get(r, "path"))), NULL, 0};
	}
	top[n++] = (td_nav){"Weekly reports", NULL, weeks, nk};
	*n_out = n;
	return top;
}
