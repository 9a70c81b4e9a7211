/* registry/rows — reading and writing the projection rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/internal.h"
#include "registry/submit_internal.h"

void reg_unit_row_clear(struct reg_unit_row *u)
{
    free(u->wkb);
    memset(u, 0, sizeof *u);
}

void reg_rrr_row_clear(struct reg_rrr_row *x)
{
    free(x->wkb);
    memset(x, 0, sizeof *x);
}

static double col_real(struct ls_stmt *s, int i)
{
    return st_col_null(s, i) ? NAN : st_col_double(s, i);
}

static void col_copy(struct ls_stmt *s, int i, char *out, size_t size)
{
    snprintf(out, size, "%s", st_col_text(s, i));
}

static int col_geom(struct ls_stmt *s, int i, unsigned char **wkb, size_t *n)
{
    size_t gn = 0;
    const unsigned char *g = st_col_geom(s, i, &gn);
    *wkb = NULL;
    *n = 0;
    if (!g)
        return 0;
    *wkb = malloc(gn);
    if (!*wkb)
        return -1;
    memcpy(*wkb, g, gn);
    *n = gn;
    return 0;
}

int reg_unit_read(struct ls_stmt *s, struct reg_unit_row *u)
{
    memset(u, 0, sizeof *u);
    u->fid = st_col_int(s, 0);
    col_copy(s, 1, u->code, sizeof u->code);
    u->version = st_col_int(s, 2);
    col_copy(s, 3, u->name, sizeof u->name);
    col_copy(s, 4, u->unit_class, sizeof u->unit_class);
    col_copy(s, 5, u->resource_type, sizeof u->resource_type);
    col_copy(s, 6, u->layer, sizeof u->layer);
    u->z_min = col_real(s, 7);
    u->z_max = col_real(s, 8);
    u->area_m2 = st_col_double(s, 9);
    u->quantity = col_real(s, 10);
    col_copy(s, 11, u->quantity_unit, sizeof u->quantity_unit);
    col_copy(s, 12, u->quality, sizeof u->quality);
    col_copy(s, 13, u->valid_from, sizeof u->valid_from);
    col_copy(s, 14, u->valid_to, sizeof u->valid_to);
    u->begin_seq = st_col_int(s, 15);
    u->end_seq = st_col_int(s, 16);
    u->corrected_seq = st_col_int(s, 17);
    return col_geom(s, 18, &u->wkb, &u->wkb_n);
}

int reg_holders_load(struct reg *r, struct reg_rrr_row *x, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        "SELECT party_id, share_num, share_den FROM reg_holder WHERE rrr_id = ? "
                        "AND version = ? ORDER BY party_id",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, x->id);
    st_bind_int(s, 2, x->version);
    x->nholders = 0;
    while ((rc = st_step(s, err)) == 1) {
        if (x->nholders < REG_MAX_HOLDERS) {
            struct reg_holder *h = &x->holders[x->nholders++];
            col_copy(s, 0, h->party, sizeof h->party);
            h->num = st_col_int(s, 1);
            h->den = st_col_int(s, 2);
        }
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int reg_rrr_read(struct reg *r, struct ls_stmt *s, struct reg_rrr_row *x, struct ls_err *err)
{
    memset(x, 0, sizeof *x);
    x->fid = st_col_int(s, 0);
    col_copy(s, 1, x->id, sizeof x->id);
    x->version = st_col_int(s, 2);
    col_copy(s, 3, x->unit_code, sizeof x->unit_code);
    col_copy(s, 4, x->rrr_class, sizeof x->rrr_class);
    col_copy(s, 5, x->type, sizeof x->type);
    x->qllx = st_col_int(s, 6);
    col_copy(s, 7, x->layer, sizeof x->layer);
    x->z_min = col_real(s, 8);
    x->z_max = col_real(s, 9);
    col_copy(s, 10, x->term_start, sizeof x->term_start);
    col_copy(s, 11, x->term_end, sizeof x->term_end);
    x->amount = col_real(s, 12);
    x->ranking = st_col_int(s, 13);
    col_copy(s, 14, x->on_rrr, sizeof x->on_rrr);
    col_copy(s, 15, x->exercised_by, sizeof x->exercised_by);
    col_copy(s, 16, x->description, sizeof x->description);
    col_copy(s, 17, x->source_doc, sizeof x->source_doc);
    col_copy(s, 18, x->valid_from, sizeof x->valid_from);
    col_copy(s, 19, x->valid_to, sizeof x->valid_to);
    x->begin_seq = st_col_int(s, 20);
    x->end_seq = st_col_int(s, 21);
    x->corrected_seq = st_col_int(s, 22);
    if (col_geom(s, 23, &x->wkb, &x->wkb_n))
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    col_copy(s, 24, x->cert_no, sizeof x->cert_no);
    return r ? reg_holders_load(r, x, err) : 0;
}

int reg_unit_current(struct reg *r, const char *code, struct reg_unit_row *u, struct ls_err *err)
{
    memset(u, 0, sizeof *u); /* cleared whatever the outcome, so callers can always clear it */
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        r->st, "SELECT " REG_UNIT_COLUMNS " FROM reg_unit WHERE unit_code = ? AND end_seq IS NULL",
        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, code);
    rc = st_step(s, err);
    if (rc == 1 && reg_unit_read(s, u))
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    st_finalize(s);
    return rc;
}

