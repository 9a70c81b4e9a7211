/* base/fsutil — see fsutil.h. */
#include "base/fsutil.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ls_remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            ls_remove_tree(p);
        else
            remove(p);
    }
    closedir(d);
    rmdir(dir);
}

int ls_refuse_existing(const char *path, int overwrite, const char *field, struct ls_err *err)
{
    struct stat st;
    if (!overwrite && stat(path, &st) == 0)
        return ls_err_set(err, LS_EEXIST, path, NULL, field,
                          "already exists; refusing to overwrite (use --force)");
    return 0;
}
