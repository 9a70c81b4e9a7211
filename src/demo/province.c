/*
 * demo/province — the province demo: the region 两山市 (339900, a prefecture code free on
 * Zhejiang's coast) whose N counties a province's transfer payment reaches, stacked north to south
 * on one grid just north of the demo county, each with its own terrain (its own seed) and a red
 * line from large to small (the red-line elevation rises county by county); one river rises in the
 * first county, leaves it through its straight south border and reaches the sea through the second,
 * with the joint monitoring section on that border. Beside the counties, the province's tables the
 * transfer payment and the horizontal agreement need:
 *   tables/counties.csv          population, standard revenue and expenditure, fiscal gap
 *   tables/prohibited_zones.csv  the nature reserves' core zones (禁止开发区), areas measured
 *   tables/ei.csv                the EI of HJ 192-2015 for the two survey years
 *   tables/water_quality.csv     the border section's series, two samples a month, 2022–2024
 *   tables/sections.csv          the section, its river and the two counties
 * and province.gpkg (county, river, section). Everything derives from the seed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gdal.h>
#include <ogr_api.h>

#include "base/fsutil.h"
#include "base/rng.h"
#include "demo/internal.h"
#include "geo/crs.h"
#include "geo/vwrite.h"

static const char *const county_names[DEMO_PROVINCE_MAX] = {
    "云岭县", "清溪县", "石门县", "竹海县", "桃源县", "金沙县", "银湾县", "玉泉县"
};

/* What is read back from one county's files for the tables. */
struct county_facts {
    double cls_km2[2][DEMO_MAX_CLASSES]; /* [survey 2022, 2023][class index] */
    double ndvi, precip_mm, river_km;
    double land_km2[2];
};

static int make_dir(const char *path, struct ls_err *err)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST)
        return ls_err_set(err, LS_EIO, path, NULL, "out", "cannot create: %s", ls_strerror(errno));
    return 0;
}

static int class_index(const char *dlbm)
{
    size_t n;
    const struct demo_class *cl = demo_classes(&n);
    for (size_t i = 0; i < n; i++)
        if (!strncmp(cl[i].dlbm, dlbm, 4))
            return (int)i;
    return -1;
}

static int read_classes(const char *gpkg, double *km2, double *land, struct ls_err *err)
{
    GDALDatasetH ds = GDALOpenEx(gpkg, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "landuse_patch") : NULL;
    if (!l) {
        if (ds)
            GDALClose(ds);
        return ls_err_set(err, LS_EIO, gpkg, NULL, "landuse_patch", "cannot read the survey");
    }
    OGRFeatureH f;
    *land = 0;
    while ((f = OGR_L_GetNextFeature(l))) {
        int k = class_index(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "DLBM")));
        double a = OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "TBMJ")) / 1e6;
        if (k >= 0)
            km2[k] += a;
        *land += a;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return 0;
}

/* The mean of a raster over the county's land (land cover not 0). */
static int land_mean(const char *dir, const char *name, double *mean, struct ls_err *err)
{
    char p1[1200], p2[1200];
    snprintf(p1, sizeof p1, "%s/%s.tif", dir, name);
    snprintf(p2, sizeof p2, "%s/landcover.tif", dir);
    GDALDatasetH a = GDALOpen(p1, GA_ReadOnly), b = GDALOpen(p2, GA_ReadOnly);
    int rc = 0;
    if (!a || !b) {
        rc = ls_err_set(err, LS_EIO, a ? p2 : p1, NULL, NULL, "cannot read the raster");
    } else {
        int nx = GDALGetRasterXSize(a), ny = GDALGetRasterYSize(a);
        float *v = malloc((size_t)nx * sizeof *v), *lc = malloc((size_t)nx * sizeof *lc);
        double s = 0;
        long n = 0;
        for (int j = 0; v && lc && !rc && j < ny; j++) {
            if (GDALRasterIO(GDALGetRasterBand(a, 1), GF_Read, 0, j, nx, 1, v, nx, 1, GDT_Float32,
                             0, 0) != CE_None ||
                GDALRasterIO(GDALGetRasterBand(b, 1), GF_Read, 0, j, nx, 1, lc, nx, 1, GDT_Float32,
                             0, 0) != CE_None)
                rc = ls_err_set(err, LS_EIO, p1, NULL, NULL, "cannot read row %d", j);
            for (int i = 0; !rc && i < nx; i++)
                if (lc[i] > 0) {
                    s += v[i];
                    n++;
                }
        }
        if (!rc && (!v || !lc))
            rc = ls_err_set(err, LS_ENOMEM, p1, NULL, NULL, "out of memory");
        *mean = n ? s / (double)n : 0;
        free(v);
        free(lc);
    }
    if (a)
        GDALClose(a);
    if (b)
        GDALClose(b);
    return rc;
}

