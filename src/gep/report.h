/*
 * gep/report — the account as a readable, self-contained HTML page (report.html, Chinese with
 * the English item names): the totals and the ratios bureaus publish (GEP per km², per capita,
 * GEP/GDP, share of regulating services), a composition chart, value per km² by township,
 * value by ecosystem type, the change against the previous year when there is one, and the
 * method's prices and the inputs' hashes. Charts are inline SVG: no script, no network, and
 * the same account gives the same bytes. Built from the account documents.
 */
#ifndef LS_GEP_REPORT_H
#define LS_GEP_REPORT_H

#include <jansson.h>

#include "base/err.h"

/* change may be NULL; provenance may be NULL. */
int gep_write_report(json_t *account, json_t *change, json_t *provenance, const char *path,
                     struct ls_err *err);

#endif
