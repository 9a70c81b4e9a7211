/* indicator/model — see model.h. Strings are interned once (FNV-1a, open addressing), so a
 * million events cost a million small lookups and no SQL. */
#include "indicator/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const im_state_names[IM_NSTATES] = { "active", "locked", "retired", "cancelled",
                                                 "deducted" };

struct im_model {
    /* interning */
    char **names;
    size_t nnames, capnames;
    int *slots; /* -1 empty */
    size_t nslots;
    /* by interned id: index + 1 into the arrays below, 0 none */
    int *batch_of, *project_of, *obligation_of;
    size_t capof;
    struct im_batch **batches;
    size_t nbatches, capbatches;
    struct im_project *projects;
    size_t nprojects, capprojects;
    struct im_obligation *obligations;
    size_t nobligations, capobligations;
};

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t want = *cap ? *cap : 16;
    while (want < need)
        want *= 2;
    void *x = realloc(*p, want * size);
    if (!x)
        return -1;
    *p = x;
    *cap = want;
    return 0;
}

static int rehash(struct im_model *m)
{
    size_t n = m->nslots ? m->nslots * 2 : 1024;
    int *s = malloc(n * sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < n; i++)
        s[i] = -1;
    for (size_t k = 0; k < m->nnames; k++) {
        size_t i = (size_t)(fnv(m->names[k]) & (n - 1));
        while (s[i] >= 0)
            i = (i + 1) & (n - 1);
        s[i] = (int)k;
    }
    free(m->slots);
    m->slots = s;
    m->nslots = n;
    return 0;
}

/* The id of s, interned when new; -1 out of memory. */
static int intern(struct im_model *m, const char *s)
{
    if ((m->nnames + 1) * 2 > m->nslots && rehash(m))
        return -1;
    size_t i = (size_t)(fnv(s) & (m->nslots - 1));
    while (m->slots[i] >= 0) {
        if (!strcmp(m->names[m->slots[i]], s))
            return m->slots[i];
        i = (i + 1) & (m->nslots - 1);
    }
    if (grow((void **)&m->names, &m->capnames, m->nnames + 1, sizeof *m->names))
        return -1;
    size_t old = m->capof;
    if (grow((void **)&m->batch_of, &m->capof, m->nnames + 1, sizeof *m->batch_of))
        return -1;
    if (m->capof != old) {
        int *p = realloc(m->project_of, m->capof * sizeof *p), *o;
        if (!p)
            return -1;
        m->project_of = p;
        if (!(o = realloc(m->obligation_of, m->capof * sizeof *o)))
            return -1;
        m->obligation_of = o;
        for (size_t k = old; k < m->capof; k++)
            m->batch_of[k] = m->project_of[k] = m->obligation_of[k] = 0;
    }
    char *copy = strdup(s);
    if (!copy)
        return -1;
    m->names[m->nnames] = copy;
    m->slots[i] = (int)m->nnames;
    return (int)m->nnames++;
}

const char *im_name(const struct im_model *m, int id)
{
    return id >= 0 && (size_t)id < m->nnames ? m->names[id] : "";
}

struct im_model *im_new(void)
{
    return calloc(1, sizeof(struct im_model));
}

void im_free(struct im_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nnames; i++)
        free(m->names[i]);
    for (size_t i = 0; i < m->nbatches; i++) {
        for (size_t c = 0; c < m->batches[i]->nc; c++)
            free(m->batches[i]->c[c].b);
        free(m->batches[i]->c);
        free(m->batches[i]);
    }
    free(m->names);
    free(m->slots);
    free(m->batch_of);
    free(m->project_of);
    free(m->obligation_of);
    free(m->batches);
    free(m->projects);
    free(m->obligations);
    free(m);
}

size_t im_batches(const struct im_model *m, struct im_batch ***out)
{
    *out = m->batches;
    return m->nbatches;
}

size_t im_projects(const struct im_model *m, struct im_project **out)
{
    *out = m->projects;
    return m->nprojects;
}

size_t im_obligations(const struct im_model *m, struct im_obligation **out)
{
    *out = m->obligations;
    return m->nobligations;
}

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int oom(struct ls_err *err)
{
    return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory replaying the ledger");
}

static enum im_state state_of(const char *s)
{
    for (int i = 0; i < IM_NSTATES; i++)
        if (!strcmp(s, im_state_names[i]))
            return (enum im_state)i;
    return IM_NSTATES;
}

const struct im_block *im_next(struct im_iter *it)
{
    while (it->c < it->b->nc && it->i >= it->b->c[it->c].n) {
        it->c++;
        it->i = 0;
    }
    return it->c < it->b->nc ? &it->b->c[it->c].b[it->i++] : NULL;
}