static int read_facts(const char *dir, struct county_facts *f, struct ls_err *err)
{
    memset(f, 0, sizeof *f);
    char p[1200];
    snprintf(p, sizeof p, "%s/county-2022.gpkg", dir);
    int rc = read_classes(p, f->cls_km2[0], &f->land_km2[0], err);
    snprintf(p, sizeof p, "%s/county.gpkg", dir);
    if (!rc)
        rc = read_classes(p, f->cls_km2[1], &f->land_km2[1], err);
    if (!rc)
        rc = land_mean(dir, "ndvi", &f->ndvi, err);
    if (!rc)
        rc = land_mean(dir, "precipitation", &f->precip_mm, err);
    if (rc)
        return rc;
    GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "river") : NULL;
    OGRFeatureH ft;
    while (l && (ft = OGR_L_GetNextFeature(l))) {
        f->river_km += OGR_F_GetFieldAsDouble(ft, OGR_F_GetFieldIndex(ft, "CD")) / 1000.0;
        OGR_F_Destroy(ft);
    }
    if (ds)
        GDALClose(ds);
    return l ? 0 : ls_err_set(err, LS_EIO, p, NULL, "river", "cannot read the rivers");
}

static double cls(const struct county_facts *f, int year, const char *dlbm)
{
    int k = class_index(dlbm);
    return k < 0 ? 0 : f->cls_km2[year][k];
}

/* How each county's year changed, by position: the appraisal's spread from a clear fall to a
 * clear rise (emission ratio, NDVI change, an incident's restriction term). */
static const struct {
    double emissions, ndvi, eri;
} change[DEMO_PROVINCE_MAX] = { { 0.55, 0.030, 0 },   { 0.90, -0.040, 0 }, { 1.00, -0.020, -3 },
                                { 1.20, -0.030, -7 }, { 0.80, 0.010, 0 },  { 1.30, -0.050, -2 },
                                { 0.70, 0.020, 0 },   { 1.00, -0.060, 0 } };

/* Population by the land it lives on (persons per km² of town, village and farmland). */
static double population(const struct county_facts *f)
{
    return 9000 * cls(f, 1, "0701") + 2500 * cls(f, 1, "0702") + 60 * cls(f, 1, "0101") +
           60 * cls(f, 1, "0103") + 15 * f->land_km2[1];
}

static void ei_inputs(const struct county_facts *f, int year, int idx, double pop,
                      struct demo_ei_inputs *in)
{
    memset(in, 0, sizeof *in);
    in->area_km2 = f->land_km2[year];
    /* TD/T 1055 classes onto the standard's habitat types; orchards and tea count as other
     * woodland, the survey's other grassland as medium cover */
    in->forest[0] = cls(f, year, "0301") + cls(f, year, "0302");
    in->forest[1] = cls(f, year, "0305");
    in->forest[2] = cls(f, year, "0201") + cls(f, year, "0202");
    in->grass[1] = cls(f, year, "0404");
    in->water[0] = cls(f, year, "1101");
    in->water[1] = cls(f, year, "1103") + cls(f, year, "1104");
    in->water[2] = cls(f, year, "1105") + cls(f, year, "1106");
    in->crop[0] = cls(f, year, "0101");
    in->crop[1] = cls(f, year, "0103");
    in->built[0] = cls(f, year, "0701");
    in->built[1] = cls(f, year, "0702");
    in->built[2] = cls(f, year, "0601") + cls(f, year, "1003");
    in->unused = cls(f, year, "1207");
    in->ndvi_mean = f->ndvi + (year ? change[idx].ndvi : 0);
    in->river_km = f->river_km;
    in->lake_km2 = in->water[1];
    /* water resources: the rain that runs off (a humid county's runoff coefficient 0.55) */
    in->water_resources_1e6m3 = f->precip_mm / 1000.0 * 0.55 * in->area_km2;
    in->erosion_moderate_km2 = 0.15 * in->crop[1];
    in->construction_km2 = in->built[0] + in->built[1] + in->built[2];
    /* emissions by people and industry, t a year */
    double k = year ? change[idx].emissions : 1.0;
    double ind = cls(f, year, "0601");
    in->cod_t = k * (pop * 0.0045 + ind * 30);
    in->nh3n_t = k * (pop * 0.0005 + in->crop[0] * 0.4);
    in->so2_t = k * (ind * 120 + pop * 0.002);
    in->smoke_t = k * (ind * 40);
    in->nox_t = k * (ind * 90 + pop * 0.003);
    in->solid_t = k * (ind * 900);
    in->eri = year ? change[idx].eri : 0;
}

