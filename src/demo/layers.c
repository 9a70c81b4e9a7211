/*
 * demo/layers — county.gpkg: the county and townships, the land-survey patches with the
 * survey's own fields (三调 DLTB: BSM, DLBM/DLMC, TBMJ, KCXS/KCMJ/TBDLMJ, GDDB, QSXZ, ZLDWDM…),
 * the three control lines, rivers and the shoreline split into natural and artificial. Every
 * area is ellipsoidal (geo/area), every layer in EPSG:4528. Fills the county summary.
 * county-2022.gpkg: the baseline survey (年度变更调查 of 2022) of the same patches with the
 * classes of the year before, and its shoreline; the indicator projects are accepted against
 * it (demo/survey_sites).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>

#include "base/rng.h"
#include "demo/internal.h"
#include "demo/polygonize.h"
#include "geo/area.h"
#include "geo/ogr_bridge.h"
#include "geo/vwrite.h"

struct patch_info {
    uint16_t cls, village;
    uint32_t cells, crop_cells;
    double grade_sum, slope_sum;
};

struct lw {
    const struct demo_county *c;
    struct geo_vwriter *w;
    struct geo_area_ctx *area;
    struct demo_summary *s;
    struct patch_info *pi;
    long *tbbh;          /* next patch number per village */
    double *township_m2; /* Σ TBMJ per township (index + 1); [0] the county */
    long bsm;
    int layer;    /* which layer the emit callback writes */
    int baseline; /* 1: county-2022.gpkg, classes of lc_before; 2: county-2025.gpkg, the
                   * change survey with the damage planted; either: no summary */
    struct demo_sites *sites;
};

/* The WKT of a geometry, malloc'd (OGR's buffer copied so that free() releases it). */
static char *wkt_of(OGRGeometryH g)
{
    char *w = NULL, *copy = NULL;
    if (OGR_G_ExportToWkt(g, &w) == OGRERR_NONE && w)
        copy = strdup(w);
    CPLFree(w);
    return copy;
}

enum { L_COUNTY, L_TOWNSHIP, L_VILLAGE, L_PATCH, L_PBF, L_ECR, L_CORE, L_UDB };

static const double kcxs_by_slope[6] = { 0, 0.02, 0.05, 0.09, 0.13, 0.17 };

static int slope_class(double deg)
{
    return deg <= 2 ? 1 : deg <= 6 ? 2 : deg <= 15 ? 3 : deg <= 25 ? 4 : 5;
}

static int area_of(struct lw *L, OGRGeometryH g, double *ell, struct ls_err *err)
{
    struct geo_mpoly m = { 0 };
    double planar;
    int rc = geo_mpoly_from_ogr(g, &m, err);
    if (!rc)
        rc = geo_area_mpoly(L->area, &m, &planar, ell, err);
    geo_mpoly_free(&m);
    return rc;
}

static struct demo_summary *S(struct lw *L)
{
    return L->s;
}

static void add_class(struct demo_summary *s, const struct demo_class *cl, double a, double net)
{
    int k;
    for (k = 0; k < s->nclasses; k++)
        if (!strcmp(s->classes[k].code, cl->dlbm))
            break;
    if (k == s->nclasses) {
        if (s->nclasses == DEMO_MAX_CLASSES)
            return;
        s->nclasses++;
        snprintf(s->classes[k].code, sizeof s->classes[k].code, "%s", cl->dlbm);
        snprintf(s->classes[k].name, sizeof s->classes[k].name, "%s", cl->dlmc);
    }
    s->classes[k].area_m2 += a;
    s->classes[k].net_m2 += net;
    s->classes[k].patches++;
}

