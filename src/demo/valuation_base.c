/*
 * demo/valuation_base — the demo county's valuation base data (issue 21), the datasets a
 * county's appraisers work from, in DIR/valuation/base.gpkg (EPSG:4528) beside the survey:
 *   - land_grade_zone (土地级别与基准地价, GB/T 18508-2014): four land grades by distance from
 *     the towns (the county seat's circle half as wide again), each with the benchmark prices
 *     of commercial, residential, industrial and public land, yuan/m² on 2023-01-01;
 *   - forest_stand (森林资源小班, the forest management inventory): every tree-forest patch
 *     (0301) of the survey as a stand with its dominant species (by elevation), age, age class
 *     (the southern age-class tables of the inventory rules) and volume (a Richards yield curve);
 *   - sea_area_class (海域等别): the sea by distance from the coast, class 4 within 3 km and 5
 *     beyond — a demo simplification: a real county has the one class of its line in the
 *     national table;
 *   - land_transaction (土地交易案例): dated sales inside the urban development boundary at the
 *     grade's benchmark moved by 3 %/year and ±10 %, the comparables of a market comparison.
 * And DIR/valuation/defaults.json: the county's mass-appraisal parameters (docs/valuation.md).
 * Same seed, same bytes. Internal to demo/.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ogr_api.h>

#include "demo/internal.h"
#include "demo/polygonize.h"
#include "geo/crs.h"
#include "geo/vwrite.h"

/* benchmark prices by grade I–IV, yuan/m² (the county's 2023 基准地价 update) */
static const double BENCH[4][4] = {
    { 3600, 2300, 1350, 680 }, /* commercial 商服 */
    { 3000, 1950, 1150, 560 }, /* residential 住宅 */
    { 560, 450, 360, 290 },    /* industrial 工业 */
    { 1200, 900, 650, 420 },   /* public 公共管理与公共服务 */
};
static const char *const USES[4] = { "commercial", "residential", "industrial", "public" };

/* species: rotation (years), age-class upper bounds young … near-mature … mature, and the
 * Richards curve V = Vmax·(1 − e^(−k·age))^c, m³/ha */
static const struct species {
    const char *id, *zh;
    int bounds[4]; /* young ≤ b0 < middle ≤ b1 < near_mature ≤ b2 < mature ≤ b3 < over_mature */
    double vmax, k, c;
} SPECIES[3] = {
    { "fir", "杉木", { 10, 20, 25, 35 }, 300, 0.08, 2.5 },
    { "pine", "马尾松", { 10, 20, 30, 50 }, 250, 0.06, 2.5 },
    { "broadleaf", "阔叶混交", { 20, 30, 40, 60 }, 220, 0.05, 2.0 },
};
static const char *const AGE_CLASSES[5] = { "young", "middle", "near_mature", "mature",
                                            "over_mature" };

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
static double unit_rand(uint64_t seed, uint64_t k)
{
    return (double)(mix(seed ^ mix(k)) >> 11) / 9007199254740992.0;
}

struct vb {
    const struct demo_county *c;
    struct geo_vwriter *w;
    int layer; /* 0 grade zones, 1 stands, 2 sea classes */
    long long bsm;
    const float *patch_elev; /* mean elevation per patch label */
};

/* the land grade of a cell: 1 … 4 by its distance from the nearest town, in town radii */
static int land_grade(const struct demo_county *c, double x, double y)
{
    double best = INFINITY;
    for (size_t t = 0; t < c->ntowns; t++) {
        const struct demo_town *tw = &c->towns[t];
        double r = tw->radius * (tw->seat ? 1.5 : 1.0);
        double d = hypot(x - tw->x, y - tw->y) / (r > 0 ? r : 1);
        if (d < best)
            best = d;
    }
    return best < 0.5 ? 1 : best < 1.0 ? 2 : best < 2.5 ? 3 : 4;
}

static int species_of(double elev)
{
    return elev > 600 ? 0 : elev > 250 ? 1 : 2;
}

static int age_class(const struct species *s, int age)
{
    for (int i = 0; i < 4; i++)
        if (age <= s->bounds[i])
            return i;
    return 4;
}