/* A table is written in memory (table_open), then to DIR/tables/NAME whole (table_write, which
 * also releases it). */
struct table {
    char *buf;
    size_t len;
    FILE *f;
};

static int table_open(struct table *t, const char *dir, struct ls_err *err)
{
    t->buf = NULL;
    t->len = 0;
    t->f = open_memstream(&t->buf, &t->len);
    return t->f ? 0 : ls_err_set(err, LS_ENOMEM, dir, NULL, NULL, "out of memory");
}

static int table_write(struct table *t, const char *dir, const char *name, struct ls_err *err)
{
    fclose(t->f);
    char p[1200];
    snprintf(p, sizeof p, "%s/tables/%s", dir, name);
    int rc = ls_write_file(p, t->buf, t->len, 0, "out", err);
    free(t->buf);
    return rc;
}

static int counties_table(const char *dir, const struct demo_province_summary *s,
                          const struct county_facts *f, struct ls_err *err)
{
    struct table t;
    if (table_open(&t, dir, err))
        return -LS_ENOMEM;
    FILE *m = t.f;
    fprintf(m, "region,name,population,standard_revenue_wan,standard_expenditure_wan,"
               "fiscal_gap_wan,gap_ratio,last_year_wan\n");
    for (int i = 0; i < s->n; i++) {
        double pop = population(&f[i]);
        /* standard expenditure by head and by land to manage; revenue by the built economy */
        double spend = floor(pop * 1.15 + f[i].land_km2[1] * 12 + 0.5);
        /* the more of a county the red line holds, the less of its built land earns */
        double built = cls(&f[i], 1, "0701") + cls(&f[i], 1, "0601");
        double share = s->county[i].redline_m2 / s->county[i].land_m2;
        double revenue = floor(built * 7400 * (1.15 - share) + pop * 0.25 + 0.5);
        double gap = spend > revenue ? spend - revenue : 0;
        fprintf(m, "%s,%s,%.0f,%.0f,%.0f,%.0f,%.6f,%.0f\n", s->county[i].code, s->county[i].name,
                floor(pop + 0.5), revenue, spend, gap, spend > 0 ? gap / spend : 0,
                floor(gap * 0.18 + 0.5));
    }
    return table_write(&t, dir, "counties.csv", err);
}

static int ei_table(const char *dir, struct demo_province_summary *s, const struct county_facts *f,
                    struct ls_err *err)
{
    struct table t;
    if (table_open(&t, dir, err))
        return -LS_ENOMEM;
    FILE *m = t.f;
    fprintf(m, "region,name,year,bi,vci,wdi,lsi,pli,eri,ei\n");
    for (int i = 0; i < s->n; i++)
        for (int y = 0; y < 2; y++) {
            struct demo_ei_inputs in;
            struct demo_ei e;
            ei_inputs(&f[i], y, i, population(&f[i]), &in);
            demo_ei(&in, &e);
            s->county[i].ei[y] = e.ei;
            fprintf(m, "%s,%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f\n", s->county[i].code,
                    s->county[i].name, 2022 + y, e.bi, e.vci, e.wdi, e.lsi, e.pli, e.eri, e.ei);
        }
    return table_write(&t, dir, "ei.csv", err);
}

/* The nature reserves' core zones of each county are its prohibited-development zones (禁止开发
 * 区); the largest of the upstream county is national, the rest provincial. */