static int emit(void *ctx, int32_t label, OGRGeometryH poly, struct ls_err *err)
{
    struct lw *L = ctx;
    const struct demo_county *c = L->c;
    double a;
    int rc = area_of(L, poly, &a, err);
    if (rc)
        return rc;
    OGRFeatureH f = geo_vwriter_feature(L->w);
    OGRGeometryH mp = OGR_G_ForceToMultiPolygon(OGR_G_Clone(poly));
    OGR_F_SetGeometryDirectly(f, mp);
    L->bsm++;
    char buf[64];
    switch (L->layer) {
    case L_COUNTY:
        /* unit totals are the sums of their patches' TBMJ, as the survey reports them */
        OGR_F_SetFieldString(f, 0, c->code);
        OGR_F_SetFieldString(f, 1, c->name);
        OGR_F_SetFieldDouble(f, 2, L->township_m2[0]);
        S(L)->county_area_m2 = L->township_m2[0];
        break;
    case L_TOWNSHIP: {
        const struct demo_region *t = &c->townships[label - 1];
        OGR_F_SetFieldString(f, 0, t->code);
        OGR_F_SetFieldString(f, 1, t->name);
        OGR_F_SetFieldString(f, 2, t->mfz);
        OGR_F_SetFieldDouble(f, 3, L->township_m2[label]);
        break;
    }
    case L_VILLAGE: {
        /* 村级调查区 (CJDCQ) of the survey database: the village as the patches' 坐落单位 */
        const struct demo_region *v = &c->villages[label - 1];
        OGR_F_SetFieldString(f, 0, v->code);
        OGR_F_SetFieldString(f, 1, v->name);
        OGR_F_SetFieldString(f, 2, c->townships[v->parent].name);
        /* a village may lie in two pieces (an exclave): each piece is a unit of its own
         * with its own surveyed area */
        OGR_F_SetFieldDouble(f, 3, round(a * 100.0) / 100.0);
        break;
    }
    case L_PATCH:
    case L_PBF: {
        const struct patch_info *p = &L->pi[label];
        const struct demo_class *cl = demo_class_of(p->cls);
        const struct demo_region *v = &c->villages[p->village - 1];
        int crop = demo_is_cropland(p->cls);
        int sc = slope_class(p->slope_sum / p->cells);
        double kcxs = crop ? kcxs_by_slope[sc] : 0.0;
        double kcmj = round(a * kcxs * 100.0) / 100.0, tbmj = round(a * 100.0) / 100.0;
        int grade = crop && p->crop_cells ? (int)lround(p->grade_sum / p->crop_cells) : 0;
        int fi = 0;
        OGR_F_SetFieldInteger64(f, fi++, L->bsm);
        OGR_F_SetFieldString(f, fi++, L->layer == L_PATCH ? "2001010100" : "2004010100");
        snprintf(buf, sizeof buf, "%ld", ++L->tbbh[p->village]);
        OGR_F_SetFieldString(f, fi++, buf);
        OGR_F_SetFieldString(f, fi++, cl->dlbm);
        OGR_F_SetFieldString(f, fi++, cl->dlmc);
        OGR_F_SetFieldString(f, fi++, cl->state_owned ? "10" : "30");
        OGR_F_SetFieldString(f, fi++, v->code);
        snprintf(buf, sizeof buf, "%s%s", v->name, cl->state_owned ? "(国有)" : "农民集体");
        OGR_F_SetFieldString(f, fi++, buf);
        OGR_F_SetFieldString(f, fi++, v->code);
        OGR_F_SetFieldString(f, fi++, v->name);
        OGR_F_SetFieldDouble(f, fi++, tbmj);
        OGR_F_SetFieldString(f, fi++, crop ? "1203" : "");
        OGR_F_SetFieldDouble(f, fi++, kcxs);
        OGR_F_SetFieldDouble(f, fi++, kcmj);
        OGR_F_SetFieldDouble(f, fi++, tbmj - kcmj);
        OGR_F_SetFieldString(f, fi++, crop && sc >= 2 ? (p->cls == 101 ? "TT" : "PD") : "");
        if (crop) {
            OGR_F_SetFieldInteger(f, fi++, sc);
            OGR_F_SetFieldInteger(f, fi++, grade);
        } else {
            fi += 2;
        }
        OGR_F_SetFieldInteger(f, fi++, L->baseline == 1 ? 2022 : L->baseline == 2 ? 2025 : 2024);
        for (size_t q = 0; L->layer == L_PATCH && !L->baseline && L->sites && q < L->sites->n;
             q++) {
            struct demo_site *x = &L->sites->site[q];
            if (x->kind == DEMO_SITE_PATCH && x->label == label && !x->wkt)
                x->wkt = wkt_of(mp);
            if (x->kind == DEMO_SITE_GROUP && x->labels && x->labels[label]) {
                /* the project's patches as one area: neighbours share edges, so they are
                 * unioned, not listed (a multi-polygon of touching parts is invalid) */
                OGRGeometryH all = NULL, u = NULL;
                char *w = x->wkt;
                if (w && OGR_G_CreateFromWkt(&w, NULL, &all) != OGRERR_NONE)
                    all = NULL;
                u = all ? OGR_G_Union(all, mp) : OGR_G_Clone(mp);
                if (u) {
                    free(x->wkt);
                    x->wkt = wkt_of(u);
                    OGR_G_DestroyGeometry(u);
                }
                if (all)
                    OGR_G_DestroyGeometry(all);
            }
        }
        if (L->layer == L_PATCH && !L->baseline) {
            add_class(S(L), cl, tbmj, tbmj - kcmj);
            if (crop && grade >= 1 && grade <= DEMO_GRADES)
                S(L)->cropland_by_grade_m2[grade] += tbmj - kcmj;
            S(L)->patches++;
            L->township_m2[0] += tbmj;
            L->township_m2[v->parent + 1] += tbmj;
        } else {
            S(L)->basic_farmland_m2 += a;
            S(L)->basic_farmland_n++;
        }
        break;
    }
    case L_ECR:
        snprintf(buf, sizeof buf, "%s-HX-%03ld", c->code, L->bsm);
        OGR_F_SetFieldInteger64(f, 0, L->bsm);
        OGR_F_SetFieldString(f, 1, buf);
        snprintf(buf, sizeof buf, "%s生态保护红线%ld号片区", c->name, L->bsm);
        OGR_F_SetFieldString(f, 2, buf);
        OGR_F_SetFieldString(f, 3, "生态功能极重要区");
        OGR_F_SetFieldDouble(f, 4, a);
        S(L)->eco_redline_m2 += a;
        S(L)->eco_redline_n++;
        break;
    case L_CORE:
        OGR_F_SetFieldInteger64(f, 0, L->bsm);
        snprintf(buf, sizeof buf, "括苍山%ld号自然保护区", L->bsm);
        OGR_F_SetFieldString(f, 1, buf);
        OGR_F_SetFieldString(f, 2, "核心保护区");
        OGR_F_SetFieldDouble(f, 3, a);
        S(L)->core_zone_m2 += a;
        S(L)->core_zone_n++;
        break;
    case L_UDB:
        OGR_F_SetFieldInteger64(f, 0, L->bsm);
        snprintf(buf, sizeof buf, "%s城镇开发边界%ld", c->name, L->bsm);
        OGR_F_SetFieldString(f, 1, buf);
        OGR_F_SetFieldDouble(f, 2, a);
        S(L)->urban_boundary_m2 += a;
        S(L)->urban_boundary_n++;
        break;
    default:
        break;
    }
    return geo_vwriter_write(L->w, f, err);
}