/* The chunk and block of b holding unit u, by bisection on the chunks, then in the chunk:
 * 0 found, -1 none. */
static int find(const struct im_batch *b, int64_t u, size_t *ci, size_t *bi)
{
    size_t lo = 0, hi = b->nc;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->c[mid].b[b->c[mid].n - 1].last < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == b->nc)
        return -1;
    const struct im_chunk *c = &b->c[lo];
    size_t l = 0, h = c->n;
    while (l < h) {
        size_t mid = (l + h) / 2;
        if (c->b[mid].last < u)
            l = mid + 1;
        else
            h = mid;
    }
    if (l == c->n || c->b[l].first > u)
        return -1;
    *ci = lo;
    *bi = l;
    return 0;
}

static int same(const struct im_block *a, const struct im_block *b)
{
    return a->holder == b->holder && a->state == b->state && a->obligation == b->obligation;
}

static int chunk_alloc(struct im_chunk *c)
{
    c->b = malloc(2 * IM_CHUNK * sizeof *c->b);
    c->n = 0;
    return c->b ? 0 : -1;
}

/* Removes block bi of chunk ci, and the chunk when it empties. */
static void remove_at(struct im_batch *b, size_t ci, size_t bi)
{
    struct im_chunk *c = &b->c[ci];
    memmove(&c->b[bi], &c->b[bi + 1], (c->n - bi - 1) * sizeof *c->b);
    if (--c->n == 0) {
        free(c->b);
        memmove(&b->c[ci], &b->c[ci + 1], (b->nc - ci - 1) * sizeof *b->c);
        b->nc--;
    }
}

/* Replaces block bi of chunk ci by the pieces of it (1–3), splits a chunk grown past
 * IM_CHUNK, and joins the moved piece with equal neighbours, as a holding is a set of
 * ranges. */
static int split(struct im_batch *b, size_t ci, size_t bi, const struct im_block *moved)
{
    struct im_chunk *c = &b->c[ci];
    struct im_block have = c->b[bi], piece[3];
    size_t k = 0, at;
    if (have.first < moved->first) {
        piece[k] = have;
        piece[k++].last = moved->first - 1;
    }
    at = bi + k;
    piece[k++] = *moved;
    if (have.last > moved->last) {
        piece[k] = have;
        piece[k++].first = moved->last + 1;
    }
    memmove(&c->b[bi + k], &c->b[bi + 1], (c->n - bi - 1) * sizeof *c->b);
    memcpy(&c->b[bi], piece, k * sizeof *piece);
    c->n += k - 1;
    if (c->n > IM_CHUNK) {
        if (grow((void **)&b->c, &b->capc, b->nc + 1, sizeof *b->c))
            return -1;
        c = &b->c[ci];
        struct im_chunk half;
        if (chunk_alloc(&half))
            return -1;
        half.n = c->n / 2;
        memcpy(half.b, &c->b[c->n - half.n], half.n * sizeof *half.b);
        c->n -= half.n;
        memmove(&b->c[ci + 2], &b->c[ci + 1], (b->nc - ci - 1) * sizeof *b->c);
        b->c[ci + 1] = half;
        b->nc++;
        if (at >= c->n) {
            at -= c->n;
            ci++;
        }
    }
    /* the right neighbour first, so the moved piece's place stays valid */
    size_t nci = ci, nbi = at + 1;
    if (nbi == b->c[nci].n) {
        nci++;
        nbi = 0;
    }
    if (nci < b->nc && same(&b->c[nci].b[nbi], &b->c[ci].b[at])) {
        b->c[ci].b[at].last = b->c[nci].b[nbi].last;
        remove_at(b, nci, nbi);
    }
    if (at > 0 || ci > 0) {
        size_t pci = at > 0 ? ci : ci - 1;
        size_t pbi = at > 0 ? at - 1 : b->c[pci].n - 1;
        if (same(&b->c[pci].b[pbi], &b->c[ci].b[at])) {
            b->c[pci].b[pbi].last = b->c[ci].b[at].last;
            remove_at(b, ci, at);
        }
    }
    return 0;
}

static struct im_obligation *obligation(struct im_model *m, int id)
{
    return id >= 0 && m->obligation_of[id] ? &m->obligations[m->obligation_of[id] - 1] : NULL;
}

