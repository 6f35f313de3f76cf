#include "load/load.h"
#include "load/graph_config.h"
#include "load/plan_keys.h"
#include "load/yaml_doc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Paths in a config file are relative to the folder that holds it. */
static const char *rel(td_arena *a, const char *dir, const char *path)
{
	if (!path || path[0] == '/' || !dir || !*dir || !strcmp(dir, "."))
		return path;
	return td_arena_printf(a, "%s/%s", dir, path);
}

static bool safe_out_path(const char *p)
{
	/* An output folder must be a real sub-folder: never "", ".", "/" or "..". */
	if (!p || !*p || !strcmp(p, ".") || !strcmp(p, "/") || !strcmp(p, "./"))
		return false;
	const char *s = p;
	while (*s) {
		if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0') && (s == p || s[-1] == '/'))
			return false;
		s++;
	}
	return true;
}

/* path made absolute (against the current folder) and normalised as text:
 * no empty or "." component, no trailing '/'. In arena. */
static const char *abs_norm(td_arena *a, const char *path)
{
	td_buf b = TD_BUF_INIT;
	if (path[0] != '/') {
		char cwd[PATH_MAX];
		td_buf_puts(&b, getcwd(cwd, sizeof cwd) ? cwd : ".");
	}
	for (const char *c = path; *c;) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (n == 2 && c[0] == '.' && c[1] == '.') {
			while (b.len > 0 && b.ptr[b.len - 1] != '/')
				b.len--;
			if (b.len > 0)
				b.len--;
		} else if (n > 0 && !(n == 1 && c[0] == '.')) {
			td_buf_putc(&b, '/');
			td_buf_put(&b, c, n);
		}
		c += n + (e != NULL);
	}
	if (b.len == 0)
		td_buf_putc(&b, '/');
	const char *r = td_arena_strdup(a, td_buf_cstr(&b));
	td_buf_free(&b);
	return r;
}

