/*
 * cli/demo_store — the demo county's register: DIR/store.gpkg created from the import files
 * demo/ writes (DIR/registry/), then a few years of applications (history.json) recorded
 * at their own dates, so the demo ledger reads like a bureau's: first registration in 2020,
 * transfers, a mortgage and its release, a share change, an expropriation, a correction.
 * Recorded times are fixed (09:00 UTC on each date) so the same county gives the same
 * ledger head.
 */
#include "cli/demo_store.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
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

int demo_build_store(const char *dir, struct demo_store_summary *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    char store[1200], parties[1200], units[1200], rights[1200], hist[1200];
    snprintf(store, sizeof store, "%s/store.gpkg", dir);
    snprintf(parties, sizeof parties, "%s/registry/parties.csv", dir);
    snprintf(units, sizeof units, "%s/registry/units.gpkg", dir);
    snprintf(rights, sizeof rights, "%s/registry/rights.csv", dir);
    snprintf(hist, sizeof hist, "%s/registry/history.json", dir);
    struct st_create cr = { 4528, "sha256", "331099" };
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
    if (rc)
        for (const char *suffix = ""; suffix; suffix = !*suffix                  ? "-wal"
                                                       : !strcmp(suffix, "-wal") ? "-shm"
                                                                                 : NULL) {
            char p[1300];
            snprintf(p, sizeof p, "%s%s", store, suffix);
            remove(p);
        }
    return rc;
}