int reg_units_in_force(struct reg *r, const char *layer, reg_unit_geom_visit visit, void *ctx,
                       struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        "SELECT unit_code, resource_type, geom FROM reg_unit WHERE end_seq IS NULL "
                        "AND (? = '' OR layer = ?) ORDER BY unit_code",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, layer ? layer : "");
    st_bind_text(s, 2, layer ? layer : "");
    st_stream(s);
    while ((rc = st_step(s, err)) == 1) {
        size_t n = 0;
        const unsigned char *wkb = st_col_geom(s, 2, &n);
        if ((rc = visit(ctx, st_col_text(s, 0), st_col_text(s, 1), wkb, n, err)) != 0)
            break;
    }
    st_finalize(s);
    return rc == 1 ? 0 : rc;
}

/* a unit's first use right, for the bulk read below */
struct use_right {
    char unit[48], rrr[64], type[32];
};

static int cmp_use(const void *a, const void *b)
{
    const struct use_right *x = a, *y = b;
    int c = strcmp(x->unit, y->unit);
    return c ? c : strcmp(x->rrr, y->rrr);
}

static int cmp_unit_key(const void *key, const void *b)
{
    return strcmp(key, ((const struct use_right *)b)->unit);
}

int reg_units_with_use(struct reg *r, reg_unit_row_visit visit, void *ctx, struct ls_err *err)
{
    /* two scans in storage order and a sort in memory: a correlated subquery per unit, or an
     * index-ordered read, costs several times as much on a province's register */
    struct ls_stmt *s = NULL;
    struct use_right *uses = NULL;
    size_t n = 0, cap = 0;
    int rc = st_prepare(r->st,
                        "SELECT unit_code, rrr_id, type FROM reg_rrr WHERE end_seq IS NULL AND "
                        "rrr_class = 'right' AND type NOT LIKE 'ownership%'",
                        &s, err);
    if (rc)
        return rc;
    st_stream(s);
    while ((rc = st_step(s, err)) == 1) {
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 4096;
            struct use_right *nu = realloc(uses, nc * sizeof *nu);
            if (!nu) {
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
                break;
            }
            uses = nu;
            cap = nc;
        }
        snprintf(uses[n].unit, sizeof uses[n].unit, "%s", st_col_text(s, 0));
        snprintf(uses[n].rrr, sizeof uses[n].rrr, "%s", st_col_text(s, 1));
        snprintf(uses[n].type, sizeof uses[n].type, "%s", st_col_text(s, 2));
        n++;
    }
    st_finalize(s);
    if (rc < 0) {
        free(uses);
        return rc;
    }
    if (n)
        qsort(uses, n, sizeof *uses, cmp_use);
    /* the first by right id of each unit: bsearch may land on any, step back to the first */
    rc = st_prepare(r->st,
                    "SELECT unit_code, resource_type, layer, area_m2, geom FROM reg_unit WHERE "
                    "end_seq IS NULL",
                    &s, err);
    if (rc) {
        free(uses);
        return rc;
    }
    st_stream(s);
    while ((rc = st_step(s, err)) == 1) {
        struct reg_unit_in_force u = { st_col_text(s, 0),
                                       st_col_text(s, 1),
                                       st_col_text(s, 2),
                                       "",
                                       st_col_double(s, 3),
                                       NULL,
                                       0 };
        const struct use_right *hit =
            n ? bsearch(u.code, uses, n, sizeof *uses, cmp_unit_key) : NULL;
        while (hit && hit > uses && !strcmp(hit[-1].unit, u.code))
            hit--;
        if (hit)
            u.use_right = hit->type;
        u.wkb = st_col_geom(s, 4, &u.n);
        if ((rc = visit(ctx, &u, err)) != 0)
            break;
    }
    st_finalize(s);
    free(uses);
    return rc == 1 ? 0 : rc;
}

