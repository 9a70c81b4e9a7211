/* raster/exec — strip scheduler, per-worker handles and buffers, ordered commit. */
#include "raster/exec.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>

size_t rs_default_mem(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
    size_t half = pages > 0 && psz > 0 ? (size_t)pages * (size_t)psz / 2 : (size_t)1 << 30;
    size_t cap = (size_t)8 << 30;
    return half < cap ? half : cap;
}

int rs_exec_threads(const struct rs_exec_opts *opts)
{
    if (opts && opts->threads > 0)
        return opts->threads < 64 ? opts->threads : 64;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (n < 64 ? (int)n : 64) : 1;
}

void rs_run_each(void *items, size_t size, int n, void *(*fn)(void *))
{
    pthread_t tid[64];
    int started[64] = { 0 };
    char *base = items;
    for (int t = 1; t < n && t < 64; t++)
        started[t] = pthread_create(&tid[t], NULL, fn, base + (size_t)t * size) == 0;
    if (n > 0)
        fn(base);
    for (int t = 1; t < n && t < 64; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            fn(base + (size_t)t * size);
    }
}

size_t rs_parse_size(const char *text)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || !(v > 0))
        return 0;
    double mult = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K':
        mult = 1024.0;
        end++;
        break;
    case 'M':
        mult = 1024.0 * 1024;
        end++;
        break;
    case 'G':
        mult = 1024.0 * 1024 * 1024;
        end++;
        break;
    case 'T':
        mult = 1024.0 * 1024 * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (toupper((unsigned char)*end) == 'B' || toupper((unsigned char)*end) == 'I')
        end++;
    if (toupper((unsigned char)*end) == 'B')
        end++;
    if (*end)
        return 0;
    return (size_t)(v * mult);
}

int rs_type_fits_f32(GDALDataType type)
{
    return type == GDT_Byte || type == GDT_UInt16 || type == GDT_Int16 || type == GDT_Float32;
}

/* A wrapped Float32 array a Float32 job without halo reads in place, without a copy. */
static int reads_in_place(const struct rs_job *job, const struct rs_source *s)
{
    return job->in_f32 && s->cells && s->type == GDT_Float32 && job->halo == 0;
}

struct worker {
    struct shared *sh;
    int index;
    struct rs_source *src; /* n_in handles of its own */
    double **in, **out;
    float **in32;       /* the Float32 buffers of an in_f32 job */
    const float **view; /* what the kernel reads: a buffer, or rows of a wrapped array */
    struct ls_err err;
    int rc;
};

struct shared {
    const struct rs_job *job;
    const struct rs_grid *grid;
    long strip_rows, nstrips;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    long next_strip, next_commit; /* next_commit counts the strips done when not ordered */
    int failed;
    int ordered; /* strips are committed in order (a reducer, or a file to write) */
    const struct rs_exec_opts *opts;
};

