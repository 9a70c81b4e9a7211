/*
 * app/compensation_province — a province's factor table by county (issue 22): each county's
 * land, red line, core zones, basic farmland, forest and wetland measured from its own layers
 * (compensation_factors.c's township measurement, summed), joined with the province's tables
 * — population, fiscal gap and gap ratio, last year's transfer, the prohibited-development
 * zones (area, national area, number) and the EI of the year and the year before — into the
 * table `compensate allocate` reads for the key-function-area transfer payment (cn-key-2022).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/compensation.h"
#include "base/csv.h"
#include "base/fsutil.h"

#define MEASURED (APP_COUNTY_AREAS + 1) /* land … wetland, then the red-line share */
static const char *const measured[MEASURED] = { "land_area_km2",      "redline_area_km2",
                                                "core_zone_area_km2", "basic_farmland_area_km2",
                                                "forest_area_km2",    "wetland_area_km2",
                                                "redline_share" };

struct county_row {
    double area[MEASURED];
    double prohibited, national;
    long zones;
    double ei_before, ei_after;
    int has_before, has_after;
};

/* A county's areas, its townships' summed (the share recomputed from the sums). */
static int measure(const char *dir, const char *code, struct county_row *r, struct ls_err *err)
{
    char data[1200];
    snprintf(data, sizeof data, "%s/%s/county.gpkg", dir, code);
    int rc = app_compensation_county_areas(data, r->area, err);
    if (!rc)
        r->area[MEASURED - 1] = r->area[0] > 0 ? r->area[1] / r->area[0] : 0;
    return rc;
}

static int find_region(const struct ls_csv *c, int col, const char *code)
{
    for (size_t i = 0; i < c->nrows; i++)
        if (!strcmp(c->rows[i][col], code))
            return (int)i;
    return -1;
}

static int zones(const char *dir, const struct ls_csv *counties, int rcol, struct county_row *rows,
                 struct ls_err *err)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/tables/prohibited_zones.csv", dir);
    struct ls_csv z = { 0 };
    int rc = ls_csv_read(p, &z, err), creg = 0, clev = 0, carea = 0;
    if (!rc)
        rc = ls_csv_need_col(&z, "region", &creg, err);
    if (!rc)
        rc = ls_csv_need_col(&z, "level", &clev, err);
    if (!rc)
        rc = ls_csv_need_col(&z, "area_km2", &carea, err);
    for (size_t i = 0; !rc && i < z.nrows; i++) {
        int at = find_region(counties, rcol, z.rows[i][creg]);
        double a;
        if (at < 0)
            rc = ls_err_set(err, LS_EINVAL, p, NULL, "region",
                            "line %ld: zone of county %s, which counties.csv does not list",
                            z.line[i], z.rows[i][creg]);
        else if (!(rc = ls_csv_number(&z, i, carea, &a, err))) {
            rows[at].prohibited += a;
            rows[at].zones++;
            if (!strcmp(z.rows[i][clev], "national"))
                rows[at].national += a;
        }
    }
    ls_csv_free(&z);
    return rc;
}

static int appraisal(const char *dir, int year, const struct ls_csv *counties, int rcol,
                     struct county_row *rows, struct ls_err *err)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/tables/ei.csv", dir);
    struct ls_csv e = { 0 };
    int rc = ls_csv_read(p, &e, err), creg = 0, cyear = 0, cei = 0;
    if (!rc)
        rc = ls_csv_need_col(&e, "region", &creg, err);
    if (!rc)
        rc = ls_csv_need_col(&e, "year", &cyear, err);
    if (!rc)
        rc = ls_csv_need_col(&e, "ei", &cei, err);
    for (size_t i = 0; !rc && i < e.nrows; i++) {
        long y;
        double v;
        int at = find_region(counties, rcol, e.rows[i][creg]);
        rc = ls_csv_integer(&e, i, cyear, &y, err);
        if (!rc)
            rc = ls_csv_number(&e, i, cei, &v, err);
        if (rc || at < 0)
            continue;
        if (y == year) {
            rows[at].ei_after = v;
            rows[at].has_after = 1;
        } else if (y == year - 1) {
            rows[at].ei_before = v;
            rows[at].has_before = 1;
        }
    }
    for (size_t i = 0; !rc && i < counties->nrows; i++)
        if (!rows[i].has_before || !rows[i].has_after)
            rc = ls_err_set(err, LS_EINVAL, p, NULL, "ei",
                            "county %s has no EI for %d%s: the appraisal compares a year with the "
                            "one before",
                            counties->rows[i][rcol], rows[i].has_after ? year - 1 : year,
                            rows[i].has_after || rows[i].has_before ? "" : " nor the year before");
    ls_csv_free(&e);
    return rc;
}

