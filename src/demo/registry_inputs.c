/*
 * demo/registry_inputs — the demo county's register as the files a bureau would import
 * (registry/parties.csv, units.gpkg, rights.csv) and a few years of later applications
 * (registry/history.json), derived from county.gpkg:
 *   - every collective cropland, garden, forest and grassland patch is a contracted parcel
 *     (不动产单元 J D/E/F) held by a village household for the second-round term, with the
 *     basic-farmland or red-line restriction of the zone its interior point lies in;
 *   - every core zone is a nature-reserve unit owned by the state, the provincial bureau
 *     exercising it on the state's behalf;
 *   - a sea-area unit off the coast with a layered aquaculture right (water column) and a
 *     cable right (seabed), and a mineral unit with a mining right 50-300 m underground;
 *   - the eco-tourism site (eco_site.c): a reservoir's water surface and a shore plot held by
 *     the county's ecological-asset company, which gathers (流转) the two forest parcels
 *     nearest in 2024; the valuation and bundle requests that sell them go to DIR/bundle/.
 * Deterministic: the same county.gpkg gives the same files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <geos_c.h>
#include <ogr_api.h>

#include "base/csv.h"
#include "demo/demo.h"
#include "demo/eco_site.h"
#include "geo/crs.h"
#include "geo/geos_bridge.h"
#include "geo/vector.h"
#include "geo/vwrite.h"

#define FIRST_DATE    "2019-12-20"
#define RECORDED_NOTE "二轮承包延包确权"

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑"
};
static const char *const given[] = { "建国", "秀英", "国华", "桂芳", "志强", "美兰", "海波", "丽华",
                                     "金水", "春梅", "伟",   "芳",   "军",   "敏",   "勇",   "静",
                                     "磊",   "洋",   "艳",   "杰",   "德明", "玉兰", "永强" };

/* Zones (basic farmland, red line) as a GEOS STR-tree of prepared polygons. */
struct zone_index {
    GEOSContextHandle_t h;
    GEOSSTRtree *tree;
    GEOSGeometry **geoms;
    const GEOSPreparedGeometry **prep;
    size_t n;
};

static int zones_load(struct zone_index *z, GEOSContextHandle_t h, const char *gpkg,
                      const char *layer, struct ls_err *err)
{
    memset(z, 0, sizeof *z);
    z->h = h;
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(gpkg, layer, &s, err);
    if (rc)
        return rc;
    z->tree = GEOSSTRtree_create_r(h, 10);
    OGRFeatureH f;
    size_t cap = 0;
    while ((f = geo_vsource_next(s))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        GEOSGeometry *gg = g ? geo_geos_from_ogr(h, g) : NULL;
        OGR_F_Destroy(f);
        if (!gg)
            continue;
        if (z->n == cap) {
            cap = cap ? 2 * cap : 64;
            z->geoms = realloc(z->geoms, cap * sizeof *z->geoms);
            z->prep = realloc(z->prep, cap * sizeof *z->prep);
            if (!z->geoms || !z->prep) {
                geo_vsource_close(s);
                return ls_err_set(err, LS_ENOMEM, gpkg, layer, NULL, "out of memory");
            }
        }
        z->geoms[z->n] = gg;
        z->prep[z->n] = GEOSPrepare_r(h, gg);
        z->n++;
    }
    rc = geo_vsource_finish(s, err);
    geo_vsource_close(s);
    for (size_t i = 0; i < z->n; i++)
        GEOSSTRtree_insert_r(h, z->tree, z->geoms[i], (void *)(z->prep + i));
    return rc;
}

struct hit {
    GEOSContextHandle_t h;
    const GEOSGeometry *pt;
    int found;
};

static void hit_visit(void *item, void *ctx)
{
    struct hit *k = ctx;
    const GEOSPreparedGeometry *const *p = item;
    if (!k->found && GEOSPreparedContains_r(k->h, *p, k->pt) == 1)
        k->found = 1;
}

