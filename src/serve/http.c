/* http.c - one folder over HTTP with live reload (serve.h), on libmicrohttpd. */
#include "serve/serve.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* libmicrohttpd is opened when the server starts, not linked: linked, it
 * and the TLS stack it brings (GnuTLS, p11-kit, nettle, ...) took 9 ms to
 * load in every taskdoc process, a quarter of building a small plan. The
 * header still gives every type, so a mismatch fails to compile. */
#define MHD_FUNCS(X)                                                                                               \
	X(start_daemon)                                                                                            \
	X(stop_daemon)                                                                                             \
	X(get_daemon_info)                                                                                         \
	X(create_response_from_buffer)                                                                             \
	X(create_response_from_fd)                                                                                 \
	X(add_response_header)                                                                                     \
	X(queue_response)                                                                                          \
	X(destroy_response)                                                                                        \
	X(lookup_connection_value)

static struct {
#define X(name) __typeof__(MHD_##name) *name;
	MHD_FUNCS(X)
#undef X
} mhd;

/* Opens the library once; false with *err set when it cannot. */
static bool mhd_open(char **err)
{
	static void *so;
	if (so)
		return true;
	void *h = dlopen(TD_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *missing = NULL;
#define X(name)                                                                                                    \
	if (h && !missing && !(*(void **)&mhd.name = dlsym(h, "MHD_" #name)))                                      \
		missing = "MHD_" #name;
	MHD_FUNCS(X)
#undef X
	if (!h || missing) {
		td_buf b = TD_BUF_INIT;
		if (!h)
			td_buf_printf(&b, "cannot load %s, the HTTP server of taskdoc serve (Debian package libmicrohttpd12): %s",
			              TD_MHD_SONAME, dlerror());
		else
			td_buf_printf(&b, "%s has no %s (too old a libmicrohttpd)", TD_MHD_SONAME, missing);
		*err = td_buf_detach(&b);
		if (h)
			dlclose(h);
		return false;
	}
	so = h;
	return true;
}

#define WAIT_SECONDS 25 /* a long poll is answered at least this often */
#define MAX_DEPTH 32

struct td_server {
	struct MHD_Daemon *mhd;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned long gen; /* bumped by every publish */
	char *root;
	char *error;
	bool stopping;
	unsigned port;
};

/* Loaded by every served page; asks /__taskdoc/wait.js (a script, so the
 * site's CSP "script-src 'self'" allows it) and reloads on a new generation. */
static const char reload_js[] =
    "(function () {\n"
    "  var m = /[?&]gen=(\\d+)/.exec(document.currentScript.src), gen = m ? m[1] : '0';\n"
    "  function wait() {\n"
    "    var s = document.createElement('script');\n"
    "    s.src = '/__taskdoc/wait.js?since=' + gen + '&r=' + Math.random();\n"
    "    s.onload = function () { s.remove(); };\n"
    "    s.onerror = function () { s.remove(); setTimeout(wait, 2000); };\n"
    "    document.head.appendChild(s);\n"
    "  }\n"
    "  window.__taskdocWait = wait;\n"
    "  wait();\n"
    "})();\n";

static const struct {
	const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
    {".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
    {".md", "text/markdown; charset=utf-8"}, {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < TD_ARRAY_LEN(types); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *type, struct MHD_Response *r)
{
	mhd.add_response_header(r, "Content-Type", type);
	mhd.add_response_header(r, "Cache-Control", "no-store");
	mhd.add_response_header(r, "X-Content-Type-Options", "nosniff");
	enum MHD_Result ret = mhd.queue_response(c, status, r);
	mhd.destroy_response(r);
	return ret;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status, const char *type, const char *text)
{
	struct MHD_Response *r =
	    mhd.create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_MUST_COPY);
	return reply(c, status, type, r);
}

static enum MHD_Result reply_buf(struct MHD_Connection *c, unsigned status, const char *type, td_buf *b)
{
	size_t len = b->len;
	char *data = td_buf_detach(b);
	struct MHD_Response *r = mhd.create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	return reply(c, status, type, r);
}

static void put_reload_tag(td_buf *b, unsigned long gen)
{
	td_buf_printf(b, "<script src=\"/__taskdoc/reload.js?gen=%lu\"></script>\n", gen);
}

static void put_escaped(td_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': td_buf_puts(b, "&lt;"); break;
		case '>': td_buf_puts(b, "&gt;"); break;
		case '&': td_buf_puts(b, "&amp;"); break;
		case '"': td_buf_puts(b, "&quot;"); break;
		default: td_buf_putc(b, *s);
		}
	}
}

static enum MHD_Result error_page(struct MHD_Connection *c, const char *error, unsigned long gen)
{
	td_buf b = TD_BUF_INIT;
	td_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	                "<title>taskdoc: the plan has errors</title>\n"
	                "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em}"
	                "pre{background:#fee;border-left:4px solid #c00;padding:1em;overflow:auto;white-space:pre-wrap}"
	                "</style></head><body>\n<h1>The plan has errors</h1>\n"
	                "<p>Nothing was rebuilt. Fix the input and save: this page comes back as the site "
	                "after the next good build.</p>\n<pre class=\"taskdoc-errors\">");
	put_escaped(&b, error);
	td_buf_puts(&b, "</pre>\n");
	put_reload_tag(&b, gen);
	td_buf_puts(&b, "</body></html>\n");
	return reply_buf(c, 500, "text/html; charset=utf-8", &b);
}

/* The long poll: answers when a generation after since is published. */
static enum MHD_Result wait_js(td_server *s, struct MHD_Connection *c)
{
	const char *v = mhd.lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	unsigned long since = v ? strtoul(v, NULL, 10) : 0;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_SECONDS;
	pthread_mutex_lock(&s->lock);
	while (s->gen <= since && !s->stopping)
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until) == ETIMEDOUT)
			break;
	bool newer = s->gen > since;
	pthread_mutex_unlock(&s->lock);
	return reply_text(c, 200, "text/javascript; charset=utf-8",
	                  newer ? "location.reload();\n" : "window.__taskdocWait && window.__taskdocWait();\n");
}