struct field {
    const char *name;
    OGRFieldType type;
};

/* 三调 DLTB's fields, and the shoreline's */
static const struct field f_patch[] = {
    { "BSM", OFTInteger64 }, { "YSDM", OFTString },    { "TBBH", OFTString },
    { "DLBM", OFTString },   { "DLMC", OFTString },    { "QSXZ", OFTString },
    { "QSDWDM", OFTString }, { "QSDWMC", OFTString },  { "ZLDWDM", OFTString },
    { "ZLDWMC", OFTString }, { "TBMJ", OFTReal },      { "KCDLBM", OFTString },
    { "KCXS", OFTReal },     { "KCMJ", OFTReal },      { "TBDLMJ", OFTReal },
    { "GDLX", OFTString },   { "GDPDJB", OFTInteger }, { "GDDB", OFTInteger },
    { "SJNF", OFTInteger }
};
static const struct field f_shore[] = {
    { "BSM", OFTInteger64 }, { "AXLX", OFTString }, { "TYPE", OFTString }, { "CD", OFTReal }
};

static int begin_layer(struct lw *L, const char *name, OGRwkbGeometryType gt,
                       const struct field *fields, size_t nf, struct ls_err *err)
{
    struct geo_crs crs;
    int rc = geo_crs_from_epsg(DEMO_EPSG, &crs, err);
    if (!rc)
        rc = geo_vwriter_layer(L->w, name, &crs, gt, err);
    for (size_t i = 0; !rc && i < nf; i++)
        rc = geo_vwriter_field(L->w, fields[i].name, fields[i].type, 0, err);
    L->bsm = 0;
    return rc;
}

