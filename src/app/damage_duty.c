/*
 * app/damage_duty — a damage case's restoration duty on the register (生态修复责任, issue 22):
 * when a case enters restoration (an agreement or a judgment to restore), each registry unit the
 * damage met carries the duty, held by the liable party — the one the action names, else the
 * unit's right holder the discovery found — from that day to the restoration's deadline; when
 * the next survey shows the area restored (the follow-up "met") the duties are released. Both in
 * the caller's write transaction, beside the case's own event, so a refusal of either writes
 * neither.
 */
#include <stdio.h>
#include <string.h>

#include "app/damage.h"

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

int app_damage_duties_record(struct app_damage *a, const char *id, const json_t *advance,
                             const char *liable, const char *actor, const char *recorded,
                             json_t **duties, struct ls_err *err)
{
    *duties = json_array();
    json_t *kase = NULL;
    int rc = dmg_case_get(a->dmg, id, NULL, 0, &kase, err);
    const json_t *units = json_object_get(json_object_get(kase, "lead"), "units");
    /* the restoration plan as filed: the duty's source document, by its hash */
    char plan[200] = "";
    size_t i;
    const json_t *d;
    json_array_foreach(json_object_get(advance, "documents"), i,
                       d) if (!strcmp(str(d, "kind"), "restoration_plan"))
        snprintf(plan, sizeof plan, "修复方案 %s sha256:%.16s", str(d, "file"), str(d, "sha256"));
    const json_t *u;
    json_array_foreach(rc ? NULL : units, i, u)
    {
        const char *who = liable && *liable
                              ? liable
                              : str(json_array_get(json_object_get(u, "holders"), 0), "party");
        if (!*who)
            continue; /* a unit with no holder found: the liable party must be named */
        char desc[256], input[160];
        snprintf(desc, sizeof desc, "损害赔偿案件 %s 的生态修复责任（%s）", id,
                 str(advance, "action"));
        snprintf(input, sizeof input, "case %s, unit %s", id, str(u, "unit"));
        json_t *app = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "type", "restoration", "date",
                                str(advance, "date"), "unit", str(u, "unit"), "liable", who,
                                "term_end", str(advance, "deadline"), "description", desc,
                                "source_doc", *plan ? plan : id);
        struct reg_submit_opts so = { actor, recorded };
        rc = reg_submit(a->reg, app, &so, input, NULL, err);
        json_decref(app);
        if (rc)
            break;
        json_array_append_new(*duties, json_pack("{s:s,s:s,s:s}", "unit", str(u, "unit"), "liable",
                                                 who, "term_end", str(advance, "deadline")));
    }
    json_decref(kase);
    return rc;
}

int app_damage_duties_release(struct app_damage *a, const char *id, const char *date,
                              const char *actor, const char *recorded, json_t **released,
                              struct ls_err *err)
{
    *released = json_array();
    json_t *kase = NULL;
    int rc = dmg_case_get(a->dmg, id, NULL, 0, &kase, err);
    char mark[96];
    snprintf(mark, sizeof mark, "损害赔偿案件 %s 的", id);
    size_t i, j;
    const json_t *u, *x;
    json_array_foreach(rc ? NULL : json_object_get(json_object_get(kase, "lead"), "units"), i, u)
    {
        json_t *shown = NULL;
        rc = reg_show(a->reg, str(u, "unit"), NULL, &shown, err);
        json_array_foreach(rc ? NULL : json_object_get(shown, "responsibilities"), j, x)
        {
            if (strcmp(str(x, "type"), "restoration") || !strstr(str(x, "description"), mark) ||
                json_is_string(json_object_get(x, "valid_to")))
                continue;
            char reason[160], input[160];
            snprintf(reason, sizeof reason, "%s 修复跟踪达标", id);
            snprintf(input, sizeof input, "case %s, duty %s", id, str(x, "id"));
            json_t *app = json_pack("{s:s,s:s,s:s,s:s}", "type", "release", "date", date, "right",
                                    str(x, "id"), "reason", reason);
            struct reg_submit_opts so = { actor, recorded };
            rc = reg_submit(a->reg, app, &so, input, NULL, err);
            json_decref(app);
            if (rc)
                break;
            json_array_append_new(*released, json_string(str(x, "id")));
        }
        json_decref(shown);
        if (rc)
            break;
    }
    json_decref(kase);
    return rc;
}
