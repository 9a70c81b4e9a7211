/*
 * gep/output — the account as files: account.json (the full table item × region × ecosystem
 * type, physical and money, with every value part's price), account.csv (the same table flat,
 * one row per item, region and type, for spreadsheets) and provenance.json (input file hashes,
 * method id, version and hash, software version). No timestamps: the same run writes the same
 * bytes. gep_account_json builds the document the others are written from; the caller
 * releases it with json_decref.
 */
#ifndef LS_GEP_OUTPUT_H
#define LS_GEP_OUTPUT_H

#include <jansson.h>

#include "gep/run.h"

json_t *gep_account_json(const struct gep_result *r);

/*
 * Writes account.json, account.csv, account.xlsx, provenance.json and report.html into
 * out_dir; with change (a gep_diff document against the previous year, may be NULL) also
 * change.json and the report's change section.
 */
int gep_write_outputs(const struct gep_result *r, const char *out_dir, json_t *change,
                      struct ls_err *err);

#endif
