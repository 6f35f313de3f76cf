/* init.c - `taskdoc init [DIR]`: a small, valid starter plan to edit. */
#include "cmd/cmd.h"
#include "load/load.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: taskdoc init [DIR]\n"
    "Writes a small starter plan into DIR (default: the current folder): two\n"
    "workstreams with dependent tasks, a risk and a sprint (content/), taskdoc.yaml,\n"
    "an MkDocs site (mkdocs.yml, docs/index.md) and the JSON Schemas the files'\n"
    "yaml-language-server modelines point to (.taskdoc/schema/). DIR may hold other\n"
    "files, but not a plan: init refuses a non-empty content/ folder and never\n"
    "overwrites a file. `taskdoc build` works on the result at once.\n"
    "\n"
    "Example:\n"
    "  taskdoc init plan && cd plan && taskdoc build && xdg-open site/index.html\n";

static const char config_yaml[] =
    "# yaml-language-server: $schema=.taskdoc/schema/config.json\n"
    "# taskdoc configuration (docs/schema.md in taskdoc's sources, or taskdoc(1)).\n"
    "content: content\n"
    "out:\n"
    "  markdown: docs/planning   # generated pages, inside MkDocs' docs_dir\n"
    "  html: site                # the standalone HTML site\n"
    "mkdocs:\n"
    "  config: mkdocs.yml\n"
    "  section: Planning\n";

static const char project_yaml[] =
    "# yaml-language-server: $schema=../.taskdoc/schema/project.json\n"
    "name: @NAME@\n"
    "title: Active Workstreams\n"
    "summary: |\n"
    "  A starter plan written by `taskdoc init`: edit it, then run `taskdoc build`\n"
    "  (or `taskdoc serve` to watch the pages change as you save).\n"
    "calendar:\n"
    "  hours_per_day: 8\n"
    "  days_per_week: 5\n"
    "sprints:\n"
    "  - name: First sprint\n"
    "    start: @MON@\n"
    "    end: @FRI@\n"
    "    focus: [DOCS-1, SITE-2]\n"
    "    notes: Write the outline, then set up the site.\n"
    "risks:\n"
    "  - id: RISK-1\n"
    "    title: Nobody reviews the guide before release\n"
    "    impact: medium\n"
    "    probability: medium\n"
    "    mitigation: Book a reviewer in the first sprint.\n"
    "    affects: [DOCS-3]\n";

static const char docs_yaml[] =
    "# yaml-language-server: $schema=../../.taskdoc/schema/workstream.json\n"
    "id: docs\n"
    "title: User guide\n"
    "order: 1\n"
    "summary: The guide a new user reads first.\n"
    "phases:\n"
    "  - id: docs-phase-1\n"
    "    title: \"Phase 1: Draft\"\n"
    "    objective: A complete first draft.\n"
    "    tasks:\n"
    "      - id: DOCS-1\n"
    "        title: Outline the guide\n"
    "        priority: high\n"
    "        estimate: 4h\n"
    "        status: in-progress\n"
    "      - id: DOCS-2\n"
    "        title: Write the getting-started chapter\n"
    "        priority: high\n"
    "        estimate: 1-2d\n"
    "        depends_on: DOCS-1\n"
    "      - id: DOCS-3\n"
    "        title: Review and publish\n"
    "        priority: medium\n"
    "        estimate: 4h\n"
    "        depends_on: [DOCS-2, SITE-2]\n"
    "        criteria:\n"
    "          - title: A reviewer signed off\n"
    "            done: false\n";

static const char site_yaml[] =
    "# yaml-language-server: $schema=../../.taskdoc/schema/workstream.json\n"
    "id: site\n"
    "title: Documentation site\n"
    "order: 2\n"
    "phases:\n"
    "  - id: site-phase-1\n"
    "    title: \"Phase 1: Publish\"\n"
    "    tasks:\n"
    "      - id: SITE-1\n"
    "        title: Set up MkDocs\n"
    "        priority: medium\n"
    "        estimate: 2h\n"
    "        status: done\n"
    "        done_on: @YESTERDAY@\n"
    "      - id: SITE-2\n"
    "        title: Publish the site from CI\n"
    "        priority: medium\n"
    "        estimate: 0.5d\n"
    "        depends_on: SITE-1\n";

static const char mkdocs_yml[] =
    "# MkDocs site; taskdoc keeps the Planning entry of nav up to date.\n"
    "site_name: @NAME@\n"
    "docs_dir: docs\n"
    "markdown_extensions:\n"
    "  - admonition\n"
    "  - tables\n"
    "  - toc:\n"
    "      permalink: true\n"
    "  - attr_list\n"
    "  - md_in_html\n"
    "nav:\n"
    "  - Home: index.md\n";

static const char index_md[] = "# @NAME@\n\nThe plan is under [Planning](planning/index.md).\n";