static int polygon_layer(struct lw *L, int which, const char *name, const struct field *fields,
                         size_t nf, const int32_t *labels, struct ls_err *err)
{
    int rc = begin_layer(L, name, wkbMultiPolygon, fields, nf, err);
    L->layer = which;
    if (!rc)
        rc = demo_polygonize(L->c, labels, L->c->patch, emit, L, err);
    return rc;
}

/* Shoreline: segments of the county outline with sea on the far side, typed by the land. */
struct shore {
    struct lw *L;
    OGRGeometryH line;
    int type; /* 1 natural, 2 artificial */
};

/* The restored stretch is the baseline's artificial segment within the site's window; the
 * failing site a natural segment of the current survey at least 3 km away. */
static void shore_site(struct lw *L, OGRGeometryH line, int type, double len)
{
    int n = OGR_G_GetPointCount(line);
    double mx = OGR_G_GetX(line, n / 2), my = OGR_G_GetY(line, n / 2);
    for (size_t q = 0; L->sites && q < L->sites->n; q++) {
        struct demo_site *x = &L->sites->site[q];
        if (x->kind != DEMO_SITE_SHORE || x->wkt)
            continue;
        double d = hypot(mx - x->cx, my - x->cy);
        if (x->radius < 0 && !L->baseline && type == 1 && len >= 200.0 && d >= 3000.0)
            x->wkt = wkt_of(line);
    }
    /* the restored stretch: every artificial piece of the baseline within the window, one
     * multi-line (the outline's rings may cut the stretch where they start) */
    for (size_t q = 0; L->baseline && type == 2 && L->sites && q < L->sites->n; q++) {
        struct demo_site *x = &L->sites->site[q];
        if (x->kind != DEMO_SITE_SHORE || x->radius <= 0 ||
            hypot(mx - x->cx, my - x->cy) > x->radius)
            continue;
        OGRGeometryH m = NULL;
        char *w = x->wkt;
        if (w && OGR_G_CreateFromWkt(&w, NULL, &m) != OGRERR_NONE)
            m = NULL;
        if (!m)
            m = OGR_G_CreateGeometry(wkbMultiLineString);
        OGR_G_AddGeometry(m, line);
        free(x->wkt);
        x->wkt = wkt_of(m);
        OGR_G_DestroyGeometry(m);
    }
}

static int shore_flush(struct shore *sh, struct ls_err *err)
{
    if (!sh->line)
        return 0;
    int rc = 0;
    if (OGR_G_GetPointCount(sh->line) >= 2) {
        double len = OGR_G_Length(sh->line);
        shore_site(sh->L, sh->line, sh->type, len);
        OGRFeatureH f = geo_vwriter_feature(sh->L->w);
        OGR_F_SetFieldInteger64(f, 0, ++sh->L->bsm);
        OGR_F_SetFieldString(f, 1, sh->type == 2 ? "人工岸线" : "自然岸线");
        OGR_F_SetFieldString(f, 2, sh->type == 2 ? "artificial" : "natural");
        OGR_F_SetFieldDouble(f, 3, len);
        OGR_F_SetGeometryDirectly(f, sh->line);
        sh->line = NULL;
        if (sh->L->baseline)
            ; /* the summary is of the current survey */
        else if (sh->type == 2)
            sh->L->s->shoreline_artificial_m += len;
        else
            sh->L->s->shoreline_natural_m += len;
        rc = geo_vwriter_write(sh->L->w, f, err);
    } else {
        OGR_G_DestroyGeometry(sh->line);
        sh->line = NULL;
    }
    return rc;
}

static int cell_at(const struct demo_county *c, double x, double y, size_t *k)
{
    long i = (long)floor((x - c->x0) / c->cell), j = (long)floor((c->y0 - y) / c->cell);
    if (i < 0 || j < 0 || i >= c->nx || j >= c->ny)
        return 0;
    *k = demo_idx(c, (int)i, (int)j);
    return 1;
}

