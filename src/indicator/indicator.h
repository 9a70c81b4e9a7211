/*
 * indicator — the registry of resource-rights indicators (资源权益指标, markets.md §0–§2):
 * source projects, their acceptance, the batches issued from them, the serial blocks each
 * holder has, and their retirement against the obligations compliance checks create.
 *
 * Every change is a request (JSON, docs/indicator.md) of one type — project, accept,
 * reject, issue, transfer, lock, unlock, retire, cancel, deduct, obligation. ind_submit
 * checks it against the current state, appends one `indicator.<type>` ledger event and
 * updates the projections (ind_project, ind_batch, ind_block, ind_obligation,
 * ind_requirement), all in the caller's write transaction. A refusal (LS_EINVAL, LS_ENOENT)
 * names the rule ("rule retire.paddy_for_paddy"), the record and the field, and has written
 * nothing. The event records the serial blocks resolved at submit time, so ind_project
 * replays it without choosing anything again.
 *
 * Balances are sums over ind_block: a unit range lives in one block, which has one holder
 * and one state (active, locked, retired, cancelled, deducted). There is no second counter.
 *
 * Ownership: ind_open borrows the store and the registry (the caller closes them after
 * ind_close). JSON results are new references the caller releases with json_decref.
 */
#ifndef LS_INDICATOR_H
#define LS_INDICATOR_H

#include <jansson.h>

#include "base/err.h"
#include "ledger/ledger.h"
#include "registry/registry.h"
#include "store/store.h"

struct ind;

int ind_open(struct ls_store *st, struct reg *r, struct ind **out, struct ls_err *err);
void ind_close(struct ind *in);

struct ind_submit_opts {
    const char *actor;    /* who submits (required) */
    const char *recorded; /* ledger time "YYYY-MM-DDTHH:MM:SSZ", NULL for now */
    int venue; /* 1: the trading venue (venue/) submits: its escrow holders (IND_ESCROW…) are
                * allowed; no request from outside may name one */
};

/* The holder id prefix of the trading venue's escrow accounts: escrow:<instrument>:<order>. */
#define IND_ESCROW "escrow:"

/*
 * Checks and records one request inside an open write transaction; `input` names where it
 * came from for messages. On success *result (when non-NULL) is what the event did: the
 * project's state, the batches issued, the blocks moved with their serials.
 */
int ind_submit(struct ind *in, json_t *request, const struct ind_submit_opts *o, const char *input,
               long long *seq, json_t **result, struct ls_err *err);

/* Applies one ledger event to the projections (it was checked when recorded). */
int ind_project(struct ind *in, const struct lg_event *ev, struct ls_err *err);

/* The projection tables in the order a rebuild clears (reversed) and compares them, with
 * the ORDER BY of their digest. */
#define IND_PROJECTION_TABLES 5
extern const char *const ind_projection_tables[IND_PROJECTION_TABLES];
extern const char *const ind_projection_keys[IND_PROJECTION_TABLES];

/* Queries of the current state. */
int ind_project_show(struct ind *in, const char *project_no, json_t **out, struct ls_err *err);
int ind_projects(struct ind *in, const char *county, const char *state, json_t **out,
                 struct ls_err *err);
/* Visits the footprints (WKB in the store's CRS) of the projects of a class whose supply is
 * counted — accepted, issued or monitored — except one: what a new acceptance must not
 * overlap, so that one parcel is never issued twice. */
typedef int (*ind_footprint_visit)(void *ctx, const char *project_no, const unsigned char *wkb,
                                   size_t n, struct ls_err *err);
int ind_counted_footprints(struct ind *in, const char *class_id, const char *except,
                           ind_footprint_visit visit, void *ctx, struct ls_err *err);

/* A holder's balances by account and state, and its first max_blocks blocks in serial order
 * ("blocks_more": true when there are more; 0 for the balances alone). */
int ind_holdings(struct ind *in, const char *holder, int max_blocks, json_t **out,
                 struct ls_err *err);
int ind_obligation_show(struct ind *in, const char *id, json_t **out, struct ls_err *err);
int ind_obligations(struct ind *in, const char *county, json_t **out, struct ls_err *err);

/*
 * Totals per county, class and account, with every state apart, as of a date (NULL or ""
 * for now): replayed from the ledger, so a past date is answered from history.
 */
int ind_report(struct ind *in, const char *as_of, json_t **out, struct ls_err *err);

/* The events that touched a project's batches, or one serial's units, oldest first. */
int ind_history(struct ind *in, const char *project_or_serial, json_t **out, struct ls_err *err);

struct ind_verify_report {
    long long events, batches, blocks;
    int ok;
    long long bad_seq; /* the first event at fault, 0 when none or when the fault is a table */
    char why[256];
};

/*
 * Replays every indicator event into an independent model and checks the invariants after
 * each: a move takes units the holder has in the stated state, a retired, cancelled or
 * deducted unit never moves again, every batch's blocks cover 1..issued exactly once (so
 * issued = active + locked + retired + cancelled + deducted and a serial is in exactly one
 * account); then compares the model with ind_block. A failed invariant is reported in rep.
 * Runs inside the caller's read (or write) transaction, so replay and tables agree in time.
 */
int ind_verify(struct ind *in, struct ind_verify_report *rep, struct ls_err *err);

#endif
