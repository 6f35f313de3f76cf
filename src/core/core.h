/*
 * core.h - shared helpers of every stage: memory, string buffers, arena,
 * diagnostics, dates, id ordering and text checks. No I/O but the file
 * system helpers of fs.c.
 */
#ifndef TD_CORE_H
#define TD_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that aborts with a message when memory runs out. */
void *td_xmalloc(size_t n);
void *td_xcalloc(size_t n, size_t size);
void *td_xrealloc(void *p, size_t n);
char *td_xstrdup(const char *s);
char *td_xstrndup(const char *s, size_t n);
/* Grows *arr (of elements of size elsize) so that it holds at least need. */
void td_grow(void **arr, size_t *cap, size_t need, size_t elsize);

/* ---- string buffer ---- */
typedef struct td_buf {
	char *ptr;
	size_t len;
	size_t cap;
} td_buf;
#define TD_BUF_INIT {NULL, 0, 0}

void td_buf_put(td_buf *b, const char *s, size_t n);
void td_buf_puts(td_buf *b, const char *s);
void td_buf_putc_grow(td_buf *b, char c);
/* One byte: inline, as the renderers write many of them one at a time. */
static inline void td_buf_putc(td_buf *b, char c)
{
	if (b->len + 2 > b->cap) {
		td_buf_putc_grow(b, c);
		return;
	}
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}
void td_buf_printf(td_buf *b, const char *fmt, ...) TD_PRINTF(2, 3);
/* v in decimal and a newline: td_buf_printf(b, "%zu\n", v) without the
 * format's cost (the cache writes one for every part of every page). */
void td_buf_put_line_num(td_buf *b, size_t v);
/* v in decimal: td_buf_printf(b, "%zu", v) without the format's cost. */
void td_buf_put_num(td_buf *b, size_t v);
void td_buf_vprintf(td_buf *b, const char *fmt, va_list ap) TD_PRINTF(2, 0);
void td_buf_clear(td_buf *b);
/* Always NUL-terminated; "" for an empty buffer. The buffer keeps ownership. */
const char *td_buf_cstr(td_buf *b);
/* Returns the malloc'd string (caller frees) and resets the buffer. */
char *td_buf_detach(td_buf *b);
void td_buf_free(td_buf *b);
/* Makes room for n more bytes and returns where they go; td_buf_done then
 * sets the length from the end of what was written (for writers that would
 * otherwise make a call per character, such as the escapers). */
char *td_buf_room(td_buf *b, size_t n);
void td_buf_done(td_buf *b, char *end);
#define td_buf_putsl(b, lit) td_buf_put((b), (lit), sizeof(lit) - 1)

/* ---- arena: one owner for every model string and struct ---- */
typedef struct td_arena td_arena;
td_arena *td_arena_new(void);
void td_arena_free(td_arena *a); /* accepts NULL */
void *td_arena_alloc(td_arena *a, size_t n); /* zeroed */
char *td_arena_strdup(td_arena *a, const char *s);
char *td_arena_strndup(td_arena *a, const char *s, size_t n);
char *td_arena_printf(td_arena *a, const char *fmt, ...) TD_PRINTF(2, 3);

/* The SHA-256 of data[0..len) as 64 lowercase hex digits and a NUL (sha256.c). */
void td_sha256_hex(char out[65], const void *data, size_t len);

/* ---- region: small objects that die together (region.c) ---- */
typedef struct td_region td_region;
td_region *td_region_new(void); /* allocations 16-byte aligned, as malloc's */
/* A region whose allocations are aligned to align (a power of two, at
 * least 8): 8 suits a library whose largest member is a pointer or a
 * double, and wastes less than malloc's 16. */
td_region *td_region_new_aligned(size_t align);
/* n bytes (not zeroed), aligned as the region says. Requests over 128 KiB come from
 * malloc, and the region keeps track of them too: it frees them with its
 * blocks unless td_region_release did before. */
void *td_region_alloc(td_region *r, size_t n);
/* Whether p came from a block of r (false for NULL r or p). */
bool td_region_owns(const td_region *r, const void *p);
/* A library's free for r: nothing for what is in a block of r (it goes
 * with the region), free() for a big allocation of r and for anything r
 * did not make (NULL r: free()). */
