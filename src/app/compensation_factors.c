/*
 * app/compensation_factors — a county's compensation factors by township, measured from its
 * layers, never typed in (issue 22): the batch overlay (zoning/overlay) cuts every survey patch
 * by the red line, the core zones, basic farmland and the townships with ellipsoidal areas;
 * each township sums its pieces — red-line area and share of its land, core-zone and basic
 * farmland area, forest and wetland area by the patches' land classes (TD/T 1055—2019) — and,
 * with a GEP run, its GEP. Written as the factor table `compensate allocate` reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>

#include "app/compensation.h"
#include "base/csv.h"
#include "base/fsutil.h"
#include "zoning/overlay.h"

#define MAX_TOWNSHIPS 256

struct township {
    char name[96], code[24];
    double land, redline, core, farmland, forest, wetland, gep;
    int has_gep;
};

struct tally {
    struct township t[MAX_TOWNSHIPS];
    int n;
    /* the pieces of the patch being read, until its township row names where they go */
    char patch[32], dlbm[16], where[96];
    double redline, core, farmland, land;
};

/* TD/T 1055—2019's wetland classes (湿地, the third survey's 00 category): mangrove, swamp
 * forest, shrub swamp, swamp grassland, salt pans, coastal and inland tidal flats, swamp land. */
static int is_wetland(const char *dlbm)
{
    static const char *const w[] = { "0303", "0304", "0306", "0402", "0603",
                                     "1105", "1106", "1108", NULL };
    for (int i = 0; w[i]; i++)
        if (!strncmp(dlbm, w[i], 4))
            return 1;
    return 0;
}

static struct township *find(struct tally *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (!strcmp(t->t[i].name, name))
            return &t->t[i];
    if (t->n == MAX_TOWNSHIPS)
        return NULL;
    struct township *w = &t->t[t->n++];
    memset(w, 0, sizeof *w);
    snprintf(w->name, sizeof w->name, "%s", name);
    return w;
}

static int flush(struct tally *t, struct ls_err *err)
{
    if (!t->patch[0])
        return 0;
    if (!t->where[0])
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "township",
                          "patch %s lies in no township: the county's township layer does not "
                          "cover its survey",
                          t->patch);
    struct township *w = find(t, t->where);
    if (!w)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, "township", "more than %d townships",
                          MAX_TOWNSHIPS);
    w->land += t->land;
    w->redline += t->redline;
    w->core += t->core;
    w->farmland += t->farmland;
    if (!strncmp(t->dlbm, "03", 2) && !is_wetland(t->dlbm))
        w->forest += t->land;
    if (is_wetland(t->dlbm))
        w->wetland += t->land;
    t->patch[0] = t->where[0] = 0;
    t->redline = t->core = t->farmland = t->land = 0;
    return 0;
}

/* The overlay's table (patch,dlbm,layer,feature,planar_m2,ellipsoidal_m2,suspected), each
 * patch's rows together. */
static int tally_csv(FILE *f, struct tally *t, struct ls_err *err)
{
    char line[1024];
    int rc = 0;
    if (!fgets(line, sizeof line, f))
        return 0;
    while (!rc && fgets(line, sizeof line, f)) {
        char *fld[7], *save = NULL, *p = line;
        int n = 0;
        for (char *s = strtok_r(p, ",\n", &save); s && n < 7; s = strtok_r(NULL, ",\n", &save))
            fld[n++] = s;
        if (n < 6)
            continue;
        if (strcmp(fld[0], t->patch) && (rc = flush(t, err)))
            break;
        snprintf(t->patch, sizeof t->patch, "%s", fld[0]);
        snprintf(t->dlbm, sizeof t->dlbm, "%s", fld[1]);
        double a = strtod(fld[5], NULL);
        if (!strcmp(fld[2], "township")) {
            snprintf(t->where, sizeof t->where, "%s", fld[3]);
            t->land += a;
        } else if (!strcmp(fld[2], "eco_redline")) {
            t->redline += a;
        } else if (!strcmp(fld[2], "core_zone")) {
            t->core += a;
        } else if (!strcmp(fld[2], "basic_farmland")) {
            t->farmland += a;
        }
    }
    return rc ? rc : flush(t, err);
}

static int township_codes(const char *data, struct tally *t, struct ls_err *err)
{
    GDALDatasetH ds = GDALOpenEx(data, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayerByName(ds, "township") : NULL;
    if (!l) {
        if (ds)
            GDALClose(ds);
        return ls_err_set(err, LS_EINVAL, data, NULL, "township",
                          "the county has no township layer (XZQDM, XZQMC)");
    }
    OGRFeatureH f;
    OGR_L_ResetReading(l);
    while ((f = OGR_L_GetNextFeature(l))) {
        int ic = OGR_F_GetFieldIndex(f, "XZQDM"), in = OGR_F_GetFieldIndex(f, "XZQMC");
        if (ic >= 0 && in >= 0) {
            struct township *w = find(t, OGR_F_GetFieldAsString(f, in));
            if (w)
                snprintf(w->code, sizeof w->code, "%s", OGR_F_GetFieldAsString(f, ic));
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return 0;
}

static int gep_by_township(const char *dir, struct tally *t, struct ls_err *err)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/account.json", dir);
    json_error_t je;
    json_t *acc = json_load_file(path, 0, &je);
    if (!acc)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "not a GEP run's account: %s", je.text);
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(acc, "regions"), i, r)
    {
        const char *name = json_string_value(json_object_get(r, "region"));
        for (int k = 0; name && k < t->n; k++)
            if (!strcmp(t->t[k].name, name)) {
                t->t[k].gep = json_number_value(json_object_get(r, "gep_yuan"));
                t->t[k].has_gep = 1;
            }
    }
    json_decref(acc);
    for (int k = 0; k < t->n; k++)
        if (t->t[k].land > 0 && !t->t[k].has_gep)
            return ls_err_set(err, LS_EINVAL, path, NULL, "regions",
                              "the GEP account has no region %s: it was not run on this county's "
                              "townships",
                              t->t[k].name);
    return 0;
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const struct township *)a)->code, ((const struct township *)b)->code);
}

