/*
 * app/demo — the demo county with its register, one use case: demo/ writes the county and
 * the register's import files into a staged folder, then DIR/store.gpkg is created from them
 * (registry/import) and a few years of applications (history.json) are recorded at their own
 * dates, so the demo ledger reads like a bureau's: first registration in 2020, transfers, a
 * mortgage and its release, a share change, an expropriation, a correction. Only then is the
 * folder published, so a failure anywhere leaves nothing behind.
 *
 * Recorded times are fixed (09:00 UTC on each date), and so are the GeoPackage tables'
 * last_change, so the same size and seed give byte-identical files, store included.
 */
#include "app/demo.h"

#include <stdio.h>
#include <string.h>

#include "base/fsutil.h"
#include "registry/import.h"
#include "registry/registry.h"

static int history(struct reg *r, struct ls_store *st, const char *path, long *n,
                   struct ls_err *err)
{
    json_error_t je;
    json_t *apps = json_load_file(path, 0, &je);
    if (!json_is_array(apps)) {
        json_decref(apps);
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "not a JSON list: %s", je.text);
    }
    int rc = st_begin_write(st, err);
    size_t i;
    json_t *a;
    json_array_foreach(apps, i, a)
    {
        if (rc)
            break;
        char recorded[32], input[1200];
        snprintf(recorded, sizeof recorded, "%sT09:00:00Z",
                 json_string_value(json_object_get(a, "date")));
        snprintf(input, sizeof input, "%s [%zu]", path, i);
        struct reg_submit_opts so = { "demo-registrar", recorded };
        rc = reg_submit(r, a, &so, input, NULL, err);
        (*n)++;
    }
    json_decref(apps);
    if (!rc)
        return st_commit(st, err);
    st_rollback(st);
    return rc;
}

static int build_store(const char *dir, struct app_demo_register *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    char store[1200], parties[1200], units[1200], rights[1200], hist[1200];
    snprintf(store, sizeof store, "%s/store.gpkg", dir);
    snprintf(parties, sizeof parties, "%s/registry/parties.csv", dir);
    snprintf(units, sizeof units, "%s/registry/units.gpkg", dir);
    snprintf(rights, sizeof rights, "%s/registry/rights.csv", dir);
    snprintf(hist, sizeof hist, "%s/registry/history.json", dir);
    /* the store's tables carry the import's recorded time, not the clock */
    struct st_create cr = { .srid = 4528,
                            .hash = "sha256",
                            .county = "331099",
                            .county_name = "两山县",
                            .created = "2020-12-31T09:00:00.000Z" };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    int rc = st_open(store, &cr, &st, err);
    if (!rc)
        rc = reg_open(st, &r, err);
    struct reg_import_opts o = {
        parties, units, NULL, rights, "2020-06-30", "demo-registrar", "2020-12-31T09:00:00Z",
        0,       NULL
    };
    struct reg_import_report rep = { 0 };
    if (!rc)
        rc = reg_import(r, st, &o, &rep, err);
    if (!rc && rep.rejected) {
        json_t *first = json_array_get(rep.rejections, 0);
        rc =
            ls_err_set(err, LS_EINTERNAL, units, json_string_value(json_object_get(first, "where")),
                       NULL, "the demo register was rejected: %s",
                       json_string_value(json_object_get(first, "message")));
    }
    json_decref(rep.rejections);
    out->parties = rep.parties;
    out->units = rep.units;
    out->rights = rep.rights;
    if (!rc)
        rc = history(r, st, hist, &out->history, err);
    if (!rc)
        rc = lg_head(st, &out->events, out->head, err);
    reg_close(r);
    st_close(st);
    return rc;
}

int app_demo_make(const struct demo_opts *o, struct demo_summary *county,
                  struct app_demo_register *reg, struct ls_err *err)
{
    memset(reg, 0, sizeof *reg);
    struct ls_staged_dir sd;
    int rc = ls_dir_stage(o->out_dir, o->force, "out", &sd, err);
    if (rc)
        return rc;
    rc = demo_write(o, sd.tmp, county, err);
    if (!rc)
        rc = build_store(sd.tmp, reg, err);
    if (!rc)
        rc = app_demo_indicators(sd.tmp, reg, err);
    if (rc)
        ls_dir_discard(&sd);
    else
        rc = ls_dir_publish(&sd, err);
    return rc;
}

int app_demo_province_make(const struct demo_province_opts *opts,
                           struct demo_province_summary *summary, struct ls_err *err)
{
    return demo_province_generate(opts, summary, err);
}
