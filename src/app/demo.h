/*
 * app/demo — `liangshan demo` and `make demo`: the synthetic county (demo/) with its
 * register and ledger (registry/), written whole into one folder or not at all.
 */
#ifndef LS_APP_DEMO_H
#define LS_APP_DEMO_H

#include "base/err.h"
#include "demo/demo.h"
#include "ledger/ledger.h"

/* What the demo's register holds once built. */
struct app_demo_register {
    long parties, units, rights, history; /* history: applications after first registration */
    long ind_projects, ind_accepted, ind_rejected, ind_batches, ind_obligations; /* indicators */
    long long events;                                                            /* ledger events */
    char head[LG_HASH_HEX]; /* ledger head hash, hex */
};

/*
 * Writes the county of opts (size, seed) and its register DIR/store.gpkg into opts->out_dir.
 * An existing folder is refused (LS_EEXIST, err.field "out") unless opts->force, and then
 * replaced only once the new one is complete; on any error nothing is left behind.
 */
int app_demo_make(const struct demo_opts *opts, struct demo_summary *county,
                  struct app_demo_register *reg, struct ls_err *err);

/* The province demo (demo/province): counties, province.gpkg and its tables into
 * opts->out_dir, all or nothing; no store (a province's ledger starts empty). */
int app_demo_province_make(const struct demo_province_opts *opts,
                           struct demo_province_summary *summary, struct ls_err *err);

/* The indicator part (app/demo_indicator): DIR/indicator/projects.json registered, accepted
 * against the two surveys or rejected, issued, traded and retired in DIR/store.gpkg. */
int app_demo_indicators(const char *dir, struct app_demo_register *reg, struct ls_err *err);

#endif
