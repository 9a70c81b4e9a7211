/* registry/rebuild — clear, replay, compare. */
#include "registry/rebuild.h"

#include <stdio.h>
#include <string.h>

#include "registry/internal.h"

struct replay {
    struct reg *r;
    const struct reg_projector *more;
    int nmore;
    long long events;
};

static int table_list(const struct replay *p, struct reg_rebuild_report *rep, const char **keys,
                      struct ls_err *err)
{
    int n = 0;
    for (int i = 0; i < REG_REBUILD_TABLES; i++) {
        keys[n] = reg_projection_keys[i];
        rep->t[n++].table = reg_projection_tables[i];
    }
    for (int m = 0; m < p->nmore; m++)
        for (int i = 0; i < p->more[m].ntables; i++) {
            if (n == REG_REBUILD_MAX_TABLES)
                return ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL,
                                  "more than %d projection tables to rebuild",
                                  REG_REBUILD_MAX_TABLES);
            keys[n] = p->more[m].keys[i];
            rep->t[n++].table = p->more[m].tables[i];
        }
    rep->ntables = n;
    return 0;
}

static int digests(struct reg *r, struct reg_rebuild_report *rep, const char **keys, int after,
                   struct ls_err *err)
{
    for (int i = 0; i < rep->ntables; i++) {
        int rc = st_table_digest(r->st, rep->t[i].table, keys[i],
                                 after ? rep->t[i].after : rep->t[i].before,
                                 after ? &rep->t[i].rows_after : &rep->t[i].rows_before, err);
        if (rc)
            return rc;
    }
    return 0;
}

static int replay_one(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    struct replay *p = ctx;
    if (!strncmp(ev->type, "registry.", 9)) {
        p->events++;
        return reg_project(p->r, ev, err);
    }
    for (int m = 0; m < p->nmore; m++)
        if (!strncmp(ev->type, p->more[m].prefix, strlen(p->more[m].prefix))) {
            p->events++;
            return p->more[m].project(p->more[m].ctx, ev, err);
        }
    return 0; /* a module without projections (accounts, opinions) */
}

int reg_rebuild(struct reg *r, const struct reg_projector *more, int nmore, int check_only,
                struct reg_rebuild_report *rep, struct ls_err *err)
{
    memset(rep, 0, sizeof *rep);
    struct replay p = { r, more, nmore, 0 };
    const char *keys[REG_REBUILD_MAX_TABLES];
    int rc = table_list(&p, rep, keys, err);
    if (rc)
        return rc;
    rc = st_begin_write(r->st, err);
    if (rc)
        return rc;
    struct lg_verify_report v;
    rc = lg_verify(r->st, &v, err);
    if (!rc && !v.ok) {
        char where[32];
        snprintf(where, sizeof where, "event %lld", v.bad_seq);
        rc = ls_err_set(err, LS_EINVAL, st_target(r->st), where, NULL,
                        "the journal does not verify (%s); refusing to rebuild from it", v.why);
    }
    if (!rc)
        rc = digests(r, rep, keys, 0, err);
    /* the other modules' tables first (they name registry records), each list reversed */
    for (int i = rep->ntables - 1; !rc && i >= 0; i--) {
        char sql[64];
        snprintf(sql, sizeof sql, "DELETE FROM %s", rep->t[i].table);
        rc = st_exec(r->st, sql, err);
    }
    r->counting_fids = 1;
    r->next_unit_fid = r->next_rrr_fid = 1;
    if (!rc)
        rc = lg_replay(r->st, NULL, 0, replay_one, &p, err);
    r->counting_fids = 0;
    rep->events = p.events;
    if (!rc)
        rc = digests(r, rep, keys, 1, err);
    if (!rc) {
        rep->identical = 1;
        for (int i = 0; i < rep->ntables; i++)
            rep->identical &= !strcmp(rep->t[i].before, rep->t[i].after);
    }
    if (rc || check_only) {
        st_rollback(r->st);
        return rc;
    }
    return st_commit(r->st, err);
}
