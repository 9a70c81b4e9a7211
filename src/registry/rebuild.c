/* registry/rebuild — clear, replay, compare. */
#include "registry/rebuild.h"

#include <stdio.h>
#include <string.h>

#include "registry/internal.h"

static int digests(struct reg *r, struct reg_rebuild_report *rep, int after, struct ls_err *err)
{
    for (int i = 0; i < REG_REBUILD_TABLES; i++) {
        rep->t[i].table = reg_projection_tables[i];
        int rc = st_table_digest(r->st, reg_projection_tables[i], reg_projection_keys[i],
                                 after ? rep->t[i].after : rep->t[i].before,
                                 after ? &rep->t[i].rows_after : &rep->t[i].rows_before, err);
        if (rc)
            return rc;
    }
    return 0;
}

struct replay {
    struct reg *r;
    long long events;
};

static int replay_one(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    struct replay *p = ctx;
    if (strncmp(ev->type, "registry.", 9))
        return 0; /* another module's event */
    p->events++;
    return reg_project(p->r, ev, err);
}

int reg_rebuild(struct reg *r, int check_only, struct reg_rebuild_report *rep, struct ls_err *err)
{
    memset(rep, 0, sizeof *rep);
    int rc = st_begin_write(r->st, err);
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
        rc = digests(r, rep, 0, err);
    for (int i = REG_REBUILD_TABLES - 1; !rc && i >= 0; i--) {
        char sql[64];
        snprintf(sql, sizeof sql, "DELETE FROM %s", reg_projection_tables[i]);
        rc = st_exec(r->st, sql, err);
    }
    struct replay p = { r, 0 };
    r->counting_fids = 1;
    r->next_unit_fid = r->next_rrr_fid = 1;
    if (!rc)
        rc = lg_replay(r->st, NULL, 0, replay_one, &p, err);
    r->counting_fids = 0;
    rep->events = p.events;
    if (!rc)
        rc = digests(r, rep, 1, err);
    if (!rc) {
        rep->identical = 1;
        for (int i = 0; i < REG_REBUILD_TABLES; i++)
            rep->identical &= !strcmp(rep->t[i].before, rep->t[i].after);
    }
    if (rc || check_only) {
        st_rollback(r->st);
        return rc;
    }
    return st_commit(r->st, err);
}
