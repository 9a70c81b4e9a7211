/* indicator/blocks — serial blocks in ind_block: reading a holder's blocks, cutting a block
 * when part of it moves, and joining equal neighbours so a holding that grows by
 * consecutive ranges stays one row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator/internal.h"

#define BLK_COLUMNS "batch_id, first_unit, last_unit, account, holder, state, obligation"

static void blk_read(struct ls_stmt *s, struct ind_blk *b)
{
    snprintf(b->batch, sizeof b->batch, "%s", st_col_text(s, 0));
    b->first = st_col_int(s, 1);
    b->last = st_col_int(s, 2);
    snprintf(b->account, sizeof b->account, "%s", st_col_text(s, 3));
    snprintf(b->holder, sizeof b->holder, "%s", st_col_text(s, 4));
    snprintf(b->state, sizeof b->state, "%s", st_col_text(s, 5));
    snprintf(b->obligation, sizeof b->obligation, "%s", st_col_text(s, 6));
}

void ind_blk_serial(const struct ind_blk *b, char *out, size_t size)
{
    snprintf(out, size, "%s-%lld-%lld", b->batch, (long long)b->first, (long long)b->last);
}

int ind_blocks_of(struct ind *in, const char *holder, const char *account, const char *state,
                  const char *batch_prefix, ind_blk_visit visit, void *ctx, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT " BLK_COLUMNS " FROM ind_block WHERE holder = ? AND account = ? "
                        "AND state = ? AND substr(batch_id, 1, ?) = ? "
                        "ORDER BY batch_id, first_unit",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, holder);
    st_bind_text(s, 2, account);
    st_bind_text(s, 3, state);
    st_bind_int(s, 4, (long long)strlen(batch_prefix));
    st_bind_text(s, 5, batch_prefix);
    while ((rc = st_step(s, err)) == 1) {
        struct ind_blk b;
        blk_read(s, &b);
        if ((rc = visit(ctx, &b, err)) != 0)
            break;
    }
    st_finalize(s);
    return rc == 1 ? 0 : rc;
}

int ind_block_at(struct ind *in, const char *batch, int64_t u, struct ind_blk *b,
                 struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "SELECT " BLK_COLUMNS " FROM ind_block WHERE batch_id = ? AND "
                        "first_unit <= ? ORDER BY first_unit DESC LIMIT 1",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, batch);
    st_bind_int(s, 2, u);
    rc = st_step(s, err);
    if (rc == 1) {
        blk_read(s, b);
        if (b->last < u)
            rc = 0;
    }
    st_finalize(s);
    return rc;
}

int ind_block_insert(struct ind *in, const struct ind_blk *b, long long seq, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "INSERT INTO ind_block (" BLK_COLUMNS ", since_seq) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, b->batch);
    st_bind_int(s, 2, b->first);
    st_bind_int(s, 3, b->last);
    st_bind_text(s, 4, b->account);
    st_bind_text(s, 5, b->holder);
    st_bind_text(s, 6, b->state);
    st_bind_text(s, 7, b->obligation);
    st_bind_int(s, 8, seq);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int block_delete(struct ind *in, const char *batch, int64_t first, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(in->st, "DELETE FROM ind_block WHERE batch_id = ? AND first_unit = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, batch);
    st_bind_int(s, 2, first);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int block_update(struct ind *in, const struct ind_blk *b, long long seq, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        "UPDATE ind_block SET holder = ?, state = ?, obligation = ?, since_seq = ? "
                        "WHERE batch_id = ? AND first_unit = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, b->holder);
    st_bind_text(s, 2, b->state);
    st_bind_text(s, 3, b->obligation);
    st_bind_int(s, 4, seq);
    st_bind_text(s, 5, b->batch);
    st_bind_int(s, 6, b->first);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

static int same_place(const struct ind_blk *a, const struct ind_blk *b)
{
    return !strcmp(a->holder, b->holder) && !strcmp(a->state, b->state) &&
           !strcmp(a->obligation, b->obligation);
}

static int set_bound(struct ind *in, const char *batch, int64_t first, const char *column,
                     int64_t value, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(in->st,
                        !strcmp(column, "first_unit")
                            ? "UPDATE ind_block SET first_unit = ? WHERE batch_id = ? AND "
                              "first_unit = ?"
                            : "UPDATE ind_block SET last_unit = ? WHERE batch_id = ? AND "
                              "first_unit = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, value);
    st_bind_text(s, 2, batch);
    st_bind_int(s, 3, first);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

/* The first units of a block move (what choosing oldest first does most): the rest keeps
 * its row with a later first unit, and the moved part joins its left neighbour when that
 * has the same holder and state, or becomes a row of its own. */
