/*
 * app/opinion — a compliance check kept as a signed-off review opinion (审查意见书): the
 * server's answer to a check, with the project's name and number, the reviewer and the
 * reviewer's comment, appended to the ledger as one "check.opinion" event. The event is the
 * record: it is read back by its sequence number, found by its verification code (the first
 * 16 hex digits of its hash, printed on the opinion), listed, and rendered as the PDF opinion
 * (report/pdf) with the map, pieces, tables, reasons, obligations, date, reviewer and code.
 *
 * Ownership: every json_t ** out is a new reference the caller releases; PDF bytes are the
 * caller's to free(). The store is borrowed and used by one thread at a time.
 */
#ifndef LS_APP_OPINION_H
#define LS_APP_OPINION_H

#include <jansson.h>

#include "base/err.h"
#include "store/store.h"

#define APP_OPINION_CODE 20 /* "xxxx-xxxx-xxxx-xxxx" and its NUL */

struct app_opinion_request {
    const char *project_name;   /* 1–200 characters */
    const char *project_number; /* 1–48 characters: the event's subject */
    const char *comment;        /* the reviewer's opinion, up to 2000 characters; or NULL */
    const char *actor;          /* the reviewer (a username) */
    const char *recorded;       /* NULL: now (a test or an import gives its own) */
};

/* Appends the opinion in its own write transaction. `check` is a check's whole answer as the
 * API gives it (app_check_json plus "footprint_geojson" and "overlaps_geojson" in EPSG:4326);
 * it is stored as it is. Fills *seq and the verification code. A bad request (a name
 * missing or too long) is LS_EINVAL naming the field, and writes nothing. */
int app_opinion_save(struct ls_store *st, const struct app_opinion_request *q, const json_t *check,
                     long long *seq, char code[APP_OPINION_CODE], struct ls_err *err);

/* {"id", "code", "project": {"name", "number"}, "comment", "reviewer", "recorded", "date",
 * "hash", "check"}; LS_ENOENT when seq is not an opinion. */
int app_opinion_get(struct ls_store *st, long long seq, json_t **out, struct ls_err *err);

/* The saved opinions, newest first, without their checks' geometries: {"opinions": [{"id",
 * "code", "project", "reviewer", "date", "verdict", "verdict_zh", "category"}]}. */
int app_opinion_list(struct ls_store *st, json_t **out, struct ls_err *err);

/*
 * What a verification code resolves to: the ledger event whose hash starts with the code's
 * digits (dashes and case ignored) — {"seq", "type", "subject", "actor", "recorded",
 * "effective", "hash", "prev_hash", "hash_ok"} where hash_ok says the event's fields still
 * hash to its stored hash — and, for an opinion, "opinion": {"project", "verdict",
 * "verdict_zh", "reviewer", "date"}. A malformed code is LS_EINVAL, an unknown one LS_ENOENT.
 */
int app_opinion_verify(struct ls_store *st, const char *code, json_t **out, struct ls_err *err);

/* The opinion (as app_opinion_get gives it) as an A4 PDF; the same opinion gives the same
 * bytes. `verify_url` (or NULL) is printed beside the code: where a reader checks it. */
int app_opinion_pdf(const json_t *opinion, const char *verify_url, char **pdf, size_t *n,
                    struct ls_err *err);

#endif