/* Opens rel below the folder root without following any link below it.
 * Returns the descriptor, or -1 with errno (ELOOP for a link, EINVAL for a
 * path with "", "." or ".." components or a backslash). */
static int open_below(const char *root, const char *rel)
{
	char copy[4096];
	if (strlen(rel) >= sizeof copy || strchr(rel, '\\')) {
		errno = EINVAL;
		return -1;
	}
	strcpy(copy, rel);
	char *parts[MAX_DEPTH];
	size_t n = 0;
	for (char *save = NULL, *p = strtok_r(copy, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (!strcmp(p, ".") || !strcmp(p, "..") || n == MAX_DEPTH) {
			errno = EINVAL;
			return -1;
		}
		parts[n++] = p;
	}
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; fd >= 0 && i < n; i++) {
		int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (i + 1 < n ? O_DIRECTORY : 0);
		int next = openat(fd, parts[i], flags);
		int err = errno;
		close(fd);
		fd = next;
		errno = err;
	}
	return fd;
}

static bool has_dot_part(const char *url)
{
	for (const char *p = url; (p = strstr(p, "/.")); p++)
		if (p[2] == '\0' || p[2] == '/' || (p[2] == '.' && (p[3] == '\0' || p[3] == '/')))
			return true;
	return false;
}

