/*
 * Ledger and registry figures through the library (called by bench/registry.sh):
 *   registry_bench singles STORE N     N party registrations, each its own durable
 *                                      transaction: events per second
 *   registry_bench fill STORE N        N party events in batches of 10,000: the journal a
 *                                      verify/rebuild benchmark runs on
 *   registry_bench asof STORE Q        a unit with 100 events of history (99 transfers),
 *                                      then Q "as of" queries at random dates: p50/p99 µs
 * STORE is a .gpkg path or a PostgreSQL connection string; it must not exist yet (a
 * PostgreSQL database must be empty).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "registry/registry.h"
#include "timing.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int die(const struct ls_err *e)
{
    char buf[1200];
    fprintf(stderr, "registry_bench: %s\n", ls_err_format(e, buf, sizeof buf));
    return 2;
}

static json_t *party(long i)
{
    char id[32];
    snprintf(id, sizeof id, "B%08ld", i);
    return json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "type", "party", "date", "2021-01-01",
                     "party", "id", id, "name", "基准当事人", "kind", "person");
}

static int parties(struct reg *r, struct ls_store *st, long n, long batch, struct ls_err *e)
{
    struct reg_submit_opts so = { "bench", "2026-01-01T00:00:00Z" };
    for (long i = 0; i < n;) {
        int rc = st_begin_write(st, e);
        for (long k = 0; !rc && k < batch && i < n; k++, i++) {
            json_t *a = party(i);
            rc = reg_submit(r, a, &so, "bench", NULL, e);
            json_decref(a);
        }
        if (!rc)
            rc = st_commit(st, e);
        if (rc) {
            st_rollback(st);
            return rc;
        }
    }
    return 0;
}

static int asof(struct reg *r, struct ls_store *st, int q, struct ls_err *e)
{
    struct reg_submit_opts so = { "bench", "2026-01-01T00:00:00Z" };
    const char *apps[] = {
        "{\"type\":\"party\",\"date\":\"2000-01-01\",\"party\":{\"id\":\"A\",\"name\":\"甲\","
        "\"kind\":\"person\"}}",
        "{\"type\":\"party\",\"date\":\"2000-01-01\",\"party\":{\"id\":\"B\",\"name\":\"乙\","
        "\"kind\":\"person\"}}",
        "{\"type\":\"first\",\"date\":\"2000-01-01\",\"unit\":{\"code\":"
        "\"331099001001JD00001W00000000\",\"name\":\"基准地块\",\"class\":\"real_estate\","
        "\"geometry\":\"POLYGON((40500000 3170000,40500100 3170000,40500100 3170100,40500000 "
        "3170100,40500000 3170000))\"},\"rights\":[{\"type\":\"contracted_land\",\"holders\":"
        "[{\"party\":\"A\"}]}]}",
    };
    int rc = st_begin_write(st, e);
    for (size_t i = 0; !rc && i < 3; i++) {
        json_t *a = json_loads(apps[i], 0, NULL);
        rc = reg_submit(r, a, &so, "bench", NULL, e);
        json_decref(a);
    }
    /* 97 transfers, one every 60 days: with the parties and the first registration, 100 */
    char date[11] = "2000-03-01";
    for (int i = 0; !rc && i < 97; i++) {
        json_t *a =
            json_pack("{s:s, s:s, s:s, s:[{s:s}]}", "type", "transfer", "date", date, "right",
                      "331099001001JD00001W00000000/1", "holders", "party", i % 2 ? "A" : "B");
        rc = reg_submit(r, a, &so, "bench", NULL, e);
        json_decref(a);
        struct tm tm = { 0 };
        tm.tm_year = atoi(date) - 1900;
        tm.tm_mon = atoi(date + 5) - 1;
        tm.tm_mday = atoi(date + 8) + 60;
        tm.tm_hour = 12;
        time_t t = timegm(&tm);
        gmtime_r(&t, &tm);
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
    }
    if (!rc)
        rc = st_commit(st, e);
    if (rc)
        return rc;
    double *lat = malloc((size_t)q * sizeof *lat);
    unsigned long seed = 42;
    for (int i = 0; i < q; i++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        int day = (int)((seed >> 33) % (97 * 60));
        struct tm tm = { 0 };
        tm.tm_year = 100;
        tm.tm_mon = 2;
        tm.tm_mday = 1 + day;
        tm.tm_hour = 12;
        time_t t = timegm(&tm);
        gmtime_r(&t, &tm);
        char d[11];
        strftime(d, sizeof d, "%Y-%m-%d", &tm);
        json_t *o = NULL;
        double t0 = now();
        rc = reg_show(r, "331099001001JD00001W00000000", d, &o, e);
        lat[i] = (now() - t0) * 1e6;
        json_decref(o);
        if (rc)
            break;
    }
    if (!rc) {
        qsort(lat, (size_t)q, sizeof *lat, cmp_double);
        printf("as-of query, unit with 100 events of history: %d queries, p50 %.0f us, p99 %.0f "
               "us\n",
               q, lat[q / 2], lat[q * 99 / 100]);
    }
    free(lat);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: registry_bench singles|fill|asof STORE N\n");
        return 1;
    }
    const char *op = argv[1];
    long n = atol(argv[3]);
    struct ls_err e = { 0 };
    struct st_create cr = { .srid = 4528, .hash = "sha256", .county = "331099" };
    struct ls_store *st = NULL;
    struct reg *r = NULL;
    if (st_open(argv[2], &cr, &st, &e) || reg_open(st, &r, &e))
        return die(&e);
    double t0 = now();
    int rc;
    if (!strcmp(op, "singles")) {
        rc = parties(r, st, n, 1, &e);
        double s = now() - t0;
        if (!rc)
            printf("single transactions (durable commit each): %ld in %.2f s = %.0f events/s\n", n,
                   s, (double)n / s);
    } else if (!strcmp(op, "fill")) {
        rc = parties(r, st, n, 10000, &e);
        double s = now() - t0;
        if (!rc)
            printf("journal filled: %ld events in %.2f s = %.0f events/s (batches of 10,000)\n", n,
                   s, (double)n / s);
    } else {
        rc = asof(r, st, (int)n, &e);
    }
    reg_close(r);
    st_close(st);
    return rc ? die(&e) : 0;
}
