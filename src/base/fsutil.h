/*
 * base/fsutil — file-system helpers for all-or-nothing writers.
 *
 * An output folder (a demo county, a GEP account's results) is built in a temporary folder
 * beside its target and renamed into place only when every file in it is written, so a
 * failure, a crash or a full disk never leaves a half-written folder where the user looks:
 *
 *     struct ls_staged_dir sd;
 *     if (ls_dir_stage(out, force, "out", &sd, err)) return rc;
 *     rc = write_everything_into(sd.tmp, err);
 *     rc = rc ? (ls_dir_discard(&sd), rc) : ls_dir_publish(&sd, err);
 */
#ifndef LS_BASE_FSUTIL_H
#define LS_BASE_FSUTIL_H

#include <stddef.h>

#include "base/err.h"

/* Removes a folder and everything below it (best effort: used to clean up temporaries). */
void ls_remove_tree(const char *dir);

/* LS_EEXIST naming `path` and `field` when path exists and overwrite is 0; else 0. */
int ls_refuse_existing(const char *path, int overwrite, const char *field, struct ls_err *err);

/* Writes n bytes to path all or nothing: into a temporary file of its own (PATH.tmp-XXXXXX,
 * so threads writing the same path do not meet), then renamed over path. An
 * existing path is refused (LS_EEXIST naming field) unless overwrite. */
int ls_write_file(const char *path, const void *bytes, size_t n, int overwrite, const char *field,
                  struct ls_err *err);

struct ls_staged_dir {
    char target[1024]; /* the folder as the user named it */
    char tmp[1100];    /* where it is built: TARGET.tmp-PID */
    int replaces;      /* target existed (and overwrite was given) */
};

/*
 * Creates sd->tmp beside target. Refuses (LS_EEXIST, err.field = field) an existing target
 * unless overwrite, and a target that exists but is not a folder.
 */
int ls_dir_stage(const char *target, int overwrite, const char *field, struct ls_staged_dir *sd,
                 struct ls_err *err);

/* Renames sd->tmp into place (an existing target is moved aside, then removed); on failure
 * the target is as it was and sd->tmp is removed. */
int ls_dir_publish(struct ls_staged_dir *sd, struct ls_err *err);

/* Removes sd->tmp and everything in it. */
void ls_dir_discard(struct ls_staged_dir *sd);

#endif