/* One unit's rights and their holders, gathered before they are handed on. */
struct unit_rights {
    char unit[48];
    size_t n, cap;
    struct holding {
        char rrr[64], party[64];
        double share;
        int use; /* a right that is not ownership */
    } * h;
};

static int flush_unit(struct unit_rights *u, reg_holder_visit visit, void *ctx, struct ls_err *err)
{
    int any_use = 0;
    for (size_t i = 0; i < u->n; i++)
        any_use |= u->h[i].use;
    /* the rights that count: the use rights when there are any, else ownership */
    size_t rights = 0;
    for (size_t i = 0; i < u->n; i++)
        if (u->h[i].use == any_use &&
            (i == 0 || strcmp(u->h[i].rrr, u->h[i - 1].rrr) || u->h[i - 1].use != any_use))
            rights++;
    int rc = 0;
    for (size_t i = 0; !rc && i < u->n; i++)
        if (u->h[i].use == any_use)
            rc = visit(ctx, u->unit, u->h[i].party, u->h[i].share / (double)rights, err);
    u->n = 0;
    return rc;
}

int reg_unit_holders(struct reg *r, const char *layer, reg_holder_visit visit, void *ctx,
                     struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(r->st,
                   "SELECT x.unit_code, x.rrr_id, x.type, h.party_id, h.share_num, h.share_den "
                   "FROM reg_rrr x JOIN reg_holder h ON h.rrr_id = x.rrr_id AND h.version = "
                   "x.version WHERE x.end_seq IS NULL AND x.rrr_class = 'right' AND (? = '' "
                   "OR x.layer = ? OR x.layer = 'whole') ORDER BY x.unit_code, x.rrr_id, "
                   "h.party_id",
                   &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, layer ? layer : "");
    st_bind_text(s, 2, layer ? layer : "");
    struct unit_rights u = { 0 };
    while ((rc = st_step(s, err)) == 1) {
        const char *unit = st_col_text(s, 0);
        if (u.n && strcmp(u.unit, unit) && (rc = flush_unit(&u, visit, ctx, err)) != 0)
            break;
        if (u.n == u.cap) {
            size_t cap = u.cap ? 2 * u.cap : 16;
            struct holding *h = realloc(u.h, cap * sizeof *h);
            if (!h) {
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
                break;
            }
            u.h = h;
            u.cap = cap;
        }
        const struct reg_rrr_type *t = reg_rrr_type_find(st_col_text(s, 2));
        struct holding *h = &u.h[u.n++];
        snprintf(u.unit, sizeof u.unit, "%s", unit);
        snprintf(h->rrr, sizeof h->rrr, "%s", st_col_text(s, 1));
        snprintf(h->party, sizeof h->party, "%s", st_col_text(s, 3));
        long long den = st_col_int(s, 5);
        h->share = den > 0 ? (double)st_col_int(s, 4) / (double)den : 0;
        h->use = t && t->cls == REG_RIGHT && !t->ownership;
    }
    if (rc == 0 && u.n)
        rc = flush_unit(&u, visit, ctx, err);
    st_finalize(s);
    free(u.h);
    return rc == 1 ? 0 : rc;
}

