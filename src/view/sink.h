/*
 * sink.h - where the members of a view object go (view.c, view_evidence.c):
 * into a json object or array (build), into one value (one), or folded
 * into the digest the value they make would have (hash), without making
 * it. The same code in the same order does all three, so a hash is
 * td_digest_container's digest of the object a build makes
 * (docs/design.md "Task objects made when first read"). Internal to view/.
 */
#ifndef TD_VIEW_SINK_H
#define TD_VIEW_SINK_H

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "model/model.h"
#include "view/digest.h"
#include "view/format.h"

typedef struct sink {
	json_t *j;      /* build: the object or array; NULL: hash */
	json_t **one;   /* build one member: its value goes here (j NULL) */
	td_digest d;    /* hash: the digest so far */
	size_t n;       /* hash: members or elements folded */
	size_t values;  /* hash: values folded, as a digest's budget counts them */
	td_digester *g; /* hash: folds the values made to be folded */
	bool bare;      /* hash: members' values only, their keys not folded */
	bool shape;     /* hash, bare: a container member's shape, not its digest */
	bool array;     /* made by s_open: an array */
} sink;

static inline bool s_hash(const sink *s)
{
	return s->j == NULL && s->one == NULL;
}

static inline void s_key(sink *s, const char *k)
{
	if (k && !s->bare)
		td_digest_key(&s->d, k, strlen(k));
	s->n++;
	s->values++;
}

/* v (a new reference; NULL, as json_string gives for bad UTF-8, is no member) */
static inline void s_json(sink *s, const char *k, json_t *v)
{
	if (!v)
		return;
	if (!s_hash(s)) {
		if (s->one)
			*s->one = v;
		else if (k)
			json_object_set_new_nocheck(s->j, k, v);
		else
			json_array_append_new(s->j, v);
		return;
	}
	size_t budget = SIZE_MAX;
	s_key(s, k);
	if (s->shape && (json_is_object(v) || json_is_array(v))) {
		td_digest_fold_shape(&s->d, json_is_array(v), json_array_size(v));
		s->values--; /* a shape takes nothing from a budget */
	} else {
		td_digest_json(s->g, &s->d, v, &budget);
		s->values += SIZE_MAX - budget - 1;
	}
	json_decref(v);
}

static inline void s_strn(sink *s, const char *k, const char *v, size_t n)
{
	if (!s_hash(s)) {
		s_json(s, k, json_stringn(v, n));
		return;
	}
	s_key(s, k);
	td_digest_fold_string(&s->d, v, n);
}

/* v, or null for NULL; interned: a td_view_str */
static inline void s_str(sink *s, const char *k, const char *v, bool interned)
{
	if (!s_hash(s))
		s_json(s, k, interned ? td_view_str(v) : v ? json_string(v) : json_null());
	else if (!v)
		s_key(s, k), td_digest_fold_null(&s->d);
	else
		s_strn(s, k, v, strlen(v));
}

static inline void s_buf(sink *s, const char *k, td_buf *b)
{
	s_strn(s, k, b->ptr ? b->ptr : "", b->len);
}

static inline void s_null(sink *s, const char *k)
{
	if (!s_hash(s))
		s_json(s, k, json_null());
	else
		s_key(s, k), td_digest_fold_null(&s->d);
}

static inline void s_bool(sink *s, const char *k, bool v)
{
	if (!s_hash(s))
		s_json(s, k, json_boolean(v));
	else
		s_key(s, k), td_digest_fold_bool(&s->d, v);
}

static inline void s_int(sink *s, const char *k, long long v)
{
	if (!s_hash(s))
		s_json(s, k, json_integer((json_int_t)v));
	else
		s_key(s, k), td_digest_fold_int(&s->d, v);
}

/* td_view_hours's number */
static inline void s_hours(sink *s, const char *k, double h)
{
	if (!s_hash(s))
		s_json(s, k, td_view_hours(h));
	else
		s_key(s, k), td_digest_fold_real(&s->d, td_view_hours_value(h));
}

/* td_view_hours_json's text */
static inline void s_hours_text(sink *s, const char *k, double h)
{
	td_buf b = TD_BUF_INIT;
	td_view_hours_text(&b, h);
	s_buf(s, k, &b);
	td_buf_free(&b);
}

/* td_view_date's: "YYYY-MM-DD" or null */
static inline void s_date(sink *s, const char *k, td_date d)
{
	if (!s_hash(s)) {
		s_json(s, k, td_view_date(d));
	} else if (d == TD_DATE_NONE) {
		s_null(s, k);
	} else {
		char b[11];
		td_date_format(d, b);
		s_strn(s, k, b, strlen(b));
	}
}

/* A container inside s's: its members go to the sink this returns, and
 * s_close puts it into s as k. */
static inline sink s_open(const sink *s, bool array)
{
	sink c = {.g = s->g, .array = array}; /* its own members' keys are folded */
	if (!s_hash(s))
		c.j = array ? json_array() : json_object();
	else
		td_digest_open(&c.d, array);
	return c;
}

static inline void s_close(sink *s, const char *k, sink *c)
{
	if (!s_hash(s)) {
		s_json(s, k, c->j);
		return;
	}
	td_digest_close(&c->d, c->n);
	s_key(s, k);
	if (s->shape) {
		td_digest_fold_shape(&s->d, c->array, c->n);
		s->values--; /* a shape takes nothing from a budget */
		return;
	}
	td_digest_fold_container(&s->d, &c->d);
	s->values += c->values;
}

/* A list of strings: the view's shared empty array when there are none. */
static inline void s_strlist(sink *s, const char *k, const td_strlist *l)
{
	if (!s_hash(s) && !l->len) {
		s_json(s, k, td_view_empty_array());
		return;
	}
	sink c = s_open(s, true);
	for (size_t i = 0; i < l->len; i++)
		s_str(&c, NULL, l->items[i].s, false);
	s_close(s, k, &c);
}

#endif
