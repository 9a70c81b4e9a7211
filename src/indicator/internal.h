/*
 * indicator/internal — what the indicator module's files share: the context, the request
 * being checked (refusals naming the rule), the serial blocks of ind_block and the moves
 * between holders and states (blocks.c), and one entry per request type:
 *   submit_project.c     project, accept, reject, issue, deduct
 *   submit_units.c       transfer, lock, unlock, cancel: choosing the blocks that move
 *   submit_obligation.c  obligation and retire, with the retirement rules
 * Internal to indicator/.
 */
#ifndef LS_INDICATOR_INTERNAL_H
#define LS_INDICATOR_INTERNAL_H

#include <stdint.h>

#include "indicator/classes.h"
#include "indicator/indicator.h"
#include "indicator/serial.h"

struct ind {
    struct ls_store *st;
    struct reg *reg;
};

#define IND_ID_MAX    64 /* project numbers, obligation ids, holders */
#define IND_BATCH_MAX 80 /* "LS-CRQ-331099-<project>-YYYYMMDD-<batch>" */
#define IND_STATE_MAX 16
#define IND_RESERVE   "reserve:" /* a county reserve's holder id: reserve:<adcode6> */

/* The request being checked, for messages. */
struct ind_ctx {
    struct ind *in;
    const char *input;
    char where[96]; /* the record: "project P2025007", "obligation OB-1" */
    const char *date;
    struct ls_err *err;
    int venue; /* escrow holders allowed (ind_submit_opts.venue) */
};

/* LS_EINVAL naming the input, the record and the field, the message starting with the rule
 * ("rule accept.not_registered: …"); nothing is written. */
int ind_refuse(struct ind_ctx *c, const char *rule, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *ind_str(json_t *o, const char *k);
int ind_valid_id(const char *s);
int ind_date_valid(const char *s);
/* A whole quantity of base units 1..IND_UNITS_MAX from JSON (a number without fraction). */
int ind_units(struct ind_ctx *c, json_t *v, const char *field, int64_t *out);
/* The holder named by a request: a registry party or reserve:<adcode6>. */
int ind_holder_check(struct ind_ctx *c, const char *holder, const char *field);

/* One row of ind_block. */
struct ind_blk {
    char batch[IND_BATCH_MAX];
    int64_t first, last;
    char account[4];
    char holder[IND_ID_MAX];
    char state[IND_STATE_MAX];
    char obligation[IND_ID_MAX];
};

/* A move recorded in an event: [first, last] of batch, from holder/state to holder/state
 * (the obligation for a retirement). */
struct ind_move {
    struct ind_blk from;
    char to_holder[IND_ID_MAX];
    char to_state[IND_STATE_MAX];
    char to_obligation[IND_ID_MAX];
};

/* The blocks a holder has in one account and state, oldest batch first (batch id, first
 * unit): visit returns non-zero to stop (1 stops without error). batch_prefix "" for all. */
typedef int (*ind_blk_visit)(void *ctx, const struct ind_blk *b, struct ls_err *err);
int ind_blocks_of(struct ind *in, const char *holder, const char *account, const char *state,
                  const char *batch_prefix, ind_blk_visit visit, void *ctx, struct ls_err *err);
/* The block holding unit u of batch: 1 found, 0 none. */
int ind_block_at(struct ind *in, const char *batch, int64_t u, struct ind_blk *b,
                 struct ls_err *err);
/* Applies a move to ind_block: the containing block is cut, the moved part takes its new
 * holder and state and joins a neighbour that has the same ones. LS_EINTERNAL when the
 * units are not where the move says (the event was checked when recorded). */
int ind_block_move(struct ind *in, const struct ind_move *m, long long seq, struct ls_err *err);
int ind_block_insert(struct ind *in, const struct ind_blk *b, long long seq, struct ls_err *err);

/* ind_project with the payload already parsed (p borrowed): what ind_submit calls with the
 * object it has just written, instead of parsing its own text again. */
int ind_project_payload(struct ind *in, const struct lg_event *ev, json_t *p, struct ls_err *err);

/* Moves to and from the JSON an event records. */
json_t *ind_moves_json(const struct ind_move *m, size_t n);
int ind_moves_parse(json_t *a, struct ind_move **m, size_t *n, struct ls_err *err);

/* The serial of a block: its batch id, then -first-last. */
void ind_blk_serial(const struct ind_blk *b, char *out, size_t size);

/* Request types. Each fills the event's payload and subject; nothing is written. */
int ind_sub_project(struct ind_ctx *c, json_t *req, json_t *payload, char *subject);
int ind_sub_accept(struct ind_ctx *c, json_t *req, json_t *payload, char *subject, int accept);
int ind_sub_issue(struct ind_ctx *c, json_t *req, json_t *payload, char *subject);
int ind_sub_deduct(struct ind_ctx *c, json_t *req, json_t *payload, char *subject);
int ind_sub_move(struct ind_ctx *c, const char *type, json_t *req, json_t *payload, char *subject);
int ind_sub_obligation(struct ind_ctx *c, json_t *req, json_t *payload, char *subject);
int ind_sub_retire(struct ind_ctx *c, json_t *req, json_t *payload, char *subject);

/* Chooses units of a holder's account in a state, oldest first: n units (or the given
 * serials) as moves to (to_holder, to_state, to_obligation). Refusals name the rule. */
struct ind_pick {
    const char *holder, *account, *state, *batch_prefix;
    const char *to_holder, *to_state, *to_obligation;
    const char *province; /* choose only batches of this province (2 digits), or NULL */
    int max_grade;        /* choose only batches of quality grade 1..max_grade (0: any) */
};
int ind_pick_units(struct ind_ctx *c, const struct ind_pick *p, int64_t n, struct ind_move **moves,
                   size_t *nmoves, size_t *cap);
int ind_pick_serial(struct ind_ctx *c, const struct ind_pick *p, const char *serial,
                    struct ind_move **moves, size_t *nmoves, size_t *cap);

/* Picks what a request names — units per account ({"CRQ": 1000}, oldest first, within
 * "project" when it names one) or "serials" — from base's holder and state; *moves
 * malloc'd, sorted by batch and unit when serials were named, never overlapping. */
int ind_pick_request(struct ind_ctx *c, json_t *req, const struct ind_pick *base,
                     struct ind_move **moves, size_t *n);

/* Project state by number: 1 found (state copied, class and county when non-NULL). */
int ind_project_state(struct ind *in, const char *no, char state[IND_STATE_MAX], char class_id[32],
                      char county[8], struct ls_err *err);

#endif