static int zones_contain(struct zone_index *z, const GEOSGeometry *pt)
{
    struct hit k = { z->h, pt, 0 };
    if (z->n)
        GEOSSTRtree_query_r(z->h, z->tree, pt, hit_visit, &k);
    return k.found;
}

static void zones_free(struct zone_index *z)
{
    for (size_t i = 0; i < z->n; i++) {
        GEOSPreparedGeom_destroy_r(z->h, z->prep[i]);
        GEOSGeom_destroy_r(z->h, z->geoms[i]);
    }
    if (z->tree)
        GEOSSTRtree_destroy_r(z->h, z->tree);
    free(z->geoms);
    free(z->prep);
}

/* What the history needs to know of the units written. */
struct picks {
    char jd[6][32];
    int njd;
    char je[32];
    char jd_household[6][40];
    char village_household[40]; /* another household of jd[1]'s village */
    char jd_village[16];        /* jd[1]'s village (12-digit code) */
};

/*
 * Remembers the parcels the history acts on. Every party the history names must already be
 * registered: jd[0]'s share change names the household's spouse, so jd[0] is a parcel of a
 * household with one; jd[1] is swapped (互换) with another household of its village, seen
 * after it (a household is registered with its first parcel, so any household seen is).
 */
static void pick(struct picks *p, char kind, const char *code, const char *hid, const char *v12,
                 int has_spouse)
{
    if (kind == 'E' && !p->je[0])
        snprintf(p->je, sizeof p->je, "%s", code);
    if (kind != 'D')
        return;
    if (p->njd >= 2 && !p->village_household[0] && !strncmp(p->jd_village, v12, 12) &&
        strcmp(hid, p->jd_household[1]))
        snprintf(p->village_household, sizeof p->village_household, "%s", hid);
    if (p->njd >= 6 || (p->njd == 0 && !has_spouse))
        return;
    if (p->njd == 1)
        snprintf(p->jd_village, sizeof p->jd_village, "%.12s", v12);
    snprintf(p->jd[p->njd], sizeof p->jd[0], "%s", code);
    snprintf(p->jd_household[p->njd++], sizeof p->jd_household[0], "%s", hid);
}

#define MAX_VILLAGES 4096

struct out {
    FILE *parties, *rights;
    struct geo_vwriter *w;
    struct picks pk;
    long units;
    struct demo_eco_site *eco;
};

static void party_row(FILE *f, const char *id, const char *name, const char *kind,
                      const char *id_code, const char *acts_for)
{
    ls_csv_write_field(f, id);
    fputc(',', f);
    ls_csv_write_field(f, name);
    fprintf(f, ",%s,%s,%s,%s\n", kind, id_code, acts_for, "2019-01-01");
}

static void right_row(FILE *f, const char *unit, const char *id, const char *type,
                      const char *holders, const char *t0, const char *t1, const char *layer,
                      const char *z0, const char *z1, const char *exercised, const char *descr,
                      const char *doc, const char *wkt)
{
    const char *v[] = {
        unit, id, type, holders, t0, t1, layer, z0, z1, exercised, descr, doc, wkt
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        if (i)
            fputc(',', f);
        ls_csv_write_field(f, v[i]);
    }
    fputc('\n', f);
}

static int unit_feature(struct out *o, OGRGeometryH g, const char *code, const char *name,
                        const char *cls, const char *rtype, const char *layer, double z0, double z1,
                        const char *date, const char *doc, struct ls_err *err)
{
    OGRFeatureH f = geo_vwriter_feature(o->w);
    OGR_F_SetFieldString(f, 0, code);
    OGR_F_SetFieldString(f, 1, name);
    OGR_F_SetFieldString(f, 2, cls);
    if (*rtype)
        OGR_F_SetFieldString(f, 3, rtype);
    if (*layer)
        OGR_F_SetFieldString(f, 4, layer);
    if (z0 == z0 && z1 == z1 && z0 < z1) {
        OGR_F_SetFieldDouble(f, 5, z0);
        OGR_F_SetFieldDouble(f, 6, z1);
    }
    OGR_F_SetFieldString(f, 7, date);
    OGR_F_SetFieldString(f, 8, doc);
    OGR_F_SetGeometryDirectly(f, OGR_G_ForceToMultiPolygon(OGR_G_Clone(g)));
    o->units++;
    return geo_vwriter_write(o->w, f, err);
}