int reg_unit_exists(struct reg *r, const char *code, int *exists, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, "SELECT count(*) FROM reg_unit WHERE unit_code = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, code);
    rc = st_step(s, err);
    *exists = rc == 1 && st_col_int(s, 0) > 0;
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int reg_rrr_current(struct reg *r, const char *id, struct reg_rrr_row *x, struct ls_err *err)
{
    memset(x, 0, sizeof *x);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(
        r->st, "SELECT " REG_RRR_COLUMNS " FROM reg_rrr WHERE rrr_id = ? AND end_seq IS NULL", &s,
        err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    if (rc == 1) {
        int r2 = reg_rrr_read(r, s, x, err);
        if (r2)
            rc = r2;
    }
    st_finalize(s);
    return rc;
}

int reg_right_brief(struct reg *r, const char *id, struct reg_right_brief *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    struct reg_rrr_row x;
    int rc = reg_rrr_current(r, id ? id : "", &x, err);
    if (rc == 1) {
        const struct reg_rrr_type *t = reg_rrr_type_find(x.type);
        snprintf(out->id, sizeof out->id, "%s", x.id);
        snprintf(out->unit_code, sizeof out->unit_code, "%s", x.unit_code);
        snprintf(out->type, sizeof out->type, "%s", x.type);
        snprintf(out->label, sizeof out->label, "%s", t ? t->label : x.type);
        snprintf(out->valid_from, sizeof out->valid_from, "%s", x.valid_from);
        snprintf(out->layer, sizeof out->layer, "%s", x.layer);
        snprintf(out->term_start, sizeof out->term_start, "%s", x.term_start);
        snprintf(out->term_end, sizeof out->term_end, "%s", x.term_end);
        out->z_min = x.z_min;
        out->z_max = x.z_max;
        /* what a transfer registration accepts (submit_right.c): a right, not ownership */
        out->transferable = t && t->cls == REG_RIGHT && !t->ownership;
        if (x.nholders == 1 && x.holders[0].num == x.holders[0].den)
            snprintf(out->holder, sizeof out->holder, "%s", x.holders[0].party);
        struct ls_stmt *s = NULL;
        int r2 = st_prepare(r->st,
                            "SELECT rrr_id FROM reg_rrr WHERE on_rrr = ? AND end_seq IS NULL AND "
                            "type = 'seizure' ORDER BY rrr_id",
                            &s, err);
        if (!r2) {
            st_bind_text(s, 1, x.id);
            r2 = st_step(s, err);
            if (r2 == 1)
                snprintf(out->seizure, sizeof out->seizure, "%s", st_col_text(s, 0));
            st_finalize(s);
        }
        if (r2 < 0)
            rc = r2;
    }
    reg_rrr_row_clear(&x);
    return rc;
}

static long long next_fid(struct reg *r, const char *table, struct ls_err *err)
{
    if (r->counting_fids)
        return strcmp(table, "reg_unit") ? r->next_rrr_fid++ : r->next_unit_fid++;
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT coalesce(max(fid), 0) + 1 FROM %s", table);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, sql, &s, err);
    long long v = rc;
    if (!rc) {
        rc = st_step(s, err);
        v = rc == 1 ? st_col_int(s, 0) : rc;
    }
    st_finalize(s);
    return v;
}

static void bind_real(struct ls_stmt *s, int i, double v)
{
    if (isnan(v))
        st_bind_null(s, i);
    else
        st_bind_double(s, i, v);
}

static void bind_opt_text(struct ls_stmt *s, int i, const char *v)
{
    if (v && *v)
        st_bind_text(s, i, v);
    else
        st_bind_null(s, i);
}

static void bind_opt_int(struct ls_stmt *s, int i, long long v)
{
    if (v)
        st_bind_int(s, i, v);
    else
        st_bind_null(s, i);
}

int reg_unit_insert(struct reg *r, struct reg_unit_row *u, struct ls_err *err)
{
    long long fid = next_fid(r, "reg_unit", err);
    if (fid < 0)
        return (int)fid;
    u->fid = fid;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        "INSERT INTO reg_unit (" REG_UNIT_COLUMNS
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, u->fid);
    st_bind_text(s, 2, u->code);
    st_bind_int(s, 3, u->version);
    st_bind_text(s, 4, u->name);
    st_bind_text(s, 5, u->unit_class);
    st_bind_text(s, 6, u->resource_type);
    st_bind_text(s, 7, u->layer);
    bind_real(s, 8, u->z_min);
    bind_real(s, 9, u->z_max);
    st_bind_double(s, 10, u->area_m2);
    bind_real(s, 11, u->quantity);
    st_bind_text(s, 12, u->quantity_unit);
    st_bind_text(s, 13, u->quality);
    st_bind_text(s, 14, u->valid_from);
    bind_opt_text(s, 15, u->valid_to);
    st_bind_int(s, 16, u->begin_seq);
    bind_opt_int(s, 17, u->end_seq);
    bind_opt_int(s, 18, u->corrected_seq);
    st_bind_geom(s, 19, u->wkb, u->wkb_n);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

int reg_rrr_insert(struct reg *r, struct reg_rrr_row *x, struct ls_err *err)
{
    long long fid = next_fid(r, "reg_rrr", err);
    if (fid < 0)
        return (int)fid;
    x->fid = fid;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        "INSERT INTO reg_rrr (" REG_RRR_COLUMNS
                        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "?, ?, ?, ?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, x->fid);
    st_bind_text(s, 2, x->id);
    st_bind_int(s, 3, x->version);
    st_bind_text(s, 4, x->unit_code);
    st_bind_text(s, 5, x->rrr_class);
    st_bind_text(s, 6, x->type);
    bind_opt_int(s, 7, x->qllx);
    st_bind_text(s, 8, x->layer);
    bind_real(s, 9, x->z_min);
    bind_real(s, 10, x->z_max);
    bind_opt_text(s, 11, x->term_start);
    bind_opt_text(s, 12, x->term_end);
    bind_real(s, 13, x->amount);
    bind_opt_int(s, 14, x->ranking);
    bind_opt_text(s, 15, x->on_rrr);
    bind_opt_text(s, 16, x->exercised_by);
    st_bind_text(s, 17, x->description);
    st_bind_text(s, 18, x->source_doc);
    st_bind_text(s, 19, x->valid_from);
    bind_opt_text(s, 20, x->valid_to);
    st_bind_int(s, 21, x->begin_seq);
    bind_opt_int(s, 22, x->end_seq);
    bind_opt_int(s, 23, x->corrected_seq);
    st_bind_geom(s, 24, x->wkb, x->wkb_n);
    bind_opt_text(s, 25, x->cert_no);
    rc = st_run(s, err);
    st_finalize(s);
    if (rc)
        return rc;
    rc = st_prepare(r->st,
                    "INSERT INTO reg_holder (rrr_id, version, party_id, share_num, share_den) "
                    "VALUES (?, ?, ?, ?, ?)",
                    &s, err);
    for (int i = 0; !rc && i < x->nholders; i++) {
        st_bind_text(s, 1, x->id);
        st_bind_int(s, 2, x->version);
        st_bind_text(s, 3, x->holders[i].party);
        st_bind_int(s, 4, x->holders[i].num);
        st_bind_int(s, 5, x->holders[i].den);
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

static int close_row(struct reg *r, const char *table, const char *key, const char *id,
                     long long seq, const char *valid_to, int corrected, struct ls_err *err)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE %s SET end_seq = ?, valid_to = coalesce(?, valid_to), corrected_seq = ? "
             "WHERE %s = ? AND end_seq IS NULL",
             table, key);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, sql, &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, seq);
    bind_opt_text(s, 2, valid_to);
    bind_opt_int(s, 3, corrected ? seq : 0);
    st_bind_text(s, 4, id);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

int reg_unit_close(struct reg *r, const char *code, long long seq, const char *valid_to,
                   int corrected, struct ls_err *err)
{
    return close_row(r, "reg_unit", "unit_code", code, seq, valid_to, corrected, err);
}

int reg_rrr_close(struct reg *r, const char *id, long long seq, const char *valid_to, int corrected,
                  struct ls_err *err)
{
    return close_row(r, "reg_rrr", "rrr_id", id, seq, valid_to, corrected, err);
}

int reg_unit_rrr_ids(struct reg *r, const char *code, char (**ids)[64], int *n, struct ls_err *err)
{
    *ids = NULL;
    *n = 0;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        "SELECT rrr_id FROM reg_rrr WHERE unit_code = ? AND end_seq IS NULL "
                        "ORDER BY rrr_id",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, code);
    int cap = 0;
    while ((rc = st_step(s, err)) == 1) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            char(*grown)[64] = realloc(*ids, (size_t)cap * sizeof **ids);
            if (!grown) {
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
                break;
            }
            *ids = grown;
        }
        snprintf((*ids)[(*n)++], 64, "%s", st_col_text(s, 0));
    }
    st_finalize(s);
    if (rc < 0) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    return 0;
}

