/*
 * contract/condition — a use condition read and judged (compensation.md §4.8 "use conditions:
 * use, intensity, industry-entry list, ecological restoration duties with measurable targets
 * and monitoring"). Each names a registered unit the contract's subject covers, a measurable
 * target and when it applies:
 *   land_class_min {unit, classes, min_m2 | min_share, deadline}: a restoration duty — the
 *     survey's area of those land classes on the unit reaches the target by the deadline;
 *   land_class_max {unit, classes, max_m2 | max_share}: an intensity cap — it never exceeds it;
 *   gep_min {unit, item, min_yuan}: the unit's GEP (its total, or one item) stays at the level.
 * A condition applies from its start (the signing date unless given) to the end of the term.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "contract/internal.h"

static int classes_valid(const json_t *a)
{
    if (!json_is_array(a) || !json_array_size(a) || json_array_size(a) > 32)
        return 0;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *s = json_string_value(v);
        size_t n = s ? strlen(s) : 0;
        if (n != 2 && n != 4)
            return 0;
        for (size_t k = 0; k < n; k++)
            if (s[k] < '0' || s[k] > '9')
                return 0;
    }
    return 1;
}

/* the one target a condition names: exactly one of the keys allowed for its kind */
static int target_read(struct con_ctx *x, const json_t *in, const char *field,
                       const char *const *keys, int nkeys, struct con_condition *c)
{
    int found = 0;
    for (int k = 0; k < nkeys; k++) {
        const json_t *v = json_object_get(in, keys[k]);
        if (!v)
            continue;
        double t = json_is_number(v) ? json_number_value(v) : NAN;
        int share = strstr(keys[k], "share") != NULL;
        if (!isfinite(t) || t < 0 || (share && t > 1) || t > CON_YUAN_MAX)
            return con_refuse(x, LS_EINVAL, "target", field, "%s is a number %s", keys[k],
                              share ? "in [0, 1]" : "≥ 0 (m² or yuan)");
        c->target = t;
        snprintf(c->basis, sizeof c->basis, "%s",
                 share                     ? "share"
                 : strstr(keys[k], "yuan") ? "yuan"
                                           : "m2");
        found++;
    }
    if (found != 1)
        return con_refuse(x, LS_EINVAL, "target", field, "a %s condition names one target (%s%s%s)",
                          c->kind, keys[0], nkeys > 1 ? " or " : "", nkeys > 1 ? keys[1] : "");
    return 0;
}

int con_condition_read(struct con_ctx *x, const json_t *in, size_t i, const char *signed_date,
                       const char *term_end, char (*units)[48], int n, struct con_condition *out)
{
    memset(out, 0, sizeof *out);
    char field[64];
    snprintf(field, sizeof field, "conditions[%zu]", i);
    if (!json_is_object(in))
        return con_refuse(x, LS_EINVAL, "condition", field, "a condition is an object");
    const char *id = con_str(in, "id"), *kind = con_str(in, "kind"), *unit = con_str(in, "unit");
    if (!*id || strlen(id) >= sizeof out->id)
        return con_refuse(x, LS_EINVAL, "condition", field,
                          "a condition has an id (1 to 31 characters)");
    snprintf(out->id, sizeof out->id, "%s", id);
    snprintf(field, sizeof field, "conditions[%zu].kind", i);
    static const char *const kinds[] = { "land_class_min", "land_class_max", "gep_min" };
    int k = -1;
    for (int j = 0; j < 3; j++)
        if (!strcmp(kind, kinds[j]))
            k = j;
    if (k < 0)
        return con_refuse(x, LS_EINVAL, "condition", field,
                          "condition %s: %s is not a kind (land_class_min, land_class_max, "
                          "gep_min)",
                          id, *kind ? kind : "(none)");
    snprintf(out->kind, sizeof out->kind, "%s", kind);
    snprintf(field, sizeof field, "conditions[%zu].unit", i);
    int exists = 0;
    int rc = reg_unit_exists(x->c->reg, unit, &exists, x->err);
    if (rc)
        return rc;
    if (!exists)
        return con_refuse(x, LS_ENOENT, "unit", field,
                          "condition %s names unit %s, which is not registered", id,
                          *unit ? unit : "(none)");
    int covered = 0;
    for (int j = 0; j < n; j++)
        covered |= !strcmp(units[j], unit);
    if (!covered)
        return con_refuse(x, LS_EINVAL, "unit_outside", field,
                          "condition %s names unit %s, which no right of the contract covers", id,
                          unit);
    snprintf(out->unit, sizeof out->unit, "%s", unit);
    snprintf(field, sizeof field, "conditions[%zu]", i);
    if (k == CON_GEP_MIN) {
        static const char *const keys[] = { "min_yuan" };
        if ((rc = target_read(x, in, field, keys, 1, out)))
            return rc;
        snprintf(out->item, sizeof out->item, "%s",
                 *con_str(in, "item") ? con_str(in, "item") : "total");
    } else {
        static const char *const min_keys[] = { "min_m2", "min_share" };
        static const char *const max_keys[] = { "max_m2", "max_share" };
        if (!classes_valid(json_object_get(in, "classes")))
            return con_refuse(x, LS_EINVAL, "classes", field,
                              "condition %s lists the survey's land classes it measures (2- or "
                              "4-digit TD/T 1055 codes, e.g. [\"0301\", \"0305\"])",
                              id);
        out->classes = json_object_get(in, "classes");
        if ((rc = target_read(x, in, field, k == CON_LAND_MIN ? min_keys : max_keys, 2, out)))
            return rc;
    }
    const char *start = *con_str(in, "start") ? con_str(in, "start") : signed_date;
    const char *deadline = con_str(in, "deadline");
    if (!ls_date_valid(start) || strcmp(start, signed_date) < 0)
        return con_refuse(x, LS_EINVAL, "date", field,
                          "condition %s starts on a date (YYYY-MM-DD) not before the signing", id);
    /* a restoration duty has a date to be met by; a cap or a level holds from the start */
    if (k == CON_LAND_MIN && !ls_date_valid(deadline))
        return con_refuse(x, LS_EINVAL, "deadline", field,
                          "condition %s is a duty to reach a target: it names its deadline", id);
    if (*deadline && (!ls_date_valid(deadline) || strcmp(deadline, start) < 0 ||
                      (*term_end && strcmp(deadline, term_end) > 0)))
        return con_refuse(x, LS_EINVAL, "deadline", field,
                          "condition %s's deadline %s lies outside its start and the term's end",
                          id, deadline);
    snprintf(out->start, sizeof out->start, "%s", start);
    snprintf(out->deadline, sizeof out->deadline, "%s", deadline);
    return 0;
}

const char *con_judge(const char *kind, const char *basis, double target, const char *deadline,
                      const char *date, double figure)
{
    (void)basis;
    /* a cap is broken the year it is exceeded */
    if (!strcmp(kind, "land_class_max"))
        return figure <= target ? "met" : "breach";
    if (figure >= target)
        return "met";
    /* a duty to reach a target is judged at its deadline; before it the survey shows progress */
    return *deadline && strcmp(date, deadline) < 0 ? "progress" : "breach";
}