static int zones_table(const char *dir, struct demo_province_summary *s, struct ls_err *err)
{
    struct table t;
    if (table_open(&t, dir, err))
        return -LS_ENOMEM;
    FILE *m = t.f;
    fprintf(m, "zone,region,name,kind,level,area_km2\n");
    int rc = 0;
    for (int i = 0; i < s->n && !rc; i++) {
        char p[1200];
        snprintf(p, sizeof p, "%s/%s/county.gpkg", dir, s->county[i].code);
        GDALDatasetH ds = GDALOpenEx(p, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
        OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "core_zone") : NULL;
        if (!l) {
            rc = ls_err_set(err, LS_EIO, p, NULL, "core_zone", "cannot read the core zones");
        } else {
            double best = 0;
            long best_bsm = 0;
            OGRFeatureH ft;
            while ((ft = OGR_L_GetNextFeature(l))) {
                double a = OGR_F_GetFieldAsDouble(ft, OGR_F_GetFieldIndex(ft, "MJ"));
                if (a > best) {
                    best = a;
                    best_bsm = (long)OGR_F_GetFieldAsInteger64(ft, OGR_F_GetFieldIndex(ft, "BSM"));
                }
                OGR_F_Destroy(ft);
            }
            OGR_L_ResetReading(l);
            while ((ft = OGR_L_GetNextFeature(l))) {
                long bsm = (long)OGR_F_GetFieldAsInteger64(ft, OGR_F_GetFieldIndex(ft, "BSM"));
                double a = OGR_F_GetFieldAsDouble(ft, OGR_F_GetFieldIndex(ft, "MJ"));
                int national = i == 0 && bsm == best_bsm;
                fprintf(m, "%s-ZR%02ld,%s,%s%s,自然保护区核心保护区,%s,%.6f\n", s->county[i].code,
                        bsm, s->county[i].code, s->county[i].name,
                        OGR_F_GetFieldAsString(ft, OGR_F_GetFieldIndex(ft, "BHDMC")),
                        national ? "national" : "provincial", a / 1e6);
                s->county[i].prohibited++;
                OGR_F_Destroy(ft);
            }
        }
        if (ds)
            GDALClose(ds);
    }
    if (rc) {
        fclose(m);
        free(t.buf);
        return rc;
    }
    return table_write(&t, dir, "prohibited_zones.csv", err);
}

/* The border section's joint monitoring: the upstream county's load sets the level (its
 * built land and farmland share), 2023 cleaner than the 2022 baseline, 2024 after a dry year
 * dirtier; each month two samples with a seasonal swing, one flood sample excluded. */
static int water_table(const char *dir, const struct demo_province_summary *s,
                       const struct county_facts *up, struct ls_err *err)
{
    static const struct {
        const char *id;
        double base;
    } ind[] = { { "codmn", 2.2 }, { "nh3n", 0.16 }, { "tn", 1.15 }, { "tp", 0.045 } };
    static const double year_factor[3] = { 1.0, 0.86, 1.34 };
    double load = (cls(up, 1, "0701") + cls(up, 1, "0702") + cls(up, 1, "0601") +
                   cls(up, 1, "0101") + cls(up, 1, "0103")) /
                  up->land_km2[1];
    struct table t;
    if (table_open(&t, dir, err))
        return -LS_ENOMEM;
    FILE *m = t.f;
    struct ls_rng rng;
    ls_rng_seed(&rng, s->seed ^ 0x5EC7105ULL);
    fprintf(m, "section,date,indicator,value,unit,excluded,reason\n");
    for (int y = 0; y < 3; y++)
        for (int mo = 1; mo <= 12; mo++)
            for (int d = 0; d < 2; d++)
                for (size_t k = 0; k < sizeof ind / sizeof *ind; k++) {
                    double season = 1 + 0.12 * sin((mo - 4) * M_PI / 6.0);
                    double v = ind[k].base * (0.7 + 1.2 * load) * year_factor[y] * season *
                               (0.92 + 0.16 * ls_rng_uniform(&rng));
                    fprintf(m, "%s,%d-%02d-%02d,%s,%.4g,mg/L,,\n", s->section, 2022 + y, mo,
                            d ? 20 : 5, ind[k].id, v);
                }
    fprintf(m, "%s,2023-07-12,codmn,%.4g,mg/L,1,山洪期间采样（双方确认剔除）\n", s->section,
            ind[0].base * 4.5);
    return table_write(&t, dir, "water_quality.csv", err);
}

