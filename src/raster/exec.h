/*
 * raster/exec — the tiled, streaming, parallel executor every raster operation runs on.
 *
 * The target grid is cut into full-width strips of rows. Workers (one per thread) take strips
 * in turn: each reads its strip of every input (plus `halo` rows and columns around it, NaN
 * beyond the grid) through its own GDAL handles, runs the kernel, then — strictly in strip
 * order — writes the outputs and calls the optional reducer. Memory is bounded by
 * threads × strip buffers (+ GDAL's block cache), both derived from the --mem budget, so a
 * raster of any size streams through. Because kernels see whole rows and reducers run in
 * row order, results are identical whatever the thread count and strip height.
 */
#ifndef LS_RASTER_EXEC_H
#define LS_RASTER_EXEC_H

#include <stddef.h>

#include "raster/io.h"

struct rs_exec_opts {
    int threads;      /* 0: one per core; at most 64 */
    size_t mem_bytes; /* 0: default budget (rs_default_mem) */
    long strip_rows;  /* 0: derived from the budget */
    /* Called after each strip is committed, in strip order, one call at a time; may be NULL. */
    void (*progress)(void *ctx, long done, long total);
    void *progress_ctx;
};

/* What a kernel sees for one strip. */
struct rs_block {
    const struct rs_grid *grid;
    long row0, nrows;         /* the strip's rows in the grid */
    long nx;                  /* columns of the grid */
    long halo;                /* input buffers are (nx + 2·halo) × (nrows + 2·halo) */
    const double *const *in;  /* the inputs as doubles, or NULL when the job takes Float32 */
    const float *const *in32; /* the inputs as Float32 when the job asks (in_f32), or NULL */
    double *const *out;       /* nx × nrows each */
    int worker;               /* 0 .. threads-1, for per-worker scratch */
};

typedef int (*rs_kernel_fn)(const struct rs_block *b, void *ctx, struct ls_err *err);

struct rs_job {
    struct rs_source *inputs; /* n_in opened sources on the job's grid */
    int n_in;
    struct rs_sink **outputs; /* n_out sinks (may be NULL entries for scratch-only outputs) */
    int n_out;
    long halo;
    /* 1: the kernel reads its inputs as Float32 (b->in32), half the bytes of doubles; a
     * wrapped Float32 array is then handed over in place, without a copy. Only for inputs
     * whose values Float32 holds exactly (rs_type_fits_f32). */
    int in_f32;
    rs_kernel_fn kernel; /* runs in parallel */
    rs_kernel_fn reduce; /* optional; runs serially in strip order after the kernel */
    void *ctx;
};

/* 1 when every value of type converts to Float32 exactly (Byte, UInt16, Int16, Float32). */
int rs_type_fits_f32(GDALDataType type);

/* The default memory budget: half the physical memory, at most 8 GiB. */
size_t rs_default_mem(void);

/* Threads to use for opts (cores when 0). */
int rs_exec_threads(const struct rs_exec_opts *opts);

/*
 * Runs fn on each of n items (item k at (char *)items + k·size), item 0 on the calling thread
 * and the others on threads of their own; an item whose thread cannot start runs here. n ≤ 64.
 */
void rs_run_each(void *items, size_t size, int n, void *(*fn)(void *));

/* Parses a size like "512M", "4G", "1500000000" into bytes; 0 on error. */
size_t rs_parse_size(const char *text);

int rs_exec_run(const struct rs_job *job, const struct rs_grid *grid,
                const struct rs_exec_opts *opts, struct ls_err *err);

/*
 * Runs a job with one output into a new GeoTIFF at out_path on `grid`: the file appears only
 * when the whole job succeeded. Sets job->outputs and job->n_out.
 */
int rs_exec_to_file(struct rs_job *job, const struct rs_grid *grid, const char *out_path,
                    const struct rs_sink_opts *sink_opts, const struct rs_exec_opts *opts,
                    struct ls_err *err);

#endif