static int move_prefix(struct ind *in, const struct ind_blk *have, const struct ind_move *m,
                       long long seq, struct ls_err *err)
{
    struct ind_blk moved = *have, prev;
    moved.last = m->from.last;
    snprintf(moved.holder, sizeof moved.holder, "%s", m->to_holder);
    snprintf(moved.state, sizeof moved.state, "%s", m->to_state);
    snprintf(moved.obligation, sizeof moved.obligation, "%s", m->to_obligation);
    int rc = set_bound(in, have->batch, have->first, "first_unit", m->from.last + 1, err);
    if (rc)
        return rc;
    rc = moved.first > 1 ? ind_block_at(in, have->batch, moved.first - 1, &prev, err) : 0;
    if (rc < 0)
        return rc;
    if (rc == 1 && same_place(&prev, &moved))
        return set_bound(in, prev.batch, prev.first, "last_unit", moved.last, err);
    return ind_block_insert(in, &moved, seq, err);
}

int ind_block_move(struct ind *in, const struct ind_move *m, long long seq, struct ls_err *err)
{
    struct ind_blk have;
    int rc = ind_block_at(in, m->from.batch, m->from.first, &have, err);
    if (rc < 0)
        return rc;
    if (rc == 0 || have.last < m->from.last || !same_place(&have, &m->from)) {
        char serial[IND_SERIAL_MAX];
        ind_blk_serial(&m->from, serial, sizeof serial);
        return ls_err_set(err, LS_EINTERNAL, NULL, serial, NULL,
                          "event %lld moves units that are not with %s (%s) in the projection", seq,
                          m->from.holder, m->from.state);
    }
    if (have.first == m->from.first && have.last == m->from.last && m->from.first > 1) {
        /* a whole block changes hands: one row rewritten, unless it joins its left
         * neighbour (the right one is looked at below) */
        struct ind_blk prev;
        rc = ind_block_at(in, have.batch, have.first - 1, &prev, err);
        if (rc < 0)
            return rc;
        struct ind_blk to = have;
        snprintf(to.holder, sizeof to.holder, "%s", m->to_holder);
        snprintf(to.state, sizeof to.state, "%s", m->to_state);
        snprintf(to.obligation, sizeof to.obligation, "%s", m->to_obligation);
        if (rc == 0 || !same_place(&prev, &to)) {
            struct ind_blk next;
            rc = ind_block_at(in, have.batch, have.last + 1, &next, err);
            if (rc < 0)
                return rc;
            if (rc == 0 || !same_place(&next, &to))
                return block_update(in, &to, seq, err);
        }
    }
    if (have.first == m->from.first && have.last > m->from.last)
        return move_prefix(in, &have, m, seq, err);
    if ((rc = block_delete(in, have.batch, have.first, err)) != 0)
        return rc;
    struct ind_blk moved = have;
    moved.first = m->from.first;
    moved.last = m->from.last;
    snprintf(moved.holder, sizeof moved.holder, "%s", m->to_holder);
    snprintf(moved.state, sizeof moved.state, "%s", m->to_state);
    snprintf(moved.obligation, sizeof moved.obligation, "%s", m->to_obligation);
    if (have.first < moved.first) {
        struct ind_blk before = have;
        before.last = moved.first - 1;
        /* the part left behind keeps its place; only the moved part is new */
        if ((rc = ind_block_insert(in, &before, seq, err)) != 0)
            return rc;
    } else if (moved.first > 1) {
        struct ind_blk prev;
        rc = ind_block_at(in, have.batch, moved.first - 1, &prev, err);
        if (rc < 0)
            return rc;
        if (rc == 1 && same_place(&prev, &moved)) {
            if ((rc = block_delete(in, prev.batch, prev.first, err)) != 0)
                return rc;
            moved.first = prev.first;
        }
    }
    if (have.last > m->from.last) {
        struct ind_blk after = have;
        after.first = m->from.last + 1;
        if ((rc = ind_block_insert(in, &after, seq, err)) != 0)
            return rc;
    } else {
        struct ind_blk next;
        rc = ind_block_at(in, have.batch, moved.last + 1, &next, err);
        if (rc < 0)
            return rc;
        if (rc == 1 && same_place(&next, &moved)) {
            if ((rc = block_delete(in, next.batch, next.first, err)) != 0)
                return rc;
            moved.last = next.last;
        }
    }
    return ind_block_insert(in, &moved, seq, err);
}