static int sections_table(const char *dir, const struct demo_province_summary *s,
                          struct ls_err *err)
{
    struct table t;
    if (table_open(&t, dir, err))
        return -LS_ENOMEM;
    FILE *m = t.f;
    fprintf(m, "section,name,river,upstream,upstream_name,downstream,downstream_name,easting,"
               "northing\n");
    fprintf(m, "%s,%s,%s,%s,%s,%s,%s,%.1f,%.1f\n", s->section, s->section_name, s->river,
            s->county[0].code, s->county[0].name, s->county[1].code, s->county[1].name,
            s->section_x, s->section_y);
    return table_write(&t, dir, "sections.csv", err);
}

/* province.gpkg: the counties' outlines, the border river's two stretches, the section. */
static int province_layers(const char *dir, struct demo_province_summary *s, struct ls_err *err)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/province.gpkg", dir);
    struct geo_vwriter_opts wo = { .fixed_date = DEMO_FILE_DATE };
    struct geo_vwriter *w = NULL;
    struct geo_crs crs;
    int rc = geo_crs_from_epsg(DEMO_EPSG, &crs, err);
    if (!rc)
        rc = geo_vwriter_open(p, &wo, &w, err);
    if (!rc)
        rc = geo_vwriter_layer(w, "county", &crs, wkbMultiPolygon, err);
    const char *cf[] = { "XZQDM", "XZQMC" };
    for (int k = 0; !rc && k < 2; k++)
        rc = geo_vwriter_field(w, cf[k], OFTString, 0, err);
    if (!rc)
        rc = geo_vwriter_field(w, "MJ", OFTReal, 0, err);
    if (!rc)
        rc = geo_vwriter_field(w, "HXMJ", OFTReal, 0, err);
    if (!rc)
        rc = geo_vwriter_field(w, "HXZB", OFTReal, 0, err);
    for (int pass = 0; pass < 2 && !rc; pass++) {
        if (pass == 1) {
            rc = geo_vwriter_layer(w, "river", &crs, wkbLineString, err);
            if (!rc)
                rc = geo_vwriter_field(w, "HLMC", OFTString, 0, err);
            if (!rc)
                rc = geo_vwriter_field(w, "XZQDM", OFTString, 0, err);
            if (!rc)
                rc = geo_vwriter_field(w, "CD", OFTReal, 0, err);
        }
        for (int i = 0; i < (pass ? 2 : s->n) && !rc; i++) {
            char cp[1200];
            snprintf(cp, sizeof cp, "%s/%s/county.gpkg", dir, s->county[i].code);
            GDALDatasetH ds = GDALOpenEx(cp, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
            OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, pass ? "river" : "county") : NULL;
            OGRFeatureH ft = l ? OGR_L_GetNextFeature(l) : NULL; /* the first: river 0 */
            if (!ft) {
                rc = ls_err_set(err, LS_EIO, cp, NULL, pass ? "river" : "county",
                                "cannot read the county's layer");
            } else {
                OGRFeatureH o = geo_vwriter_feature(w);
                OGR_F_SetGeometry(o, OGR_F_GetGeometryRef(ft));
                if (pass) {
                    snprintf(s->river, sizeof s->river, "%s",
                             OGR_F_GetFieldAsString(ft, OGR_F_GetFieldIndex(ft, "HLMC")));
                    OGR_F_SetFieldString(o, 0, s->river);
                    OGR_F_SetFieldString(o, 1, s->county[i].code);
                    OGR_F_SetFieldDouble(o, 2,
                                         OGR_F_GetFieldAsDouble(ft, OGR_F_GetFieldIndex(ft, "CD")));
                } else {
                    OGR_F_SetFieldString(o, 0, s->county[i].code);
                    OGR_F_SetFieldString(o, 1, s->county[i].name);
                    OGR_F_SetFieldDouble(o, 2, s->county[i].land_m2);
                    OGR_F_SetFieldDouble(o, 3, s->county[i].redline_m2);
                    OGR_F_SetFieldDouble(o, 4, s->county[i].redline_m2 / s->county[i].land_m2);
                }
                rc = geo_vwriter_write(w, o, err);
                OGR_F_Destroy(ft);
            }
            if (ds)
                GDALClose(ds);
        }
    }
    snprintf(s->section_name, sizeof s->section_name, "%s%s—%s界断面", s->river, s->county[0].name,
             s->county[1].name);
    if (!rc)
        rc = geo_vwriter_layer(w, "section", &crs, wkbPoint, err);
    const char *sf[] = { "DMBM", "DMMC", "HLMC", "SYXZQDM", "XYXZQDM" };
    for (int k = 0; !rc && k < 5; k++)
        rc = geo_vwriter_field(w, sf[k], OFTString, 0, err);
    if (!rc) {
        OGRFeatureH o = geo_vwriter_feature(w);
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, s->section_x, s->section_y);
        OGR_F_SetGeometryDirectly(o, pt);
        const char *v[] = { s->section, s->section_name, s->river, s->county[0].code,
                            s->county[1].code };
        for (int k = 0; k < 5; k++)
            OGR_F_SetFieldString(o, k, v[k]);
        rc = geo_vwriter_write(w, o, err);
    }
    if (!rc)
        return geo_vwriter_commit(w, err);
    geo_vwriter_abort(w);
    return rc;
}

