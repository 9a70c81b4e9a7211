/*
 * demo/eco_site — the demo county's eco-tourism site (issue 21's part of the demo): the
 * largest state reservoir outside the core protection zones becomes a water-surface unit with an
 * aquaculture right, less a 30 m plot on its shore that becomes a construction parcel for the
 * landing and visitor point; the county's ecological-asset company (两山生态资源运营有限公司,
 * LSCO) holds both, and gathers (流转) the forest rights of the two contracted forest parcels
 * nearest the water. The valuation requests of the four and the bundle request that sells them
 * together are written to DIR/bundle/ for scripts/demo-bundle.sh to record.
 * Deterministic: the same county.gpkg gives the same site and files.
 */
#include "demo/eco_site.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo/vector.h"

static int in_core_zone(const char *gpkg, OGRGeometryH pt, int *inside, struct ls_err *err)
{
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(gpkg, "core_zone", &s, err);
    *inside = 0;
    OGRFeatureH f;
    while (!rc && !*inside && (f = geo_vsource_next(s))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        *inside = g && OGR_G_Intersects(g, pt);
        OGR_F_Destroy(f);
    }
    geo_vsource_close(s);
    return rc;
}

int demo_eco_site_find(const char *gpkg, struct demo_eco_site *e, struct ls_err *err)
{
    memset(e, 0, sizeof *e);
    e->d2[0] = e->d2[1] = INFINITY;
    struct geo_vsource *s = NULL;
    int rc = geo_vsource_open(gpkg, "landuse_patch", &s, err);
    if (rc)
        return rc;
    int fd = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "DLBM");
    int fq = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "QSXZ");
    int fv = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(s->layer), "QSDWDM");
    /* reservoirs (水库水面) of the state, the largest first; ties by their order in the file */
    OGRGeometryH cand[64];
    double area[64];
    char village[64][16];
    int n = 0;
    OGRFeatureH f;
    while ((f = geo_vsource_next(s))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && n < 64 && !strcmp(OGR_F_GetFieldAsString(f, fd), "1103") &&
            !strcmp(OGR_F_GetFieldAsString(f, fq), "10")) {
            cand[n] = OGR_G_Clone(g);
            area[n] = OGR_G_Area(g);
            snprintf(village[n], sizeof village[n], "%.12s", OGR_F_GetFieldAsString(f, fv));
            n++;
        }
        OGR_F_Destroy(f);
    }
    geo_vsource_close(s);
    int best = -1;
    for (int pass = 0; !rc && pass < n; pass++) {
        int k = -1;
        for (int i = 0; i < n; i++)
            if (cand[i] && (k < 0 || area[i] > area[k]))
                k = i;
        if (k < 0)
            break;
        OGRGeometryH pt = OGR_G_PointOnSurface(cand[k]);
        int red = 0;
        rc = pt ? in_core_zone(gpkg, pt, &red, err) : 0;
        if (!rc && pt && !red) {
            e->cx = OGR_G_GetX(pt, 0);
            e->cy = OGR_G_GetY(pt, 0);
            best = k;
        }
        OGR_G_DestroyGeometry(pt);
        if (best >= 0)
            break;
        OGR_G_DestroyGeometry(cand[k]);
        cand[k] = NULL;
    }
    if (!rc && best < 0)
        rc = ls_err_set(err, LS_EINTERNAL, gpkg, NULL, "landuse_patch",
                        "the demo county has no state reservoir outside the core zones");
    if (!rc) {
        /* the plot: 30 m square on the reservoir's interior point, cut out of the water */
        char wkt[256];
        snprintf(wkt, sizeof wkt, "POLYGON((%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f))",
                 e->cx - 15, e->cy - 15, e->cx + 15, e->cy - 15, e->cx + 15, e->cy + 15, e->cx - 15,
                 e->cy + 15, e->cx - 15, e->cy - 15);
        OGRGeometryH sq = NULL;
        char *p = wkt;
        OGR_G_CreateFromWkt(&p, NULL, &sq);
        e->service = sq ? OGR_G_Intersection(cand[best], sq) : NULL;
        e->water = sq ? OGR_G_Difference(cand[best], sq) : NULL;
        OGR_G_DestroyGeometry(sq);
        snprintf(e->village, sizeof e->village, "%s", village[best]);
        if (!e->service || !e->water || OGR_G_Area(e->service) < 100)
            rc = ls_err_set(err, LS_EINTERNAL, gpkg, NULL, "landuse_patch",
                            "the reservoir's shore plot could not be cut");
    }
    for (int i = 0; i < n; i++)
        OGR_G_DestroyGeometry(cand[i]);
    if (rc)
        demo_eco_site_free(e);
    return rc;
}

