/*
 * registry — the natural-resource rights registry (自然资源统一确权登记 and 不动产登记),
 * modelled on ISO 19152 LADM: parties (LA_Party), registration units (LA_BAUnit) with their
 * spatial units (2-D boundary plus a layer or vertical extent, 分层设权), rights,
 * restrictions and responsibilities (LA_RRR) with holders, shares, terms and source
 * documents, and the natural status of a unit (type, area, quantity, quality).
 *
 * Every change is an application (JSON, see docs/registry.md) of one of the registration
 * types — party, first (首次), transfer (转移), change (变更), mortgage (抵押) and
 * mortgage_release, cancel (注销), correct (更正), objection (异议). reg_submit validates it
 * against the current register, appends it to the ledger and updates the projections, all
 * in the caller's write transaction; a refused application names the rule and the
 * conflicting record and writes nothing. reg_project is the same projection step alone,
 * which `ledger rebuild` replays. Projections keep every version: valid_from/valid_to in
 * legal time, begin_seq/end_seq in ledger time, corrected_seq on versions a correction
 * replaced, so "who held unit X on 2025-06-30" is answered from history.
 *
 * Ownership: reg_open borrows the store (the caller closes it after reg_close). JSON results
 * are new references the caller releases with json_decref.
 */
#ifndef LS_REGISTRY_H
#define LS_REGISTRY_H

#include <jansson.h>

#include "base/err.h"
#include "ledger/ledger.h"
#include "store/store.h"

struct reg;

int reg_open(struct ls_store *st, struct reg **out, struct ls_err *err);
void reg_close(struct reg *r);

struct reg_submit_opts {
    const char *actor;    /* who submits (required) */
    const char *recorded; /* ledger time "YYYY-MM-DDTHH:MM:SSZ", NULL for now */
};

/*
 * Validates and records one application inside an open write transaction. `input` names
 * where it came from for messages ("apply.json", "rights.csv line 12"). A refusal
 * (LS_EINVAL, LS_ENOENT) has written nothing, so the transaction may go on; any other
 * error may leave it half-done and the caller rolls it back.
 */
int reg_submit(struct reg *r, json_t *application, const struct reg_submit_opts *o,
               const char *input, long long *seq, struct ls_err *err);

/* Adds {right id: certificate number} for the versions event seq made and was issued
 * certificates for (不动产权证书, 不动产登记证明) to into. */
int reg_certificates_issued(struct reg *r, long long seq, json_t *into, struct ls_err *err);

/* Applies one ledger event to the projections (no validation: it was validated when recorded). */
int reg_project(struct reg *r, const struct lg_event *ev, struct ls_err *err);

/* The projection tables, in the order rebuild clears and compares them. */
extern const char *const reg_projection_tables[];
extern const char *const reg_projection_keys[];

struct reg_query {
    const char *text;          /* code prefix, name or party name substring */
    const char *resource_type; /* or NULL */
    const char *party;         /* holder party id, or NULL */
    int has_bbox;
    double bbox[4];
    const char *as_of; /* "YYYY-MM-DD", NULL for the current register */
    int limit;
    long long offset; /* paging: units skipped, in code order */
};

/* Each unit in force in `layer` (surface, below, whole …; NULL: every layer), in code order:
 * its code, resource type and geometry (ISO WKB in the store's CRS, valid for the call). */
typedef int (*reg_unit_geom_visit)(void *ctx, const char *code, const char *resource_type,
                                   const unsigned char *wkb, size_t n, struct ls_err *err);
int reg_units_in_force(struct reg *r, const char *layer, reg_unit_geom_visit visit, void *ctx,
                       struct ls_err *err);

/* The same for valuing them: each unit in force (every layer) with its area (m², ellipsoidal)
 * and the type of its first use right in force by right id (a right that is not ownership; ""
 * when it has none), in the store's own order (a bulk read: the caller sorts what it keeps). */
struct reg_unit_in_force {
    const char *code, *resource_type, *layer, *use_right;
    double area_m2;
    const unsigned char *wkb;
    size_t n;
};
typedef int (*reg_unit_row_visit)(void *ctx, const struct reg_unit_in_force *u, struct ls_err *err);
int reg_units_with_use(struct reg *r, reg_unit_row_visit visit, void *ctx, struct ls_err *err);

/* The holders a unit's value goes to, for every unit in force, in unit code order: the holders
 * of its use rights in force (a right that is not ownership) of `layer` or of the whole column,
 * else of its ownership, each with its share of the right; when a unit has several such
 * rights, each right counts equally. NULL layer: every layer. */
typedef int (*reg_holder_visit)(void *ctx, const char *unit_code, const char *party, double share,
                                struct ls_err *err);
int reg_unit_holders(struct reg *r, const char *layer, reg_holder_visit visit, void *ctx,
                     struct ls_err *err);

/* Whether a unit code was ever registered (*exists 1 or 0), and a party's kind (1 found,
 * 0 none): what other modules ask before they link to a unit or name a holder. */
int reg_unit_exists(struct reg *r, const char *code, int *exists, struct ls_err *err);
/* The boundary of a unit in force: ISO WKB in the store's CRS, malloc'd (the caller frees it);
 * 1 found, 0 none. */
int reg_unit_geometry(struct reg *r, const char *code, unsigned char **wkb, size_t *n,
                      struct ls_err *err);
int reg_party_kind(struct reg *r, const char *id, char kind[16], struct ls_err *err);

/* What another module asks before it sells a right (the venue): the right in force, its type
 * and unit, its sole holder ("" when it is held in shares), whether a transfer registration
 * may pass it on (a use right, not ownership) and the seizure (查封) that blocks one ("" when
 * none): 1 found, 0 no such right in force. */
struct reg_right_brief {
    char id[64], unit_code[48], type[32], label[64], holder[64], seizure[64], valid_from[16];
    char layer[16], term_start[16], term_end[16]; /* "" when open */
    double z_min, z_max;                          /* NAN when not given */
    int transferable;
};
int reg_right_brief(struct reg *r, const char *id, struct reg_right_brief *out, struct ls_err *err);
/* How two rights in force share space: the area (m², planar) where their footprints overlap
 * and whether they meet both in vertical extent (分层设权: surface, above, below, sea layers,
 * z) and in time (their terms overlap) — what rule 6 asks of two use rights. */
int reg_rights_overlap(struct reg *r, const char *a, const char *b, double *plan_m2, int *meet,
                       struct ls_err *err);

/* The unit, its rights by layer with holders, restrictions and responsibilities, as of a date. */
int reg_show(struct reg *r, const char *code, const char *as_of, json_t **out, struct ls_err *err);
/* The unit's ledger events and versions, oldest first. */
int reg_history(struct reg *r, const char *code, json_t **out, struct ls_err *err);
int reg_search(struct reg *r, const struct reg_query *q, json_t **out, struct ls_err *err);

#endif
