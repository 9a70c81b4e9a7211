/* gep/item — the registry of accounting items and helpers for their prepare functions. */
#include "gep/item.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct gep_item_def gep_item_sand_fixation, gep_item_flood_regulation,
    gep_item_air_purification, gep_item_water_purification, gep_item_climate_regulation,
    gep_item_coastal_protection, gep_item_agricultural_products, gep_item_forestry_products,
    gep_item_livestock_products, gep_item_fishery_products, gep_item_ecological_energy,
    gep_item_water_supply, gep_item_water_conservation, gep_item_soil_retention,
    gep_item_carbon_sequestration, gep_item_oxygen_release, gep_item_recreation_tourism,
    gep_item_landscape_value, gep_item_carbon_storage;

/* In the order of the national specification: provisioning, regulating, cultural; stocks last. */
static const struct gep_item_def *const registry[] = {
    &gep_item_agricultural_products, &gep_item_forestry_products,
    &gep_item_livestock_products,    &gep_item_fishery_products,
    &gep_item_ecological_energy,     &gep_item_water_supply,
    &gep_item_water_conservation,    &gep_item_soil_retention,
    &gep_item_sand_fixation,         &gep_item_coastal_protection,
    &gep_item_flood_regulation,      &gep_item_air_purification,
    &gep_item_water_purification,    &gep_item_carbon_sequestration,
    &gep_item_oxygen_release,        &gep_item_climate_regulation,
    &gep_item_recreation_tourism,    &gep_item_landscape_value,
    &gep_item_carbon_storage,        NULL,
};

const struct gep_item_def *const *gep_items(void)
{
    return registry;
}

const struct gep_item_def *gep_item_find(const char *id)
{
    for (int i = 0; registry[i]; i++)
        if (strcmp(registry[i]->id, id) == 0)
            return registry[i];
    return NULL;
}

const char *gep_layer_key(int layer)
{
    static const char *const keys[GEP_L_COUNT] = {
        "precipitation", "et0",         "soil_depth", "pawc", "erosivity", "erodibility",    "npp",
        "dem",           "wind_factor", "sand",       "silt", "clay",      "organic_matter", "ndvi",
    };
    return layer >= 0 && layer < GEP_L_COUNT ? keys[layer] : NULL;
}

int gep_item_table(struct gep_item *it, int slot, const struct gep_method *m, const char *name,
                   const struct gep_classes *cl, struct ls_err *err)
{
    free(it->tab[slot]);
    it->tab[slot] = calloc(cl->n + 1, sizeof *it->tab[slot]);
    if (!it->tab[slot])
        return ls_err_set(err, LS_ENOMEM, m->origin, it->mi->id, name, "out of memory");
    return gep_param_table(m, it->mi, name, cl, it->tab[slot], err);
}

int gep_item_part(struct gep_item *it, const char *name, const char *price, double factor,
                  double yuan_per_price_unit)
{
    if (it->nparts >= GEP_MAX_PARTS)
        return -1;
    struct gep_value_part *p = &it->parts[it->nparts++];
    snprintf(p->name, sizeof p->name, "%s", name);
    snprintf(p->price, sizeof p->price, "%s", price);
    p->yuan_per_unit = factor * yuan_per_price_unit;
    it->unit_value += p->yuan_per_unit;
    return 0;
}

int gep_item_model(const struct gep_item *it, const struct gep_method *m, const char *const *known,
                   struct ls_err *err)
{
    char list[256] = "";
    for (int i = 0; known[i]; i++) {
        if (strcmp(known[i], it->mi->model) == 0)
            return 0;
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", known[i]);
    }
    return ls_err_set(err, LS_EINVAL, m->origin, it->mi->id, "model",
                      "unknown model \"%s\" for %s (known: %s)", it->mi->model, it->def->id, list);
}

void gep_item_release(struct gep_item *it)
{
    for (int i = 0; i < GEP_MAX_TABLES; i++) {
        free(it->tab[i]);
        it->tab[i] = NULL;
    }
}
