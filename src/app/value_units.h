/*
 * app/value_units — every registry unit valued by its default method (issue 21; 批量评估), the
 * use case behind `liangshan value units`: the county's mass-appraisal parameters
 * (valuation/mass) and base maps (land grade zones with benchmark prices, forest stands, sea-
 * area classes; the survey's patches for land class and cropland grade) give each unit in
 * force its basis at a point inside it (GEOS PointOnSurface), the basis its rate, the rate
 * times its registered area its value. Writes, all or nothing, into a new folder:
 *   units.csv     one row per unit: code, use right, kind, basis, area, rate, value (or why not);
 *   bases.json    each distinct basis with its request and its full valuation report;
 *   summary.json  counts, areas and values per kind, the unvalued by reason, the inputs'
 *                 SHA-256 (parameters, base maps, survey, scheme) and the register's head.
 * Same inputs, same bytes. Nothing is written to the store: a mass appraisal is a statistic of
 * the register, not a valuation of record (docs/valuation.md).
 *
 * Ownership: app_value_units fills *summary (a new reference, the caller releases it).
 */
#ifndef LS_APP_VALUE_UNITS_H
#define LS_APP_VALUE_UNITS_H

#include <jansson.h>

#include "base/err.h"

struct app_value_units_opts {
    const char *store;    /* the register */
    const char *defaults; /* the parameters (JSON) */
    const char *base;     /* the base maps' GeoPackage; NULL: the parameters' "base" beside them */
    const char *survey;   /* the county's survey GeoPackage (landuse_patch) */
    const char *scheme;   /* NULL: the parameters' "scheme", else cn-2021 */
    const char *date;     /* NULL: the parameters' "date" */
    const char *out;      /* the folder to create */
    int force;
};

/* Where the time went (seconds, monotonic clock): hashing the inputs and loading the base maps
 * and the survey's patches; then reading and valuing every unit; then writing. Not results:
 * the figures of bench/valuation.sh, never in the files. */
struct app_value_units_timing {
    double hash_s, load_s, value_s, write_s;
};

/* timing may be NULL. */
int app_value_units(const struct app_value_units_opts *o, json_t **summary,
                    struct app_value_units_timing *timing, struct ls_err *err);

#endif