void demo_eco_site_consider(struct demo_eco_site *e, const char *code, OGRGeometryH g)
{
    OGRGeometryH pt = g ? OGR_G_PointOnSurface(g) : NULL;
    if (!pt)
        return;
    double dx = OGR_G_GetX(pt, 0) - e->cx, dy = OGR_G_GetY(pt, 0) - e->cy;
    double d2 = dx * dx + dy * dy, ha = OGR_G_Area(g) / 1e4;
    OGR_G_DestroyGeometry(pt);
    /* the two nearest, the nearer first; a tie keeps the parcel seen first */
    int slot = d2 < e->d2[0] ? 0 : d2 < e->d2[1] ? 1 : -1;
    if (slot == 0) {
        e->d2[1] = e->d2[0];
        e->forest_ha[1] = e->forest_ha[0];
        memcpy(e->forest[1], e->forest[0], sizeof e->forest[0]);
    }
    if (slot >= 0) {
        e->d2[slot] = d2;
        e->forest_ha[slot] = ha;
        snprintf(e->forest[slot], sizeof e->forest[slot], "%s", code);
    }
}

void demo_eco_site_codes(const struct demo_eco_site *e, char water[32], char service[32])
{
    snprintf(water, 32, "331099%.3s%.3sGN00001W00000000", e->village + 6, e->village + 9);
    snprintf(service, 32, "331099%.3s%.3sGB00001W00000000", e->village + 6, e->village + 9);
}

void demo_eco_site_free(struct demo_eco_site *e)
{
    OGR_G_DestroyGeometry(e->water);
    OGR_G_DestroyGeometry(e->service);
    e->water = e->service = NULL;
}

/* The four valuations (2024-06-30) and the bundle, as the appraiser and the company file them. */
int demo_eco_site_requests(const char *dir, const struct demo_eco_site *e, struct ls_err *err)
{
    char path[1200], water[32], service[32];
    demo_eco_site_codes(e, water, service);
    snprintf(path, sizeof path, "%s/bundle/valuations.json", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    double water_m2 = round(OGR_G_Area(e->water)), plot_m2 = round(OGR_G_Area(e->service));
    fprintf(f, "[\n");
    for (int i = 0; i < 2; i++)
        fprintf(f,
                " {\"valuation\":\"ECO-V-F%d\",\"date\":\"2024-06-30\",\"subject\":{\"unit\":"
                "\"%s\"},\"method\":\"forest_land\",\"inputs\":{\"method\":\"annuity\",\"A\":"
                "900,\"P\":0.06},\"quantity\":%.4f},\n",
                i + 1, e->forest[i], round(e->forest_ha[i] * 1e4) / 1e4);
    fprintf(f,
            " {\"valuation\":\"ECO-V-W\",\"date\":\"2024-06-30\",\"subject\":{\"unit\":\"%s\"},"
            "\"method\":\"income_capitalisation\",\"inputs\":{\"a\":2.5,\"r\":0.05,\"n\":30},"
            "\"quantity\":%.0f},\n"
            " {\"valuation\":\"ECO-V-C\",\"date\":\"2024-06-30\",\"subject\":{\"unit\":\"%s\"},"
            "\"method\":\"income_capitalisation\",\"inputs\":{\"a\":100,\"r\":0.06,\"n\":40},"
            "\"quantity\":%.0f,\"floor\":{\"basis\":\"amount\",\"amount\":%.0f,\"source\":"
            "\"浙江省工业用地出让最低价标准 (十二等, ¥1,200/m²)\"}}\n]\n",
            water, water_m2, service, plot_m2, plot_m2 * 1200);
    if (fclose(f))
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    snprintf(path, sizeof path, "%s/bundle/eco-tourism.json", dir);
    f = fopen(path, "w");
    if (!f)
        return ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write");
    fprintf(
        f,
        "{\"bundle\":\"ECO-2024-01\",\"name\":\"两山水库生态旅游组合标的\",\"date\":\"2024-"
        "06-30\",\"seller\":\"LSCO\",\n \"components\":[\n"
        "  {\"right\":\"%s/1\",\"valuation\":\"ECO-V-F1\",\"role\":\"林地 (流转收储)\"},\n"
        "  {\"right\":\"%s/1\",\"valuation\":\"ECO-V-F2\",\"role\":\"林地 (流转收储)\"},\n"
        "  {\"right\":\"ECO-W-0001\",\"valuation\":\"ECO-V-W\",\"role\":\"水库水面\"},\n"
        "  {\"right\":\"ECO-C-0001\",\"valuation\":\"ECO-V-C\",\"role\":\"游客服务点建设用地\"}],\n"
        " \"whole\":{\"method\":\"income_capitalisation\",\"inputs\":{\"a\":600000,\"r\":0.06,"
        "\"n\":30},\n  \"strip\":[{\"item\":\"游船码头与服务用房\",\"value\":1200000,"
        "\"basis\":\"重置成本减折旧 (两山评估 2024-118)\"},{\"item\":\"游船与设备\",\"value\":"
        "150000,\"basis\":\"账面价值 2024-06-30\"}]},\n"
        " \"reconciliation\":{\"rule\":\"whole_stripped\",\"reason\":\"四宗资产共同产生一份生态"
        "旅游经营收益, 按整体收益剥离显化\"}}\n",
        e->forest[0], e->forest[1]);
    return fclose(f) ? ls_err_set(err, LS_EIO, path, NULL, NULL, "cannot write") : 0;
}
