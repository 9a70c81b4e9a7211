/*
 * registry/submit — an application checked against the register, then recorded: the
 * registration rules live here. Each check that fails names the rule and the record it
 * conflicts with; nothing is written until every check has passed.
 * This file dispatches on the registration type (one file each, submit_internal.h lists
 * them) and records the checked application as a ledger event with its projection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

int reg_submit(struct reg *r, json_t *app, const struct reg_submit_opts *o, const char *input,
               long long *seq, struct ls_err *err)
{
    struct sub_ctx c = { r, input ? input : "application", "", "", err };
    if (!json_is_object(app))
        return sub_refuse(&c, NULL, "an application is a JSON object");
    const char *type = sub_str(app, "type");
    c.date = sub_str(app, "date");
    snprintf(c.where, sizeof c.where, "%s", type);
    if (!reg_date_valid(c.date))
        return sub_refuse(&c, "date", "the registration date \"%s\" is not a date YYYY-MM-DD",
                          c.date);
    if (!o || !o->actor || !*o->actor)
        return sub_refuse(&c, "actor", "every registration names who records it");
    json_t *payload = json_object();
    char subject[64] = "";
    int rc;
    if (!strcmp(type, "party"))
        rc = sub_party(&c, app, payload, subject);
    else if (!strcmp(type, "first"))
        rc = sub_first(&c, app, payload, subject);
    else if (!strcmp(type, "transfer"))
        rc = sub_transfer(&c, app, payload, subject);
    else if (!strcmp(type, "change") || !strcmp(type, "correct")) {
        int correcting = !strcmp(type, "correct");
        if (correcting && !*sub_str(app, "reason"))
            rc = sub_refuse(&c, "reason", "a correction (更正) states its reason");
        else if (*sub_str(app, "unit"))
            rc = sub_change_unit(&c, app, payload, subject);
        else if (*sub_str(app, "right"))
            rc = sub_change_right(&c, app, payload, subject, correcting);
        else if (correcting && *sub_str(app, "party"))
            rc = sub_correct_party(&c, app, payload, subject);
        else
            rc = sub_refuse(&c, "unit", "a %s names the unit, right%s it concerns", type,
                            correcting ? " or party" : "");
    } else if (!strcmp(type, "mortgage"))
        rc = sub_restriction_on(&c, app, "mortgage", "mortgagee", payload, subject);
    else if (!strcmp(type, "objection"))
        rc = sub_restriction_on(&c, app, "objection", "objector", payload, subject);
    else if (!strcmp(type, "seizure"))
        rc = sub_restriction_on(&c, app, "seizure", "court", payload, subject);
    else if (!strcmp(type, "restoration"))
        rc = sub_restriction_on(&c, app, "restoration", "liable", payload, subject);
    else if (!strcmp(type, "mortgage_release") || !strcmp(type, "release"))
        rc = sub_release(&c, app, payload, subject, !strcmp(type, "mortgage_release"));
    else if (!strcmp(type, "cancel"))
        rc = sub_cancel(&c, app, payload, subject);
    else
        rc = sub_refuse(&c, "type",
                        "\"%s\" is no registration type (party, first, transfer, change, mortgage, "
                        "mortgage_release, seizure, release, cancel, correct, objection, "
                        "restoration)",
                        type);
    if (!rc)
        rc = sub_certificates(&c, app, type, payload);
    if (rc) {
        json_decref(payload);
        return rc;
    }
    char *text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(payload);
    if (!text)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    struct lg_event ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.recorded, sizeof ev.recorded, "%s", o->recorded ? o->recorded : "");
    snprintf(ev.effective, sizeof ev.effective, "%s", c.date);
    snprintf(ev.actor, sizeof ev.actor, "%s", o->actor);
    snprintf(ev.type, sizeof ev.type, "registry.%s", type);
    snprintf(ev.subject, sizeof ev.subject, "%s", subject);
    snprintf(ev.reason, sizeof ev.reason, "%s", sub_str(app, "reason"));
    snprintf(ev.source_doc, sizeof ev.source_doc, "%s", sub_str(app, "source_doc"));
    ev.payload = text;
    rc = lg_append(r->st, &ev, err);
    if (!rc)
        rc = reg_project(r, &ev, err);
    /* every check passed before anything was written: a failure now is ours, not the
       applicant's, and leaves the transaction half-done (the caller must roll back) */
    if (rc == -LS_EINVAL || rc == -LS_ENOENT)
        rc = ls_err_set(err, LS_EINTERNAL, input, NULL, NULL,
                        "recording a checked application failed: %s", err ? err->msg : "");
    if (!rc && seq)
        *seq = ev.seq;
    free(text);
    return rc;
}

int reg_open(struct ls_store *st, struct reg **out, struct ls_err *err)
{
    *out = NULL;
    struct reg *r = calloc(1, sizeof *r);
    if (!r)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    r->st = st;
    int rc = rg_new(st_srid(st), &r->g, err);
    if (rc) {
        free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void reg_close(struct reg *r)
{
    if (!r)
        return;
    rg_delete(r->g);
    free(r);
}