static int run_strip(struct worker *w, long strip)
{
    struct shared *sh = w->sh;
    const struct rs_job *job = sh->job;
    long h = job->halo, nx = sh->grid->nx;
    long row0 = strip * sh->strip_rows;
    long nrows = row0 + sh->strip_rows > sh->grid->ny ? sh->grid->ny - row0 : sh->strip_rows;
    for (int i = 0; i < job->n_in; i++) {
        const struct rs_source *s = &w->src[i];
        int rc = 0;
        if (!job->in_f32)
            rc = rs_source_read(&w->src[i], -h, row0 - h, nx + 2 * h, nrows + 2 * h, w->in[i],
                                &w->err);
        else if (reads_in_place(job, s))
            w->view[i] = (const float *)s->cells + (size_t)row0 * (size_t)nx;
        else {
            rc = rs_source_read_f32(&w->src[i], -h, row0 - h, nx + 2 * h, nrows + 2 * h, w->in32[i],
                                    &w->err);
            w->view[i] = w->in32[i];
        }
        if (rc)
            return rc;
    }
    struct rs_block b = { .grid = sh->grid,
                          .row0 = row0,
                          .nrows = nrows,
                          .nx = nx,
                          .halo = h,
                          .in = job->in_f32 ? NULL : (const double *const *)w->in,
                          .in32 = job->in_f32 ? (const float *const *)w->view : NULL,
                          .out = (double *const *)w->out,
                          .worker = w->index };
    int rc = job->kernel(&b, job->ctx, &w->err);
    if (rc)
        return rc;
    if (!sh->ordered) {
        /* arrays in memory and no reducer: nothing depends on the order of the strips */
        for (int o = 0; o < job->n_out && !rc; o++)
            if (job->outputs[o])
                rc = rs_sink_write(job->outputs[o], 0, row0, nx, nrows, w->out[o], &w->err);
        pthread_mutex_lock(&sh->mu);
        long done = ++sh->next_commit;
        if (!rc && sh->opts && sh->opts->progress)
            sh->opts->progress(sh->opts->progress_ctx, done, sh->nstrips);
        pthread_mutex_unlock(&sh->mu);
        return rc;
    }
    pthread_mutex_lock(&sh->mu);
    while (sh->next_commit != strip && !sh->failed)
        pthread_cond_wait(&sh->cv, &sh->mu);
    int failed = sh->failed;
    pthread_mutex_unlock(&sh->mu);
    if (failed)
        return 0;
    /* Only this worker may commit now: the writes and the reducer run in strip order. */
    for (int o = 0; o < job->n_out && !rc; o++)
        if (job->outputs[o])
            rc = rs_sink_write(job->outputs[o], 0, row0, nx, nrows, w->out[o], &w->err);
    if (!rc && job->reduce)
        rc = job->reduce(&b, job->ctx, &w->err);
    /* still this strip's turn: progress is reported in order, by one thread at a time */
    if (!rc && sh->opts && sh->opts->progress)
        sh->opts->progress(sh->opts->progress_ctx, strip + 1, sh->nstrips);
    pthread_mutex_lock(&sh->mu);
    sh->next_commit++;
    pthread_cond_broadcast(&sh->cv);
    pthread_mutex_unlock(&sh->mu);
    return rc;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->sh;
    for (;;) {
        pthread_mutex_lock(&sh->mu);
        long strip = sh->failed ? sh->nstrips : sh->next_strip++;
        pthread_mutex_unlock(&sh->mu);
        if (strip >= sh->nstrips)
            break;
        w->rc = run_strip(w, strip);
        if (w->rc) {
            pthread_mutex_lock(&sh->mu);
            sh->failed = 1;
            pthread_cond_broadcast(&sh->cv);
            pthread_mutex_unlock(&sh->mu);
            break;
        }
    }
    return NULL;
}

/* What a worker's strip buffers may take to stay in its core's cache. */
#define STRIP_CACHE_BYTES (512.0 * 1024)

static long choose_strip_rows(const struct rs_job *job, const struct rs_grid *g, int threads,
                              size_t mem, long requested, struct ls_err *err)
{
    double h = (double)job->halo, in_size = job->in_f32 ? sizeof(float) : sizeof(double);
    double row_bytes = ((double)job->n_in * ((double)g->nx + 2 * h) * in_size +
                        (double)job->n_out * (double)g->nx * sizeof(double)) *
                       threads;
    /* halo rows per worker, and each sink's 256-row write buffer */
    double fixed = (double)job->n_in * ((double)g->nx + 2 * h) * 2 * h * in_size * threads +
                   (double)job->n_out * 256 * (double)g->nx * sizeof(double);
    double budget = (double)mem / 2 - fixed;
    if (requested > 0)
        return requested;
    int all_wrapped = job->n_in > 0;
    for (int i = 0; i < job->n_in; i++)
        all_wrapped &= job->inputs[i].cells != NULL;
    if (all_wrapped && !job->reduce) {
        /* Rasters in memory have no blocks to decode once per strip: strips small enough
         * for a core's cache let each value go through the kernel without a round trip
         * to memory. */
        long rows = (long)(STRIP_CACHE_BYTES * threads / row_bytes);
        return rows < 1 ? 1 : rows > 512 ? 512 : rows;
    }
    if (budget < row_bytes)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "mem",
                          "a memory budget of %.0f MiB cannot hold one row per thread "
                          "(%.0f MiB needed); raise --mem or lower --threads",
                          (double)mem / 1048576, (fixed + row_bytes) * 2 / 1048576);
    long rows = (long)(budget / row_bytes);
    if (rows > 512)
        rows = 512;
    if (rows >= 256)
        rows -= rows % 256; /* whole rows of 256-row GeoTIFF blocks */
    return rows;
}