static void household(const char *village12, long k, char id[40], char name[64])
{
    snprintf(id, 40, "HH%s%04ld", village12, k);
    unsigned long hsh = 5381;
    for (const char *p = id; *p; p++)
        hsh = hsh * 33u + (unsigned char)*p;
    snprintf(name, 64, "%s%s", surnames[hsh % 20], given[(hsh / 20) % 23]);
}

/* The collective patches as contracted parcels. */
static int parcels(struct out *o, const char *gpkg, GEOSContextHandle_t h, struct ls_err *err)
{
    struct zone_index farm, red;
    int rc = zones_load(&farm, h, gpkg, "basic_farmland", err);
    if (!rc)
        rc = zones_load(&red, h, gpkg, "eco_redline", err);
    struct geo_vsource *s = NULL;
    if (!rc)
        rc = geo_vsource_open(gpkg, "landuse_patch", &s, err);
    if (rc) {
        zones_free(&farm);
        return rc;
    }
    int fd = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "DLBM");
    int fq = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "QSXZ");
    int fv = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "QSDWDM");
    int fn = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "QSDWMC");
    int fm = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "DLMC");
    int ft = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "TBBH");
    static struct {
        char v12[16];
        long seq;
    } villages[MAX_VILLAGES];
    size_t nvillages = 0;
    OGRFeatureH f;
    while (!rc && (f = geo_vsource_next(s))) {
        const char *dlbm = OGR_F_GetFieldAsString(f, fd);
        const char *village = OGR_F_GetFieldAsString(f, fv);
        char kind = !strncmp(dlbm, "01", 2) || !strncmp(dlbm, "02", 2) ? 'D'
                    : !strncmp(dlbm, "03", 2)                          ? 'E'
                    : !strncmp(dlbm, "04", 2)                          ? 'F'
                                                                       : 0;
        if (!kind || strcmp(OGR_F_GetFieldAsString(f, fq), "30") || strlen(village) < 12) {
            OGR_F_Destroy(f);
            continue;
        }
        char v12[16];
        snprintf(v12, sizeof v12, "%.12s", village);
        size_t vi = 0;
        while (vi < nvillages && strcmp(villages[vi].v12, v12))
            vi++;
        if (vi == nvillages) {
            if (nvillages == MAX_VILLAGES) {
                OGR_F_Destroy(f);
                rc = ls_err_set(err, LS_ENOMEM, gpkg, NULL, "QSDWDM", "more than %d villages",
                                MAX_VILLAGES);
                break;
            }
            /* a new village: its collective */
            snprintf(villages[nvillages].v12, sizeof villages[0].v12, "%s", v12);
            villages[nvillages++].seq = 0;
            char id[40];
            snprintf(id, sizeof id, "JT%s", v12);
            party_row(o->parties, id, OGR_F_GetFieldAsString(f, fn), "collective", "", "");
        }
        long seq = ++villages[vi].seq;
        char code[32], hid[40], hname[64], holders[160], name[256], rid[48];
        snprintf(code, sizeof code, "331099%.3s%.3sJ%c%05ldW00000000", v12 + 6, v12 + 9, kind, seq);
        long k = (seq - 1) / 3; /* a household contracts three parcels */
        household(v12, k, hid, hname);
        if ((seq - 1) % 3 == 0) {
            party_row(o->parties, hid, hname, "person", "", "");
            if (k % 7 == 0) {
                char sid[48], other[40], sname[64];
                household(v12, k + 5000, other, sname); /* the spouse's name */
                snprintf(sid, sizeof sid, "%sS", hid);
                party_row(o->parties, sid, sname, "person", "", "");
            }
        }
        if (k % 7 == 0)
            snprintf(holders, sizeof holders, "%s:1/2;%sS:1/2", hid, hid);
        else
            snprintf(holders, sizeof holders, "%s", hid);
        snprintf(name, sizeof name, "%s %s %s号", OGR_F_GetFieldAsString(f, fn),
                 OGR_F_GetFieldAsString(f, fm), OGR_F_GetFieldAsString(f, ft));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        OGRGeometryH pos = g ? OGR_G_PointOnSurface(g) : NULL;
        GEOSGeometry *pt = pos ? geo_geos_from_ogr(h, pos) : NULL;
        OGR_G_DestroyGeometry(pos);
        char doc[64];
        /* the contract the right rests on; the certificate (不动产权证书) is the registry's
         * to issue when it records the right */
        snprintf(doc, sizeof doc, "承包合同 两山-2019-%05ld", o->units + 1);
        rc = g ? unit_feature(o, g, code, name, "real_estate", "", "", 0, -1, FIRST_DATE, doc, err)
               : 0;
        snprintf(rid, sizeof rid, "%s/1", code);
        const char *type = kind == 'D'   ? "contracted_land"
                           : kind == 'E' ? "forest_use"
                                         : "grassland_use";
        const char *t1 = kind == 'E' ? "2079-12-31" : "2048-12-31";
        right_row(o->rights, code, rid, type, holders, "2019-01-01", t1, "", "", "", "",
                  RECORDED_NOTE, doc, "");
        if (pt && kind == 'D' && zones_contain(&farm, pt))
            right_row(o->rights, code, "", "basic_farmland", "", "", "", "", "", "", "",
                      "永久基本农田", "", "");
        else if (pt && zones_contain(&red, pt))
            right_row(o->rights, code, "", "eco_redline", "", "", "", "", "", "", "",
                      "生态保护红线", "", "");
        pick(&o->pk, kind, code, hid, v12, k % 7 == 0);
        /* the forest the company gathers: held whole by one household, outside the red line,
         * not the parcel the history passes to E01 */
        if (kind == 'E' && k % 7 != 0 && strcmp(code, o->pk.je) && pt && !zones_contain(&red, pt))
            demo_eco_site_consider(o->eco, code, g);
        if (pt)
            GEOSGeom_destroy_r(h, pt);
        OGR_F_Destroy(f);
    }
    geo_vsource_close(s);
    zones_free(&farm);
    zones_free(&red);
    return rc;
}

