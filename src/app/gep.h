/*
 * app/gep — a GEP (生态产品总值) account run as one use case: `liangshan gep run`, which the
 * server's job runner also starts (server/jobs.c runs it as a child process for isolation;
 * the logic is this one). The account is computed into a staged folder beside OUT, with the
 * previous year's account and the change from it when the account names one, and the folder
 * is published only when every file is written.
 *
 * Ownership: app_gep_run fills a result and a change document the caller releases with
 * app_gep_run_free.
 */
#ifndef LS_APP_GEP_H
#define LS_APP_GEP_H

#include <jansson.h>

#include "gep/output.h"
#include "gep/run.h"

struct app_gep_run {
    struct gep_account account;
    struct gep_result result;
    json_t *change; /* gep/diff's document against the previous year, or NULL */
    int has_result;
};

/* Runs the account at `account_path` into `out` (refused if it exists unless overwrite:
 * LS_EEXIST, err.field "out"). */
int app_gep_run(const char *account_path, const char *out, int overwrite,
                const struct gep_run_opts *opts, struct app_gep_run *run, struct ls_err *err);

void app_gep_run_free(struct app_gep_run *run);

#endif