void td_region_release(td_region *r, void *p);
/* The bytes of r's blocks (0 for NULL). */
size_t td_region_bytes(const td_region *r);
/* Forgets every allocation (big ones freed); keeps the first eight blocks
 * (16 MiB) for the next ones and gives the others back. */
void td_region_reset(td_region *r);
void td_region_free(td_region *r); /* accepts NULL */
/* r's new blocks come first from those pool's helper made ready
 * (td_region_prefault), which r and pool may take on two threads at once;
 * until pool's helper is stopped (td_region_prefault_end) and r is merged
 * into pool or freed. NULL pool: r's own again. */
void td_region_draw_on(td_region *r, td_region *pool);
/* Moves every allocation of from into into (its blocks and its big ones:
 * into owns them and frees them with its own) and frees from, which must
 * have no helper. For a region filled by another thread, taken in once
 * that thread is done: each thread allocates from a region of its own,
 * without a lock. */
void td_region_merge(td_region *into, td_region *from);
/* Starts a helper thread that maps and touches about bytes of blocks for
 * r ahead of its use (nothing under 8 MiB); td_region_prefault_end stops
 * and joins it and gives back the blocks not taken (td_region_free calls
 * it too). A process forked meanwhile has no helper, but its copy of r
 * works: it takes the blocks that were ready, then makes its own. */
void td_region_prefault(td_region *r, size_t bytes);
void td_region_prefault_end(td_region *r);
/* Stops and joins the helper, leaving the blocks it made ready to be
 * taken until td_region_prefault_end: for when the other processor has
 * better to do. */
void td_region_prefault_stop(td_region *r);

/* ---- split: independent work shared with a second process (split.c) ---- */
/* Does piece i, appending its result to out; false if it failed (it is
 * then done again in the calling process, which reports why). */
typedef bool (*td_split_fn)(void *ud, size_t i, td_buf *out);
/* Called in the calling process as soon as piece i is done and its bytes
 * out are final, in no set order (NULL: none); it may take the bytes,
 * leaving out empty. Not called for a piece that failed. */
typedef void (*td_split_done_fn)(void *ud, size_t i, td_buf *out);
/* How many processes share such work: TASKDOC_JOBS=1 keeps one, else two
 * on a machine with two processors or more (docs/output.md). */
int td_processes(void);
/* work(ud, i, &out[i]) and then fin(ud, i, &out[i]) for every i in
 * [0, n), taken in the order of order[] (NULL: 0, 1, ...; first is best
 * for the biggest), with two
 * shared by this process and a forked one. out[] start empty; each ends
 * with its piece's bytes whoever made them. *ok is false when a piece
 * failed. Returns how many pieces the second process handed back. */
size_t td_split_run(size_t n, const size_t *order, bool two, td_split_fn work, td_split_done_fn fin, void *ud,
                    td_buf *out, bool *ok);

/* ---- diagnostics: errors are values, printed once by main ---- */
/* A note is neither wrong nor odd: something to review (taskdoc import
 * names each part of a page it could not map). Notes are not counted as
 * warnings. A past finding is about something that is over (a sprint that
 * ended): the export keeps it, nothing prints it, nothing counts it. */
typedef enum { TD_SEV_ERROR = 0, TD_SEV_WARNING = 1, TD_SEV_NOTE = 2, TD_SEV_PAST = 3 } td_severity;

typedef struct td_loc {
	const char *file; /* owned by whoever owns the diag list's strings */
	int line;         /* 1-based; 0 = whole file */
	int col;          /* 1-based; 0 = whole line */
} td_loc;

typedef struct td_diag {
	td_severity severity;
	char *file;
	int line, col;
	char *message;
	size_t seq; /* order of arrival, to keep sorting stable */
} td_diag;

typedef struct td_diags {
	td_diag *items;
	size_t len, cap;
	size_t errors, warnings, notes;
} td_diags;

void td_diag_add(td_diags *d, td_severity sev, td_loc loc, const char *fmt, ...) TD_PRINTF(4, 5);
void td_diag_addv(td_diags *d, td_severity sev, td_loc loc, const char *fmt, va_list ap) TD_PRINTF(4, 0);
/* Sorts by file, line, column, then arrival; identical entries are dropped. */
void td_diags_sort(td_diags *d);
/* "file:line:col: error: message" (parts that are unknown are left out). */
void td_diag_format(td_buf *out, const td_diag *dg);
void td_diags_free(td_diags *d);
const char *td_severity_name(td_severity s); /* "error", "warning", "note", "past" */