static int shore_ring(struct shore *sh, OGRGeometryH ring, struct ls_err *err)
{
    const struct demo_county *c = sh->L->c;
    int n = OGR_G_GetPointCount(ring);
    for (int i = 0; i + 1 < n; i++) {
        double ax = OGR_G_GetX(ring, i), ay = OGR_G_GetY(ring, i);
        double bx = OGR_G_GetX(ring, i + 1), by = OGR_G_GetY(ring, i + 1);
        double mx = (ax + bx) / 2, my = (ay + by) / 2, len = hypot(bx - ax, by - ay);
        double nx = -(by - ay) / len * 0.25 * c->cell, ny = (bx - ax) / len * 0.25 * c->cell;
        size_t k1, k2;
        int type = 0;
        if (cell_at(c, mx + nx, my + ny, &k1) && cell_at(c, mx - nx, my - ny, &k2)) {
            size_t land = c->inside[k1] ? k1 : k2, other = c->inside[k1] ? k2 : k1;
            if (c->inside[land] && c->sea[other]) {
                uint16_t v = sh->L->baseline ? c->lc_before[land] : c->lc[land];
                /* built-up land and the reclaimed plain behind its seawalls (海塘) */
                type = (v == 601 || v == 701 || v == 702 || v == 1003 || v == 101 || v == 103 ||
                        v == 1104)
                           ? 2
                           : 1;
            }
        }
        if (type != sh->type || !type) {
            int rc = shore_flush(sh, err);
            if (rc)
                return rc;
            sh->type = type;
            if (type) {
                sh->line = OGR_G_CreateGeometry(wkbLineString);
                OGR_G_AddPoint_2D(sh->line, ax, ay);
            }
        }
        if (type)
            OGR_G_AddPoint_2D(sh->line, bx, by);
    }
    return shore_flush(sh, err);
}

static int shore_emit(void *ctx, int32_t label, OGRGeometryH poly, struct ls_err *err)
{
    (void)label;
    struct shore *sh = ctx;
    for (int r = 0; r < OGR_G_GetGeometryCount(poly); r++) {
        int rc = shore_ring(sh, OGR_G_GetGeometryRef(poly, r), err);
        if (rc)
            return rc;
    }
    return 0;
}

static void main_function_zones(const struct demo_county *c)
{
    size_t nt = c->ntownships;
    double *cells = calloc(nt + 1, sizeof *cells), *urban = calloc(nt + 1, sizeof *urban),
           *eco = calloc(nt + 1, sizeof *eco);
    if (cells && urban && eco)
        for (size_t k = 0; k < (size_t)c->nx * (size_t)c->ny; k++) {
            uint8_t t = c->township[k];
            if (!t)
                continue;
            cells[t]++;
            urban[t] += c->zone[k] == ZONE_UDB;
            eco[t] += c->zone[k] == ZONE_ECR || c->zone[k] == ZONE_CORE;
        }
    for (size_t t = 1; t <= nt; t++) {
        struct demo_region *r = &c->townships[t - 1];
        const char *z = "农产品主产区";
        if (cells && urban && eco && cells[t] > 0) {
            if (urban[t] / cells[t] > 0.15)
                z = "城市化地区";
            else if (eco[t] / cells[t] > 0.35)
                z = "重点生态功能区";
        }
        snprintf(r->mfz, sizeof r->mfz, "%s", z);
    }
    free(cells);
    free(urban);
    free(eco);
}

static int cmp_class(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b); /* code[] is the first member */
}

static int write_baseline(struct lw *L, const char *dir, int32_t *lab, struct ls_err *err);
static int write_followup(struct lw *L, const char *dir, int32_t *lab, struct ls_err *err);

int demo_write_layers(const struct demo_county *c, const char *dir, struct demo_summary *s,
                      struct demo_sites *sites, struct ls_err *err)
{
    size_t n = (size_t)c->nx * (size_t)c->ny;
    char path[1200];
    snprintf(path, sizeof path, "%s/county.gpkg", dir);
    struct lw L = { .c = c, .s = s, .sites = sites };
    struct geo_crs crs;
    int32_t *lab = malloc(n * sizeof *lab);
    L.pi = calloc((size_t)c->npatch_labels, sizeof *L.pi);
    L.tbbh = calloc(c->nvillages + 1, sizeof *L.tbbh);
    L.township_m2 = calloc(c->ntownships + 1, sizeof *L.township_m2);
    int rc = (!lab || !L.pi || !L.tbbh || !L.township_m2)
                 ? ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory")
                 : geo_crs_from_epsg(DEMO_EPSG, &crs, err);
    if (!rc)
        rc = geo_area_ctx_new(&crs, &L.area, err);
    /* dates inside the GeoPackage are fixed so that the file is byte-identical per seed */
    struct geo_vwriter_opts wo = { .fixed_date = DEMO_FILE_DATE };
    if (!rc)
        rc = geo_vwriter_open(path, &wo, &L.w, err);
    if (rc)
        goto done;
    for (size_t k = 0; k < n; k++) {
        struct patch_info *p = &L.pi[c->patch[k]];
        p->cls = c->lc[k];
        p->village = c->village[k];
        p->cells++;
        p->slope_sum += c->slope[k];
        if (demo_is_cropland(c->lc[k])) {
            p->crop_cells++;
            p->grade_sum += c->grade[k];
        }
    }
    main_function_zones(c);