static double volume(const struct species *s, int age)
{
    return round(s->vmax * pow(1 - exp(-s->k * age), s->c) * 10) / 10;
}

static int emit(void *ctx, int32_t label, OGRGeometryH poly, struct ls_err *err)
{
    struct vb *v = ctx;
    OGRFeatureH f = geo_vwriter_feature(v->w);
    OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(OGR_G_Clone(poly)));
    v->bsm++;
    if (v->layer == 0) {
        int g = (int)label;
        OGR_F_SetFieldInteger64(f, 0, v->bsm);
        OGR_F_SetFieldInteger(f, 1, g);
        for (int u = 0; u < 4; u++)
            OGR_F_SetFieldDouble(f, 2 + u, BENCH[u][g - 1]);
        OGR_F_SetFieldString(f, 6, "2023-01-01");
    } else if (v->layer == 1) {
        int sp = species_of(v->patch_elev[label]);
        const struct species *s = &SPECIES[sp];
        /* planted in the last 60 years, the older stands on the higher ground */
        int age = 3 + (int)(unit_rand(v->c->seed, (uint64_t)label) * 55);
        char id[24];
        snprintf(id, sizeof id, "XB%06lld", v->bsm);
        OGR_F_SetFieldString(f, 0, id);
        OGR_F_SetFieldString(f, 1, s->id);
        OGR_F_SetFieldString(f, 2, s->zh);
        OGR_F_SetFieldInteger(f, 3, age);
        OGR_F_SetFieldString(f, 4, AGE_CLASSES[age_class(s, age)]);
        OGR_F_SetFieldDouble(f, 5, volume(s, age));
        OGR_F_SetFieldString(f, 6, "planted");
    } else {
        OGR_F_SetFieldInteger64(f, 0, v->bsm);
        OGR_F_SetFieldInteger(f, 1, (int)label + 3);
    }
    return geo_vwriter_write(v->w, f, err);
}

static int layer(struct vb *v, const char *name, OGRwkbGeometryType gt, const char *const *names,
                 const OGRFieldType *types, size_t n, struct ls_err *err)
{
    struct geo_crs crs;
    int rc = geo_crs_from_epsg(DEMO_EPSG, &crs, err);
    if (!rc)
        rc = geo_vwriter_layer(v->w, name, &crs, gt, err);
    for (size_t i = 0; !rc && i < n; i++)
        rc = geo_vwriter_field(v->w, names[i], types[i], 0, err);
    v->bsm = 0;
    return rc;
}

/* dated sales inside the urban development boundary, a fixed number per county size */
static int transactions(struct vb *v, struct ls_err *err)
{
    const struct demo_county *c = v->c;
    static const char *const names[] = { "JYBH",    "use",        "date",       "price",
                                         "area_m2", "plot_ratio", "term_years", "grade" };
    static const OGRFieldType types[] = { OFTString, OFTString, OFTString,  OFTReal,
                                          OFTReal,   OFTReal,   OFTInteger, OFTInteger };
    int rc = layer(v, "land_transaction", wkbPoint, names, types, 8, err);
    size_t n = (size_t)c->nx * (size_t)c->ny, want = 24, made = 0;
    for (uint64_t k = 0; !rc && made < want && k < 400000; k++) {
        size_t at = (size_t)(unit_rand(c->seed, 1000003 + k) * (double)n);
        if (c->zone[at] != ZONE_UDB || !c->inside[at])
            continue;
        int i = (int)(at % (size_t)c->nx), j = (int)(at / (size_t)c->nx);
        double x = demo_cx(c, i), y = demo_cy(c, j);
        int u = (int)(made % 3), g = land_grade(c, x, y);
        int month = (int)(unit_rand(c->seed, 2000003 + k) * 42); /* 2021-01 … 2024-06 */
        double years = (month - 24) / 12.0;                      /* from 2023-01-01 */
        double price =
            BENCH[u][g - 1] * pow(1.03, years) * (0.9 + 0.2 * unit_rand(c->seed, 3000003 + k));
        char id[16], date[16];
        snprintf(id, sizeof id, "JY%04zu", made + 1);
        snprintf(date, sizeof date, "%04d-%02d-15", 2021 + month / 12, month % 12 + 1);
        OGRFeatureH f = geo_vwriter_feature(v->w);
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, x, y);
        OGR_F_SetGeometryDirectly(f, pt);
        OGR_F_SetFieldString(f, 0, id);
        OGR_F_SetFieldString(f, 1, USES[u]);
        OGR_F_SetFieldString(f, 2, date);
        OGR_F_SetFieldDouble(f, 3, round(price));
        OGR_F_SetFieldDouble(f, 4, 2000 + round(unit_rand(c->seed, 4000003 + k) * 28000));
        OGR_F_SetFieldDouble(f, 5, u == 2 ? 1.2 : u == 0 ? 2.5 : 2.0);
        OGR_F_SetFieldInteger(f, 6, u == 0 ? 40 : u == 1 ? 70 : 50);
        OGR_F_SetFieldInteger(f, 7, g);
        rc = geo_vwriter_write(v->w, f, err);
        made++;
    }
    return rc;
}