/* Is a the folder b or inside it? (normalised absolute paths) */
static bool within(const char *a, const char *b)
{
	size_t n = strlen(b);
	if (n == 1 && b[0] == '/')
		return true;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* a and b (existing or not) as the same folder or one inside the other,
 * by text or, when both exist, through links (realpath). */
static const char *overlap(td_arena *ar, const char *a, const char *b)
{
	if (!strcmp(a, b))
		return "is the same folder as";
	if (within(a, b))
		return "lies inside";
	if (within(b, a))
		return "holds";
	char ra[PATH_MAX], rb[PATH_MAX];
	(void)ar;
	if (realpath(a, ra) && realpath(b, rb)) {
		if (!strcmp(ra, rb))
			return "is (through a link) the same folder as";
		if (within(ra, rb))
			return "lies (through a link) inside";
		if (within(rb, ra))
			return "holds (through a link)";
	}
	return NULL;
}

/* The output folders against each other, the plan folder and the project
 * (the folder of taskdoc.yaml): refused when they are, hold or lie in one
 * another, or lie outside the project without allow_outside. */
static void check_out_places(ydoc *y, yaml_node_t *root, td_config *cfg, td_arena *ar, const char *dir,
                             bool allow_outside)
{
	yaml_node_t *out = ymap_get(y, root, "out");
	static const char *const which[] = {"markdown", "html"};
	const char *path[] = {cfg->out_markdown, cfg->out_html};
	const char *absp[2];
	const char *proj = abs_norm(ar, dir ? dir : ".");
	const char *content = abs_norm(ar, cfg->content);
	for (int i = 0; i < 2; i++) {
		absp[i] = abs_norm(ar, path[i]);
		yaml_node_t *at = out && !ynode_is_null(out) ? ymap_get(y, out, which[i]) : NULL;
		if (!at)
			at = root;
		const char *how;
		if (!within(absp[i], proj) && !allow_outside)
			ydoc_error(y, at,
			           "out.%s '%s' is outside the project; taskdoc writes only below the folder "
			           "of its configuration unless run with --allow-outside",
			           which[i], path[i]);
		else if (!strcmp(absp[i], proj) || within(proj, absp[i]))
			ydoc_error(y, at, "out.%s '%s' holds the whole project; use a folder of its own", which[i],
			           path[i]);
		else if ((how = overlap(ar, absp[i], content)))
			ydoc_error(y, at,
			           "out.%s '%s' %s the plan folder '%s'; generated files and the plan need "
			           "separate folders",
			           which[i], path[i], how, cfg->content);
	}
	const char *how = overlap(ar, absp[1], absp[0]);
	if (how) {
		yaml_node_t *at = out && !ynode_is_null(out) ? ymap_get(y, out, "html") : NULL;
		ydoc_error(y, at ? at : root,
		           "out.html '%s' %s out.markdown '%s'; each output folder needs a folder of its "
		           "own (each keeps its own manifest)",
		           cfg->out_html, how, cfg->out_markdown);
	}
}

/* out: markdown and html, each a folder below the project, not the same one. */
static void load_out(ydoc *y, yaml_node_t *root, td_config *cfg, td_arena *arena, const char *dir)
{
	yaml_node_t *out = ymap_get(y, root, "out");
	if (ynode_is_null(out) || !ymap_check(y, out, "out", td_config_out_keys, NULL))
		return;
	static const char *const which[] = {"markdown", "html"};
	const char **dest[] = {&cfg->out_markdown, &cfg->out_html};
	for (int i = 0; i < 2; i++) {
		const char *s;
		td_loc loc;
		if (!(s = yget_str(y, out, which[i], &loc)))
			continue;
		if (!safe_out_path(s))
			ydoc_error(y, ymap_get(y, out, which[i]), "out.%s must be a folder below the project, not '%s'",
			           which[i], s);
		else
			*dest[i] = rel(arena, dir, s);
	}
}

/* mkdocs: config and section; html: safe or unsafe. */
static void load_mkdocs_html(ydoc *y, yaml_node_t *root, td_config *cfg, td_arena *arena, const char *dir)
{
	const char *s;
	yaml_node_t *mk = ymap_get(y, root, "mkdocs");
	if (!ynode_is_null(mk) && ymap_check(y, mk, "mkdocs", td_config_mkdocs_keys, NULL)) {
		if ((s = yget_str(y, mk, "config", NULL)))
			cfg->mkdocs_config = rel(arena, dir, s);
		if ((s = yget_str(y, mk, "section", NULL)))
			cfg->mkdocs_section = s;
	}
	yaml_node_t *h = ymap_get(y, root, "html");
	if (!ynode_is_null(h)) {
		const char *mode = yget_str(y, root, "html", NULL);
		if (mode && !strcmp(mode, "unsafe"))
			cfg->html_unsafe = true;
		else if (mode && strcmp(mode, "safe") != 0)
			ydoc_error(y, h, "bad value '%s' for 'html' (expected one of: safe, unsafe)", mode);
	}
}

/* The branch of a MkDocs edit_uri ("edit/main/docs/", "blob/dev/docs/"), or NULL. */
static const char *edit_uri_branch(td_arena *arena, const char *edit_uri)
{
	if (!edit_uri)
		return NULL;
	const char *s = edit_uri;
	while (*s == '/')
		s++;
	if (!strncmp(s, "-/", 2)) /* GitLab: -/edit/main/docs/ */
		s += 2;
	if (strncmp(s, "edit/", 5) != 0 && strncmp(s, "blob/", 5) != 0)
		return NULL;
	s += 5;
	const char *end = strchr(s, '/');
	size_t n = end ? (size_t)(end - s) : strlen(s);
	return n ? td_arena_strndup(arena, s, n) : NULL;
}

/* repo: url and branch, where a repository path (a workstream's
 * reference) is browsable; by default MkDocs' repo_url and the branch of
 * its edit_uri, else main. */
static void load_repo(ydoc *y, yaml_node_t *root, td_config *cfg, td_arena *arena, const td_mkdocs_settings *mk)
{
	yaml_node_t *r = ymap_get(y, root, "repo");
	const char *url = NULL, *branch = NULL;
	if (!ynode_is_null(r) && ymap_check(y, r, "repo", td_config_repo_keys, NULL)) {
		url = yget_str(y, r, "url", NULL);
		branch = yget_str(y, r, "branch", NULL);
		if (url && strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) {
			ydoc_error(y, ymap_get(y, r, "url"), "repo.url must be an http:// or https:// URL, not '%s'", url);
			url = NULL;
		}
		if (branch && (!*branch || strpbrk(branch, " \t#?<>\"`\\")))
			ydoc_error(y, ymap_get(y, r, "branch"), "bad repo.branch '%s' (expected a branch name)", branch);
	}
	if (!url && mk->repo_url && (!strncmp(mk->repo_url, "https://", 8) || !strncmp(mk->repo_url, "http://", 7)))
		url = mk->repo_url;
	if (!branch)
		branch = edit_uri_branch(arena, mk->edit_uri);
	if (url) {
		size_t n = strlen(url);
		while (n && url[n - 1] == '/')
			n--;
		cfg->repo_url = td_arena_strndup(arena, url, n);
		cfg->repo_branch = branch ? branch : "main";
	}
}

/* graph: node_limit and links ("auto" from mkdocs.yml); forecast: weeks. */
static void load_graph_forecast(ydoc *y, yaml_node_t *root, td_config *cfg, const td_mkdocs_settings *mk)
{
	yaml_node_t *g = ymap_get(y, root, "graph");
	td_link_style graph_links = TD_LINKS_AUTO;
	if (!ynode_is_null(g)) {
		int v;
		bool gok = ymap_check(y, g, "graph", td_config_graph_keys, NULL);
		if (gok && yget_int(y, g, "node_limit", &v)) {
			if (v < 1)
				ydoc_error(y, ymap_get(y, g, "node_limit"), "graph.node_limit must be at least 1");
			else
				cfg->graph_node_limit = v;
		}
		if (gok)
			graph_links = td_config_graph_links(y, g);
	}
	if (graph_links == TD_LINKS_AUTO)
		graph_links = mk->links;
	cfg->graph_links = graph_links;
	yaml_node_t *f = ymap_get(y, root, "forecast");
	int v;
	if (!ynode_is_null(f) && ymap_check(y, f, "forecast", td_config_forecast_keys, NULL) && yget_int(y, f, "weeks", &v)) {
		if (v < 1 || v > 520)
			ydoc_error(y, ymap_get(y, f, "weeks"), "forecast.weeks must be between 1 and 520");
		else
			cfg->forecast_weeks = v;
	}
}

int td_config_load(td_config *cfg, td_arena *arena, const char *path, bool explicit_path, td_diags *diags)
{
	return td_config_load_opts(cfg, arena, path, explicit_path, false, diags);
}

int td_config_load_opts(td_config *cfg, td_arena *arena, const char *path, bool explicit_path,
                        bool allow_outside, td_diags *diags)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->content = "content";
	cfg->out_markdown = "docs/planning";
	cfg->out_html = "site";
	cfg->mkdocs_section = "Planning";
	cfg->cache = ".cache/taskdoc";
	cfg->history = true;
	cfg->graph_node_limit = 100; /* measured: docs/graphs.md, "Big plans" */
	cfg->graph_links = TD_LINKS_DIRECTORY; /* what "auto" means without mkdocs.config */
	cfg->forecast_weeks = 4;
	if (!path)
		path = "taskdoc.yaml";

	char *text = NULL;
	size_t len = 0;
	if (td_file_read(path, &text, &len) != 0) {
		if (errno == ENOENT && !explicit_path)
			return 0; /* defaults */
		td_diag_add(diags, TD_SEV_ERROR, (td_loc){path, 0, 0}, "cannot read the configuration: %s",
		            strerror(errno));
		return -1;
	}
	cfg->file = td_arena_strdup(arena, path);
	const char *slash = strrchr(path, '/');
	const char *dir = slash ? td_arena_strndup(arena, path, (size_t)(slash - path)) : NULL;
	cfg->cache = rel(arena, dir, cfg->cache);

	ydoc y;
	int rc = ydoc_load(&y, arena, path, text, len, diags);
	free(text);
	yaml_node_t *root = ydoc_root(&y);
	if (rc != 0 || !root || ynode_is_null(root))
		goto out;

	if (!ymap_check(&y, root, "taskdoc.yaml", td_config_keys, NULL))
		goto out;
	const char *s;
	if ((s = yget_str(&y, root, "content", NULL)))
		cfg->content = rel(arena, dir, s);
	if ((s = yget_str(&y, root, "templates", NULL)))
		cfg->templates = rel(arena, dir, s);
	if ((s = yget_str(&y, root, "cache", NULL)))
		cfg->cache = rel(arena, dir, s);
	load_out(&y, root, cfg, arena, dir);
	if (y.nerrors == 0)
		check_out_places(&y, root, cfg, arena, dir, allow_outside);
	load_mkdocs_html(&y, root, cfg, arena, dir);
	bool b;
	if (yget_bool(&y, root, "history", &b))
		cfg->history = b;
	td_mkdocs_settings mk = {TD_LINKS_DIRECTORY, NULL, NULL};
	if (cfg->mkdocs_config)
		td_mkdocs_read_settings(cfg->mkdocs_config, arena, &mk);
	load_graph_forecast(&y, root, cfg, &mk);
	load_repo(&y, root, cfg, arena, &mk);
out:;
	size_t nerr = y.nerrors;
	ydoc_free(&y);
	return rc != 0 || nerr ? -1 : 0;
}
