/*
 * registry/internal — what the registry's files share: the context, the rows of the
 * projection tables as structs, and their reading and writing (rows.c).
 * Internal to registry/.
 */
#ifndef LS_REGISTRY_INTERNAL_H
#define LS_REGISTRY_INTERNAL_H

#include <math.h>

#include "registry/model.h"
#include "registry/registry.h"
#include "registry/rgeom.h"

struct reg {
    struct ls_store *st;
    struct rgeom *g;
    /* During a rebuild the projection tables start empty inside one transaction, and the
     * rows are numbered here: on PostgreSQL `max(fid)` would walk the index past every row
     * the same transaction deleted, once per insert (9,000 events took 39 s). Both start at
     * 1, the number max(fid) + 1 gives an empty table, so the fids are the same. */
    int counting_fids;
    long long next_unit_fid, next_rrr_fid;
};

#define REG_MAX_HOLDERS 64
#define REG_CERT_MAX    96 /* bytes of a certificate number, with its NUL */

/* certificate.c: what a right or restriction of a type is issued when recorded */
enum reg_cert_kind { REG_CERT_NONE, REG_CERT_RIGHT, REG_CERT_PROOF };
enum reg_cert_kind reg_cert_kind_of(const char *rrr_type);

struct reg_holder {
    char party[64];
    long long num, den;
};

struct reg_unit_row {
    long long fid, version;
    char code[48], name[256], unit_class[16], resource_type[32], layer[16];
    double z_min, z_max, area_m2, quantity; /* NaN when NULL */
    char quantity_unit[32], quality[128];
    char valid_from[16], valid_to[16];           /* "" when NULL */
    long long begin_seq, end_seq, corrected_seq; /* 0 when NULL */
    unsigned char *wkb; /* malloc'd, owned by the row: reg_unit_row_clear */
    size_t wkb_n;
};

struct reg_rrr_row {
    long long fid, version;
    char id[64], unit_code[48], rrr_class[16], type[32], layer[16];
    long long qllx, ranking; /* 0 when NULL */
    double z_min, z_max, amount;
    char term_start[16], term_end[16], on_rrr[64], exercised_by[64];
    char description[512], source_doc[256];
    char valid_from[16], valid_to[16];
    long long begin_seq, end_seq, corrected_seq;
    char cert_no[REG_CERT_MAX]; /* 不动产权证号 or 证明号 of this version, "" when none */
    unsigned char *wkb;
    size_t wkb_n;
    int nholders;
    struct reg_holder holders[REG_MAX_HOLDERS];
};

void reg_unit_row_clear(struct reg_unit_row *u);
void reg_rrr_row_clear(struct reg_rrr_row *x);

/*
 * The current version (end_seq NULL) of a unit / right: 1 found, 0 none, < 0 error. The row
 * is zeroed first, so reg_*_row_clear is always safe on it.
 */
int reg_unit_current(struct reg *r, const char *code, struct reg_unit_row *u, struct ls_err *err);
int reg_rrr_current(struct reg *r, const char *id, struct reg_rrr_row *x, struct ls_err *err);

int reg_unit_insert(struct reg *r, struct reg_unit_row *u, struct ls_err *err);
int reg_rrr_insert(struct reg *r, struct reg_rrr_row *x, struct ls_err *err);
/* Sets the certificate numbers of an event ({right id: number}) on the versions it made. */
int reg_cert_project(struct reg *r, long long seq, json_t *certs, struct ls_err *err);
/* Closes the current version: end_seq = seq; valid_to = date unless NULL; corrected flag. */
int reg_unit_close(struct reg *r, const char *code, long long seq, const char *valid_to,
                   int corrected, struct ls_err *err);
int reg_rrr_close(struct reg *r, const char *id, long long seq, const char *valid_to, int corrected,
                  struct ls_err *err);

/* Current rights (ids) of a unit, in id order; *ids malloc'd array of 64-char strings. */
int reg_unit_rrr_ids(struct reg *r, const char *code, char (**ids)[64], int *n, struct ls_err *err);

/* Visits current rights (rrr_class 'right') whose box meets box. */
typedef int (*reg_rrr_visit)(void *ctx, struct reg_rrr_row *x, struct ls_err *err);
int reg_rrr_near(struct reg *r, const double box[4], reg_rrr_visit visit, void *ctx,
                 struct ls_err *err);
typedef int (*reg_unit_visit)(void *ctx, struct reg_unit_row *u, struct ls_err *err);
int reg_unit_near(struct reg *r, const char *resource_type, const double box[4],
                  reg_unit_visit visit, void *ctx, struct ls_err *err);

/* Reads a row of `SELECT REG_UNIT_COLUMNS ...` / `REG_RRR_COLUMNS`. */
#define REG_UNIT_COLUMNS                                                                       \
    "fid, unit_code, version, name, unit_class, resource_type, layer, z_min, z_max, area_m2, " \
    "quantity, quantity_unit, quality, valid_from, valid_to, begin_seq, end_seq, "             \
    "corrected_seq, geom"
#define REG_RRR_COLUMNS                                                                         \
    "fid, rrr_id, version, unit_code, rrr_class, type, qllx, layer, z_min, z_max, term_start, " \
    "term_end, amount, ranking, on_rrr, exercised_by, description, source_doc, valid_from, "    \
    "valid_to, begin_seq, end_seq, corrected_seq, geom, cert_no"
int reg_unit_read(struct ls_stmt *s, struct reg_unit_row *u);
int reg_rrr_read(struct reg *r, struct ls_stmt *s, struct reg_rrr_row *x, struct ls_err *err);

/* Holders of one right version. */
int reg_holders_load(struct reg *r, struct reg_rrr_row *x, struct ls_err *err);

#endif
