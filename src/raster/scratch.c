/* raster/scratch — raw row storage in an unlinked temporary file (pread / pwrite). */
#include "raster/scratch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int rs_scratch_open(struct rs_scratch *s, const char *near_path, long nx, long ny, size_t esz,
                    struct ls_err *err)
{
    char tmpl[4096];
    const char *slash = strrchr(near_path, '/');
    /* the directory part ("" for "/out.tif", "." for a bare name) */
    int dlen = slash ? (int)(slash - near_path) : 1;
    snprintf(tmpl, sizeof tmpl, "%.*s/.liangshan-scratch-XXXXXX", dlen, slash ? near_path : ".");
    s->fd = mkstemp(tmpl);
    if (s->fd < 0)
        return ls_err_set(err, LS_EIO, near_path, NULL, NULL,
                          "cannot create a scratch file beside the output (%s): %s", tmpl,
                          ls_strerror(errno));
    unlink(tmpl);
    /* sized at once, sparse: rows never written read as zeros */
    if (ftruncate(s->fd, (off_t)((size_t)nx * (size_t)ny * esz)) != 0) {
        int e = errno;
        close(s->fd);
        s->fd = -1;
        return ls_err_set(err, LS_EIO, near_path, NULL, NULL, "cannot size a scratch file: %s",
                          ls_strerror(e));
    }
    s->nx = nx;
    s->ny = ny;
    s->esz = esz;
    return 0;
}

/* The part of rows row0 .. row0+nrows-1 inside the grid, as a byte range of the file and
 * of the buffer. */
static size_t clip(const struct rs_scratch *s, long *row0, long *nrows, size_t *skip)
{
    long r0 = *row0 < 0 ? 0 : *row0, r1 = *row0 + *nrows > s->ny ? s->ny : *row0 + *nrows;
    size_t row_bytes = (size_t)s->nx * s->esz;
    *skip = (size_t)(r0 - *row0) * row_bytes;
    *row0 = r0;
    *nrows = r1 > r0 ? r1 - r0 : 0;
    return (size_t)*nrows * row_bytes;
}

int rs_scratch_write(struct rs_scratch *s, long row0, long nrows, const void *rows,
                     struct ls_err *err)
{
    size_t skip, len = clip(s, &row0, &nrows, &skip), done = 0;
    off_t at = (off_t)((size_t)row0 * (size_t)s->nx * s->esz);
    while (done < len) {
        ssize_t w = pwrite(s->fd, (const char *)rows + skip + done, len - done, at + (off_t)done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ls_err_set(err, LS_EIO, NULL, NULL, NULL,
                              "cannot write the scratch file (row %ld): %s", row0,
                              w < 0 ? ls_strerror(errno) : "disk full");
        done += (size_t)w;
    }
    return 0;
}

int rs_scratch_read(struct rs_scratch *s, long row0, long nrows, void *rows, struct ls_err *err)
{
    size_t skip, len = clip(s, &row0, &nrows, &skip), done = 0;
    off_t at = (off_t)((size_t)row0 * (size_t)s->nx * s->esz);
    while (done < len) {
        ssize_t r = pread(s->fd, (char *)rows + skip + done, len - done, at + (off_t)done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return ls_err_set(err, LS_EIO, NULL, NULL, NULL,
                              "cannot read the scratch file (row %ld): %s", row0,
                              r < 0 ? ls_strerror(errno) : "short file");
        done += (size_t)r;
    }
    return 0;
}

void rs_scratch_close(struct rs_scratch *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}