static int reserves(struct out *o, const char *gpkg, int *next, struct ls_err *err)
{
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(gpkg, "core_zone", &s, err);
    if (rc)
        return rc;
    OGRFeatureH f;
    while (!rc && (f = geo_vsource_next(s))) {
        char code[32], name[128], doc[64];
        snprintf(code, sizeof code, "331099ZR%04d", (*next)++);
        snprintf(name, sizeof name, "两山县自然保护区核心保护区 %d", *next - 1);
        snprintf(doc, sizeof doc, "两山县自然资源登记簿 %s", code);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g)
            rc = unit_feature(o, g, code, name, "natural", "nature_reserve", "", 0, -1,
                              "2020-06-30", doc, err);
        right_row(o->rights, code, "", "ownership_state", "CN", "", "", "", "", "", "ZJ-NR",
                  "全民所有, 省自然资源厅代理行使", doc, "");
        right_row(o->rights, code, "", "eco_redline", "", "", "", "", "", "", "",
                  "生态保护红线 核心保护区", "", "");
        OGR_F_Destroy(f);
    }
    geo_vsource_close(s);
    return rc;
}

static void box_wkt(double x0, double y0, double x1, double y1, char *wkt, size_t size)
{
    snprintf(wkt, size, "POLYGON((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f))", x0, y0, x1,
             y0, x1, y1, x0, y1, x0, y0);
}

static OGRGeometryH box(double x0, double y0, double x1, double y1, char *wkt, size_t size)
{
    box_wkt(x0, y0, x1, y1, wkt, size);
    OGRGeometryH g = NULL;
    char *p = wkt;
    OGR_G_CreateFromWkt(&p, NULL, &g);
    return g;
}

