/*
 * indicator/submit_units — which units a request moves, and the moves that are not
 * retirements: transfer (active → another holder), lock and unlock (escrow for a listing),
 * cancel (administrative cancellation, kept apart from retirement in every report,
 * markets.md §2.3). Units are chosen oldest batch first, lowest serial first, or named by
 * serial; a partial block is cut, never rounded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indicator/internal.h"

static int moves_grow(struct ind_ctx *c, struct ind_move **m, size_t n, size_t *cap)
{
    if (n < *cap)
        return 0;
    size_t want = *cap ? 2 * *cap : 8;
    struct ind_move *x = realloc(*m, want * sizeof *x);
    if (!x)
        return ls_err_set(c->err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    *m = x;
    *cap = want;
    return 0;
}

static void move_to(struct ind_move *m, const struct ind_pick *p)
{
    snprintf(m->to_holder, sizeof m->to_holder, "%s", p->to_holder);
    snprintf(m->to_state, sizeof m->to_state, "%s", p->to_state);
    snprintf(m->to_obligation, sizeof m->to_obligation, "%s",
             p->to_obligation ? p->to_obligation : "");
}

struct take {
    struct ind_ctx *c;
    const struct ind_pick *p;
    int64_t want, have;
    struct ind_move **m;
    size_t *n, *cap;
    json_t *graded; /* with max_grade: the account's batches of that grade or better */
};

/* The batches of an account whose quality grade (耕地质量等别, 1 best … 15) is at most max:
 * read before the blocks, so no query runs inside their iteration. */
