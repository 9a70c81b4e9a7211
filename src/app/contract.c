/* app/contract — see contract.h: signing and the reads; the checks are contract_check.c. */
#include "app/contract.h"

#include <string.h>

#include "app/registry.h"

int app_contract_open(const char *target, struct app_contract *a, struct ls_err *err)
{
    memset(a, 0, sizeof *a);
    int rc = app_registry_open(target, &a->st, &a->reg, err);
    if (!rc)
        rc = con_open(a->st, a->reg, &a->con, err);
    if (rc)
        app_contract_close(a);
    return rc;
}

void app_contract_close(struct app_contract *a)
{
    con_close(a->con);
    if (a->st)
        app_registry_close(a->st, a->reg);
    memset(a, 0, sizeof *a);
}

int app_contract_sign(struct app_contract *a, const json_t *request, const char *input,
                      const char *actor, const char *recorded, json_t **out, struct ls_err *err)
{
    *out = NULL;
    int rc = st_begin_write(a->st, err);
    if (rc)
        return rc;
    struct con_submit_opts o = { actor, recorded };
    rc = con_sign(a->con, request, &o, input, NULL, out, err);
    if (!rc)
        rc = st_commit(a->st, err);
    if (rc) {
        st_rollback(a->st);
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}

int app_contract_get(struct app_contract *a, const char *id, json_t **out, struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = con_get(a->con, id, out, err);
    st_rollback(a->st);
    return rc;
}

int app_contract_list(struct app_contract *a, const char *as_of, const char *party, json_t **out,
                      struct ls_err *err)
{
    int rc = st_begin_read(a->st, err);
    if (!rc)
        rc = con_list(a->con, as_of, party, out, err);
    st_rollback(a->st);
    return rc;
}
