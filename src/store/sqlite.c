/*
 * store/sqlite — the embedded backend: one GeoPackage file, WAL mode, foreign keys on,
 * synchronous FULL (the ledger must survive power loss, not only a killed process).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hash.h"
#include "geo/geos_bridge.h"
#include "store/store_internal.h"

static int sq_error(struct ls_store *st, int rc, const char *what, struct ls_err *err)
{
    int prim = rc & 0xff;
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return ls_err_set(err, LS_EBUSY, st->target, NULL, NULL,
                          "the store is busy: another writer has held it for more than %d ms "
                          "(%s); retry when it is done",
                          st->busy_timeout_ms, what);
    if (prim == SQLITE_CONSTRAINT)
        return ls_err_set(err, LS_EINVAL, st->target, NULL, NULL, "%s: %s", what,
                          st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
    if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
        return ls_err_set(err, LS_EINVAL, st->target, NULL, NULL,
                          "not a readable GeoPackage/SQLite file: %s",
                          st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
    return ls_err_set(err, LS_ELIB, st->target, NULL, NULL, "%s: %s", what,
                      st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
}

int stsq_open(struct ls_store *st, const char *path, int create, struct ls_err *err)
{
    if (!create && access(path, F_OK) != 0)
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL,
                          "no store file; create one with `registry init --store %s`", path);
    if (create && access(path, F_OK) == 0)
        return ls_err_set(err, LS_EEXIST, path, NULL, NULL,
                          "a file already exists here; refusing to turn it into a store");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
                (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (rc != SQLITE_OK)
        return sq_error(st, rc, "open", err);
    sqlite3_busy_timeout(st->db, st->busy_timeout_ms);
    st->geos = geo_geos_new();
    if (!st->geos || gpkg_register_functions(st))
        return ls_err_set(err, LS_ELIB, path, NULL, NULL,
                          "cannot register the GeoPackage functions");
    char sql[256];
    snprintf(sql, sizeof sql,
             "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
             /* a bulk import is one transaction: a small page cache would spill the same pages
                to the WAL again and again */
             "PRAGMA cache_size = -262144;");
    rc = stsq_exec(st, sql, err);
    if (rc)
        return rc;
    /* a file that is not SQLite fails here, before anything is written */
    return stsq_exec(st, "SELECT count(*) FROM sqlite_master", err);
}

void stsq_close(struct ls_store *st)
{
    if (st->db)
        sqlite3_close_v2(st->db);
    st->db = NULL;
    if (st->geos)
        GEOS_finish_r(st->geos);
    st->geos = NULL;
}

int stsq_exec(struct ls_store *st, const char *sql, struct ls_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc == SQLITE_OK)
        return 0;
    char head[64];
    st_sql_head(sql, head);
    return sq_error(st, rc, head, err);
}

int stsq_begin(struct ls_store *st, int write, struct ls_err *err)
{
    return stsq_exec(st, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

int stsq_prepare(struct ls_stmt *s, const char *sql, struct ls_err *err)
{
    int rc = sqlite3_prepare_v3(s->st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->sq, NULL);
    if (rc != SQLITE_OK)
        return sq_error(s->st, rc, s->head, err);
    s->nparams = sqlite3_bind_parameter_count(s->sq);
    return 0;
}

int stsq_step(struct ls_stmt *s, struct ls_err *err)
{
    int rc = sqlite3_step(s->sq);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    int r = sq_error(s->st, rc, s->head, err);
    sqlite3_reset(s->sq);
    return r;
}

int stsq_col_render(struct ls_stmt *s, int i, char **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    char buf[40];
    switch (sqlite3_column_type(s->sq, i)) {
    case SQLITE_NULL:
        return 0;
    case SQLITE_INTEGER:
        snprintf(buf, sizeof buf, "%lld", (long long)sqlite3_column_int64(s->sq, i));
        break;
    case SQLITE_FLOAT:
        snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(s->sq, i));
        break;
    case SQLITE_BLOB: {
        size_t wn = 0;
        const unsigned char *w = st_col_geom(s, i, &wn);
        if (!w) {
            w = sqlite3_column_blob(s->sq, i);
            wn = (size_t)sqlite3_column_bytes(s->sq, i);
        }
        char *hex = ls_hex_dup(w, wn);
        if (!hex)
            return -1;
        *out = hex;
        *n = 2 * wn;
        return 0;
    }
    default: {
        const char *t = (const char *)sqlite3_column_text(s->sq, i);
        *out = strdup(t ? t : "");
        *n = *out ? strlen(*out) : 0;
        return *out ? 0 : -1;
    }
    }
    *out = strdup(buf);
    *n = *out ? strlen(*out) : 0;
    return *out ? 0 : -1;
}

static void stsq_reset(struct ls_stmt *s)
{
    if (!s->sq)
        return;
    sqlite3_reset(s->sq);
    sqlite3_clear_bindings(s->sq);
}

static void stsq_finalize(struct ls_stmt *s)
{
    sqlite3_finalize(s->sq);
    s->sq = NULL;
}

const struct st_ops stsq_ops = {
    .name = "GeoPackage",
    .open = stsq_open,
    .close = stsq_close,
    .create_core = gpkg_create_core,
    .exec = stsq_exec,
    .begin = stsq_begin,
    .prepare = stsq_prepare,
    .step = stsq_step,
    .reset = stsq_reset,
    .finalize = stsq_finalize,
    .spatial_table = stsq_spatial_table,
    .col_render = stsq_col_render,
};