/* ---- dates: days since 1970-01-01, proleptic Gregorian, no libc time ---- */
#define TD_DATE_NONE INT32_MIN
typedef int32_t td_date;

td_date td_date_from_ymd(int y, int m, int d);
void td_date_to_ymd(td_date days, int *y, int *m, int *d);
/* Parses exactly YYYY-MM-DD; 0 on success, -1 if malformed or not a real day. */
int td_date_parse(const char *s, td_date *out);
/* Writes "YYYY-MM-DD" into out (at least 11 bytes). */
void td_date_format(td_date d, char out[11]);
int td_date_weekday(td_date d); /* 1 = Monday .. 7 = Sunday */
/* The Monday of d's (ISO 8601) week. */
td_date td_date_week_start(td_date d);
/* ISO 8601 week: year and week number. */
void td_date_iso_week(td_date d, int *year, int *week);
/* Monday of ISO week (year, week). */
td_date td_iso_week_monday(int year, int week);
/* Number of ISO weeks (52 or 53) of year. */
int td_iso_weeks_in_year(int year);
/* Parses "2025-W45" (or "2025-w45"); 0, or -1 when it is not a real ISO week. */
int td_iso_week_parse(const char *s, int *year, int *week);
/* Writes "2025-W45", the form td_iso_week_parse reads, into out. */
void td_iso_week_format(int year, int week, char out[16]);
td_date td_date_from_epoch(int64_t seconds, int offset_minutes);

/* ---- ids, text ---- */
/* Natural order: digit runs compare as numbers (CLOUD-1.9 < CLOUD-1.10). */
int td_natcmp(const char *a, const char *b);
/* Returns 0 if s[0..n) is valid UTF-8, else the offset of the first bad byte + 1. */
size_t td_utf8_invalid_at(const char *s, size_t n);
/* True when s looks like UTF-8 that was decoded as Latin-1/Windows-1252 (e.g. "âœ…"). */
bool td_text_is_mojibake(const char *s, const char **where);
/* For a garbled run at where (as found by td_text_is_mojibake): its length
 * in bytes, and the character it stands for as UTF-8 in out. Returns false
 * (with *len set) when the run is cut short and cannot be repaired. */
bool td_text_mojibake_repair(const char *where, size_t *len, char out[8]);
/* Levenshtein distance, capped at cap + 1. */
int td_edit_distance(const char *a, const char *b, int cap);
/* Length of the common start of a and b. */
size_t td_common_prefix(const char *a, const char *b);
/* Appends a slug of s[0..n): lower-case ASCII letters and digits, a run
 * of anything else as one '-' between them (TD_SLUG_ID: the anchors of
 * ids, "TASK-028.1" -> "task-028-1"), or as Python-Markdown's toc makes
 * heading ids (TD_SLUG_TOC: '_' kept, blanks and '-' as '-', other
 * characters dropped). May append nothing. */
typedef enum { TD_SLUG_ID, TD_SLUG_TOC } td_slug_rules;
void td_slug(td_buf *out, const char *s, size_t n, td_slug_rules rules);
/* The closest of candidates (NULL-terminated) within a small distance, or NULL. */
const char *td_did_you_mean(const char *word, const char *const *candidates);

/* A named text file held in memory: a template override read by load/,
 * used by render/. */
typedef struct td_tmpl_file {
	const char *name; /* "index.md.tmpl" */
	const char *text;
	const char *path; /* for messages: "templates/index.md.tmpl" */
} td_tmpl_file;

typedef struct td_tmpl_set {
	td_tmpl_file *items;
	size_t len;
} td_tmpl_set;

/* ---- file system (fs.c): the only I/O in core ---- */
/* The names in folder dir but those starting with '.', sorted bytewise.
 * Returns 0 (free with td_dir_names_free) or -1 with errno set. */
int td_dir_names(const char *dir, char ***out, size_t *n);
void td_dir_names_free(char **names, size_t n);
bool td_has_suffix(const char *s, const char *suffix);

/* Reads a whole file; returns 0 or -1 with errno set. *out is malloc'd and NUL-terminated. */
int td_file_read(const char *path, char **out, size_t *len);
/* The same for a file of at most max bytes: a larger one is not read
 * (-1, errno EFBIG, *len its size). */