    for (size_t k = 0; k < n; k++)
        lab[k] = c->inside[k] ? c->patch[k] : 0;
    rc = polygon_layer(&L, L_PATCH, "landuse_patch", f_patch, 19, lab, err);
    static const struct field f_county[] = { { "XZQDM", OFTString },
                                             { "XZQMC", OFTString },
                                             { "MJ", OFTReal } };
    for (size_t k = 0; k < n; k++)
        lab[k] = c->inside[k];
    if (!rc)
        rc = polygon_layer(&L, L_COUNTY, "county", f_county, 3, lab, err);

    static const struct field f_town[] = {
        { "XZQDM", OFTString }, { "XZQMC", OFTString }, { "ZTGNQ", OFTString }, { "MJ", OFTReal }
    };
    for (size_t k = 0; k < n; k++)
        lab[k] = c->township[k];
    if (!rc)
        rc = polygon_layer(&L, L_TOWNSHIP, "township", f_town, 4, lab, err);
    static const struct field f_village[] = {
        { "ZLDWDM", OFTString }, { "ZLDWMC", OFTString }, { "XZMC", OFTString }, { "DCMJ", OFTReal }
    };
    for (size_t k = 0; k < n; k++)
        lab[k] = c->inside[k] ? c->village[k] : 0;
    if (!rc)
        rc = polygon_layer(&L, L_VILLAGE, "village", f_village, 4, lab, err);

    for (size_t v = 0; v <= c->nvillages; v++)
        L.tbbh[v] = 0;
    for (size_t k = 0; k < n; k++)
        lab[k] = c->zone[k] == ZONE_PBF ? c->patch[k] : 0;
    if (!rc)
        rc = polygon_layer(&L, L_PBF, "basic_farmland", f_patch, 19, lab, err);

    static const struct field f_ecr[] = { { "BSM", OFTInteger64 },
                                          { "HXBH", OFTString },
                                          { "HXMC", OFTString },
                                          { "HXLX", OFTString },
                                          { "MJ", OFTReal } };
    for (size_t k = 0; k < n; k++)
        lab[k] = c->zone[k] == ZONE_ECR || c->zone[k] == ZONE_CORE;
    if (!rc)
        rc = polygon_layer(&L, L_ECR, "eco_redline", f_ecr, 5, lab, err);
    static const struct field f_core[] = {
        { "BSM", OFTInteger64 }, { "BHDMC", OFTString }, { "GNFQ", OFTString }, { "MJ", OFTReal }
    };
    for (size_t k = 0; k < n; k++)
        lab[k] = c->zone[k] == ZONE_CORE;
    if (!rc)
        rc = polygon_layer(&L, L_CORE, "core_zone", f_core, 4, lab, err);
    static const struct field f_udb[] = { { "BSM", OFTInteger64 },
                                          { "KBMC", OFTString },
                                          { "MJ", OFTReal } };
    for (size_t k = 0; k < n; k++)
        lab[k] = c->zone[k] == ZONE_UDB;
    if (!rc)
        rc = polygon_layer(&L, L_UDB, "urban_boundary", f_udb, 3, lab, err);

