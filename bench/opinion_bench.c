/*
 * Rendering time of a review opinion's PDF (app_opinion_pdf, what GET /api/v1/opinions/{id}/pdf
 * runs): the first render (fontconfig and pango load the Noto CJK fonts), then COUNT warm
 * renders with p50, p99 and max (after rp_warm_up, as the server calls it at start), beside a
 * baseline in the same run: a one-page PDF of one paragraph through the same renderer (report/pdf),
 * the floor of any document. opinion_bench OPINION.json COUNT     (OPINION.json from `liangshan
 * opinion show --json`)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/opinion.h"
#include "report/pdf.h"
#include "timing.h"

static int baseline(size_t *n)
{
    struct rp_meta m = { "baseline", "bench", "2026-01-01", "" };
    struct rp_doc *d = NULL;
    struct ls_err err = { 0 };
    char *pdf = NULL;
    if (rp_open(&m, &d, &err))
        return -1;
    rp_paragraph(d, "三区三线合规审查意见书");
    int rc = rp_close(d, &pdf, n, &err);
    free(pdf);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: opinion_bench OPINION.json COUNT\n");
        return 2;
    }
    json_t *op = json_load_file(argv[1], 0, NULL);
    long count = strtol(argv[2], NULL, 10);
    if (!op || count < 1) {
        fprintf(stderr, "opinion_bench: cannot read %s\n", argv[1]);
        return 2;
    }
    double *t = calloc((size_t)count, sizeof *t), *b = calloc((size_t)count, sizeof *b);
    struct ls_err err = { 0 };
    char *pdf = NULL;
    size_t n = 0, nb = 0;
    double t0 = now_ms();
    /* as the server does at start (cmd_serve): the fonts loaded before the first request */
    rp_warm_up();
    printf("font warm-up (rp_warm_up, once per process at start): %.1f ms\n", now_ms() - t0);
    t0 = now_ms();
    if (app_opinion_pdf(op, "https://example.org", &pdf, &n, &err)) {
        fprintf(stderr, "opinion_bench: %s\n", err.msg);
        return 1;
    }
    double first = now_ms() - t0;
    free(pdf);
    for (long i = 0; i < count; i++) {
        t0 = now_ms();
        if (baseline(&nb))
            return 1;
        b[i] = now_ms() - t0;
        t0 = now_ms();
        if (app_opinion_pdf(op, "https://example.org", &pdf, &n, &err))
            return 1;
        t[i] = now_ms() - t0;
        free(pdf);
    }
    qsort(t, (size_t)count, sizeof *t, cmp_double);
    qsort(b, (size_t)count, sizeof *b, cmp_double);
    size_t p99 = (size_t)((double)count * 0.99);
    if (p99 >= (size_t)count)
        p99 = (size_t)count - 1;
    json_t *pieces = json_object_get(
        json_object_get(json_object_get(op, "check"), "overlaps_geojson"), "features");
    printf("opinion PDF (%zu bytes, %zu overlap pieces): first after warm-up %.1f ms; then p50 "
           "%.1f ms, p99 %.1f ms, max %.1f ms over %ld\n",
           n, json_array_size(pieces), first, t[count / 2], t[p99], t[count - 1], count);
    printf("baseline one-paragraph PDF (%zu bytes): p50 %.1f ms; opinion / baseline = %.1f\n", nb,
           b[count / 2], t[count / 2] / b[count / 2]);
    free(t);
    free(b);
    json_decref(op);
    return 0;
}