json_t *ind_moves_json(const struct ind_move *m, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "batch", json_string(m[i].from.batch));
        json_object_set_new(o, "first", json_integer(m[i].from.first));
        json_object_set_new(o, "last", json_integer(m[i].from.last));
        json_object_set_new(o, "account", json_string(m[i].from.account));
        json_object_set_new(o, "from", json_string(m[i].from.holder));
        json_object_set_new(o, "from_state", json_string(m[i].from.state));
        if (*m[i].from.obligation)
            json_object_set_new(o, "from_obligation", json_string(m[i].from.obligation));
        json_object_set_new(o, "to", json_string(m[i].to_holder));
        json_object_set_new(o, "to_state", json_string(m[i].to_state));
        if (*m[i].to_obligation)
            json_object_set_new(o, "obligation", json_string(m[i].to_obligation));
        json_array_append_new(a, o);
    }
    return a;
}

static void copy_str(char *dst, size_t size, json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    snprintf(dst, size, "%s", v ? v : "");
}

int ind_moves_parse(json_t *a, struct ind_move **m, size_t *n, struct ls_err *err)
{
    *m = NULL;
    *n = 0;
    if (!json_is_array(a))
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "moves", "an event without its moves");
    size_t k = json_array_size(a);
    *m = calloc(k ? k : 1, sizeof **m);
    if (!*m)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t i = 0; i < k; i++) {
        json_t *o = json_array_get(a, i);
        struct ind_move *x = &(*m)[i];
        copy_str(x->from.batch, sizeof x->from.batch, o, "batch");
        x->from.first = json_integer_value(json_object_get(o, "first"));
        x->from.last = json_integer_value(json_object_get(o, "last"));
        copy_str(x->from.account, sizeof x->from.account, o, "account");
        copy_str(x->from.holder, sizeof x->from.holder, o, "from");
        copy_str(x->from.state, sizeof x->from.state, o, "from_state");
        copy_str(x->from.obligation, sizeof x->from.obligation, o, "from_obligation");
        copy_str(x->to_holder, sizeof x->to_holder, o, "to");
        copy_str(x->to_state, sizeof x->to_state, o, "to_state");
        copy_str(x->to_obligation, sizeof x->to_obligation, o, "obligation");
        if (!*x->from.batch || x->from.first < 1 || x->from.last < x->from.first) {
            free(*m);
            *m = NULL;
            return ls_err_set(err, LS_EINTERNAL, NULL, NULL, "moves",
                              "move %zu of an event is malformed", i + 1);
        }
    }
    *n = k;
    return 0;
}
