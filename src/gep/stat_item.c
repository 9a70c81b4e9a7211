/*
 * gep/stat_item — what items computed from the statistics table share: the rows of the item,
 * each quantity × its (re-based) price, by region and ecosystem type of origin, and the
 * components (products) the report lists. An included item with no row, or a row without a
 * price, is an error naming the table and the row: an empty line in the account would read as
 * a zero value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gep/item.h"
#include "gep/statistics.h"

int gep_post_component(struct gep_post *p, const char *name, const char *unit, double physical,
                       double value)
{
    for (size_t i = 0; i < *p->ncomp; i++)
        if (strcmp((*p->comp)[i].name, name) == 0 && strcmp((*p->comp)[i].unit, unit) == 0) {
            (*p->comp)[i].physical += physical;
            (*p->comp)[i].value += value;
            return 0;
        }
    struct gep_component *c = realloc(*p->comp, (*p->ncomp + 1) * sizeof *c);
    if (!c)
        return -1;
    *p->comp = c;
    c += (*p->ncomp)++;
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->unit, sizeof c->unit, "%s", unit);
    c->physical = physical;
    c->value = value;
    return 0;
}

int gep_stats_prepare(struct gep_item *it, const struct gep_method *m, const struct gep_classes *cl,
                      struct ls_err *err)
{
    (void)cl;
    static const char *const models[] = { "statistics", NULL };
    it->par[0] = 1.0;
    it->unit_value = NAN; /* prices come with each row */
    return gep_item_model(it, m, models, err);
}

int gep_stats_post(const struct gep_item *it, struct gep_post *p, struct ls_err *err)
{
    const struct gep_stats *s = p->stats;
    size_t used = 0;
    for (size_t r = 0; s && r < s->n; r++) {
        const struct gep_stat_row *row = &s->rows[r];
        if (strcmp(row->item, it->def->id) != 0)
            continue;
        char where[48];
        snprintf(where, sizeof where, "line %ld", row->line);
        if (isnan(row->price))
            return ls_err_set(err, LS_EINVAL, s->path, where, "price",
                              "%s needs a price for \"%s\" (yuan per unit of the quantity)",
                              it->def->id, row->product);
        int eco = row->eco != GEP_ECO_NONE ? row->eco : it->def->default_eco;
        size_t cell = row->region * GEP_ECO_COUNT + (size_t)eco;
        double v = row->quantity * row->price * it->par[0];
        p->phys[cell] += row->quantity;
        p->value[cell] += v;
        if (gep_post_component(p, row->product[0] ? row->product : it->def->id, it->def->unit,
                               row->quantity, v))
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        used++;
    }
    if (!used)
        return ls_err_set(err, LS_EINVAL, s ? s->path : p->m->origin, NULL, it->def->id,
                          "the method includes %s but the statistics table has no row for it%s",
                          it->def->id, s ? "" : " (the account gives no \"statistics\" table)");
    return 0;
}
