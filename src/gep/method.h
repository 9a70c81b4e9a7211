/*
 * gep/method — an accounting method as versioned data: which standard and version, which
 * items it includes (and which it reports but keeps out of the total, with the reason), the
 * physical model of each item, and every coefficient and price with its unit, year and
 * source. Methods are JSON files; the national specification and a local standard are built
 * in (data/gep/methods/, compiled into the binary) and a province or county can pass its own
 * file. Prices are re-based to the account's price year through a price index table, so a
 * series of accounts is comparable at constant prices.
 *
 * Coefficient tables (Kc, C factor, runoff coefficient ...) are keyed by ecosystem type
 * ("by_ecosystem") or by land-cover class code ("by_class", which wins); a class of the
 * account's class table without a value is an error naming the class.
 * The caller owns a method and frees it with gep_method_free.
 */
#ifndef LS_GEP_METHOD_H
#define LS_GEP_METHOD_H

#include <jansson.h>

#include "base/embedded.h"
#include "base/err.h"
#include "gep/ecosystem.h"

struct gep_method_item {
    char id[48];
    char model[48];          /* physical model, e.g. "water_balance", "budyko", "rusle" */
    int in_total;            /* counted in GEP */
    char exclusion[256];     /* why not, when in_total is 0 */
    json_t *params, *prices; /* borrowed from the method's document */
};

struct gep_price_index {
    int n;
    int *year;
    double *index;
    char source[512];
};

struct gep_method {
    char id[64], standard[256], version[64];
    char origin[600]; /* file path or "built-in:<id>" */
    char sha256[65];  /* of the method document's bytes */
    size_t n_items;
    struct gep_method_item *items;
    json_t *root;
    int price_year;                      /* prices are re-based to this year */
    const struct gep_price_index *index; /* NULL: every price must already be of price_year */
};

/* A built-in method by id ("cn-ndrc-2022") or a JSON file by path. */
int gep_method_load(const char *name_or_path, struct gep_method *m, struct ls_err *err);

/* Ids of the built-in methods, NULL-terminated (static storage). */
const char *const *gep_method_builtin_ids(void);

const struct gep_method_item *gep_method_find(const struct gep_method *m, const char *item_id);

/* A scalar coefficient. */
int gep_param_number(const struct gep_method *m, const struct gep_method_item *it, const char *name,
                     double *out, struct ls_err *err);

/* A scalar coefficient, or def when the method does not give it. */
double gep_param_or(const struct gep_method_item *it, const char *name, double def);

/* A coefficient per class of cl: out[k] for class k (classes of type none get NaN). */
int gep_param_table(const struct gep_method *m, const struct gep_method_item *it, const char *name,
                    const struct gep_classes *cl, double *out, struct ls_err *err);

/*
 * A price in yuan per unit, re-based to m->price_year: value × I(price_year) / I(year).
 * The unit must be the one the item computes in (expect_unit), so that a price per kg is never
 * applied to tonnes. A missing price, unit or index year is an error.
 */
int gep_price(const struct gep_method *m, const struct gep_method_item *it, const char *name,
              const char *expect_unit, double *yuan, struct ls_err *err);

/* value of `year` re-based to m->price_year through m->index; what names it in errors. */
int gep_rebase(const struct gep_method *m, double value, int year, double *out, const char *what,
               struct ls_err *err);

/* Reads a CSV with columns year, index. */
int gep_price_index_load(const char *path, struct gep_price_index *ix, struct ls_err *err);
void gep_price_index_free(struct gep_price_index *ix);

void gep_method_free(struct gep_method *m);

/* The built-in methods, the JSON files of data/gep/methods compiled in (scripts/embed.sh). */
extern const struct ls_embedded gep_builtin_methods[];

#endif
