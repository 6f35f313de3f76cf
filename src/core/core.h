/*
 * core.h - shared helpers of every stage: memory, string buffers, arena,
 * diagnostics, dates, id ordering and text checks. No I/O but td_file_read.
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
void td_buf_putc(td_buf *b, char c);
void td_buf_printf(td_buf *b, const char *fmt, ...) TD_PRINTF(2, 3);
void td_buf_vprintf(td_buf *b, const char *fmt, va_list ap);
void td_buf_clear(td_buf *b);
/* Always NUL-terminated; "" for an empty buffer. The buffer keeps ownership. */
const char *td_buf_cstr(td_buf *b);
/* Returns the malloc'd string (caller frees) and resets the buffer. */
char *td_buf_detach(td_buf *b);
void td_buf_free(td_buf *b);
#define td_buf_putsl(b, lit) td_buf_put((b), (lit), sizeof(lit) - 1)

/* ---- arena: one owner for every model string and struct ---- */
typedef struct td_arena td_arena;
td_arena *td_arena_new(void);
void td_arena_free(td_arena *a); /* accepts NULL */
void *td_arena_alloc(td_arena *a, size_t n); /* zeroed */
char *td_arena_strdup(td_arena *a, const char *s);
char *td_arena_strndup(td_arena *a, const char *s, size_t n);
char *td_arena_printf(td_arena *a, const char *fmt, ...) TD_PRINTF(2, 3);

/* ---- diagnostics: errors are values, printed once by main ---- */
typedef enum { TD_SEV_ERROR = 0, TD_SEV_WARNING = 1 } td_severity;

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
	size_t errors, warnings;
} td_diags;

void td_diag_add(td_diags *d, td_severity sev, td_loc loc, const char *fmt, ...) TD_PRINTF(4, 5);
void td_diag_addv(td_diags *d, td_severity sev, td_loc loc, const char *fmt, va_list ap);
/* Sorts by file, line, column, then arrival; identical entries are dropped. */
void td_diags_sort(td_diags *d);
/* "file:line:col: error: message" (parts that are unknown are left out). */
void td_diag_format(td_buf *out, const td_diag *dg);
void td_diags_free(td_diags *d);

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
/* ISO 8601 week: year and week number. */
void td_date_iso_week(td_date d, int *year, int *week);
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

/* Reads a whole file; returns 0 or -1 with errno set. *out is malloc'd and NUL-terminated. */
int td_file_read(const char *path, char **out, size_t *len);

#endif