static void bind_box(struct ls_stmt *s, int first, const double box[4])
{
    for (int k = 0; k < 4; k++)
        st_bind_double(s, first + k, box[k]);
}

int reg_rrr_near(struct reg *r, const double box[4], reg_rrr_visit visit, void *ctx,
                 struct ls_err *err)
{
    char cond[256], sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT " REG_RRR_COLUMNS " FROM reg_rrr WHERE end_seq IS NULL AND rrr_class = "
             "'right' AND %s ORDER BY rrr_id",
             st_bbox_condition(r->st, "reg_rrr", cond, sizeof cond));
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, sql, &s, err);
    if (rc)
        return rc;
    bind_box(s, 1, box);
    while ((rc = st_step(s, err)) == 1) {
        struct reg_rrr_row x;
        rc = reg_rrr_read(r, s, &x, err);
        if (!rc)
            rc = visit(ctx, &x, err);
        reg_rrr_row_clear(&x);
        if (rc)
            break;
    }
    st_finalize(s);
    return rc;
}

int reg_unit_near(struct reg *r, const char *resource_type, const double box[4],
                  reg_unit_visit visit, void *ctx, struct ls_err *err)
{
    char cond[256], sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT " REG_UNIT_COLUMNS " FROM reg_unit WHERE end_seq IS NULL AND "
             "resource_type = ? AND %s ORDER BY unit_code",
             st_bbox_condition(r->st, "reg_unit", cond, sizeof cond));
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, sql, &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, resource_type);
    bind_box(s, 2, box);
    while ((rc = st_step(s, err)) == 1) {
        struct reg_unit_row u;
        rc = reg_unit_read(s, &u) ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory")
                                  : visit(ctx, &u, err);
        reg_unit_row_clear(&u);
        if (rc)
            break;
    }
    st_finalize(s);
    return rc;
}