int app_compensation_province_factors(const struct app_province_factors_opts *o, json_t **summary,
                                      struct ls_err *err)
{
    *summary = NULL;
    char p[1200];
    snprintf(p, sizeof p, "%s/tables/counties.csv", o->province);
    static const char *const stat[] = { "population", "fiscal_gap_wan", "gap_ratio",
                                        "last_year_wan" };
    static const char *const as[] = { "population", "fiscal_gap", "gap_ratio", "last_year_wan" };
    struct ls_csv c = { 0 };
    int rc = ls_csv_read(p, &c, err), rcol = 0, ncol = 0, scol[4] = { 0 };
    if (!rc)
        rc = ls_csv_need_col(&c, "region", &rcol, err);
    if (!rc)
        rc = ls_csv_need_col(&c, "name", &ncol, err);
    for (int k = 0; !rc && k < 4; k++)
        rc = ls_csv_need_col(&c, stat[k], &scol[k], err);
    struct county_row *rows = rc ? NULL : calloc(c.nrows ? c.nrows : 1, sizeof *rows);
    if (!rc && !rows)
        rc = ls_err_set(err, LS_ENOMEM, p, NULL, NULL, "out of memory");
    for (size_t i = 0; !rc && i < c.nrows; i++)
        rc = measure(o->province, c.rows[i][rcol], &rows[i], err);
    if (!rc)
        rc = zones(o->province, &c, rcol, rows, err);
    if (!rc)
        rc = appraisal(o->province, o->year, &c, rcol, rows, err);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = rc ? NULL : open_memstream(&buf, &len);
    if (!rc && !m)
        rc = ls_err_set(err, LS_ENOMEM, o->out, NULL, NULL, "out of memory");
    double land = 0, red = 0;
    if (!rc) {
        fprintf(m, "region,name");
        for (int k = 0; k < MEASURED; k++)
            fprintf(m, ",%s", measured[k]);
        for (int k = 0; k < 4; k++)
            fprintf(m, ",%s", as[k]);
        fprintf(m, ",prohibited_area,prohibited_national_area,prohibited_count,ei_before,"
                   "ei_after\n");
        for (size_t i = 0; !rc && i < c.nrows; i++) {
            fprintf(m, "%s,", c.rows[i][rcol]);
            ls_csv_write_field(m, c.rows[i][ncol]);
            for (int k = 0; k < MEASURED; k++)
                fprintf(m, k == MEASURED - 1 ? ",%.9f" : ",%.6f", rows[i].area[k]);
            for (int k = 0; !rc && k < 4; k++) {
                double v;
                rc = ls_csv_number(&c, i, scol[k], &v, err);
                fprintf(m, ",%.10g", v);
            }
            fprintf(m, ",%.6f,%.6f,%ld,%.2f,%.2f\n", rows[i].prohibited, rows[i].national,
                    rows[i].zones, rows[i].ei_before, rows[i].ei_after);
            land += rows[i].area[0];
            red += rows[i].area[1];
        }
        fclose(m);
    }
    if (!rc)
        rc = ls_write_file(o->out, buf, len, o->overwrite, "out", err);
    if (!rc)
        *summary = json_pack("{s:s,s:I,s:i,s:f,s:f,s:f}", "factors", o->out, "counties",
                             (json_int_t)c.nrows, "year", o->year, "land_area_km2", land,
                             "redline_area_km2", red, "redline_share", land > 0 ? red / land : 0.0);
    free(buf);
    free(rows);
    ls_csv_free(&c);
    return rc;
}
