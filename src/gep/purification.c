/* gep/purification — capacity capped by emissions, shared by capacity. */
#include "gep/purification.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gep/statistics.h"

int gep_purification_prepare(struct gep_item *it, const struct gep_method *m,
                             const struct gep_classes *cl, struct ls_err *err)
{
    static const char *const models[] = { "capacity_capped_by_emissions", NULL };
    int rc = gep_item_model(it, m, models, err);
    if (rc)
        return rc;
    const char *name;
    json_t *v;
    int n = 0;
    json_object_foreach(it->mi->prices, name, v)
    {
        if (n == GEP_MAX_TABLES)
            return ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "prices",
                              "at most %d pollutants", GEP_MAX_TABLES);
        char table[96];
        snprintf(table, sizeof table, "capacity_%s", name);
        double price;
        if ((rc = gep_item_table(it, n, m, table, cl, err)) ||
            (rc = gep_price(m, it->mi, name, "yuan/t", &price, err)))
            return rc;
        gep_item_part(it, name, name, 1.0, price);
        n++;
    }
    if (n == 0)
        return ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "prices",
                          "names no pollutant (a price per pollutant, yuan/t)");
    it->unit_value = NAN; /* one price per pollutant */
    return 0;
}

/* Capacity (t) of class k over `ha` hectares. */
static double capacity_t(const struct gep_item *it, int j, size_t k, double ha)
{
    double q = it->tab[j][k];
    return isnan(q) ? 0 : q * ha * 1e-3;
}

int gep_purification_post(const struct gep_item *it, struct gep_post *p, struct ls_err *err)
{
    const struct gep_stats *s = p->stats;
    const size_t ncl = p->cl->n;
    int seen[GEP_MAX_PARTS] = { 0 };
    for (size_t r = 0; s && r < s->n; r++) {
        const struct gep_stat_row *row = &s->rows[r];
        if (strcmp(row->item, it->def->id) != 0)
            continue;
        char where[48];
        snprintf(where, sizeof where, "line %ld", row->line);
        int j = -1;
        for (int q = 0; q < it->nparts; q++)
            if (strcmp(it->parts[q].name, row->product) == 0)
                j = q;
        if (j < 0)
            return ls_err_set(err, LS_EINVAL, s->path, where, "product",
                              "\"%s\" is not a pollutant the method prices for %s", row->product,
                              it->def->id);
        seen[j] = 1;
        /* the regions whose capacity meets these emissions */
        size_t z0 = row->region, z1 = row->region + 1;
        if (row->region >= p->n_polygons) {
            z0 = 0;
            z1 = p->n_polygons;
        }
        double cap = 0;
        for (size_t z = z0; z < z1; z++)
            for (size_t k = 0; k < ncl; k++)
                cap += capacity_t(it, j, k, p->area_class[z * ncl + k] / 1e4);
        double q = fmin(row->quantity, cap);
        for (size_t z = z0; z < z1 && cap > 0; z++)
            for (size_t k = 0; k < ncl; k++) {
                double share = capacity_t(it, j, k, p->area_class[z * ncl + k] / 1e4) / cap;
                size_t cell = z * GEP_ECO_COUNT + (size_t)p->cl->eco[k];
                p->phys[cell] += q * share;
                p->value[cell] += q * share * it->parts[j].yuan_per_unit;
            }
        if (gep_post_component(p, row->product, it->def->unit, q, q * it->parts[j].yuan_per_unit))
            return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    for (int j = 0; j < it->nparts; j++)
        if (!seen[j])
            return ls_err_set(err, LS_EINVAL, s ? s->path : p->m->origin, NULL, it->def->id,
                              "no emission row for %s: %s counts only what is emitted (give 0 "
                              "when nothing is)",
                              it->parts[j].name, it->def->id);
    return 0;
}