int demo_province_write(const struct demo_province_opts *o, const char *dir,
                        struct demo_province_summary *s, struct ls_err *err)
{
    memset(s, 0, sizeof *s);
    if (o->counties < 2 || o->counties > DEMO_PROVINCE_MAX)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "province",
                          "a province of 2 to %d counties, not %d", DEMO_PROVINCE_MAX, o->counties);
    s->n = o->counties;
    s->seed = o->seed;
    int cells = o->size == DEMO_SMALL ? 500 : (o->size == DEMO_MEDIUM ? 1600 : 4000);
    double h = cells * 30.0, river_x = 0.45 * h;
    struct county_facts *facts = calloc((size_t)s->n, sizeof *facts);
    char tables[1200];
    snprintf(tables, sizeof tables, "%s/tables", dir);
    int rc = facts ? make_dir(tables, err)
                   : ls_err_set(err, LS_ENOMEM, dir, NULL, NULL, "out of memory");
    for (int i = 0; i < s->n && !rc; i++) {
        snprintf(s->county[i].code, sizeof s->county[i].code, "3399%02d", 21 + i);
        snprintf(s->county[i].name, sizeof s->county[i].name, "%s", county_names[i]);
        /* the red line shrinks county by county: its elevation rises from 200 m to 650 m,
         * with a small ring around each river's head */
        struct demo_county_params p = {
            .code = s->county[i].code,
            .name = s->county[i].name,
            /* north of the demo county, whose grid hangs south from 3,200 km at any size */
            .south_shift_m = (i - s->n) * h,
            .redline_elev_m = 200.0 + 450.0 * i / (s->n - 1),
            .redline_head_m = 700.0,
            .straight_north = i > 0,
            .straight_south = i < s->n - 1,
            .river_out_x_m = i == 0 ? river_x : 0,
            .river_in_x_m = i == 1 ? river_x : 0,
            .layers_only = 1,
        };
        struct demo_opts co = { .size = o->size,
                                .seed =
                                    o->seed * 1000003ULL + 7919ULL * (uint64_t)(unsigned)(i + 1),
                                .county = &p };
        char cdir[1200];
        snprintf(cdir, sizeof cdir, "%s/%s", dir, s->county[i].code);
        struct demo_summary cs = { 0 };
        rc = make_dir(cdir, err);
        if (!rc)
            rc = demo_write(&co, cdir, &cs, err);
        if (!rc) {
            s->county[i].land_m2 = cs.county_area_m2;
            s->county[i].redline_m2 = cs.eco_redline_m2; /* core zones lie inside it */
            s->county[i].patches = cs.patches;
            rc = read_facts(cdir, &facts[i], err);
        }
    }
    if (!rc) {
        snprintf(s->section, sizeof s->section, "SJ01");
        s->section_x = 40640000.0 - h + river_x;
        s->section_y = 3200000.0 + (s->n - 1) * h;
        rc = province_layers(dir, s, err);
    }
    if (!rc)
        rc = counties_table(dir, s, facts, err);
    if (!rc)
        rc = ei_table(dir, s, facts, err);
    if (!rc)
        rc = zones_table(dir, s, err);
    if (!rc)
        rc = water_table(dir, s, &facts[0], err);
    if (!rc)
        rc = sections_table(dir, s, err);
    free(facts);
    return rc;
}

int demo_province_generate(const struct demo_province_opts *o, struct demo_province_summary *s,
                           struct ls_err *err)
{
    struct ls_staged_dir sd;
    int rc = ls_dir_stage(o->out_dir, o->force, "out", &sd, err);
    if (rc)
        return rc;
    rc = demo_province_write(o, sd.tmp, s, err);
    if (rc)
        ls_dir_discard(&sd);
    else
        rc = ls_dir_publish(&sd, err);
    return rc;
}
