/*
 * app/market — the trading venue's use cases, once, behind `liangshan market` (and the API):
 * requests recorded all or nothing — a rollback also drops the books in memory, so they are
 * read again from what was kept — and the reads inside one snapshot. The rules live in
 * venue/ and market/, the transactions here.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref;
 * the store, registry, indicator register and venue are borrowed, used by one thread at a
 * time.
 */
#ifndef LS_APP_MARKET_H
#define LS_APP_MARKET_H

#include <jansson.h>

#include "venue/venue.h"

/* The store with its registry, indicator register and venue; on failure all are NULL. */
struct app_market {
    struct ls_store *st;
    struct reg *reg;
    struct ind *ind;
    struct venue *venue;
};
int app_market_open(const char *target, struct app_market *m, struct ls_err *err);
void app_market_close(struct app_market *m);

/* One request or a non-empty list, all or none. *out is {"recorded": [seq…], "results":
 * [what each did]}; dry_run checks them in order and keeps nothing. */
int app_market_apply(struct app_market *m, json_t *requests, const char *actor,
                     const char *recorded, const char *input, int dry_run, json_t **out,
                     struct ls_err *err);

/* One request (or list, all or none) of a group. */
struct app_market_item {
    json_t *requests;     /* borrowed */
    const char *actor;    /* borrowed */
    const char *recorded; /* NULL: now */
    int rc;               /* out: 0, or why it was refused (err) */
    struct ls_err err;
    json_t *out; /* out: as app_market_apply's, the caller's; NULL when refused */
};
/*
 * Group commit: the requests of several callers in one durable transaction, each inside its
 * own savepoint, so a refused one leaves nothing and the others are kept; every caller's
 * acknowledgement waits for the one commit. Non-zero only when the group as a whole failed
 * (the transaction could not begin or commit): then every item carries that error.
 */
int app_market_apply_group(struct app_market *m, struct app_market_item *items, size_t n,
                           const char *input, struct ls_err *err);

int app_market_instruments(struct app_market *m, json_t **out, struct ls_err *err);
int app_market_book(struct app_market *m, const char *instrument, int depth, json_t **out,
                    struct ls_err *err);
int app_market_trades(struct app_market *m, const char *instrument, const char *party, json_t **out,
                      struct ls_err *err);
int app_market_listings(struct app_market *m, const char *id, json_t **out, struct ls_err *err);
int app_market_settlement(struct app_market *m, const char *date, json_t **out, struct ls_err *err);
/* The settlement as CSV: one line per party (date, party, deposits, withdrawals, paid,
 * received, fees, net), then one per trade; written to path (replaced whole). */
int app_market_settlement_csv(json_t *settlement, const char *path, struct ls_err *err);
/* The market over a period (vn_report), in one snapshot. */
int app_market_report(struct app_market *m, const char *from, const char *to, json_t **out,
                      struct ls_err *err);
/* The market events after ledger seq `after` (vn_events), in one snapshot. */
int app_market_events(struct app_market *m, long long after, json_t **out, struct ls_err *err);
/* A party's money, its orders, its quotes and (from the indicator register) what it holds. */
int app_market_account(struct app_market *m, const char *party, json_t **out, struct ls_err *err);

#endif