static enum MHD_Result serve_file(td_server *s, struct MHD_Connection *c, const char *url, const char *root,
                                  const char *error, unsigned long gen)
{
	if (url[0] != '/' || has_dot_part(url) || strchr(url, '\\'))
		return reply_text(c, 403, "text/plain; charset=utf-8", "taskdoc serve: refused path\n");
	td_buf rel = TD_BUF_INIT;
	td_buf_puts(&rel, url + 1);
	if (rel.len == 0 || rel.ptr[rel.len - 1] == '/')
		td_buf_puts(&rel, "index.html");
	const char *type = type_of(td_buf_cstr(&rel));
	bool html = !strncmp(type, "text/html", 9);
	if (error && html) {
		td_buf_free(&rel);
		return error_page(c, error, gen);
	}
	int fd = open_below(root, td_buf_cstr(&rel));
	int err = errno;
	struct stat st;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		td_buf_free(&rel);
		struct MHD_Response *r = mhd.create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		td_buf loc = TD_BUF_INIT;
		td_buf_printf(&loc, "%s/", url);
		mhd.add_response_header(r, "Location", td_buf_cstr(&loc));
		td_buf_free(&loc);
		return reply(c, 301, "text/plain", r);
	}
	td_buf_free(&rel);
	if (fd < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		bool refused = fd >= 0 || err == ELOOP || err == EINVAL || err == ENOTDIR;
		return reply_text(c, refused ? 403 : 404, "text/plain; charset=utf-8",
		                  refused ? "taskdoc serve: refused path\n" : "taskdoc serve: not found\n");
	}
	if (!html) {
		struct MHD_Response *r = mhd.create_response_from_fd((uint64_t)st.st_size, fd);
		return reply(c, 200, type, r);
	}
	/* a page: the reload script goes before </body> */
	td_buf b = TD_BUF_INIT;
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		td_buf_put(&b, chunk, (size_t)n);
	close(fd);
	const char *text = td_buf_cstr(&b), *body = NULL;
	for (const char *p = text; (p = strstr(p, "</body>")); p++)
		body = p;
	size_t at = body ? (size_t)(body - text) : b.len;
	td_buf out = TD_BUF_INIT;
	td_buf_put(&out, text, at);
	put_reload_tag(&out, gen);
	td_buf_put(&out, text + at, b.len - at);
	td_buf_free(&b);
	(void)s;
	return reply_buf(c, 200, type, &out);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	td_server *s = cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply_text(c, 405, "text/plain; charset=utf-8", "taskdoc serve: only GET and HEAD\n");
	if (!strcmp(url, "/__taskdoc/reload.js"))
		return reply_text(c, 200, "text/javascript; charset=utf-8", reload_js);
	if (!strcmp(url, "/__taskdoc/wait.js"))
		return wait_js(s, c);
	pthread_mutex_lock(&s->lock);
	unsigned long gen = s->gen;
	char *root = td_xstrdup(s->root);
	char *error = s->error ? td_xstrdup(s->error) : NULL;
	pthread_mutex_unlock(&s->lock);
	enum MHD_Result r;
	if (!strcmp(url, "/__taskdoc/status")) {
		td_buf b = TD_BUF_INIT;
		td_buf_printf(&b, "%lu %s\n", gen, error ? "error" : "ok");
		r = reply_buf(c, 200, "text/plain; charset=utf-8", &b);
	} else {
		r = serve_file(s, c, url, root, error, gen);
	}
	free(root);
	free(error);
	return r;
}

td_server *td_server_start(const char *addr, unsigned port, const char *root, char **err)
{
	if (!mhd_open(err))
		return NULL;
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
	} else if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		flags |= MHD_USE_IPv6;
	} else {
		td_buf b = TD_BUF_INIT;
		td_buf_printf(&b, "bad address '%s' (expected an IPv4 or IPv6 address such as 127.0.0.1)", addr);
		*err = td_buf_detach(&b);
		return NULL;
	}
	td_server *s = td_xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	s->root = td_xstrdup(root);
	s->gen = 1;
	s->mhd = mhd.start_daemon(flags, (uint16_t)port, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, &ss,
	                          MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_CONNECTION_TIMEOUT, 120u,
	                          MHD_OPTION_END);
	if (!s->mhd) {
		td_buf b = TD_BUF_INIT;
		td_buf_printf(&b, "cannot listen on %s port %u: %s", addr, port, strerror(errno));
		*err = td_buf_detach(&b);
		td_server_stop(s);
		return NULL;
	}
	const union MHD_DaemonInfo *info = mhd.get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : port;
	return s;
}

unsigned td_server_port(const td_server *s)
{
	return s->port;
}

void td_server_publish(td_server *s, const char *root, const char *error_text)
{
	pthread_mutex_lock(&s->lock);
	free(s->root);
	free(s->error);
	s->root = td_xstrdup(root);
	s->error = error_text ? td_xstrdup(error_text) : NULL;
	s->gen++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

void td_server_stop(td_server *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	if (s->mhd)
		mhd.stop_daemon(s->mhd);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
	free(s->root);
	free(s->error);
	free(s);
}
