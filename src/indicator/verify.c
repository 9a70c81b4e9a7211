/* indicator/verify — the invariants of docs/indicator.md checked on a replay of the ledger
 * (indicator/model), then the model compared with the projection a user reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator/model.h"

struct replay {
    struct im_model *m;
    struct ind_verify_report *rep;
};

static int visit(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    struct replay *r = ctx;
    if (strncmp(ev->type, "indicator.", 10))
        return 0;
    r->rep->events++;
    int rc = im_apply(r->m, ev, r->rep->why, err);
    if (rc == 1)
        r->rep->bad_seq = ev->seq;
    return rc;
}

static const struct im_model *sort_model;

static int by_name(const void *a, const void *b)
{
    const struct im_batch *x = *(struct im_batch *const *)a, *y = *(struct im_batch *const *)b;
    return strcmp(im_name(sort_model, x->id), im_name(sort_model, y->id));
}

/* The table's blocks, equal neighbours joined, against the model's, batch by batch. */
static int compare(struct ind *in, struct im_model *m, struct ind_verify_report *rep,
                   struct ls_err *err)
{
    struct im_batch **all;
    size_t n = im_batches(m, &all);
    struct im_batch **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    memcpy(sorted, all, n * sizeof *sorted);
    sort_model = m;
    qsort(sorted, n, sizeof *sorted, by_name);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT batch_id, first_unit, last_unit, holder, state, obligation FROM "
                        "ind_block ORDER BY batch_id, first_unit",
                        &s, err);
    if (rc) {
        free(sorted);
        return rc;
    }
    st_stream(s);
    size_t bi = 0;
    struct im_iter it = { n ? sorted[0] : NULL, 0, 0 };
    struct {
        char batch[IND_BATCH_MAX], holder[IND_ID_MAX], state[IND_STATE_MAX], ob[IND_ID_MAX];
        int64_t first, last;
        int has;
    } cur = { "", "", "", "", 0, 0, 0 };
    int done = 0;
    while (!done) {
        rc = st_step(s, err);
        if (rc < 0)
            break;
        int row = rc == 1;
        const char *batch = row ? st_col_text(s, 0) : "";
        if (row && cur.has && !strcmp(batch, cur.batch) && cur.last + 1 == st_col_int(s, 1) &&
            !strcmp(cur.holder, st_col_text(s, 3)) && !strcmp(cur.state, st_col_text(s, 4)) &&
            !strcmp(cur.ob, st_col_text(s, 5))) {
            cur.last = st_col_int(s, 2);
            continue;
        }
        if (cur.has) {
            /* every batch of the model has at least one block, so (bi, k) walks them all */
            const struct im_batch *b = bi < n ? sorted[bi] : NULL;
            const struct im_block *x = b ? im_next(&it) : NULL;
            if (b && !x && ++bi < n) {
                it = (struct im_iter){ sorted[bi], 0, 0 };
                b = sorted[bi];
                x = im_next(&it);
            }
            if (!x || strcmp(im_name(m, b->id), cur.batch) || x->first != cur.first ||
                x->last != cur.last || strcmp(im_name(m, x->holder), cur.holder) ||
                strcmp(im_state_names[x->state], cur.state) ||
                strcmp(x->obligation >= 0 ? im_name(m, x->obligation) : "", cur.ob)) {
                snprintf(rep->why, sizeof rep->why,
                         "ind_block %s-%lld-%lld (%s, %s) differs from the ledger's replay",
                         cur.batch, (long long)cur.first, (long long)cur.last, cur.holder,
                         cur.state);
                rep->ok = 0;
                rc = 0;
                break;
            }
            rep->blocks++;
        }
        if (!row) {
            done = 1;
            if (bi < n && (im_next(&it) || bi + 1 < n)) {
                snprintf(rep->why, sizeof rep->why,
                         "batch %s of the ledger is missing from ind_block",
                         im_name(m, sorted[bi]->id));
                rep->ok = 0;
            }
            rc = 0;
            break;
        }
        snprintf(cur.batch, sizeof cur.batch, "%s", batch);
        cur.first = st_col_int(s, 1);
        cur.last = st_col_int(s, 2);
        snprintf(cur.holder, sizeof cur.holder, "%s", st_col_text(s, 3));
        snprintf(cur.state, sizeof cur.state, "%s", st_col_text(s, 4));
        snprintf(cur.ob, sizeof cur.ob, "%s", st_col_text(s, 5));
        cur.has = 1;
    }
    st_finalize(s);
    free(sorted);
    return rc < 0 ? rc : 0;
}

/* What each obligation has had retired: ind_requirement, the retired blocks and the
 * replay must say the same. */
static int compare_obligations(struct ind *in, struct im_model *m, struct ind_verify_report *rep,
                               struct ls_err *err)
{
    struct im_obligation *ob;
    size_t n = im_obligations(m, &ob);
    struct ls_stmt *s = NULL;
    int rc = 0;
    for (size_t i = 0; !rc && rep->ok && i < n; i++)
        for (int k = 0; !rc && rep->ok && k < ob[i].n; k++) {
            rc = st_prepare(in->st,
                            "SELECT r.retired, (SELECT coalesce(sum(b.last_unit - b.first_unit + "
                            "1), 0) FROM ind_block b WHERE b.obligation = r.obligation_id AND "
                            "b.account = r.account AND b.state = 'retired') FROM ind_requirement "
                            "r WHERE r.obligation_id = ? AND r.account = ?",
                            &s, err);
            if (rc)
                break;
            st_bind_text(s, 1, im_name(m, ob[i].id));
            st_bind_text(s, 2, im_name(m, ob[i].a[k].account_id));
            rc = st_step(s, err);
            if (rc >= 0) {
                long long kept = rc == 1 ? st_col_int(s, 0) : -1;
                long long blocks = rc == 1 ? st_col_int(s, 1) : -1;
                if (kept != ob[i].a[k].retired || blocks != ob[i].a[k].retired) {
                    snprintf(rep->why, sizeof rep->why,
                             "obligation %s %s: the ledger retired %lld, ind_requirement says "
                             "%lld and the retired blocks hold %lld",
                             im_name(m, ob[i].id), im_name(m, ob[i].a[k].account_id),
                             (long long)ob[i].a[k].retired, kept, blocks);
                    rep->ok = 0;
                }
                rc = 0;
            }
            st_finalize(s);
        }
    return rc;
}

int ind_verify(struct ind *in, struct ind_verify_report *rep, struct ls_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct im_model *m = im_new();
    if (!m)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    struct replay r = { m, rep };
    int rc = lg_replay_type(in->st, "indicator.", visit, &r, err);
    rep->ok = rc == 0;
    if (rc == 1)
        rc = 0;
    struct im_batch **b;
    rep->batches = (long long)im_batches(m, &b);
    for (long long i = 0; rep->ok && i < rep->batches; i++)
        if (im_batch_covered(m, b[i], rep->why))
            rep->ok = 0;
    if (!rc && rep->ok)
        rc = compare(in, m, rep, err);
    if (!rc && rep->ok)
        rc = compare_obligations(in, m, rep, err);
    im_free(m);
    return rc;
}
