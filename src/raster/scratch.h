/*
 * raster/scratch — an ny × nx array of fixed-size cells kept in a temporary file, for the
 * intermediate grids of out-of-core routing (filled elevations, directions) that are read
 * back band by band. The file is created beside the command's output (the disk the user
 * chose for big results) and unlinked at once, so it disappears with the process however
 * the process ends. A scratch belongs to one thread at a time; rs_scratch_close frees it.
 * Internal to raster/: the parts of routing in memory and out of core (raster/hydro,
 * raster/tiled and raster/routing are the faces other modules include).
 */
#ifndef LS_RASTER_SCRATCH_H
#define LS_RASTER_SCRATCH_H

#include <stddef.h>

#include "base/err.h"

struct rs_scratch {
    int fd;
    long nx, ny;
    size_t esz; /* bytes per cell */
};

/* Creates the file in the directory of near_path (a file name), all zeros. */
int rs_scratch_open(struct rs_scratch *s, const char *near_path, long nx, long ny, size_t esz,
                    struct ls_err *err);
int rs_scratch_write(struct rs_scratch *s, long row0, long nrows, const void *rows,
                     struct ls_err *err);
/* Reads rows row0 .. row0+nrows-1; rows outside the grid are left as they are in buf. */
int rs_scratch_read(struct rs_scratch *s, long row0, long nrows, void *rows, struct ls_err *err);
void rs_scratch_close(struct rs_scratch *s);

#endif
