/*
 * gep/ecosystem — ecosystem types of GEP accounting and the table that maps a land-cover
 * raster's class codes onto them.
 *
 * Every spatial item is summed by (region, ecosystem type), as the standards print their
 * formulas (Σ over ecosystem types i). A land-cover code maps to one class of the table; the
 * class carries its ecosystem type, or GEP_ECO_NONE for cells outside the account (sea
 * outside the county, nodata). A code met in a raster but absent from the table is an error
 * naming the code: accounting it as nothing would silently drop value.
 * The caller owns a class table and frees it with gep_classes_free.
 */
#ifndef LS_GEP_ECOSYSTEM_H
#define LS_GEP_ECOSYSTEM_H

#include <stddef.h>

#include "base/err.h"

enum gep_eco {
    GEP_ECO_NONE = 0,
    GEP_ECO_FOREST,
    GEP_ECO_SHRUB,
    GEP_ECO_GRASSLAND,
    GEP_ECO_WETLAND,
    GEP_ECO_CROPLAND,
    GEP_ECO_URBAN,
    GEP_ECO_BARE,
    GEP_ECO_OCEAN,
    GEP_ECO_COUNT
};

/* "forest", "森林"; NULL past the end. */
const char *gep_eco_id(int eco);
const char *gep_eco_zh(int eco);
/* Type from its id ("forest"), -1 when unknown. "none" is GEP_ECO_NONE. */
int gep_eco_from_id(const char *id);

struct gep_classes {
    size_t n;
    long *code;        /* raster value of each class, ascending */
    int *eco;          /* enum gep_eco */
    char (*label)[48]; /* "0301 乔木林地" or the CSV's label */
    char source[256];
    int *direct; /* code → class index + 1 for codes 0..direct_n-1 (0: absent) */
    long direct_n;
};

/*
 * The built-in table for land-survey codes (TD/T 1055—2019 third national land survey, the
 * code as a number, 0301 → 301) into the ecosystem types of the national ecosystem
 * classification: 耕地 and 园地 → cropland, 林地 → forest (灌木林地 → shrub), 草地 →
 * grassland, 湿地 and water surfaces → wetland, built land → urban, 其他土地 → bare;
 * 0 (outside the survey) → none.
 */
int gep_classes_survey(struct gep_classes *c, struct ls_err *err);

/* Reads a CSV with columns class, ecosystem[, label]. */
int gep_classes_load_csv(const char *path, struct gep_classes *c, struct ls_err *err);

/* Class index of a raster value, -1 when the table has no such class. */
static inline long gep_classes_find(const struct gep_classes *c, long code)
{
    if (code >= 0 && code < c->direct_n)
        return (long)c->direct[code] - 1;
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->code[mid] < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n && c->code[lo] == code ? (long)lo : -1;
}

void gep_classes_free(struct gep_classes *c);

#endif