int td_file_read_max(const char *path, size_t max, char **out, size_t *len);
/* Largest plan file (YAML, in the tree or in git) and evidence file
 * taskdoc reads: bounds the time and memory one file can take. */
#define TD_PLAN_FILE_MAX ((size_t)16 << 20)
#define TD_EVIDENCE_FILE_MAX ((size_t)8 << 20)
/* Largest whole plan (project.yaml and the workstream and archive files)
 * taskdoc reads: three and a half times the 100,000-task plan of the
 * benchmarks (36 MB); a larger one (a million tasks, 300 MB) is refused
 * before any file is parsed. */
#define TD_PLAN_TOTAL_MAX ((size_t)128 << 20)
/* mkdir -p dir; 0 or -1 with errno set. */
int td_make_dirs(const char *dir);
/* Writes head[0..hlen) (head may be NULL) then data[0..len) to dir/name,
 * making dir and its parents as needed, through a temporary file renamed
 * into place (a reader never sees half a file). For caches: returns 0 or
 * -1 with errno set, and leaves no temporary file behind. */
int td_file_put(const char *dir, const char *name, const char *head, size_t hlen, const char *data, size_t len);
/* tmp renamed to name (both in the folder dirfd, or AT_FDCWD) with what
 * rename promises a reader, but without making the file system write it
 * out first (fs.c); 0 or -1 with errno set. */
int td_replace_at(int dirfd, const char *tmp, const char *name);

/* ---- spool: bytes kept in a file instead of memory (spool.c) ---- */
/* An unlinked file in a folder (the build's cache folder) that rendered
 * pages wait in while the view is alive, so that the two are not in memory
 * at once. Nothing is left in the folder, whatever happens: the file has
 * no name from the start (or from the moment it was made). */
typedef struct td_spool td_spool;
/* A spool in dir (made if missing), or NULL when no file can be made there. */
td_spool *td_spool_open(const char *dir);
/* Appends data[0..len) and a NUL; false (nothing kept) when the write
 * fails, a full disk say, and the caller keeps the bytes itself. */
bool td_spool_put(td_spool *s, const char *data, size_t len, size_t *off);
/* The len bytes put at off, NUL-terminated, read-only: mapped from the
 * file (the kernel brings them in as they are read), or read into memory
 * where the file cannot be mapped. Valid until td_spool_free; puts after
 * it are fine (a later call maps the file again). NULL when the bytes
 * cannot be read back. */
const char *td_spool_at(td_spool *s, size_t off, size_t len);
void td_spool_free(td_spool *s); /* accepts NULL */

/* ---- caches: what a stage may remember between builds ---- */
/* A store of values by key, given to a renderer by its caller (site/cache.c
 * keeps it in files), so that the renderer itself opens no file. A value is
 * found only under the very same key (the whole key is compared). ns names
 * a part of the store ("html"). get fills val and returns true on a hit. */
/* A cache of values by key. Its functions may be called from two threads
 * at once (the plan's documents are decoded ahead of their load). */
typedef struct td_kv {
	bool (*get)(void *ud, const char *ns, const td_buf *key, td_buf *val);
	void (*put)(void *ud, const char *ns, const td_buf *key, const td_buf *val);
	/* The entry under key (if any) is still wanted, though not read: what
	 * a cache keeps of the builds that used it (td_filecache_sweep). */
	void (*keep)(void *ud, const char *ns, const td_buf *key);
	void *ud;
	bool readonly; /* put stores nothing: a value that is costly to make need not be */
	/* Optional (NULL: get only): the value under key where it lies, read
	 * only and not copied; true with *data, *len and *token, which unmap
	 * gives back. For a big value read in part, or passed on as it is. */
	bool (*map)(void *ud, const char *ns, const td_buf *key, const char **data, size_t *len, void **token);
	void (*unmap)(void *ud, void *token);
	/* Optional (NULL: put): put of the value head[0..hlen) then
	 * data[0..len), without copying them into one (a page's megabytes). */
	void (*put2)(void *ud, const char *ns, const td_buf *key, const char *head, size_t hlen,
	             const char *data, size_t len);
} td_kv;

/* Cache values hold several parts, each written as "LEN\n" and LEN bytes. */
void td_part_put(td_buf *b, const char *s, size_t n);
/* Reads the part at *pos of s[0..n): true with *part and *len (and *pos
 * after it); false when it is not one (a damaged entry). */