static int write_defaults(const char *dir, struct ls_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/valuation/defaults.json", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    /* the county's mass-appraisal parameters: which dataset and which inputs each kind of
     * right is valued by (docs/valuation.md, "Every unit by its default method") */
    fputs(
        "{\n"
        " \"id\": \"331099-mass-2024\", \"name\": \"两山县自然资源资产批量估价参数\",\n"
        " \"date\": \"2024-12-31\", \"scheme\": \"cn-2021\", \"base\": \"base.gpkg\",\n"
        " \"construction\": {\"layer\": \"land_grade_zone\", \"benchmark_date\": \"2023-01-01\",\n"
        "  \"growth\": 0.03, \"uses\": {\"05\": \"commercial\", \"06\": \"industrial\", "
        "\"07\": \"residential\"}, \"other_use\": \"public\",\n"
        "  \"rights\": [\"construction_land_use\", \"homestead_use\"]},\n"
        " \"farmland\": {\"rights\": [\"contracted_land\"],\n"
        "  \"benchmark_by_grade\": {\"1\": 60000, \"2\": 57000, \"3\": 54000, \"4\": 51000, "
        "\"5\": 48000, \"6\": 45000, \"7\": 42000, \"8\": 39000, \"9\": 36000, \"10\": 33000, "
        "\"11\": 30000, \"12\": 27000, \"13\": 24000, \"14\": 21000, \"15\": 18000},\n"
        "  \"ungraded\": {\"02\": {\"method\": \"income_capitalisation\", \"inputs\": "
        "{\"a\": 2.25, \"r\": 0.05, \"n\": 30}}},\n"
        "  \"source\": \"两山县农用地基准地价 2023, yuan/mu by national grade (GB/T 28407-2012); "
        "gardens by their net rent, ¥1,500/mu a year for the rest of the contract\"},\n"
        " \"forest\": {\"rights\": [\"forest_use\", \"forest_tree\"], \"layer\": "
        "\"forest_stand\",\n"
        "  \"land\": {\"method\": \"annuity\", \"A\": 900, \"P\": 0.06},\n"
        "  \"P\": 0.06, \"species\": {\n"
        "   \"fir\": {\"rotation\": 26, \"price_m3\": 1100, \"cost_m3\": 420, \"outturn\": 0.7, "
        "\"profit\": 0.12, \"costs\": [9000, 3000, 2250], \"upkeep\": 150, "
        "\"yield_at_rotation\": 215},\n"
        "   \"pine\": {\"rotation\": 31, \"price_m3\": 850, \"cost_m3\": 380, \"outturn\": 0.65, "
        "\"profit\": 0.12, \"costs\": [7500, 2700, 1800], \"upkeep\": 120, "
        "\"yield_at_rotation\": 164},\n"
        "   \"broadleaf\": {\"rotation\": 41, \"price_m3\": 700, \"cost_m3\": 360, \"outturn\": "
        "0.6, \"profit\": 0.12, \"costs\": [6000, 2250, 1500], \"upkeep\": 90, "
        "\"yield_at_rotation\": 167}},\n"
        "  \"source\": \"浙江省森林资源资产评估参数 (demo): stumpage prices, harvest costs and "
        "outturn rates by species; LY/T 2407-2015\"},\n"
        " \"sea\": {\"rights\": [\"sea_area_use\"], \"layer\": \"sea_area_class\",\n"
        "  \"uses\": {\"sea_area_use\": \"permeable_structure\"}, \"years\": 15}\n"
        "}\n",
        f);
    if (fclose(f))
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    return 0;
}