static int write_table(const struct tally *t, int with_gep, const char *out, int overwrite,
                       struct ls_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return ls_err_set(err, LS_ENOMEM, out, NULL, NULL, "out of memory");
    fprintf(m,
            "region,name,land_area_km2,redline_area_km2,redline_share,core_zone_area_km2,"
            "basic_farmland_area_km2,forest_area_km2,wetland_area_km2%s\n",
            with_gep ? ",gep_yuan" : "");
    for (int i = 0; i < t->n; i++) {
        const struct township *w = &t->t[i];
        if (!(w->land > 0))
            continue;
        /* km² to the m² (six decimals), a share to 1e-9: what the survey's areas support */
        fprintf(m, "%s,", w->code);
        ls_csv_write_field(m, w->name);
        fprintf(m, ",%.6f,%.6f,%.9f,%.6f,%.6f,%.6f,%.6f", w->land / 1e6, w->redline / 1e6,
                w->redline / w->land, w->core / 1e6, w->farmland / 1e6, w->forest / 1e6,
                w->wetland / 1e6);
        if (with_gep)
            fprintf(m, ",%.2f", w->gep);
        fputc('\n', m);
    }
    fclose(m);
    int rc = ls_write_file(out, buf, len, overwrite, "out", err);
    free(buf);
    return rc;
}

/* Every survey patch cut by the control lines and the townships, tallied by township (with
 * its code); *patches the survey's patch count. */
static int measure(const char *data, const char *survey, struct tally *t, long long *patches,
                   struct ls_err *err)
{
    struct zn_rules r;
    struct zn_data d;
    int rc = zn_rules_load("cn-national-2024", &r, err);
    if (rc)
        return rc;
    rc = zn_data_open_layers(data, &r, zn_overlay_layers, &d, err);
    if (rc) {
        zn_rules_free(&r);
        return rc;
    }
    FILE *csv = tmpfile();
    struct zn_overlay_stats st = { 0 };
    if (!csv)
        rc = ls_err_set(err, LS_ENOMEM, data, NULL, NULL, "out of memory");
    if (!rc)
        rc = zn_overlay(&d, survey, "landuse_patch", r.sliver_m2, csv, NULL, &st, err);
    if (!rc) {
        rewind(csv);
        rc = tally_csv(csv, t, err);
    }
    if (!rc)
        rc = township_codes(data, t, err);
    *patches = (long long)st.patches;
    if (csv)
        fclose(csv);
    zn_data_free(&d);
    zn_rules_free(&r);
    return rc;
}

int app_compensation_county_areas(const char *data, double km2[APP_COUNTY_AREAS],
                                  struct ls_err *err)
{
    struct tally *t = calloc(1, sizeof *t);
    long long patches = 0;
    int rc = t ? measure(data, data, t, &patches, err)
               : ls_err_set(err, LS_ENOMEM, data, NULL, NULL, "out of memory");
    for (int k = 0; k < APP_COUNTY_AREAS; k++)
        km2[k] = 0;
    for (int i = 0; !rc && i < t->n; i++) {
        const struct township *w = &t->t[i];
        const double a[APP_COUNTY_AREAS] = { w->land,     w->redline, w->core,
                                             w->farmland, w->forest,  w->wetland };
        for (int k = 0; k < APP_COUNTY_AREAS; k++)
            km2[k] += a[k] / 1e6;
    }
    free(t);
    return rc;
}

int app_compensation_factors(const struct app_factors_opts *o, json_t **summary, struct ls_err *err)
{
    *summary = NULL;
    const char *data = o->data, *gep_dir = o->gep_dir, *out = o->out;
    const char *survey = o->survey ? o->survey : o->data;
    struct tally *t = calloc(1, sizeof *t);
    long long patches = 0;
    int rc = t ? measure(data, survey, t, &patches, err)
               : ls_err_set(err, LS_ENOMEM, data, NULL, NULL, "out of memory");
    if (!rc && gep_dir)
        rc = gep_by_township(gep_dir, t, err);
    if (!rc) {
        qsort(t->t, (size_t)t->n, sizeof t->t[0], by_code);
        for (int i = 0; i < t->n && !rc; i++)
            if (t->t[i].land > 0 && !t->t[i].code[0])
                rc = ls_err_set(err, LS_EINVAL, data, NULL, "XZQDM",
                                "township %s has no code in the township layer", t->t[i].name);
    }
    if (!rc)
        rc = write_table(t, gep_dir != NULL, out, o->overwrite, err);
    if (!rc) {
        double land = 0, red = 0;
        int n = 0;
        for (int i = 0; i < t->n; i++) {
            land += t->t[i].land;
            red += t->t[i].redline;
            n += t->t[i].land > 0;
        }
        *summary = json_pack("{s:s,s:i,s:I,s:f,s:f,s:f}", "factors", out, "townships", n, "patches",
                             (json_int_t)patches, "land_area_km2", land / 1e6, "redline_area_km2",
                             red / 1e6, "redline_share", land > 0 ? red / land : 0.0);
    }
    free(t);
    return rc;
}
