/*
 * indicator/model — the indicator register rebuilt in memory from the ledger alone, by code
 * that shares nothing with the SQL projections: `indicator verify` checks the invariants on
 * it after every event and compares it with ind_block; `indicator report --as-of` sums it.
 * Internal to indicator/.
 *
 * Ownership: im_new allocates the model, im_free releases it and every string it interned.
 */
#ifndef LS_INDICATOR_MODEL_H
#define LS_INDICATOR_MODEL_H

#include <stdint.h>

#include "indicator/internal.h"

enum im_state { IM_ACTIVE, IM_LOCKED, IM_RETIRED, IM_CANCELLED, IM_DEDUCTED, IM_NSTATES };
extern const char *const im_state_names[IM_NSTATES];

struct im_block {
    int64_t first, last;
    int holder, obligation; /* interned ids; obligation -1 when none */
    enum im_state state;
};

/* A batch's blocks in unit order, kept in chunks of at most IM_CHUNK so that a split moves a
 * few hundred blocks, not all of them (a busy batch has tens of thousands). */
#define IM_CHUNK 256
struct im_chunk {
    struct im_block *b;
    size_t n;
};

struct im_batch {
    int id, account_id, county_id, class_id, project;
    int64_t units;
    struct im_chunk *c;
    size_t nc, capc;
};

/* Walks a batch's blocks in unit order: NULL after the last. */
struct im_iter {
    const struct im_batch *b;
    size_t c, i;
};
const struct im_block *im_next(struct im_iter *it);

struct im_project {
    int no, class_id, county_id;
    char state[IND_STATE_MAX];
};

struct im_obligation {
    int id, county_id, class_id;
    int n;
    struct {
        int account_id;
        int64_t required, retired;
    } a[IND_MAX_ACCOUNTS];
    int flagged;
};

struct im_model;

struct im_model *im_new(void);
void im_free(struct im_model *m);

/*
 * Applies one event. A violated invariant (a move of units not where it says, a terminal
 * unit moving, a batch issued twice, an over-retired obligation) returns 1 with why filled;
 * 0 when applied; < 0 an error.
 */
int im_apply(struct im_model *m, const struct lg_event *ev, char why[256], struct ls_err *err);

/* The interned string of an id. */
const char *im_name(const struct im_model *m, int id);
/* Visits the batches in id order. */
size_t im_batches(const struct im_model *m, struct im_batch ***out);
size_t im_projects(const struct im_model *m, struct im_project **out);
size_t im_obligations(const struct im_model *m, struct im_obligation **out);

/* Checks one batch's blocks cover 1..units exactly once: 0 fine, 1 with why. */
int im_batch_covered(const struct im_model *m, const struct im_batch *b, char why[256]);

#endif