int demo_write_valuation_base(const struct demo_county *c, const char *dir, struct ls_err *err)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/valuation", dir);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    snprintf(path, sizeof path, "%s/valuation/base.gpkg", dir);
    size_t n = (size_t)c->nx * (size_t)c->ny;
    int32_t *lab = malloc(n * sizeof *lab);
    float *elev = calloc((size_t)c->npatch_labels + 1, sizeof *elev);
    uint32_t *cells = calloc((size_t)c->npatch_labels + 1, sizeof *cells);
    struct vb v = { .c = c, .patch_elev = elev };
    struct geo_vwriter_opts wo = { .fixed_date = DEMO_FILE_DATE };
    int rc = !lab || !elev || !cells ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory")
                                     : geo_vwriter_open(path, &wo, &v.w, err);
    static const char *const zn[] = { "BSM",        "grade",  "commercial",    "residential",
                                      "industrial", "public", "benchmark_date" };
    static const OGRFieldType zt[] = { OFTInteger64, OFTInteger, OFTReal,  OFTReal,
                                       OFTReal,      OFTReal,    OFTString };
    if (!rc)
        rc = layer(&v, "land_grade_zone", wkbMultiPolygon, zn, zt, 7, err);
    for (size_t k = 0; !rc && k < n; k++)
        lab[k] = c->inside[k] ? land_grade(c, demo_cx(c, (int)(k % (size_t)c->nx)),
                                           demo_cy(c, (int)(k / (size_t)c->nx)))
                              : 0;
    v.layer = 0;
    if (!rc)
        rc = demo_polygonize(c, lab, c->patch, emit, &v, err);
    /* stands: the tree-forest patches, their mean elevation choosing the species */
    for (size_t k = 0; !rc && k < n; k++) {
        int32_t p = c->patch[k];
        if (p > 0 && p <= c->npatch_labels && c->inside[k] && c->lc[k] == 301) {
            elev[p] += c->elev[k];
            cells[p]++;
        }
    }
    for (int32_t p = 0; !rc && p <= c->npatch_labels; p++)
        if (cells[p])
            elev[p] /= (float)cells[p];
    static const char *const sn[] = { "XBH",       "species",      "SZ",    "age",
                                      "age_class", "volume_m3_ha", "origin" };
    static const OGRFieldType st[] = { OFTString, OFTString, OFTString, OFTInteger,
                                       OFTString, OFTReal,   OFTString };
    if (!rc)
        rc = layer(&v, "forest_stand", wkbMultiPolygon, sn, st, 7, err);
    for (size_t k = 0; !rc && k < n; k++)
        lab[k] = c->inside[k] && c->lc[k] == 301 ? c->patch[k] : 0;
    v.layer = 1;
    if (!rc)
        rc = demo_polygonize(c, lab, c->patch, emit, &v, err);
    static const char *const cn[] = { "BSM", "class" };
    static const OGRFieldType ct[] = { OFTInteger64, OFTInteger };
    if (!rc)
        rc = layer(&v, "sea_area_class", wkbMultiPolygon, cn, ct, 2, err);
    for (size_t k = 0; !rc && k < n; k++)
        lab[k] = c->sea[k] ? (-c->coast_dist[k] <= 3000 ? 1 : 2) : 0; /* negative at sea */
    v.layer = 2;
    if (!rc)
        rc = demo_polygonize(c, lab, NULL, emit, &v, err);
    if (!rc)
        rc = transactions(&v, err);
    if (!rc) {
        rc = geo_vwriter_commit(v.w, err);
        v.w = NULL;
    }
    if (v.w)
        geo_vwriter_abort(v.w);
    free(lab);
    free(elev);
    free(cells);
    return rc ? rc : write_defaults(dir, err);
}
