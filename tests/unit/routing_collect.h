/* Test helper: callbacks of out-of-core routing that collect every row into whole arrays,
 * asserting that rows come once each, in order. */
#ifndef LS_TEST_ROUTING_COLLECT_H
#define LS_TEST_ROUTING_COLLECT_H

#include <stdint.h>
#include <string.h>

#include "base/err.h"

struct routed {
    uint8_t *dir;
    double *acc;
    long nx, dir_next, acc_next;
    double *z; /* filled elevations of a Float64 DEM */
    long z_next;
};

static inline int collect_dirs(void *ctx, long row0, long nrows, const uint8_t *rows,
                               struct ls_err *err)
{
    (void)err;
    struct routed *c = ctx;
    assert_int_equal(row0, c->dir_next);
    memcpy(c->dir + row0 * c->nx, rows, (size_t)(nrows * c->nx));
    c->dir_next = row0 + nrows;
    return 0;
}

static inline int collect_acc(void *ctx, long row0, long nrows, const double *rows,
                              struct ls_err *err)
{
    (void)err;
    struct routed *c = ctx;
    assert_int_equal(row0, c->acc_next);
    memcpy(c->acc + row0 * c->nx, rows, (size_t)(nrows * c->nx) * sizeof *rows);
    c->acc_next = row0 + nrows;
    return 0;
}

static inline int collect_z64(void *ctx, long row0, long nrows, const double *rows,
                              struct ls_err *err)
{
    (void)err;
    struct routed *c = ctx;
    assert_int_equal(row0, c->z_next);
    memcpy(c->z + row0 * c->nx, rows, (size_t)(nrows * c->nx) * sizeof *rows);
    c->z_next = row0 + nrows;
    return 0;
}

#endif
