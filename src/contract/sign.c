/*
 * contract/sign — a contract checked against the register and signed (compensation.md §4.8):
 * the parties registered; the subject's rights in force, use rights, held whole by the grantor
 * (then transferred to the grantee here, in the signing's transaction) or already by the grantee
 * (a grant the register shows, or a venue deal that delivered them); the term inside each
 * right's; the price at or above the floor (the bundle's floor price, the venue's deal price),
 * the payment schedule summing to it; the conditions on units the subject covers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/bundle.h"
#include "contract/internal.h"
#include "venue/venue.h"

static int id_valid(const char *s)
{
    size_t n = strlen(s);
    int ok = n >= 2 && n <= 40;
    for (const char *p = s; ok && *p; p++)
        ok = (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
             *p == '-' || *p == '_' || *p == '.';
    return ok;
}

struct subject {
    char rights[CON_MAX_RIGHTS][64], units[CON_MAX_RIGHTS][48];
    int n;
    int64_t floor_fen;  /* the price may not be below it */
    int64_t deal_fen;   /* a venue deal's price: the contract's must equal it (-1: none) */
    const char *source; /* "rights", "bundle" or "listing" */
};

static int rights_of(struct con_ctx *x, const json_t *subj, struct subject *s)
{
    s->deal_fen = -1;
    const json_t *rights = json_object_get(subj, "rights");
    const char *bundle = con_str(subj, "bundle"), *listing = con_str(subj, "listing");
    int given = (rights != NULL) + (*bundle != 0) + (*listing != 0);
    if (!json_is_object(subj) || given != 1)
        return con_refuse(x, LS_EINVAL, "subject", "subject",
                          "the subject is one of {\"rights\": [...]}, {\"bundle\": ID} or "
                          "{\"listing\": ID}");
    struct vn_listing_brief l;
    if (*listing) {
        int rc = vn_listing_brief(x->c->st, listing, &l, x->err);
        if (rc < 0)
            return rc;
        if (rc == 0 || strcmp(l.state, "sold") || (!*l.right && !*l.bundle))
            return con_refuse(x, rc ? LS_EINVAL : LS_ENOENT, "listing", "subject.listing",
                              "listing %s did not sell a right or a bundle", listing);
        s->deal_fen = l.price_fen;
        s->source = "listing";
        if (*l.right) {
            snprintf(s->rights[s->n++], 64, "%s", l.right);
            return 0;
        }
        bundle = l.bundle;
    }
    if (*bundle) {
        struct bnd_brief b;
        char(*list)[64] = NULL;
        int n = 0, rc = bnd_brief(x->c->st, bundle, &b, &list, &n, x->err);
        if (rc < 0)
            return rc;
        if (rc == 0 || !b.approved) {
            free(list);
            return con_refuse(x, rc ? LS_EINVAL : LS_ENOENT, "bundle", "subject.bundle",
                              "bundle %s is %s", bundle, rc ? "not approved" : "not recorded");
        }
        for (int i = 0; i < n && i < CON_MAX_RIGHTS; i++)
            snprintf(s->rights[s->n++], 64, "%s", list[i]);
        free(list);
        s->floor_fen = b.floor_price_fen;
        if (!s->source)
            s->source = "bundle";
        return 0;
    }
    s->source = "rights";
    size_t n = json_array_size(rights);
    if (!json_is_array(rights) || !n || n > CON_MAX_RIGHTS)
        return con_refuse(x, LS_EINVAL, "subject", "subject.rights",
                          "the rights are a list of 1 to %d registry right ids", CON_MAX_RIGHTS);
    for (size_t i = 0; i < n; i++) {
        const char *r = json_string_value(json_array_get(rights, i));
        for (int j = 0; r && j < s->n; j++)
            if (!strcmp(s->rights[j], r))
                r = NULL;
        if (!r || strlen(r) >= 64)
            return con_refuse(x, LS_EINVAL, "subject", "subject.rights",
                              "right %zu is not a right id, or is listed twice", i + 1);
        snprintf(s->rights[s->n++], 64, "%s", r);
    }
    return 0;
}

/* Each right: in force, a use right, not seized, held whole by the grantor (to be transferred)
 * or by the grantee (nothing to transfer); the term inside the right's. */