static int apply_moves(struct im_model *m, json_t *moves, char why[256], struct ls_err *err)
{
    for (size_t k = 0; k < json_array_size(moves); k++) {
        json_t *o = json_array_get(moves, k);
        int bid = intern(m, str(o, "batch")), from = intern(m, str(o, "from")),
            to = intern(m, str(o, "to"));
        const char *fo = str(o, "from_obligation"), *to_o = str(o, "obligation");
        int from_ob = *fo ? intern(m, fo) : -1, to_ob = *to_o ? intern(m, to_o) : -1;
        if (bid < 0 || from < 0 || to < 0 || (*fo && from_ob < 0) || (*to_o && to_ob < 0))
            return oom(err);
        int64_t first = json_integer_value(json_object_get(o, "first"));
        int64_t last = json_integer_value(json_object_get(o, "last"));
        enum im_state fs = state_of(str(o, "from_state")), ts = state_of(str(o, "to_state"));
        struct im_batch *b = m->batch_of[bid] ? m->batches[m->batch_of[bid] - 1] : NULL;
        if (!b || fs == IM_NSTATES || ts == IM_NSTATES || first < 1 || last < first) {
            snprintf(why, 256, "move %zu names no issued batch or no state (%s)", k + 1,
                     str(o, "batch"));
            return 1;
        }
        if (fs == IM_RETIRED || fs == IM_CANCELLED || fs == IM_DEDUCTED) {
            snprintf(why, 256, "%s-%lld-%lld moves out of %s, a final state", im_name(m, bid),
                     (long long)first, (long long)last, im_state_names[fs]);
            return 1;
        }
        size_t ci = 0, bi = 0;
        int found = find(b, first, &ci, &bi) == 0;
        struct im_block want = { first, last, from, from_ob, fs };
        if (!found || b->c[ci].b[bi].last < last || !same(&b->c[ci].b[bi], &want)) {
            snprintf(why, 256, "%s-%lld-%lld is not with %s (%s) when it moves", im_name(m, bid),
                     (long long)first, (long long)last, im_name(m, from), im_state_names[fs]);
            return 1;
        }
        if (ts == IM_RETIRED) {
            struct im_obligation *ob = obligation(m, to_ob);
            int a = 0;
            while (ob && a < ob->n && ob->a[a].account_id != b->account_id)
                a++;
            if (!ob || a == ob->n || ob->a[a].retired + (last - first + 1) > ob->a[a].required) {
                snprintf(why, 256, "%s-%lld-%lld retires against %s beyond what it requires",
                         im_name(m, bid), (long long)first, (long long)last, to_o);
                return 1;
            }
            ob->a[a].retired += last - first + 1;
        }
        struct im_block moved = { first, last, to, ts == IM_RETIRED ? to_ob : -1, ts };
        if (split(b, ci, bi, &moved))
            return oom(err);
    }
    return 0;
}

static struct im_project *project(struct im_model *m, const char *no)
{
    int id = intern(m, no);
    return id >= 0 && m->project_of[id] ? &m->projects[m->project_of[id] - 1] : NULL;
}

static int apply_issue(struct im_model *m, json_t *p, char why[256], struct ls_err *err)
{
    struct im_project *pr = project(m, str(p, "project"));
    if (!pr) {
        snprintf(why, 256, "issue for an unregistered project %s", str(p, "project"));
        return 1;
    }
    snprintf(pr->state, sizeof pr->state, "issued");
    int holder = intern(m, str(p, "holder"));
    json_t *batches = json_object_get(p, "batches");
    for (size_t i = 0; i < json_array_size(batches); i++) {
        json_t *o = json_array_get(batches, i);
        int bid = intern(m, str(o, "batch")), acc = intern(m, str(o, "account"));
        if (bid < 0 || acc < 0 || holder < 0)
            return oom(err);
        if (m->batch_of[bid]) {
            snprintf(why, 256, "batch %s is issued twice", str(o, "batch"));
            return 1;
        }
        struct im_batch *b = calloc(1, sizeof *b);
        if (!b || grow((void **)&m->batches, &m->capbatches, m->nbatches + 1, sizeof *m->batches) ||
            grow((void **)&b->c, &b->capc, 1, sizeof *b->c) || chunk_alloc(&b->c[0])) {
            if (b)
                free(b->c);
            free(b);
            return oom(err);
        }
        b->nc = 1;
        b->id = bid;
        b->account_id = acc;
        b->county_id = pr->county_id;
        b->class_id = pr->class_id;
        b->project = pr->no;
        b->units = json_integer_value(json_object_get(o, "units"));
        if (b->units < 1) {
            free(b->c[0].b);
            free(b->c);
            free(b);
            snprintf(why, 256, "batch %s issues no units", str(o, "batch"));
            return 1;
        }
        b->c[0].b[b->c[0].n++] = (struct im_block){ 1, b->units, holder, -1, IM_ACTIVE };
        m->batches[m->nbatches++] = b;
        m->batch_of[bid] = (int)m->nbatches;
    }
    return 0;
}

