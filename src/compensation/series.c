/*
 * compensation/series — a section's joint-monitoring series for one year (CSV: section, date,
 * indicator, value, unit[, excluded, reason]): the samples of each indicator by month, checked
 * against the agreement's declared units and its sampling frequency. A disputed settlement is
 * about its inputs, so every sample used or excluded is kept in the derivation
 * (compensation.md §6).
 */
#include "compensation/series.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/csv.h"
#include "base/date.h"

static int excluded(const char *s)
{
    return *s && strcmp(s, "0") && strcasecmp(s, "no") && strcasecmp(s, "false");
}

int cmp_series_read(const char *path, const char *section, int year, const json_t *indicators,
                    int min_per_month, struct cmp_series *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    size_t ni = json_array_size(indicators);
    if (ni > CMP_SERIES_MAX)
        return ls_err_set(err, LS_EINVAL, path, NULL, "indicators",
                          "an agreement follows at most %d indicators", CMP_SERIES_MAX);
    out->n = (int)ni;
    for (size_t i = 0; i < ni; i++) {
        const json_t *d = json_array_get(indicators, i);
        snprintf(out->ind[i].id, sizeof out->ind[i].id, "%s",
                 json_string_value(json_object_get(d, "id")));
        snprintf(out->ind[i].unit, sizeof out->ind[i].unit, "%s",
                 json_string_value(json_object_get(d, "unit")));
        out->ind[i].samples = json_array();
    }
    struct ls_csv t;
    int rc = ls_csv_read(path, &t, err);
    if (rc) {
        cmp_series_free(out);
        return rc;
    }
    int cs, cd, ci, cv, cu;
    if ((rc = ls_csv_need_col(&t, "section", &cs, err)) ||
        (rc = ls_csv_need_col(&t, "date", &cd, err)) ||
        (rc = ls_csv_need_col(&t, "indicator", &ci, err)) ||
        (rc = ls_csv_need_col(&t, "value", &cv, err)) ||
        (rc = ls_csv_need_col(&t, "unit", &cu, err))) {
        ls_csv_free(&t);
        cmp_series_free(out);
        return rc;
    }
    int cx = ls_csv_col(&t, "excluded"), cr = ls_csv_col(&t, "reason");
    char y[8];
    snprintf(y, sizeof y, "%04d-", year);
    for (size_t r = 0; r < t.nrows && !rc; r++) {
        char where[32];
        snprintf(where, sizeof where, "line %ld", t.line[r]);
        const char *date = t.rows[r][cd];
        if (strcmp(t.rows[r][cs], section))
            continue;
        if (!ls_date_valid(date)) {
            rc = ls_err_set(err, LS_EINVAL, path, where, "date", "\"%s\" is not a date YYYY-MM-DD",
                            date);
            break;
        }
        if (strncmp(date, y, 5))
            continue;
        int k = -1;
        for (int i = 0; i < out->n; i++)
            if (!strcasecmp(out->ind[i].id, t.rows[r][ci]))
                k = i;
        if (k < 0)
            continue;
        struct cmp_indicator_series *s = &out->ind[k];
        /* a concentration in another unit is a factor of 1,000 or more off: refused, never
         * converted silently, because the declared unit is what the parties signed */
        if (strcmp(t.rows[r][cu], s->unit)) {
            rc = ls_err_set(err, LS_EINVAL, path, where, "unit",
                            "rule compensation.series_unit: %s at section %s is in \"%s\", the "
                            "agreement declares \"%s\"",
                            s->id, section, t.rows[r][cu], s->unit);
            break;
        }
        double v;
        if ((rc = ls_csv_number(&t, r, cv, &v, err)))
            break;
        if (v < 0) {
            rc = ls_err_set(err, LS_EINVAL, path, where, "value",
                            "rule compensation.series_value: %s at section %s is %g, below 0",
                            s->id, section, v);
            break;
        }
        int month = (date[5] - '0') * 10 + (date[6] - '0');
        int ex = cx >= 0 && excluded(t.rows[r][cx]);
        json_array_append_new(s->samples,
                              json_pack("{s:s,s:f,s:b,s:s}", "date", date, "value", v, "excluded",
                                        ex, "reason", cr >= 0 ? t.rows[r][cr] : ""));
        if (ex)
            continue;
        s->month_sum[month - 1] += v;
        s->month_n[month - 1]++;
        s->sum += v;
        s->count++;
    }
    ls_csv_free(&t);
    for (int i = 0; i < out->n && !rc; i++) {
        struct cmp_indicator_series *s = &out->ind[i];
        if (!s->count) {
            out->missing = 1;
            continue;
        }
        for (int m = 0; m < 12; m++)
            if (s->month_n[m] < min_per_month) {
                rc = ls_err_set(err, LS_EINVAL, path, NULL, s->id,
                                "rule compensation.series_gap: %s at section %s has %d sample%s "
                                "in %04d-%02d, the agreement samples at least %d a month",
                                s->id, section, s->month_n[m], s->month_n[m] == 1 ? "" : "s", year,
                                m + 1, min_per_month);
                break;
            }
        s->mean = s->sum / s->count;
    }
    if (rc)
        cmp_series_free(out);
    return rc;
}

void cmp_series_free(struct cmp_series *s)
{
    for (int i = 0; i < s->n; i++) {
        json_decref(s->ind[i].samples);
        s->ind[i].samples = NULL;
    }
}
