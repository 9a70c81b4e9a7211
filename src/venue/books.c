/* venue/books — the instruments' books in memory: each loaded from mkt_instrument and its
 * resting orders in mkt_order (queue order) the first time it is used, and dropped after a
 * rollback so the next use reads the tables again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venue/internal.h"

/* The book's band: the reference price ± band_pct, in whole ticks, at least one tick. */
static void band(const struct vn_rules *r, int64_t ref, int64_t *lo, int64_t *hi)
{
    int64_t w = ref / 100 * r->band_pct + ref % 100 * r->band_pct / 100;
    *lo = (ref - w + r->tick - 1) / r->tick * r->tick;
    *hi = (ref + w) / r->tick * r->tick;
    if (*lo < r->tick)
        *lo = r->tick;
}

static int load(struct venue *v, struct vn_book *b, struct ls_err *err)
{
    int64_t lo, hi;
    band(b->rules, b->reference, &lo, &hi);
    /* ticks, not fen: the book's levels are one tick apart */
    int rc = mk_book_new(lo / b->rules->tick, hi / b->rules->tick, &b->book, err);
    struct ls_stmt *s = NULL;
    if (!rc && b->call)
        return 0; /* a call market's orders cross only at its uncross (submit_call.c) */
    if (!rc)
        rc = st_prepare(v->st,
                        "SELECT order_id, party, side, price, lots_left FROM mkt_order WHERE "
                        "instrument_id = ? AND state = 'resting' ORDER BY queued_seq, order_id",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, b->instrument);
    while ((rc = st_step(s, err)) == 1) {
        uint32_t owner;
        if (vn_party_id(&v->parties, st_col_text(s, 1), &owner)) {
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            break;
        }
        rc = mk_restore(b->book, (uint64_t)st_col_int(s, 0),
                        !strcmp(st_col_text(s, 2), "buy") ? MK_BUY : MK_SELL,
                        st_col_int(s, 3) / b->rules->tick, st_col_int(s, 4), owner, err);
        if (rc)
            break;
    }
    st_finalize(s);
    return rc == 1 ? 0 : rc;
}

int vn_book_get(struct venue *v, const char *instrument, struct vn_book **out, struct ls_err *err)
{
    *out = NULL;
    /* another process (the CLI beside the server) may have traded since: a ledger that moved
     * past what the books reflect means they are read again */
    long long head = 0;
    char hash[LG_HASH_HEX];
    int rc = lg_head(v->st, &head, hash, err);
    if (rc)
        return rc;
    if (head != v->seen) {
        vn_forget(v);
        v->seen = head;
    }
    for (size_t i = 0; i < v->nbooks; i++)
        if (!strcmp(v->books[i].instrument, instrument)) {
            *out = &v->books[i];
            return 1;
        }
    struct ls_stmt *s = NULL;
    rc = st_prepare(v->st,
                    "SELECT account, province, reference_price, last_price, next_order, mode "
                    "FROM mkt_instrument WHERE instrument_id = ?",
                    &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, instrument);
    struct vn_book b;
    memset(&b, 0, sizeof b);
    long long next = 1;
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(b.instrument, sizeof b.instrument, "%s", instrument);
        snprintf(b.account, sizeof b.account, "%s", st_col_text(s, 0));
        snprintf(b.province, sizeof b.province, "%s", st_col_text(s, 1));
        b.reference = st_col_int(s, 2);
        b.last = st_col_int(s, 3);
        next = st_col_int(s, 4);
        b.call = !strcmp(st_col_text(s, 5), "call");
        b.rules = vn_rules_find(b.account);
    }
    st_finalize(s);
    if (rc != 1)
        return rc;
    if (!b.rules)
        return ls_err_set(err, LS_EINTERNAL, NULL, instrument, "account",
                          "instrument %s trades %s, which has no rules", instrument, b.account);
    if ((rc = load(v, &b, err)) == 0)
        rc = mk_set_next_id(b.book, (uint64_t)next, err);
    if (!rc && v->nbooks == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        struct vn_book *x = realloc(v->books, cap * sizeof *x);
        if (!x)
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        else {
            v->books = x;
            v->cap = cap;
        }
    }
    if (rc) {
        mk_book_free(b.book);
        return rc;
    }
    v->books[v->nbooks] = b;
    *out = &v->books[v->nbooks++];
    return 1;
}

void vn_forget(struct venue *v)
{
    for (size_t i = 0; i < v->nbooks; i++)
        mk_book_free(v->books[i].book);
    v->nbooks = 0;
    v->seen = 0;
}
