/*
 * compensation/series — Internal to compensation/: one section's monitoring series of a year,
 * by indicator and month (series.c).
 */
#ifndef LS_COMPENSATION_SERIES_H
#define LS_COMPENSATION_SERIES_H

#include "compensation/internal.h"

#define CMP_SERIES_MAX 16

struct cmp_indicator_series {
    char id[32], unit[16];
    double month_sum[12];
    int month_n[12];
    double sum, mean;
    int count;
    json_t *samples; /* [{"date", "value", "excluded", "reason"}], owned */
};
struct cmp_series {
    int n;
    int missing; /* an indicator without a single sample in the year */
    struct cmp_indicator_series ind[CMP_SERIES_MAX];
};

/* The samples of section in year for the agreement's indicators ([{"id", "unit"}]); every month
 * must hold min_per_month samples not excluded, every sample the declared unit. */
int cmp_series_read(const char *path, const char *section, int year, const json_t *indicators,
                    int min_per_month, struct cmp_series *out, struct ls_err *err);
void cmp_series_free(struct cmp_series *s);

#endif
