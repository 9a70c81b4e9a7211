/*
 * zoning/check — the compliance check of one footprint for one project category: its overlap
 * with every zone of the rule table (ellipsoidal area, or length for lines and shorelines),
 * the land classes it occupies (survey scheme, TD/T 1055—2019), the cropland it takes by
 * quality grade and paddy/dry as net area after the field-ridge deduction (spatial.md §2.5),
 * the verdict — the most restrictive decision among the zones it really occupies (overlaps
 * under the table's sliver area do not count) — with every reason, its rule and legal basis,
 * and the obligations it creates: cropland to supplement (area, paddy, standard grain capacity
 * Σ A_g·(grades + 1 − g)·band), natural shoreline to restore, red-line restoration duty.
 * The footprint must be in the data's CRS (the CLI transforms it and says so).
 * The caller owns a result and frees it with zn_check_free.
 */
#ifndef LS_ZONING_CHECK_H
#define LS_ZONING_CHECK_H

#include "geo/area.h"
#include "zoning/data.h"

#define ZN_MAX_CLASSES 128
#define ZN_MAX_GRADES  16
#define ZN_MAX_ADMIN   64

struct zn_overlap {
    int zone;
    double planar_m2, ellipsoidal_m2, length_m;
    int counts; /* above the sliver threshold */
    const struct zn_rule *rule;
    GEOSGeometry *piece; /* the overlap, owned */
};

struct zn_class_area {
    char dlbm[8];
    double ellipsoidal_m2, net_m2;
};

struct zn_check_result {
    char label[128];
    int category;
    enum zn_scheme scheme; /* of the land-class codes */
    int line;              /* the footprint is a line */
    double footprint_m2, footprint_length_m;
    enum zn_decision verdict;
    struct zn_overlap ov[ZN_MAX_ZONES];
    size_t n_ov;
    struct zn_class_area classes[ZN_MAX_CLASSES];
    size_t n_classes;
    double crop_net_m2, paddy_net_m2, crop_by_grade_net_m2[ZN_MAX_GRADES + 1];
    double grain_capacity_kg;
    double outside_county_m2; /* part of the footprint outside the county boundary */
    struct {
        char name[48], mfz[64]; /* township and its main function zone */
    } admin[ZN_MAX_ADMIN];
    size_t n_admin;
    GEOSContextHandle_t geos;
};

int zn_check(const struct zn_data *d, const struct zn_rules *r, struct geo_area_ctx *area,
             const GEOSGeometry *footprint, const char *label, int category,
             struct zn_check_result *res, struct ls_err *err);

/* The result as the API and `liangshan check --json` give it. */
json_t *zn_check_json(const struct zn_rules *r, const struct zn_check_result *res);

/*
 * Adds the overlap pieces of res to w's current layer (created by the caller with the fields
 * footprint, zone, layer, decision, rule, area_m2, length_m).
 */
struct geo_vwriter;
int zn_check_write_pieces(struct geo_vwriter *w, const struct zn_rules *r,
                          const struct zn_check_result *res, struct ls_err *err);

void zn_check_free(struct zn_check_result *res);

#endif