static int graded_batches(struct ind_ctx *c, const char *account, int max, json_t **out)
{
    *out = json_object();
    struct ls_stmt *s = NULL;
    int rc = st_prepare(c->in->st, "SELECT batch_id, attributes FROM ind_batch WHERE account = ?",
                        &s, c->err);
    if (rc)
        return rc;
    st_bind_text(s, 1, account);
    while ((rc = st_step(s, c->err)) == 1) {
        json_t *a = json_loads(st_col_text(s, 1), 0, NULL);
        json_t *g = json_object_get(a, "quality_grade");
        if (json_is_integer(g) && json_integer_value(g) >= 1 && json_integer_value(g) <= max)
            json_object_set_new(*out, st_col_text(s, 0), json_true());
        json_decref(a);
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

static int take_block(void *ctx, const struct ind_blk *b, struct ls_err *err)
{
    (void)err;
    struct take *t = ctx;
    if (t->graded && !json_object_get(t->graded, b->batch))
        return 0;
    int64_t n = b->last - b->first + 1;
    if (n > t->want - t->have)
        n = t->want - t->have;
    int rc = moves_grow(t->c, t->m, *t->n, t->cap);
    if (rc)
        return rc;
    struct ind_move *m = &(*t->m)[(*t->n)++];
    memset(m, 0, sizeof *m);
    m->from = *b;
    m->from.last = b->first + n - 1;
    move_to(m, t->p);
    t->have += n;
    return t->have == t->want ? 1 : 0;
}

int ind_pick_units(struct ind_ctx *c, const struct ind_pick *p, int64_t n, struct ind_move **moves,
                   size_t *nmoves, size_t *cap)
{
    struct take t = { c, p, n, 0, moves, nmoves, cap, NULL };
    size_t start = *nmoves;
    int rc = p->max_grade ? graded_batches(c, p->account, p->max_grade, &t.graded) : 0;
    if (!rc)
        rc = ind_blocks_of(c->in, p->holder, p->account, p->state, p->batch_prefix, take_block, &t,
                           c->err);
    json_decref(t.graded);
    if (rc)
        return rc;
    if (t.have < n) {
        *nmoves = start;
        char grade[32] = "";
        if (p->max_grade)
            snprintf(grade, sizeof grade, " of grade 1–%d", p->max_grade);
        return ind_refuse(c, "balance.insufficient", p->account,
                          "%s has %lld %s units%s %s%s%s, fewer than the %lld asked", p->holder,
                          (long long)t.have, p->account, grade, p->state,
                          *p->batch_prefix ? " in " : "", p->batch_prefix, (long long)n);
    }
    return 0;
}

int ind_pick_serial(struct ind_ctx *c, const struct ind_pick *p, const char *serial,
                    struct ind_move **moves, size_t *nmoves, size_t *cap)
{
    struct ind_block s;
    struct ls_err perr;
    if (ind_serial_parse(serial, &s, &perr))
        return ind_refuse(c, "serial.format", "serials", "%s", perr.msg);
    char batch[IND_SERIAL_MAX];
    snprintf(batch, sizeof batch, "%s", serial);
    for (int i = 0; i < 2; i++)
        *strrchr(batch, '-') = '\0';
    struct ind_blk b;
    int rc = ind_block_at(c->in, batch, s.start, &b, c->err);
    if (rc < 0)
        return rc;
    if (rc == 1 && b.last >= s.end && strcmp(b.holder, p->holder) == 0 &&
        strcmp(b.state, p->state) == 0 && (!p->account || !strcmp(b.account, p->account))) {
        if ((rc = moves_grow(c, moves, *nmoves, cap)) != 0)
            return rc;
        struct ind_move *m = &(*moves)[(*nmoves)++];
        memset(m, 0, sizeof *m);
        m->from = b;
        m->from.first = s.start;
        m->from.last = s.end;
        move_to(m, p);
        return 0;
    }
    if (rc == 1 && strcmp(b.holder, p->holder) == 0 && strcmp(b.state, "active") &&
        strcmp(b.state, p->state))
        return ind_refuse(c, !strcmp(b.state, "retired") ? "serial.retired" : "serial.state",
                          "serials", "%s: these units are %s%s and cannot move", serial, b.state,
                          !strcmp(b.state, "retired") ? " (a retired unit never moves)" : "");
    return ind_refuse(c, "serial.not_held", "serials", "%s is not held whole by %s in state %s",
                      serial, p->holder, p->state);
}

static int cmp_move(const void *a, const void *b)
{
    const struct ind_move *x = a, *y = b;
    int k = strcmp(x->from.batch, y->from.batch);
    return k ? k : (x->from.first > y->from.first) - (x->from.first < y->from.first);
}

int ind_pick_request(struct ind_ctx *c, json_t *req, const struct ind_pick *base,
                     struct ind_move **moves, size_t *n)
{
    *moves = NULL;
    *n = 0;
    size_t cap = 0;
    json_t *units = json_object_get(req, "units"), *serials = json_object_get(req, "serials");
    if (!units == !serials) {
        return ind_refuse(c, "request.units", "units",
                          "a request names either units per account ({\"CRQ\": 1000}) or "
                          "serials, one of the two");
    }
    const char *project = ind_str(req, "project");
    char county[8] = "";
    if (*project) {
        char state[IND_STATE_MAX], cls[32];
        int rc = ind_project_state(c->in, project, state, cls, county, c->err);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return ls_err_set(c->err, LS_ENOENT, c->input, c->where, "project",
                              "rule project.unknown: no project %s is registered", project);
    }
    int rc = 0;
    if (units) {
        const char *acct;
        json_t *v;
        if (!json_is_object(units) || !json_object_size(units))
            return ind_refuse(c, "request.units", "units",
                              "units is an object of account codes and quantities");
        json_object_foreach(units, acct, v)
        {
            if (!ind_class_of_account(acct, NULL)) {
                rc = ind_refuse(c, "request.account", "units", "%s is no indicator account", acct);
                break;
            }
            int64_t q;
            if ((rc = ind_units(c, v, acct, &q)) != 0)
                break;
            struct ind_pick p = *base;
            char prefix[IND_BATCH_MAX] = "";
            if (*project)
                snprintf(prefix, sizeof prefix, "LS-%s-%s-%s-", acct, county, project);
            else if (base->province)
                snprintf(prefix, sizeof prefix, "LS-%s-%s", acct, base->province);
            p.account = acct;
            p.batch_prefix = prefix;
            if ((rc = ind_pick_units(c, &p, q, moves, n, &cap)) != 0)
                break;
        }
    } else {
        if (!json_is_array(serials) || !json_array_size(serials))
            return ind_refuse(c, "request.serials", "serials", "serials is a list of serials");
        for (size_t i = 0; !rc && i < json_array_size(serials); i++) {
            const char *s = json_string_value(json_array_get(serials, i));
            struct ind_pick p = *base;
            p.account = NULL;
            rc = ind_pick_serial(c, &p, s ? s : "", moves, n, &cap);
        }
        if (!rc && *n > 1) {
            qsort(*moves, *n, sizeof **moves, cmp_move);
            for (size_t i = 1; !rc && i < *n; i++)
                if (!strcmp((*moves)[i].from.batch, (*moves)[i - 1].from.batch) &&
                    (*moves)[i].from.first <= (*moves)[i - 1].from.last)
                    rc = ind_refuse(c, "serial.twice", "serials",
                                    "two serials of the request share units of %s",
                                    (*moves)[i].from.batch);
        }
    }
    if (rc) {
        free(*moves);
        *moves = NULL;
        *n = 0;
    }
    return rc;
}

int ind_sub_move(struct ind_ctx *c, const char *type, json_t *req, json_t *payload, char *subject)
{
    const char *holder = ind_str(req, !strcmp(type, "transfer") ? "from" : "holder");
    const char *to = ind_str(req, "to");
    snprintf(c->where, sizeof c->where, "%s from %.40s", type, holder);
    int rc = ind_holder_check(c, holder, !strcmp(type, "transfer") ? "from" : "holder");
    if (rc)
        return rc;
    struct ind_pick p = { holder, NULL, "active", "", holder, "", NULL, NULL, 0 };
    /* only the batches of one province (2 digits), as a venue's instrument may ask */
    const char *province = ind_str(req, "province");
    if (*province) {
        if (strlen(province) != 2 || province[0] < '1' || province[0] > '9' || province[1] < '0' ||
            province[1] > '9')
            return ind_refuse(c, "request.province", "province",
                              "\"%.20s\" is no province code (2 digits)", province);
        p.province = province;
    }
    /* only the batches of quality grade 1..max_grade (a listing's lot of better land) */
    json_t *mg = json_object_get(req, "max_grade");
    if (mg) {
        if (!json_is_integer(mg) || json_integer_value(mg) < 1 || json_integer_value(mg) > 15)
            return ind_refuse(c, "request.max_grade", "max_grade",
                              "a quality grade (耕地质量等别) is 1 to 15");
        p.max_grade = (int)json_integer_value(mg);
    }
    if (!strcmp(type, "transfer")) {
        if ((rc = ind_holder_check(c, to, "to")) != 0)
            return rc;
        if (!strcmp(to, holder))
            return ind_refuse(c, "transfer.self", "to", "a transfer goes to another holder");
        p.to_holder = to;
        p.to_state = "active";
    } else if (!strcmp(type, "lock")) {
        p.to_state = "locked";
    } else if (!strcmp(type, "unlock")) {
        p.state = "locked";
        p.to_state = "active";
    } else {
        if (!*ind_str(req, "reason"))
            return ind_refuse(c, "cancel.reason", "reason",
                              "an administrative cancellation states its reason");
        p.to_state = "cancelled";
    }
    struct ind_move *m = NULL;
    size_t n = 0;
    if ((rc = ind_pick_request(c, req, &p, &m, &n)) != 0)
        return rc;
    json_object_set_new(payload, "holder", json_string(holder));
    if (!strcmp(type, "transfer"))
        json_object_set_new(payload, "to", json_string(to));
    json_object_set_new(payload, "moves", ind_moves_json(m, n));
    free(m);
    snprintf(subject, 64, "ind-holder:%.50s", holder);
    return 0;
}
