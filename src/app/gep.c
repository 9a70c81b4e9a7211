/* app/gep — see gep.h. */
#include "app/gep.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fsutil.h"
#include "gep/diff.h"
#include "gep/total_map.h"

/*
 * The account of the previous year (tables only, in OUT/previous) and the change from it to
 * this one: the prices must be of the same year for the growth to be real.
 */
static int run_previous(const struct gep_account *acc, const struct gep_result *res,
                        const char *dir, const struct gep_run_opts *ro, json_t **change,
                        struct ls_err *err)
{
    struct gep_account prev;
    int rc = gep_account_load(acc->previous, &prev, err);
    if (rc)
        return rc;
    if (prev.price_year != acc->price_year)
        return ls_err_set(err, LS_EINVAL, acc->previous, NULL, "price_year",
                          "priced at %d, this account at %d: a change between years is only "
                          "meaningful at constant prices",
                          prev.price_year, acc->price_year);
    char pdir[GEP_PATH_MAX + 64];
    snprintf(pdir, sizeof pdir, "%s/previous", dir);
    if (mkdir(pdir, 0755) != 0)
        return ls_err_set(err, LS_EIO, pdir, NULL, NULL, "cannot create: %s", ls_strerror(errno));
    struct gep_run_opts po = *ro;
    po.write_rasters = 0;
    struct gep_result pres;
    rc = gep_run(&prev, pdir, &po, &pres, err);
    if (rc)
        return rc;
    rc = gep_write_outputs(&pres, pdir, NULL, err);
    if (!rc) {
        json_t *a = gep_account_json(&pres), *b = gep_account_json(res);
        *change = gep_diff(a, b, acc->previous, acc->path, err);
        rc = *change ? 0 : -LS_EINVAL;
        json_decref(a);
        json_decref(b);
    }
    gep_result_free(&pres);
    return rc;
}

int app_gep_run(const char *account_path, const char *out, int overwrite,
                const struct gep_run_opts *opts, struct app_gep_run *run, struct ls_err *err)
{
    memset(run, 0, sizeof *run);
    int rc = gep_account_load(account_path, &run->account, err);
    if (rc)
        return rc;
    struct ls_staged_dir sd;
    rc = ls_dir_stage(out, overwrite, "out", &sd, err);
    if (rc)
        return rc;
    rc = gep_run(&run->account, sd.tmp, opts, &run->result, err);
    run->has_result = rc == 0 || run->result.items != NULL; /* a failed run may hold items */
    if (!rc && run->account.previous[0])
        rc = run_previous(&run->account, &run->result, sd.tmp, opts, &run->change, err);
    if (!rc)
        rc = gep_write_outputs(&run->result, sd.tmp, run->change, err);
    /* the whole account on one map, beside each item's (GEP 空间分布) */
    if (!rc && opts->write_rasters)
        rc = gep_write_total_map(&run->result, sd.tmp, err);
    if (rc) {
        ls_dir_discard(&sd);
        app_gep_run_free(run);
        return rc;
    }
    rc = ls_dir_publish(&sd, err);
    if (rc)
        app_gep_run_free(run);
    return rc;
}

void app_gep_run_free(struct app_gep_run *run)
{
    if (run->has_result)
        gep_result_free(&run->result);
    json_decref(run->change);
    memset(run, 0, sizeof *run);
}
