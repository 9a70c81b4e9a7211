/*
 * The memory-streaming limit of this machine, as the yardstick for map algebra: one
 * read-modify-write pass out = a·b + c over float32 arrays in RAM (16 bytes moved per
 * cell), split over 1..N threads. Prints bytes/s and cells/s of the best of five passes.
 *   stream_bench CELLS THREADS
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "triad.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: stream_bench CELLS THREADS\n");
        return 1;
    }
    size_t n = strtoull(argv[1], NULL, 10);
    int threads = atoi(argv[2]);
    if (n == 0 || threads < 1 || threads > 64)
        return 1;
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *c = malloc(n * sizeof *c),
          *o = malloc(n * sizeof *o);
    if (!a || !b || !c || !o)
        return 2;
    for (size_t i = 0; i < n; i++) {
        a[i] = (float)(i % 1000);
        b[i] = 0.5f;
        c[i] = 1.0f;
        o[i] = 0;
    }
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        struct triad_part parts[64];
        pthread_t tid[64];
        double t0 = now();
        for (int t = 0; t < threads; t++) {
            parts[t] = (struct triad_part){
                a, b, c, o, n * (size_t)t / (size_t)threads, n * (size_t)(t + 1) / (size_t)threads
            };
            pthread_create(&tid[t], NULL, triad, &parts[t]);
        }
        for (int t = 0; t < threads; t++)
            pthread_join(tid[t], NULL);
        double dt = now() - t0;
        if (dt < best)
            best = dt;
    }
    double check = 0;
    for (size_t i = 0; i < n; i += 4096)
        check += (double)o[i];
    printf("stream triad %zu cells, %d thread(s): %.2f GB/s, %.0f Mcells/s (check %.0f)\n", n,
           threads, 16.0 * (double)n / best / 1e9, (double)n / best / 1e6, check);
    free(a);
    free(b);
    free(c);
    free(o);
    return 0;
}