/* Writes one new file (never over an existing one); dir-relative parents are made. */
static int put(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	for (char *s = path + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			td_usage_error("init: cannot create %s: %s", path, strerror(errno));
			return -1;
		}
		*s = '/';
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		td_usage_error("init: cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	size_t len = strlen(text);
	bool ok = write(fd, text, len) == (ssize_t)len;
	if (close(fd) != 0 || !ok) {
		td_usage_error("init: cannot write %s", path);
		return -1;
	}
	return 0;
}

static bool dir_has_entries(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return errno != ENOENT;
	struct dirent *e;
	bool any = false;
	while (!any && (e = readdir(d)))
		any = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return any;
}

/* text with each @KEY@ of keys replaced by its value (keys: KEY, value, ..., NULL). */
static char *fill(const char *text, const char *const *kv)
{
	td_buf b = TD_BUF_INIT;
	for (const char *s = text; *s;) {
		const char *at = strchr(s, '@');
		const char *end = at ? strchr(at + 1, '@') : NULL;
		if (!at || !end) {
			td_buf_puts(&b, s);
			break;
		}
		td_buf_put(&b, s, (size_t)(at - s));
		size_t k = 0;
		while (kv[k] && (strlen(kv[k]) != (size_t)(end - at - 1) || strncmp(kv[k], at + 1, (size_t)(end - at - 1))))
			k += 2;
		if (kv[k]) {
			td_buf_puts(&b, kv[k + 1]);
			s = end + 1;
		} else {
			td_buf_putc(&b, '@');
			s = at + 1;
		}
	}
	return td_buf_detach(&b);
}

/* The files init would write, with their text (freed by the caller). */
typedef struct starter {
	const char *rel;
	char *text;
} starter;

static size_t make_starter(starter *f, const char *name)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	td_date today = td_date_from_epoch(sde && *sde ? strtoll(sde, NULL, 10) : (long long)time(NULL), 0);
	char mon[11], fri[11], yest[11];
	td_date_format(td_date_week_start(today), mon);
	td_date_format(td_date_week_start(today) + 4, fri);
	td_date_format(today - 1, yest);
	const char *const kv[] = {"NAME", name, "MON", mon, "FRI", fri, "YESTERDAY", yest, NULL};
	size_t n = 0;
	f[n++] = (starter){"taskdoc.yaml", fill(config_yaml, kv)};
	f[n++] = (starter){"content/project.yaml", fill(project_yaml, kv)};
	f[n++] = (starter){"content/workstreams/docs.yaml", fill(docs_yaml, kv)};
	f[n++] = (starter){"content/workstreams/site.yaml", fill(site_yaml, kv)};
	f[n++] = (starter){"mkdocs.yml", fill(mkdocs_yml, kv)};
	f[n++] = (starter){"docs/index.md", fill(index_md, kv)};
	static const char *const kinds[] = {"project", "workstream", "config", "evidence"};
	static const char *const paths[] = {".taskdoc/schema/project.json", ".taskdoc/schema/workstream.json",
	                                    ".taskdoc/schema/config.json", ".taskdoc/schema/evidence.json"};
	for (size_t i = 0; i < 4; i++) {
		json_t *s = td_schema_build(kinds[i]);
		char *text = json_dumps(s, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		td_buf b = TD_BUF_INIT;
		td_buf_puts(&b, text);
		td_buf_putc(&b, '\n');
		f[n++] = (starter){paths[i], td_buf_detach(&b)};
		free(text);
		json_decref(s);
	}
	return n;
}

int td_cmd_init(int argc, char **argv, const td_global *g)
{
	int early = td_cmd_options_help_only(argc, argv, usage);
	if (early >= 0)
		return early;
	if (argc - optind > 1) {
		td_usage_error("init: expected at most one folder, got '%s' too", argv[optind + 1]);
		return TD_EXIT_USAGE;
	}
	const char *dir = optind < argc ? argv[optind] : ".";
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		td_usage_error("init: cannot create %s: %s", dir, strerror(errno));
		return TD_EXIT_FAIL;
	}
	char content[4096];
	snprintf(content, sizeof content, "%s/content", dir);
	if (dir_has_entries(content)) {
		td_usage_error("init: %s is not empty: there is a plan here already (taskdoc check reads it)",
		               content);
		return TD_EXIT_FAIL;
	}
	const char *slash = strrchr(dir, '/');
	const char *name = strcmp(dir, ".") ? (slash && slash[1] ? slash + 1 : dir) : "My project";
	starter f[16];
	size_t n = make_starter(f, name);
	int rc = TD_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, f[i].rel);
		if (access(path, F_OK) == 0) {
			td_usage_error("init: %s exists; not overwriting it (move it away, or write the rest by hand)",
			               path);
			rc = TD_EXIT_FAIL;
		}
	}
	for (size_t i = 0; rc == TD_EXIT_OK && i < n; i++)
		if (put(dir, f[i].rel, f[i].text) != 0)
			rc = TD_EXIT_FAIL;
	for (size_t i = 0; i < n; i++)
		free(f[i].text);
	if (rc == TD_EXIT_OK)
		fprintf(stderr, "taskdoc: wrote a starter plan into %s; next: %s%s%staskdoc build\n", dir,
		        strcmp(dir, ".") ? "cd " : "", strcmp(dir, ".") ? dir : "", strcmp(dir, ".") ? " && " : "");
	return rc;
}