static int apply_project(struct im_model *m, json_t *p, char why[256], struct ls_err *err)
{
    int no = intern(m, str(p, "project")), cls = intern(m, str(p, "class")),
        county = intern(m, str(p, "county"));
    if (no < 0 || cls < 0 || county < 0 ||
        grow((void **)&m->projects, &m->capprojects, m->nprojects + 1, sizeof *m->projects))
        return oom(err);
    if (m->project_of[no]) {
        snprintf(why, 256, "project %s is registered twice", str(p, "project"));
        return 1;
    }
    struct im_project *pr = &m->projects[m->nprojects++];
    *pr = (struct im_project){ no, cls, county, "registered" };
    m->project_of[no] = (int)m->nprojects;
    return 0;
}

static int apply_obligation(struct im_model *m, json_t *p, char why[256], struct ls_err *err)
{
    int id = intern(m, str(p, "obligation")), cls = intern(m, str(p, "class")),
        county = intern(m, str(p, "county"));
    if (id < 0 || cls < 0 || county < 0 ||
        grow((void **)&m->obligations, &m->capobligations, m->nobligations + 1,
             sizeof *m->obligations))
        return oom(err);
    if (m->obligation_of[id]) {
        snprintf(why, 256, "obligation %s is recorded twice", str(p, "obligation"));
        return 1;
    }
    struct im_obligation *o = &m->obligations[m->nobligations++];
    memset(o, 0, sizeof *o);
    o->id = id;
    o->county_id = county;
    o->class_id = cls;
    const char *acct;
    json_t *v;
    json_object_foreach(json_object_get(p, "required"), acct, v)
    {
        if (o->n == IND_MAX_ACCOUNTS)
            break;
        int a = intern(m, acct);
        if (a < 0)
            return oom(err);
        o->a[o->n].account_id = a;
        o->a[o->n].required = json_integer_value(v);
        o->n++;
    }
    m->obligation_of[id] = (int)m->nobligations;
    return 0;
}

int im_apply(struct im_model *m, const struct lg_event *ev, char why[256], struct ls_err *err)
{
    if (strncmp(ev->type, "indicator.", 10))
        return 0;
    const char *t = ev->type + 10;
    json_t *p = json_loads(ev->payload, 0, NULL);
    if (!p) {
        snprintf(why, 256, "the payload is not JSON");
        return 1;
    }
    int rc = 0;
    if (!strcmp(t, "project"))
        rc = apply_project(m, p, why, err);
    else if (!strcmp(t, "issue"))
        rc = apply_issue(m, p, why, err);
    else if (!strcmp(t, "obligation"))
        rc = apply_obligation(m, p, why, err);
    else if (!strcmp(t, "accept") || !strcmp(t, "reject") || !strcmp(t, "monitor")) {
        struct im_project *pr = project(m, str(p, "project"));
        if (!pr) {
            snprintf(why, 256, "%s of an unregistered project", t);
            rc = 1;
        } else
            snprintf(pr->state, sizeof pr->state, "%s",
                     !strcmp(t, "accept")   ? "accepted"
                     : !strcmp(t, "reject") ? "rejected"
                                            : "monitored");
    } else {
        rc = apply_moves(m, json_object_get(p, "moves"), why, err);
        if (!rc && !strcmp(t, "deduct")) {
            struct im_project *pr = project(m, str(p, "project"));
            if (pr)
                snprintf(pr->state, sizeof pr->state, "deducted");
            json_t *f = json_object_get(p, "flagged");
            for (size_t i = 0; i < json_array_size(f); i++) {
                struct im_obligation *o =
                    obligation(m, intern(m, json_string_value(json_array_get(f, i))));
                if (o)
                    o->flagged = 1;
            }
        }
    }
    json_decref(p);
    return rc;
}

int im_batch_covered(const struct im_model *m, const struct im_batch *b, char why[256])
{
    int64_t next = 1;
    struct im_iter it = { b, 0, 0 };
    for (const struct im_block *x; (x = im_next(&it)) != NULL;) {
        if (x->first != next || x->last < x->first) {
            snprintf(why, 256, "batch %s: units from %lld are not covered exactly once",
                     im_name(m, b->id), (long long)next);
            return 1;
        }
        next = x->last + 1;
    }
    if (next != b->units + 1) {
        snprintf(why, 256, "batch %s: its blocks hold %lld units of the %lld issued",
                 im_name(m, b->id), (long long)(next - 1), (long long)b->units);
        return 1;
    }
    return 0;
}