/* The sea area off the coast and the mineral unit in the western hills. */
static int sea_and_mine(struct out *o, const char *gpkg, int *next, struct ls_err *err)
{
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(gpkg, "county", &s, err);
    if (rc)
        return rc;
    OGREnvelope e;
    OGR_L_GetExtent(s->layer, &e, 1);
    geo_vsource_close(s);
    double ym = (e.MinY + e.MaxY) / 2;
    char wkt[256], code[32];
    snprintf(code, sizeof code, "331099ZR%04d", (*next)++);
    /* 2.5 km of sea east of the county's coast; the grid's edge is 3.5 km beyond it */
    double sx = e.MaxX + 500;
    OGRGeometryH g = box(sx, ym - 1500, sx + 2500, ym + 1500, wkt, sizeof wkt);
    rc = unit_feature(o, g, code, "两山县东部海域", "natural", "sea_area", "", 0, -1, "2020-06-30",
                      "两山县自然资源登记簿 海域", err);
    OGR_G_DestroyGeometry(g);
    right_row(o->rights, code, "", "ownership_state", "CN", "", "", "", "", "", "ZJ-NR",
              "海域属于国家所有", "", "");
    box_wkt(sx + 200, ym - 1200, sx + 1400, ym + 1200, wkt, sizeof wkt);
    right_row(o->rights, code, "HY-2020-0001", "sea_area_use", "E01", "2020-07-01", "2035-06-30",
              "water_column", "-12", "-1", "", "开放式筏式养殖 (水体层)",
              "海域使用权出让合同 两山海-2020-01", wkt);
    box_wkt(sx + 800, ym - 100, sx + 2500, ym + 100, wkt, sizeof wkt);
    right_row(o->rights, code, "HY-2020-0002", "sea_area_use", "E02", "2020-07-01", "2070-06-30",
              "seabed", "-16", "-12", "", "海底电缆管道 (海床层)",
              "海域使用权出让合同 两山海-2020-02", wkt);
    snprintf(code, sizeof code, "331099ZR%04d", (*next)++);
    double mx = e.MinX + 3000;
    g = box(mx, ym - 500, mx + 1000, ym + 500, wkt, sizeof wkt);
    rc = rc ? rc
            : unit_feature(o, g, code, "两山县西山萤石矿", "natural", "mineral", "below", -300, -50,
                           "2020-06-30", "两山县自然资源登记簿 矿产", err);
    OGR_G_DestroyGeometry(g);
    right_row(o->rights, code, "", "ownership_state", "CN", "", "", "", "", "", "ZJ-NR",
              "矿产资源属于国家所有", "", "");
    right_row(o->rights, code, "CK-2020-0001", "mining", "E03", "2020-07-01", "2030-06-30", "", "",
              "", "", "萤石 地下开采 -300 至 -50 米", "C3310992020077130000001", "");
    right_row(o->rights, code, "", "restoration", "E03", "2020-07-01", "2033-06-30", "", "", "", "",
              "矿山地质环境恢复治理与土地复垦", "", "");
    return rc;
}

/* The eco-tourism site's units and rights: state land, the company's use rights from 2024. */
static int eco_rows(struct out *o, struct ls_err *err)
{
    const struct demo_eco_site *e = o->eco;
    if (!e->forest[1][0])
        return ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL,
                          "the demo county has no forest parcels near its reservoir");
    char water[32], service[32];
    demo_eco_site_codes(e, water, service);
    party_row(o->parties, "LSCO", "两山生态资源运营有限公司", "enterprise", "91331099MA2D000055",
              "");
    int rc = unit_feature(o, e->water, water, "两山水库水面", "real_estate", "", "", 0, -1,
                          "2024-01-05", "浙(2024)两山县不动产权第0000105号", err);
    if (!rc)
        rc = unit_feature(o, e->service, service, "两山水库游客服务点", "real_estate", "", "", 0,
                          -1, "2024-01-05", "浙(2024)两山县不动产权第0000106号", err);
    right_row(o->rights, water, "", "ownership_state", "CN", "", "", "", "", "", "",
              "水库水面国家所有", "", "");
    right_row(o->rights, water, "ECO-W-0001", "aquaculture", "LSCO", "2024-01-05", "2053-12-31", "",
              "", "", "", "水库水面养殖与观光经营", "水域滩涂养殖权出让合同 两山水-2024-01", "");
    right_row(o->rights, service, "", "ownership_state", "CN", "", "", "", "", "", "",
              "国有建设用地", "", "");
    right_row(o->rights, service, "ECO-C-0001", "construction_land_use", "LSCO", "2024-01-05",
              "2063-12-31", "", "", "", "", "游客服务点 (商服用地)",
              "国有建设用地使用权出让合同 两山-2024-007", "");
    return rc;
}

