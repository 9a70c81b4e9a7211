/*
 * app/indicator_evidence — a project's evidence documents (验收材料) kept by their SHA-256:
 * each file copied once into an evidence folder under its own hash, the ledger recording
 * only the name and the hash, so a document is found by what the register says of it and
 * any later edit of the file is seen. `indicator verify --evidence-dir` rehashes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/indicator.h"
#include "base/fsutil.h"
#include "base/hash.h"

#define EVIDENCE_MAX (256L << 20) /* one document: a scanned acceptance report fits */

int app_indicator_evidence_put(const char *dir, const char *path, json_t *evidence,
                               struct ls_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, "evidence", "cannot open: %s",
                          ls_strerror(errno));
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (n < 0 || n > EVIDENCE_MAX) {
        fclose(f);
        return ls_err_set(err, n < 0 ? LS_EIO : LS_ENOMEM, path, NULL, "evidence",
                          n < 0 ? "cannot read its size" : "a document is at most 256 MiB");
    }
    rewind(f);
    unsigned char *buf = malloc((size_t)n + 1);
    size_t got = buf ? fread(buf, 1, (size_t)n, f) : 0;
    fclose(f);
    if (!buf || got != (size_t)n) {
        free(buf);
        return ls_err_set(err, buf ? LS_EIO : LS_ENOMEM, path, NULL, "evidence", "cannot read");
    }
    char sha[LS_SHA256_HEX], dst[1400];
    ls_sha256_hex(buf, (size_t)n, sha);
    int rc = 0;
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        rc = ls_err_set(err, LS_EIO, dir, NULL, "evidence_dir", "cannot create: %s",
                        ls_strerror(errno));
    snprintf(dst, sizeof dst, "%s/%s", dir, sha);
    struct stat sb;
    /* the same content is the same file: a document kept once is not written again */
    if (!rc && stat(dst, &sb) != 0)
        rc = ls_write_file(dst, buf, (size_t)n, 0, "evidence", err);
    free(buf);
    if (!rc) {
        const char *base = strrchr(path, '/');
        json_array_append_new(evidence, json_pack("{s:s, s:s, s:I}", "name", base ? base + 1 : path,
                                                  "sha256", sha, "size", (json_int_t)n));
    }
    return rc;
}

int app_indicator_evidence_verify(struct ls_store *st, struct ind *in, const char *dir,
                                  json_t **out, struct ls_err *err)
{
    *out = NULL;
    json_t *list = NULL;
    int rc = app_indicator_projects(st, in, NULL, NULL, &list, err);
    json_t *missing = json_array(), *altered = json_array();
    long checked = 0;
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p)
    {
        if (rc)
            break;
        json_t *show = NULL;
        rc = app_indicator_show(st, in, json_string_value(json_object_get(p, "project")), &show,
                                err);
        size_t k;
        json_t *e;
        json_array_foreach(json_object_get(show, "evidence"), k, e)
        {
            const char *sha = json_string_value(json_object_get(e, "sha256"));
            char path[1400], got[LS_SHA256_HEX];
            snprintf(path, sizeof path, "%s/%s", dir, sha ? sha : "");
            struct ls_err ignore = { 0 };
            checked++;
            if (ls_sha256_file(path, got, &ignore))
                json_array_append_new(missing, json_string(sha ? sha : ""));
            else if (strcmp(got, sha))
                json_array_append_new(altered, json_string(sha));
        }
        json_decref(show);
    }
    json_decref(list);
    if (rc) {
        json_decref(missing);
        json_decref(altered);
        return rc;
    }
    *out = json_pack("{s:I, s:o, s:o, s:b}", "checked", (json_int_t)checked, "missing", missing,
                     "altered", altered, "ok",
                     json_array_size(missing) == 0 && json_array_size(altered) == 0);
    return 0;
}