bool td_part_get(const char *s, size_t n, size_t *pos, const char **part, size_t *len);
/* Reads "DIGITS\n" at *pos of s[0..n) (s need not end in NUL): true with
 * *out and *pos after the newline; false when it is not that or overflows. */
bool td_num_get(const char *s, size_t n, size_t *pos, size_t *out);

/* An id of this very build of taskdoc (its ELF build id, else its version
 * and build time): part of every cache key, so that a changed program never
 * reads what an older one stored. */
const char *td_build_id(void);

/* ---- units (units.c): quantities such as "1 GB/s", SCHEMA 3.3 ---- */
typedef enum {
	TD_UNIT_NONE,       /* a bare number */
	TD_UNIT_BYTES,      /* B kB MB GB TB PB KiB MiB GiB TiB PiB */
	TD_UNIT_BYTE_RATE,  /* the same over /s */
	TD_UNIT_TIME,       /* ns us ms s min h */
	TD_UNIT_COUNT_RATE, /* NOUN/s, NOUN/min, NOUN/h (req/s, ops/s; IOPS = ops/s) */
	TD_UNIT_PERCENT,    /* % */
	TD_UNIT_OTHER       /* anything else: equal only to itself */
} td_unit_family;

typedef struct td_unit {
	td_unit_family family;
	double factor; /* to the family's base unit: B, B/s, s, NOUN/s, % */
	bool binary;   /* KiB, MiB, ... */
	char text[40]; /* canonical spelling ("us" for "µs"), or as written */
	char noun[40]; /* of a count rate: "ops" in "ops/s" */
} td_unit;

/* Parses a unit name ("GB/s", "ms", "%", "req/s", "" for none); unknown
 * names are TD_UNIT_OTHER. Returns 0, or -1 when longer than 39 bytes. */
int td_unit_parse(const char *s, td_unit *out);
/* Can a value in a be compared with one in b (same family; count rates
 * count the same noun; other units are the very same text)? */
bool td_unit_compatible(const td_unit *a, const td_unit *b);
/* v in from, expressed in to (which must be compatible). */
double td_unit_convert(double v, const td_unit *from, const td_unit *to);
/* "a byte rate", "a time", ... for messages. */
const char *td_unit_family_name(td_unit_family f);
/* NULL-terminated list of known unit spellings, for "did you mean". */
const char *const *td_unit_names(void);
/* Parses "1 GB/s", "1.5GiB", "200 ms", "95%", "1000": a finite decimal
 * number, then an optional unit. Returns 0, or -1 when malformed. */
int td_quantity_parse(const char *s, double *value, td_unit *unit);
/* Appends v with at most 2 decimals below 10, 1 below 100, none above
 * ("1.21", "541", "0.5"); very small or large values in exponent form. */
void td_number_format(td_buf *b, double v);
/* Appends "1.21 GB/s", "95%", "3" (a bare number). */
void td_quantity_format(td_buf *b, double v, const td_unit *u);
/* The unit of u's family in which v (given in u) reads best: the largest
 * whose value is at least 1 (541200516 B/s -> MB/s), decimal or binary as
 * u is; times stop at seconds. Other families: u itself. */
void td_unit_readable(td_unit *out, const td_unit *u, double v);

/* ---- timestamps (timestamp.c): RFC 3339, no libc time functions ---- */
typedef struct td_timestamp {
	bool known;
	int64_t epoch; /* seconds since 1970-01-01T00:00:00Z */
	int offset;    /* minutes east of UTC, as written */
	td_date date;  /* the day in that offset; TD_DATE_NONE when unknown */
} td_timestamp;

/* Parses "2025-11-05T14:03:00Z", "...T14:03:00.5+02:00" (fractions are
 * dropped). Returns 0, or -1 (out unknown) when malformed. */
int td_timestamp_parse(const char *s, td_timestamp *out);
/* A known timestamp from epoch seconds; -1 outside years 0001-9998. */
int td_timestamp_from_epoch(td_timestamp *out, int64_t epoch, int offset_minutes);
/* "2025-11-05T14:03:00Z" or "...+02:00" in the timestamp's own offset; "" when unknown. */
void td_timestamp_format(const td_timestamp *ts, char out[32]);
/* Orders by instant; an unknown timestamp is older than any known one. */
int td_timestamp_cmp(const td_timestamp *a, const td_timestamp *b);

#endif