    static const struct field f_river[] = {
        { "BSM", OFTInteger64 }, { "HLMC", OFTString }, { "HLDJ", OFTString }, { "CD", OFTReal }
    };
    if (!rc)
        rc = begin_layer(&L, "river", wkbLineString, f_river, 4, err);
    for (size_t r = 0; !rc && r < c->nrivers; r++) {
        const struct demo_line *l = &c->rivers[r];
        OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
        OGR_G_SetPoints(g, (int)l->n, l->xy, 2 * sizeof(double), l->xy + 1, 2 * sizeof(double),
                        NULL, 0);
        OGRFeatureH f = geo_vwriter_feature(L.w);
        OGR_F_SetFieldInteger64(f, 0, (long long)r + 1);
        OGR_F_SetFieldString(f, 1, l->name);
        OGR_F_SetFieldString(f, 2, l->main ? "干流" : "支流");
        OGR_F_SetFieldDouble(f, 3, OGR_G_Length(g));
        s->river_length_m += OGR_G_Length(g);
        OGR_F_SetGeometryDirectly(f, g);
        rc = geo_vwriter_write(L.w, f, err);
    }
    if (!rc)
        rc = begin_layer(&L, "shoreline", wkbLineString, f_shore, 4, err);
    if (!rc) {
        struct shore sh = { .L = &L };
        for (size_t k = 0; k < n; k++)
            lab[k] = c->inside[k];
        rc = demo_polygonize(c, lab, c->patch, shore_emit, &sh, err);
        if (sh.line)
            OGR_G_DestroyGeometry(sh.line);
    }
    if (!rc) {
        rc = geo_vwriter_commit(L.w, err);
        L.w = NULL;
        qsort(s->classes, (size_t)s->nclasses, sizeof s->classes[0], cmp_class);
    }
    if (!rc)
        rc = write_followup(&L, dir, lab, err);
    if (!rc)
        rc = write_baseline(&L, dir, lab, err);
done:
    geo_vwriter_abort(L.w);
    geo_area_ctx_free(L.area);
    free(lab);
    free(L.pi);
    free(L.tbbh);
    free(L.township_m2);
    return rc;
}

static int write_baseline(struct lw *L, const char *dir, int32_t *lab, struct ls_err *err)
{
    const struct demo_county *c = L->c;
    size_t n = (size_t)c->nx * (size_t)c->ny;
    char path[1200];
    snprintf(path, sizeof path, "%s/county-2022.gpkg", dir);
    /* a patch keeps its polygon and takes the class most of its cells had the year before:
     * the changes of demo/land_change and demo/survey_sites are whole patches or runs of
     * cells inside one */
    uint32_t *same = calloc((size_t)c->npatch_labels, sizeof *same);
    uint16_t *other = calloc((size_t)c->npatch_labels, sizeof *other);
    if (!same || !other) {
        free(same);
        free(other);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        int32_t l = c->patch[k];
        if (c->lc_before[k] == c->lc[k])
            same[l]++;
        else
            other[l] = c->lc_before[k];
    }
    for (int32_t l = 0; l < c->npatch_labels; l++) {
        if (L->pi[l].cells && 2 * same[l] < L->pi[l].cells && other[l])
            L->pi[l].cls = other[l];
        if (!demo_is_cropland(L->pi[l].cls))
            L->pi[l].crop_cells = 0;
    }
    free(same);
    free(other);
    memset(L->tbbh, 0, (c->nvillages + 1) * sizeof *L->tbbh);
    L->baseline = 1;
    struct geo_vwriter_opts wo = { .fixed_date = DEMO_FILE_DATE };
    int rc = geo_vwriter_open(path, &wo, &L->w, err);
    for (size_t k = 0; k < n; k++)
        lab[k] = c->inside[k] ? c->patch[k] : 0;
    if (!rc)
        rc = polygon_layer(L, L_PATCH, "landuse_patch", f_patch, 19, lab, err);
    if (!rc)
        rc = begin_layer(L, "shoreline", wkbLineString, f_shore, 4, err);
    if (!rc) {
        struct shore sh = { .L = L };
        for (size_t k = 0; k < n; k++)
            lab[k] = c->inside[k];
        rc = demo_polygonize(c, lab, c->patch, shore_emit, &sh, err);
        if (sh.line)
            OGR_G_DestroyGeometry(sh.line);
    }
    if (!rc) {
        rc = geo_vwriter_commit(L->w, err);
        L->w = NULL;
    }
    L->baseline = 0;
    return rc;
}

/* Whole patches of a class fully inside one zone, 4–40 cells, not a project's site. */
struct pick {
    int32_t label;
    double order;
};

