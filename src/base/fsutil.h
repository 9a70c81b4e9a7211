/* base/fsutil — file-system helpers for all-or-nothing writers. */
#ifndef LS_BASE_FSUTIL_H
#define LS_BASE_FSUTIL_H

/* Removes a folder and everything below it (best effort: used to clean up temporaries). */
void ls_remove_tree(const char *dir);

#endif