int rs_exec_run(const struct rs_job *job, const struct rs_grid *grid,
                const struct rs_exec_opts *opts, struct ls_err *err)
{
    int threads = rs_exec_threads(opts);
    size_t mem = opts && opts->mem_bytes ? opts->mem_bytes : rs_default_mem();
    for (int i = 0; i < job->n_in; i++)
        if (!rs_grid_same(&job->inputs[i].grid, grid))
            return ls_err_set(err, LS_EINVAL, job->inputs[i].path, NULL, "grid",
                              "not on the target grid (%ldx%ld); align it first "
                              "('liangshan raster align')",
                              grid->nx, grid->ny);
        else if (job->in_f32 && !rs_type_fits_f32(job->inputs[i].type))
            return ls_err_set(err, LS_EINVAL, job->inputs[i].path, NULL, "type",
                              "%s values do not fit Float32 exactly; this operation needs "
                              "them as doubles",
                              GDALGetDataTypeName(job->inputs[i].type));
    long rows = choose_strip_rows(job, grid, threads, mem, opts ? opts->strip_rows : 0, err);
    if (rows <= 0)
        return rows < 0 ? (int)rows : ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL, "no rows");
    long nstrips = (grid->ny + rows - 1) / rows;
    if (threads > nstrips)
        threads = (int)(nstrips > 0 ? nstrips : 1);
    GDALSetCacheMax64((GIntBig)(mem / 4 > (8u << 20) ? mem / 4 : 8u << 20));

    struct shared sh = {
        .job = job, .grid = grid, .strip_rows = rows, .nstrips = nstrips, .opts = opts
    };
    sh.ordered = job->reduce != NULL;
    for (int o = 0; o < job->n_out; o++)
        sh.ordered |= job->outputs[o] && !rs_sink_in_memory(job->outputs[o]);
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.cv, NULL);
    struct worker *ws = calloc((size_t)threads, sizeof *ws);
    int rc = ws ? 0 : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    size_t in_cells = (size_t)(grid->nx + 2 * job->halo) * (size_t)(rows + 2 * job->halo);
    size_t out_cells = (size_t)grid->nx * (size_t)rows;
    int opened = 0;
    for (int t = 0; t < threads && !rc; t++, opened++) {
        struct worker *w = &ws[t];
        w->sh = &sh;
        w->index = t;
        w->src = calloc((size_t)job->n_in + 1, sizeof *w->src);
        w->in = calloc((size_t)job->n_in + 1, sizeof *w->in);
        w->out = calloc((size_t)job->n_out + 1, sizeof *w->out);
        w->in32 = calloc((size_t)job->n_in + 1, sizeof *w->in32);
        w->view = calloc((size_t)job->n_in + 1, sizeof *w->view);
        if (!w->src || !w->in || !w->out || !w->in32 || !w->view) {
            rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            break;
        }
        for (int i = 0; i < job->n_in && !rc; i++) {
            rc = rs_source_reopen(&job->inputs[i], &w->src[i], err);
            if (rc || reads_in_place(job, &w->src[i]))
                continue;
            if (job->in_f32)
                w->in32[i] = malloc(in_cells * sizeof(float));
            else
                w->in[i] = malloc(in_cells * sizeof(double));
            if (!w->in[i] && !w->in32[i])
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, "mem", "out of memory for buffers");
        }
        for (int o = 0; o < job->n_out && !rc; o++)
            if (!(w->out[o] = malloc(out_cells * sizeof(double))))
                rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, "mem", "out of memory for buffers");
    }
    if (!rc) {
        pthread_t *tid = calloc((size_t)threads, sizeof *tid);
        int started = 1;
        for (int t = 1; tid && t < threads; t++, started++)
            if (pthread_create(&tid[t], NULL, worker_main, &ws[t]) != 0)
                break;
        worker_main(&ws[0]);
        for (int t = 1; t < started; t++)
            pthread_join(tid[t], NULL);
        free(tid);
        for (int t = 0; t < threads && !rc; t++)
            if (ws[t].rc) {
                rc = ws[t].rc;
                if (err)
                    *err = ws[t].err;
            }
        if (!rc && sh.next_commit != nstrips)
            rc = ls_err_set(err, LS_EINTERNAL, NULL, NULL, NULL, "executor stopped early");
    }
    for (int t = 0; ws && t < opened; t++) {
        for (int i = 0; i < job->n_in; i++) {
            if (ws[t].src)
                rs_source_close(&ws[t].src[i]);
            if (ws[t].in)
                free(ws[t].in[i]);
            if (ws[t].in32)
                free(ws[t].in32[i]);
        }
        for (int o = 0; o < job->n_out && ws[t].out; o++)
            free(ws[t].out[o]);
        free(ws[t].src);
        free(ws[t].in);
        free(ws[t].out);
        free(ws[t].in32);
        free(ws[t].view);
    }
    free(ws);
    pthread_cond_destroy(&sh.cv);
    pthread_mutex_destroy(&sh.mu);
    return rc;
}

int rs_exec_to_file(struct rs_job *job, const struct rs_grid *grid, const char *out_path,
                    const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *opts,
                    struct ls_err *err)
{
    struct rs_sink *sink = NULL;
    int rc = rs_sink_create(out_path, grid, sink_opts, &sink, err);
    if (rc)
        return rc;
    job->outputs = &sink;
    job->n_out = 1;
    rc = rs_exec_run(job, grid, opts, err);
    job->outputs = NULL;
    if (rc) {
        rs_sink_abort(sink);
        return rc;
    }
    return rs_sink_commit(sink, err);
}
