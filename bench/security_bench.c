/*
 * Checkpoint signing cost through the library (called by bench/security.sh):
 *   security_bench KEY.pem STORE      1,000 checkpoints of STORE's head signed in one
 *                                     process: mean µs each (read the head + Ed25519 sign),
 *                                     and 1,000 signature checks
 */
#include <stdio.h>
#include <time.h>

#include "ledger/checkpoint.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: security_bench KEY.pem STORE\n");
        return 2;
    }
    struct ls_err err = { 0 };
    struct lg_key *key = NULL;
    struct ls_store *st = NULL;
    if (lg_key_load(argv[1], 1, &key, &err) || st_open(argv[2], NULL, &st, &err)) {
        char buf[1200];
        fprintf(stderr, "security_bench: %s\n", ls_err_format(&err, buf, sizeof buf));
        return 2;
    }
    enum { N = 1000 };
    struct lg_checkpoint c;
    double t0 = now();
    for (int i = 0; i < N; i++)
        if (lg_ckpt_sign(st, key, "2026-01-01T00:00:00Z", &c, &err))
            return 2;
    double t1 = now();
    int good = 0;
    for (int i = 0; i < N; i++)
        good += lg_ckpt_signature_ok(&c, key);
    double t2 = now();
    printf("checkpoint signing (head read + Ed25519), %d in one process: %.1f us each\n", N,
           (t1 - t0) / N * 1e6);
    printf("checkpoint signature check: %.1f us each (%d of %d valid)\n", (t2 - t1) / N * 1e6, good,
           N);
    lg_key_free(key);
    st_close(st);
    return 0;
}