static int by_pick(const void *a, const void *b)
{
    const struct pick *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

static int site_patch(const struct lw *L, int32_t l)
{
    for (size_t q = 0; L->sites && q < L->sites->n; q++)
        if (L->sites->site[q].kind == DEMO_SITE_PATCH && L->sites->site[q].label == l)
            return 1;
    return 0;
}

/*
 * county-2025.gpkg: the next change survey (年度变更调查 2025) of the same patches, where what the
 * damage workflow must find has happened (issue 22): two basic-farmland fields built on (a rural
 * homestead 0702 and a workshop 0601), a red-line forest patch cleared for a stone-processing
 * yard (industrial, 0601), and two
 * basic-farmland fields turned into a fish pond (1104) and an orchard (0201) — cropland lost.
 * Every other patch keeps its class. Nothing else of the demo reads this file.
 */
static int write_followup(struct lw *L, const char *dir, int32_t *lab, struct ls_err *err)
{
    const struct demo_county *c = L->c;
    size_t n = (size_t)c->nx * (size_t)c->ny;
    int32_t np = c->npatch_labels;
    uint32_t *in_pbf = calloc((size_t)np, sizeof *in_pbf),
             *in_red = calloc((size_t)np, sizeof *in_red);
    struct pick *order = calloc((size_t)np, sizeof *order);
    uint16_t *saved = calloc((size_t)np, sizeof *saved);
    if (!in_pbf || !in_red || !order || !saved) {
        free(in_pbf);
        free(in_red);
        free(order);
        free(saved);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        int32_t l = c->patch[k];
        in_pbf[l] += c->zone[k] == ZONE_PBF;
        in_red[l] += c->zone[k] == ZONE_ECR;
    }
    size_t m = 0;
    for (int32_t l = 1; l < np; l++)
        if (L->pi[l].cells >= 4 && L->pi[l].cells <= 40 && !site_patch(L, l))
            order[m++] = (struct pick){ l, ls_hash_unit(c->seed ^ 0xDA3A6EULL, l, 0) };
    qsort(order, m, sizeof *order, by_pick);
    /* the farmland fields built on, the quarry, the farmland put to other uses */
    static const uint16_t farm_to[] = { 702, 601, 1104, 201 };
    int farm = 0, quarry = 0;
    for (size_t i = 0; i < m; i++) {
        int32_t l = order[i].label;
        struct patch_info *p = &L->pi[l];
        if (farm < 4 && demo_is_cropland(p->cls) && in_pbf[l] == p->cells) {
            saved[l] = p->cls;
            p->cls = farm_to[farm++];
        } else if (!quarry && p->cls == 301 && in_red[l] == p->cells) {
            saved[l] = p->cls;
            p->cls = 601;
            quarry = 1;
        }
    }
    uint32_t *crop = calloc((size_t)np, sizeof *crop);
    for (int32_t l = 0; crop && l < np; l++)
        if (saved[l]) {
            crop[l] = L->pi[l].crop_cells;
            L->pi[l].crop_cells = 0;
        }
    char path[1200];
    snprintf(path, sizeof path, "%s/county-2025.gpkg", dir);
    memset(L->tbbh, 0, (c->nvillages + 1) * sizeof *L->tbbh);
    /* the baseline's BSMs stay what they were before this file existed */
    long bsm = L->bsm;
    L->baseline = 2;
    struct geo_vwriter_opts wo = { .fixed_date = DEMO_FILE_DATE };
    int rc = crop ? geo_vwriter_open(path, &wo, &L->w, err)
                  : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    for (size_t k = 0; k < n; k++)
        lab[k] = c->inside[k] ? c->patch[k] : 0;
    if (!rc)
        rc = polygon_layer(L, L_PATCH, "landuse_patch", f_patch, 19, lab, err);
    if (!rc) {
        rc = geo_vwriter_commit(L->w, err);
        L->w = NULL;
    }
    /* the current survey's classes back, for the baseline written next */
    for (int32_t l = 0; l < np; l++)
        if (saved[l]) {
            L->pi[l].cls = saved[l];
            L->pi[l].crop_cells = crop ? crop[l] : L->pi[l].crop_cells;
        }
    L->baseline = 0;
    L->bsm = bsm;
    memset(L->tbbh, 0, (c->nvillages + 1) * sizeof *L->tbbh);
    free(crop);
    free(in_pbf);
    free(in_red);
    free(order);
    free(saved);
    return rc;
}