static int write_history(const char *path, const struct picks *p, const struct demo_eco_site *e,
                         struct ls_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    if (p->njd < 6 || !p->je[0] || !p->village_household[0]) {
        fclose(f);
        return ls_err_set(err, LS_EINTERNAL, path, NULL, NULL,
                          "the demo county has too few contracted parcels for its history");
    }
    fprintf(
        f,
        "[\n"
        " {\"type\":\"transfer\",\"date\":\"2021-03-15\",\"right\":\"%s/1\",\"holders\":"
        "[{\"party\":\"%s\"}],\"reason\":\"承包地互换\",\"source_doc\":\"转移登记 2021-031\"},\n"
        " {\"type\":\"mortgage\",\"date\":\"2022-04-01\",\"right\":\"%s/1\",\"mortgagee\":"
        "\"BANK\",\"amount\":200000,\"term_start\":\"2022-04-01\",\"term_end\":\"2025-03-31\","
        "\"reason\":\"土地经营权抵押贷款\",\"source_doc\":\"抵押合同 LS-2022-0401\"},\n"
        " {\"type\":\"objection\",\"date\":\"2023-05-20\",\"unit\":\"%s\",\"objector\":\"%s\","
        "\"description\":\"对承包地四至有异议\",\"reason\":\"异议登记\"},\n"
        " {\"type\":\"transfer\",\"date\":\"2024-03-01\",\"right\":\"%s/1\",\"holders\":"
        "[{\"party\":\"LSCO\"}],\"reason\":\"林地经营权流转 (收储)\",\"source_doc\":\"收储合同 "
        "LSCO-2024-01\"},\n"
        " {\"type\":\"transfer\",\"date\":\"2024-03-01\",\"right\":\"%s/1\",\"holders\":"
        "[{\"party\":\"LSCO\"}],\"reason\":\"林地经营权流转 (收储)\",\"source_doc\":\"收储合同 "
        "LSCO-2024-02\"},\n"
        " {\"type\":\"mortgage_release\",\"date\":\"2024-03-31\",\"right\":\"%s/1/M1\","
        "\"reason\":\"贷款结清\"},\n"
        " {\"type\":\"change\",\"date\":\"2024-06-01\",\"right\":\"%s/1\",\"fields\":"
        "{\"holders\":[{\"party\":\"%s\",\"share\":\"2/3\"},{\"party\":\"%sS\",\"share\":"
        "\"1/3\"}]},\"reason\":\"共有份额变更\"},\n"
        " {\"type\":\"cancel\",\"date\":\"2024-11-01\",\"unit\":\"%s\",\"reason\":\"土地征收\","
        "\"source_doc\":\"浙土字〔2024〕A0123号\"},\n"
        " {\"type\":\"correct\",\"date\":\"2025-01-10\",\"unit\":\"%s\",\"fields\":{\"name\":"
        "\"坐落更正 %s\"},\"reason\":\"坐落名称录入错误\"},\n"
        " {\"type\":\"transfer\",\"date\":\"2025-06-30\",\"right\":\"%s/1\",\"holders\":"
        "[{\"party\":\"E01\"}],\"reason\":\"林地经营权流转\",\"source_doc\":\"流转合同 2025-18\"}\n"
        "]\n",
        p->jd[1], p->village_household, p->jd[0], p->jd[4], p->jd_household[1], e->forest[0],
        e->forest[1], p->jd[0], p->jd[0], p->jd_household[0], p->jd_household[0], p->jd[3],
        p->jd[2], p->jd[2], p->je);
    return fclose(f) ? ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write") : 0;
}

