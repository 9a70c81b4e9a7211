/*
 * app/valuation — the valuation use cases, once, behind `liangshan value` (and the API): a
 * request read from a file and checked, run against a scheme (built in or a file), its report
 * written as a folder of JSON, HTML and .xlsx. The formulas and rules live in valuation/.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref.
 */
#ifndef LS_APP_VALUATION_H
#define LS_APP_VALUATION_H

#include <jansson.h>

#include "base/err.h"

/* Reads a request file (JSON, duplicate keys refused) and runs it against the scheme
 * (NULL: the request's "scheme", else cn-2021). */
int app_value_run_file(const char *path, const char *scheme, json_t **report, struct ls_err *err);
/* The same for a request already parsed, named `input` in errors. */
int app_value_run(const json_t *request, const char *input, const char *scheme, json_t **report,
                  struct ls_err *err);
/* {"schemes": [...], "methods": [...]}: what valuations may use. */
int app_value_catalogue(json_t **out, struct ls_err *err);

#endif
