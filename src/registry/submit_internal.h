/*
 * registry/submit_internal — what the files of registry/submit share: the application being
 * checked (struct sub_ctx), the refusal that names the rule and the record, the checks every
 * registration type uses (terms, holders, conflicts between rights, overlapping units), and
 * one entry per registration type, each in its own file:
 *   submit_first.c        首次登记 first registration of a unit with its rights
 *   submit_right.c        转移登记 transfer, 变更/更正登记 change or correction of a right
 *   submit_unit.c         变更/更正登记 of a unit (its boundary, its fields)
 *   submit_party.c        parties (权利人) and their corrections
 *   submit_restriction.c  抵押 mortgage, 查封 seizure, 异议 objection, and their release
 *   submit_cancel.c       注销登记 cancellation
 *   certificate.c         不动产权证书 and 登记证明 numbers of what was registered
 * submit.c dispatches on the type and records the checked application in the ledger.
 * Internal to registry/.
 */
#ifndef LS_REGISTRY_SUBMIT_INTERNAL_H
#define LS_REGISTRY_SUBMIT_INTERNAL_H

#include <jansson.h>

#include "registry/payload.h"

/* What is being checked, for messages. */
/* What is being checked, for messages. */
struct sub_ctx {
    struct reg *r;
    const char *input;
    char where[96];
    const char *date;
    struct ls_err *err;
};

/* LS_EINVAL naming the input, the application (c->where) and the field; nothing is written. */
int sub_refuse(struct sub_ctx *c, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* submit_common.c */
const char *sub_str(json_t *o, const char *k);
int sub_opt_real(struct sub_ctx *c, json_t *o, const char *k, double *out);
int sub_opt_date(struct sub_ctx *c, json_t *o, const char *k, char out[16]);
int sub_terms_overlap(const char *a0, const char *a1, const char *b0, const char *b1);
int sub_term_within(const char *in0, const char *in1, const char *out0, const char *out1);
int sub_holders_parse(struct sub_ctx *c, json_t *a, const struct reg_rrr_type *t,
                      struct reg_holder *h, int *n);
int sub_check_conflicts(struct sub_ctx *c, const struct reg_rrr_row *x, GEOSGeometry *geom,
                        const char *skip, struct reg_rrr_row *pending, int npending);
int sub_rrr_normalise(struct sub_ctx *c, json_t *in, const struct reg_unit_row *unit,
                      GEOSGeometry *unit_geom, struct reg_rrr_row *x, GEOSGeometry **geom_out);
int sub_check_unit_overlap(struct sub_ctx *c, const struct reg_unit_row *u, GEOSGeometry *geom);
json_t *sub_payload_sharing(const struct reg_rrr_row *x, const unsigned char *wkb, size_t n);
int sub_valid_id(const char *s);
int sub_unit_normalise(struct sub_ctx *c, json_t *in, struct reg_unit_row *u,
                       GEOSGeometry **geom_out);
int sub_rrr_id_taken(struct sub_ctx *c, const char *id, int *taken);
int sub_count_rrr(struct sub_ctx *c, const char *sql, const char *arg, long long *n);
int sub_current_right(struct sub_ctx *c, json_t *app, const char *key, struct reg_rrr_row *x);
int sub_blocking_restriction(struct sub_ctx *c, const char *right_id, const char *types,
                             const char *what);
int sub_current_unit(struct sub_ctx *c, json_t *app, struct reg_unit_row *u);

/* submit_first.c */
int sub_first(struct sub_ctx *c, json_t *app, json_t *payload, char *subject);

/* submit_right.c */
int sub_transfer(struct sub_ctx *c, json_t *app, json_t *payload, char *subject);
int sub_change_right(struct sub_ctx *c, json_t *app, json_t *payload, char *subject,
                     int correcting);

/* submit_unit.c */
int sub_change_unit(struct sub_ctx *c, json_t *app, json_t *payload, char *subject);

/* submit_party.c */
int sub_party(struct sub_ctx *c, json_t *app, json_t *payload, char *subject);
int sub_correct_party(struct sub_ctx *c, json_t *app, json_t *payload, char *subject);

/* submit_restriction.c */
int sub_restriction_on(struct sub_ctx *c, json_t *app, const char *type, const char *party_key,
                       json_t *payload, char *subject);
int sub_release(struct sub_ctx *c, json_t *app, json_t *payload, char *subject, int mortgage);

/* certificate.c: payload.certificates for the rights and restrictions the checked
 * application certifies (a number it brings is checked; otherwise the next is issued) */
int sub_certificates(struct sub_ctx *c, json_t *app, const char *type, json_t *payload);

/* submit_cancel.c */
int sub_cancel(struct sub_ctx *c, json_t *app, json_t *payload, char *subject);

#endif
