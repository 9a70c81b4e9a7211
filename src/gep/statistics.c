/* gep/statistics — the account's statistics table. */
#include "gep/statistics.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"

struct unit_def {
    const char *name, *base;
    double factor;
};

static const struct unit_def units[] = {
    { "t", "t", 1 },
    { "kg", "t", 1e-3 },
    { "万t", "t", 1e4 },
    { "亿t", "t", 1e8 },
    { "m3", "m3", 1 },
    { "万m3", "m3", 1e4 },
    { "亿m3", "m3", 1e8 },
    { "kWh", "kWh", 1 },
    { "MWh", "kWh", 1e3 },
    { "万kWh", "kWh", 1e4 },
    { "亿kWh", "kWh", 1e8 },
    { "person-trips", "person-trips", 1 },
    { "万人次", "person-trips", 1e4 },
    { "m2", "m2", 1 },
    { "万m2", "m2", 1e4 },
    { "km", "km", 1 },
    { "m", "km", 1e-3 },
};

double gep_unit_factor(const char *from, const char *to)
{
    const struct unit_def *f = NULL, *t = NULL;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        if (strcmp(units[i].name, from) == 0)
            f = &units[i];
        if (strcmp(units[i].name, to) == 0)
            t = &units[i];
    }
    if (!f || !t || strcmp(f->base, t->base) != 0)
        return 0;
    return f->factor / t->factor;
}

__attribute__((format(printf, 5, 6))) static int row_err(struct ls_err *err, const struct ls_csv *t,
                                                         size_t r, const char *field,
                                                         const char *fmt, ...)
{
    char where[48];
    snprintf(where, sizeof where, "line %ld", t->line[r]);
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(err, LS_EINVAL, t->path, where, field, fmt, ap);
    va_end(ap);
    return rc;
}

static int parse_row(const struct ls_csv *t, size_t r, const int *col, char (*names)[128],
                     size_t n_regions, const char *county, const struct gep_method *m,
                     const char *(*item_unit)(const char *, const void *), const void *ctx,
                     struct gep_stat_row *o, struct ls_err *err)
{
    enum { C_REGION, C_ITEM, C_PRODUCT, C_QTY, C_UNIT, C_PRICE, C_PUNIT, C_PYEAR, C_ECO, C_SRC };
    char **f = t->rows[r];
    o->line = t->line[r];
    o->region = (size_t)-1;
    for (size_t z = 0; z < n_regions; z++)
        if (strcmp(names[z], f[col[C_REGION]]) == 0)
            o->region = z;
    if (o->region == (size_t)-1 && county && strcmp(county, f[col[C_REGION]]) == 0)
        o->region = n_regions;
    if (o->region == (size_t)-1)
        return row_err(err, t, r, "region",
                       "region \"%s\" is neither a region of the account's region layer nor "
                       "the account's region%s",
                       f[col[C_REGION]], county ? "" : " (the account names none)");
    snprintf(o->item, sizeof o->item, "%s", f[col[C_ITEM]]);
    const char *iu = item_unit(o->item, ctx);
    if (!iu)
        return row_err(err, t, r, "item", "item \"%s\" is not a statistics item of method %s",
                       o->item, m->id);
    snprintf(o->product, sizeof o->product, "%s", col[C_PRODUCT] >= 0 ? f[col[C_PRODUCT]] : "");
    int rc = ls_csv_number(t, r, col[C_QTY], &o->quantity, err);
    if (rc)
        return rc;
    if (o->quantity < 0)
        return row_err(err, t, r, "quantity", "quantity %s is negative", f[col[C_QTY]]);
    const char *u = f[col[C_UNIT]];
    double factor = gep_unit_factor(u, iu);
    if (factor == 0)
        return row_err(err, t, r, "unit", "unit \"%s\" cannot be converted to %s", u, iu);
    o->quantity *= factor;
    o->price = NAN;
    if (col[C_PRICE] >= 0 && f[col[C_PRICE]][0]) {
        double p;
        long year = m->price_year;
        if ((rc = ls_csv_number(t, r, col[C_PRICE], &p, err)))
            return rc;
        char want[64];
        snprintf(want, sizeof want, "yuan/%s", u);
        const char *pu = col[C_PUNIT] >= 0 ? f[col[C_PUNIT]] : "";
        if (strcmp(pu, want) != 0)
            return row_err(err, t, r, "price_unit",
                           "price unit \"%s\" does not match the quantity's unit (expected %s)", pu,
                           want);
        if (col[C_PYEAR] >= 0 && f[col[C_PYEAR]][0] &&
            (rc = ls_csv_integer(t, r, col[C_PYEAR], &year, err)))
            return rc;
        if ((rc = gep_rebase(m, p, (int)year, &p, o->item, err)))
            return rc;
        o->price = p / factor;
    }
    o->eco = GEP_ECO_NONE;
    if (col[C_ECO] >= 0 && f[col[C_ECO]][0]) {
        o->eco = gep_eco_from_id(f[col[C_ECO]]);
        if (o->eco < 0)
            return row_err(err, t, r, "ecosystem", "unknown ecosystem type \"%s\"", f[col[C_ECO]]);
    }
    snprintf(o->source, sizeof o->source, "%s", col[C_SRC] >= 0 ? f[col[C_SRC]] : "");
    return 0;
}

int gep_stats_load(const char *path, char (*names)[128], size_t n_regions, const char *county,
                   const struct gep_method *m,
                   const char *(*item_unit)(const char *item, const void *ctx), const void *ctx,
                   struct gep_stats *s, struct ls_err *err)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    struct ls_csv t;
    int rc = ls_csv_read(path, &t, err);
    if (rc)
        return rc;
    static const char *const names_req[] = { "region", "item", NULL, "quantity", "unit" };
    static const char *const cols[] = {
        "region", "item",       "product",    "quantity",  "unit",
        "price",  "price_unit", "price_year", "ecosystem", "source"
    };
    int col[10];
    for (int i = 0; i < 10 && !rc; i++) {
        col[i] = ls_csv_col(&t, cols[i]);
        if (i < 5 && names_req[i] && col[i] < 0)
            rc = ls_csv_need_col(&t, cols[i], &col[i], err);
    }
    s->rows = calloc(t.nrows + 1, sizeof *s->rows);
    if (!rc && !s->rows)
        rc = ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    for (size_t r = 0; !rc && r < t.nrows; r++) {
        rc = parse_row(&t, r, col, names, n_regions, county, m, item_unit, ctx, &s->rows[r], err);
        if (!rc && s->rows[r].region == n_regions)
            s->county_level_used = 1;
        s->n = r + 1;
    }
    ls_csv_free(&t);
    if (rc)
        gep_stats_free(s);
    return rc;
}

void gep_stats_free(struct gep_stats *s)
{
    free(s->rows);
    s->rows = NULL;
    s->n = 0;
}