static int rights_check(struct con_ctx *x, struct subject *s, const char *grantor,
                        const char *grantee, const char *term_end, json_t *transfers)
{
    for (int i = 0; i < s->n; i++) {
        struct reg_right_brief b;
        int rc = reg_right_brief(x->c->reg, s->rights[i], &b, x->err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return con_refuse(x, LS_ENOENT, "right", "subject", "no right %s is in force",
                              s->rights[i]);
        if (!b.transferable)
            return con_refuse(x, LS_EINVAL, "right", "subject",
                              "%s is %s: a contract grants use rights, not ownership", b.id,
                              b.label);
        if (*b.seizure)
            return con_refuse(x, LS_EINVAL, "seized", "subject", "%s is seized (%s)", b.id,
                              b.seizure);
        int by_grantor = !strcmp(b.holder, grantor), by_grantee = !strcmp(b.holder, grantee);
        if (!by_grantor && !by_grantee)
            return con_refuse(x, LS_EINVAL, "holder", "subject",
                              "%s is held by %s, neither the grantor %s nor the grantee %s whole",
                              b.id, *b.holder ? b.holder : "several holders", grantor, grantee);
        if (*b.term_end && strcmp(term_end, b.term_end) > 0)
            return con_refuse(x, LS_EINVAL, "term", "term_end",
                              "the contract runs to %s, past the term of %s (%s)", term_end, b.id,
                              b.term_end);
        snprintf(s->units[i], 48, "%s", b.unit_code);
        json_array_append_new(transfers, json_pack("{s:s, s:s, s:b}", "right", b.id, "unit",
                                                   b.unit_code, "transfer", by_grantor));
    }
    return 0;
}

/* The price, its payment schedule (due dates from the signing, in order, summing to the total
 * to the fen) and its floor. */
static int price_check(struct con_ctx *x, const json_t *price, const char *date,
                       const char *term_end, const struct subject *s, int64_t *total)
{
    int rc = con_money(x, json_object_get(price, "total"), "price.total", "the price", 0, total);
    if (rc)
        return rc;
    if (s->deal_fen >= 0 && *total != s->deal_fen)
        return con_refuse(x, LS_EINVAL, "price", "price.total",
                          "the price ¥%.2f is not the venue's deal price ¥%.2f",
                          (double)*total / 100, (double)s->deal_fen / 100);
    if (*total < s->floor_fen)
        return con_refuse(x, LS_EINVAL, "floor", "price.total",
                          "the price ¥%.2f is below the bundle's floor price ¥%.2f",
                          (double)*total / 100, (double)s->floor_fen / 100);
    const json_t *sched = json_object_get(price, "schedule");
    size_t n = json_array_size(sched);
    if (!json_is_array(sched) || !n || n > 400)
        return con_refuse(x, LS_EINVAL, "schedule", "price.schedule",
                          "the payment schedule is a list of {\"due\", \"amount\"} (one-off: one)");
    int64_t sum = 0;
    const char *prev = date;
    for (size_t i = 0; i < n; i++) {
        const json_t *p = json_array_get(sched, i);
        char field[48];
        snprintf(field, sizeof field, "price.schedule[%zu]", i);
        const char *due = con_str(p, "due");
        if (!ls_date_valid(due) || strcmp(due, prev) < 0 || strcmp(due, term_end) > 0)
            return con_refuse(x, LS_EINVAL, "schedule", field,
                              "payment %zu falls due on a date, in order, from the signing to the "
                              "term's end",
                              i + 1);
        int64_t a = 0;
        if ((rc = con_money(x, json_object_get(p, "amount"), field, "a payment", 0, &a)))
            return rc;
        sum += a;
        prev = due;
    }
    if (sum != *total)
        return con_refuse(x, LS_EINVAL, "schedule", "price.schedule",
                          "the payments sum to ¥%.2f, not the price ¥%.2f", (double)sum / 100,
                          (double)*total / 100);
    return 0;
}

static int exists(struct con *c, const char *id, int *found, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->st, "SELECT count(*) FROM con_contract WHERE contract_id = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, id);
    rc = st_step(s, err);
    *found = rc == 1 && st_col_int(s, 0) > 0;
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

/* The whole request checked; *payload the contract as it will be recorded. */
static int check(struct con_ctx *x, const json_t *req, json_t **payload)
{
    *payload = NULL;
    if (!json_is_object(req))
        return con_refuse(x, LS_EINVAL, "request", NULL, "a contract is a JSON object");
    if (!id_valid(x->id))
        return con_refuse(x, LS_EINVAL, "id", "contract",
                          "a contract id is 2 to 40 letters, digits, '-', '_' or '.'");
    int found = 0;
    int rc = exists(x->c, x->id, &found, x->err);
    if (rc)
        return rc;
    if (found)
        return con_refuse(x, LS_EINVAL, "exists", "contract",
                          "contract %s is already signed; a new contract takes a new id", x->id);
    const char *kind = con_str(req, "kind"), *date = con_str(req, "date");
    if (strcmp(kind, "paid_use") && strcmp(kind, "supervision"))
        return con_refuse(x, LS_EINVAL, "kind", "kind",
                          "a contract is paid_use (有偿使用合同) or supervision (监管协议)");
    if (!ls_date_valid(date))
        return con_refuse(x, LS_EINVAL, "date", "date", "the signing date is YYYY-MM-DD");
    const char *grantor = con_str(req, "grantor"), *grantee = con_str(req, "grantee");
    const char *parties[2] = { grantor, grantee };
    for (int i = 0; i < 2; i++) {
        char pk[16];
        if ((rc = reg_party_kind(x->c->reg, parties[i], pk, x->err)) < 0)
            return rc;
        if (rc == 0)
            return con_refuse(x, LS_ENOENT, "party", i ? "grantee" : "grantor",
                              "no party \"%s\" is registered", parties[i]);
    }
    if (!strcmp(grantor, grantee))
        return con_refuse(x, LS_EINVAL, "party", "grantee", "the grantee is not the grantor");
    const char *t0 = con_str(req, "term_start"), *t1 = con_str(req, "term_end");
    if (!ls_date_valid(t0) || !ls_date_valid(t1) || strcmp(t0, t1) >= 0 || strcmp(t0, date) < 0)
        return con_refuse(x, LS_EINVAL, "term", "term_start",
                          "the term runs from term_start (not before the signing) to a later "
                          "term_end, YYYY-MM-DD");
    struct subject s;
    memset(&s, 0, sizeof s);
    json_t *transfers = json_array();
    rc = rights_of(x, json_object_get(req, "subject"), &s);
    if (!rc)
        rc = rights_check(x, &s, grantor, grantee, t1, transfers);
    int64_t total = 0, bond = 0;
    /* a supervision agreement (监管协议) may carry no price: it binds the holder of a right
     * already granted to its conditions */
    int priced = strcmp(kind, "supervision") || json_object_get(req, "price");
    if (!rc && priced)
        rc = price_check(x, json_object_get(req, "price"), date, t1, &s, &total);
    if (!rc && json_object_get(req, "bond"))
        rc = con_money(x, json_object_get(req, "bond"), "bond", "the performance bond", 1, &bond);
    const json_t *conds = json_object_get(req, "conditions");
    size_t nc = json_array_size(conds);
    if (!rc && ((conds && !json_is_array(conds)) || nc > CON_MAX_CONDITIONS))
        rc = con_refuse(x, LS_EINVAL, "condition", "conditions",
                        "the conditions are a list of up to %d", CON_MAX_CONDITIONS);
    json_t *cj = json_array();
    for (size_t i = 0; !rc && i < nc; i++) {
        struct con_condition c;
        rc = con_condition_read(x, json_array_get(conds, i), i, date, t1, s.units, s.n, &c);
        for (size_t j = 0; !rc && j < i; j++)
            if (!strcmp(con_str(json_array_get(cj, j), "id"), c.id))
                rc = con_refuse(x, LS_EINVAL, "condition", "conditions",
                                "condition %s is listed twice", c.id);
        if (!rc)
            json_array_append_new(cj,
                                  json_pack("{s:s, s:s, s:s, s:O*, s:s, s:f, s:s, s:s, s:s}", "id",
                                            c.id, "kind", c.kind, "unit", c.unit, "classes",
                                            c.classes, "item", c.item, "target", c.target, "basis",
                                            c.basis, "start", c.start, "deadline", c.deadline));
    }
    if (rc) {
        json_decref(transfers);
        json_decref(cj);
        return rc;
    }
    *payload = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:O, s:s, s:s, s:s, s:o, s:{s:f, s:O*, s:s}, s:f, s:s, s:o, "
        "s:s, s:s, s:s, s:s}",
        "contract", x->id, "kind", kind, "date", date, "grantor", grantor, "grantee", grantee,
        "subject", json_object_get(req, "subject"), "source", s.source, "term_start", t0,
        "term_end", t1, "rights", transfers, "price", "total", (double)total / 100, "schedule",
        json_object_get(json_object_get(req, "price"), "schedule"), "indexation",
        con_str(json_object_get(req, "price"), "indexation"), "bond", (double)bond / 100,
        "valuation", con_str(req, "valuation"), "conditions", cj, "use", con_str(req, "use"),
        "remedies", con_str(req, "remedies"), "renewal", con_str(req, "renewal"), "termination",
        con_str(req, "termination"));
    return *payload ? 0 : ls_err_set(x->err, LS_ENOMEM, x->input, NULL, NULL, "out of memory");
}

int con_sign(struct con *c, const json_t *request, const struct con_submit_opts *o,
             const char *input, long long *seq, json_t **out, struct ls_err *err)
{
    if (out)
        *out = NULL;
    struct con_ctx x = { c, input, con_str(request, "contract"), err };
    if (!o || !o->actor || !*o->actor)
        return con_refuse(&x, LS_EINVAL, "actor", "actor", "every contract names who records it");
    json_t *p = NULL;
    int rc = check(&x, request, &p);
    /* the rights pass to the grantee with the signing: one transaction, all or nothing */
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(p, "rights"), i, t)
    {
        if (rc || !json_is_true(json_object_get(t, "transfer")))
            continue;
        json_t *app = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}], s:s, s:s}", "type", "transfer",
                                "right", con_str(t, "right"), "date", con_str(p, "date"), "holders",
                                "party", con_str(p, "grantee"), "share", "1", "reason",
                                "有偿使用合同", "source_doc", x.id);
        struct reg_submit_opts ro = { o->actor, o->recorded };
        rc = reg_submit(c->reg, app, &ro, input, NULL, err);
        json_decref(app);
    }
    struct lg_event ev = { 0 };
    if (!rc)
        rc = con_append(c, "sign", x.id, con_str(p, "date"), p, o, &ev, err);
    if (!rc && seq)
        *seq = ev.seq;
    if (!rc && out) {
        json_object_set_new(p, "seq", json_integer(ev.seq));
        *out = p;
        p = NULL;
    }
    free((char *)(uintptr_t)ev.payload);
    json_decref(p);
    return rc;
}