int demo_write_registry_inputs(const char *dir, struct ls_err *err)
{
    char gpkg[1200], path[1200];
    snprintf(gpkg, sizeof gpkg, "%s/county.gpkg", dir);
    snprintf(path, sizeof path, "%s/registry", dir);
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    struct out o;
    memset(&o, 0, sizeof o);
    snprintf(path, sizeof path, "%s/registry/parties.csv", dir);
    o.parties = fopen(path, "w");
    snprintf(path, sizeof path, "%s/registry/rights.csv", dir);
    o.rights = fopen(path, "w");
    if (!o.parties || !o.rights) {
        if (o.parties)
            fclose(o.parties);
        if (o.rights)
            fclose(o.rights);
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    }
    fprintf(o.parties, "party_id,name,kind,id_code,acts_for,date\n");
    party_row(o.parties, "CN", "国家(全民)", "state", "", "");
    party_row(o.parties, "MNR", "自然资源部", "agency", "", "CN");
    party_row(o.parties, "ZJ-NR", "浙江省自然资源厅", "agency", "", "MNR");
    party_row(o.parties, "E01", "两山海洋牧场有限公司", "enterprise", "91331099MA2D000011", "");
    party_row(o.parties, "E02", "国网两山供电公司", "enterprise", "91331099MA2D000022", "");
    party_row(o.parties, "E03", "两山萤石矿业有限公司", "enterprise", "91331099MA2D000033", "");
    party_row(o.parties, "BANK", "两山农村商业银行", "enterprise", "91331099MA2D000044", "");
    fprintf(o.rights, "unit_code,right_id,type,holders,term_start,term_end,layer,z_min,z_max,"
                      "exercised_by,description,source_doc,geometry_wkt\n");
    struct geo_crs crs;
    int rc = geo_crs_from_epsg(4528, &crs, err);
    snprintf(path, sizeof path, "%s/registry/units.gpkg", dir);
    struct geo_vwriter_opts wo = { .overwrite = 1, .fixed_date = DEMO_FILE_DATE };
    if (!rc)
        rc = geo_vwriter_open(path, &wo, &o.w, err);
    if (!rc)
        rc = geo_vwriter_layer(o.w, "units", &crs, wkbMultiPolygon, err);
    static const char *const fields[] = { "code",  "name",  "class", "resource_type", "layer",
                                          "z_min", "z_max", "date",  "source_doc" };
    for (int i = 0; !rc && i < 9; i++)
        rc = geo_vwriter_field(o.w, fields[i], i == 5 || i == 6 ? OFTReal : OFTString, 0, err);
    GEOSContextHandle_t h = geo_geos_new();
    int next = 1;
    struct demo_eco_site eco;
    memset(&eco, 0, sizeof eco);
    o.eco = &eco;
    if (!rc)
        rc = demo_eco_site_find(gpkg, &eco, err);
    if (!rc)
        rc = parcels(&o, gpkg, h, err);
    if (!rc)
        rc = eco_rows(&o, err);
    if (!rc)
        rc = reserves(&o, gpkg, &next, err);
    if (!rc)
        rc = sea_and_mine(&o, gpkg, &next, err);
    GEOS_finish_r(h);
    if (!rc)
        rc = geo_vwriter_commit(o.w, err);
    else
        geo_vwriter_abort(o.w);
    fclose(o.parties);
    fclose(o.rights);
    snprintf(path, sizeof path, "%s/registry/history.json", dir);
    if (!rc)
        rc = write_history(path, &o.pk, &eco, err);
    snprintf(path, sizeof path, "%s/bundle", dir);
    if (!rc && mkdir(path, 0755) != 0 && errno != EEXIST)
        rc = ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    if (!rc)
        rc = demo_eco_site_requests(dir, &eco, err);
    demo_eco_site_free(&eco);
    return rc;
}
