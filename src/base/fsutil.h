/* base/fsutil — file-system helpers for all-or-nothing writers. */
#ifndef LS_BASE_FSUTIL_H
#define LS_BASE_FSUTIL_H

/* Removes a folder and everything below it (best effort: used to clean up temporaries). */
void ls_remove_tree(const char *dir);

#include "base/err.h"

/* LS_EEXIST naming `path` and `field` when path exists and overwrite is 0; else 0. */
int ls_refuse_existing(const char *path, int overwrite, const char *field, struct ls_err *err);

#endif
