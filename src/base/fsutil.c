/* base/fsutil — see fsutil.h. */
#include "base/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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
                          "already exists; refusing to overwrite it");
    return 0;
}

int ls_dir_stage(const char *target, int overwrite, const char *field, struct ls_staged_dir *sd,
                 struct ls_err *err)
{
    memset(sd, 0, sizeof *sd);
    if (!target || !*target || strlen(target) >= sizeof sd->target)
        return ls_err_set(err, LS_EINVAL, target, NULL, field, "not a usable folder name");
    struct stat st;
    sd->replaces = stat(target, &st) == 0;
    if (sd->replaces && !overwrite)
        return ls_err_set(err, LS_EEXIST, target, NULL, field,
                          "already exists; refusing to overwrite it");
    if (sd->replaces && !S_ISDIR(st.st_mode))
        return ls_err_set(err, LS_EEXIST, target, NULL, field, "exists and is not a folder");
    snprintf(sd->target, sizeof sd->target, "%s", target);
    snprintf(sd->tmp, sizeof sd->tmp, "%s.tmp-%ld", target, (long)getpid());
    /* a folder left by a killed run of the same pid would otherwise make mkdir fail */
    ls_remove_tree(sd->tmp);
    if (mkdir(sd->tmp, 0755) != 0)
        return ls_err_set(err, LS_EIO, sd->tmp, NULL, field, "cannot create: %s",
                          ls_strerror(errno));
    return 0;
}

int ls_dir_publish(struct ls_staged_dir *sd, struct ls_err *err)
{
    char old[1120];
    snprintf(old, sizeof old, "%s.old-%ld", sd->target, (long)getpid());
    int rc = 0;
    /* two renames, not one: rename(2) cannot replace a non-empty folder */
    if (sd->replaces && rename(sd->target, old) != 0)
        rc = ls_err_set(err, LS_EIO, sd->target, NULL, NULL, "cannot move aside: %s",
                        ls_strerror(errno));
    if (!rc && rename(sd->tmp, sd->target) != 0) {
        rc = ls_err_set(err, LS_EIO, sd->target, NULL, NULL, "cannot rename into place: %s",
                        ls_strerror(errno));
        if (sd->replaces)
            rename(old, sd->target);
    }
    if (rc)
        ls_remove_tree(sd->tmp);
    else if (sd->replaces)
        ls_remove_tree(old);
    return rc;
}

void ls_dir_discard(struct ls_staged_dir *sd)
{
    if (sd->tmp[0])
        ls_remove_tree(sd->tmp);
}

int ls_write_file(const char *path, const void *bytes, size_t n, int overwrite, const char *field,
                  struct ls_err *err)
{
    int rc = ls_refuse_existing(path, overwrite, field, err);
    if (rc)
        return rc;
    /* a temporary name of its own per call (mkstemp): two threads of one process may write
     * the same file at once (the server's tile cache) */
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return ls_err_set(err, LS_EIO, path, NULL, field, "cannot write: %s", ls_strerror(errno));
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        close(fd);
        remove(tmp);
        return ls_err_set(err, LS_EIO, path, NULL, field, "cannot write: %s", ls_strerror(e));
    }
    /* mkstemp makes the file 0600: an output file is readable as any other the program writes */
    int ok = fchmod(fd, 0644) == 0 && fwrite(bytes, 1, n, f) == n;
    ok = (fclose(f) == 0) && ok;
    /* the rename is the commit: a failed write leaves the old file, or none, never half */
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return ls_err_set(err, LS_EIO, path, NULL, field, "cannot write: %s", ls_strerror(e));
    }
    return 0;
}