int reg_party_kind(struct reg *r, const char *id, char kind[16], struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st, "SELECT kind FROM reg_party WHERE party_id = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    if (rc == 1)
        snprintf(kind, 16, "%s", st_col_text(s, 0));
    st_finalize(s);
    return rc;
}

int reg_rights_overlap(struct reg *r, const char *a, const char *b, double *plan_m2, int *meet,
                       struct ls_err *err)
{
    *plan_m2 = 0;
    *meet = 0;
    struct reg_rrr_row x, y;
    int rc = reg_rrr_current(r, a ? a : "", &x, err);
    int rc2 = rc == 1 ? reg_rrr_current(r, b ? b : "", &y, err) : 0;
    if (rc == 1 && rc2 == 1) {
        GEOSGeometry *gx = rg_from_wkb(r->g, x.wkb, x.wkb_n);
        GEOSGeometry *gy = rg_from_wkb(r->g, y.wkb, y.wkb_n);
        if (gx && gy) {
            *plan_m2 = rg_overlap(r->g, gx, gy);
            *meet = reg_layers_meet(x.layer, x.z_min, x.z_max, y.layer, y.z_min, y.z_max) &&
                    sub_terms_overlap(x.term_start, x.term_end, y.term_start, y.term_end);
            rc = 0;
        } else {
            rc = ls_err_set(err, LS_EINVAL, a, NULL, "geometry",
                            "the footprint of %s or %s could not be read", a, b);
        }
        rg_free(r->g, gx);
        rg_free(r->g, gy);
    } else if (rc >= 0 && rc2 >= 0) {
        rc = ls_err_set(err, LS_ENOENT, rc == 1 ? b : a, NULL, "right", "no right %s is in force",
                        rc == 1 ? b : a);
    } else if (rc2 < 0) {
        rc = rc2;
    }
    if (rc2 == 1)
        reg_rrr_row_clear(&y);
    reg_rrr_row_clear(&x);
    return rc;
}

int reg_unit_geometry(struct reg *r, const char *code, unsigned char **wkb, size_t *n,
                      struct ls_err *err)
{
    *wkb = NULL;
    *n = 0;
    struct reg_unit_row u;
    int rc = reg_unit_current(r, code ? code : "", &u, err);
    if (rc == 1 && u.wkb_n) {
        *wkb = malloc(u.wkb_n);
        if (*wkb) {
            memcpy(*wkb, u.wkb, u.wkb_n);
            *n = u.wkb_n;
        } else {
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        }
    }
    reg_unit_row_clear(&u);
    return rc;
}
