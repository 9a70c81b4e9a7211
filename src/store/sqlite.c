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
        return ls_err_set(err, LS_ENOENT, path, NULL, NULL, "no store file at this path");
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
             "PRAGMA cache_size = -%d;",
             ST_SQLITE_CACHE_KIB);
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

static int bound(int rc)
{
    /* a bind fails only for a parameter index we got wrong or out of memory */
    return rc == SQLITE_OK ? 0 : rc == SQLITE_NOMEM ? -LS_ENOMEM : -LS_EINTERNAL;
}

static int sq_bind_text(struct ls_stmt *s, int i, const char *v)
{
    return bound(sqlite3_bind_text(s->sq, i, v, -1, SQLITE_TRANSIENT));
}

static int sq_bind_int(struct ls_stmt *s, int i, long long v)
{
    return bound(sqlite3_bind_int64(s->sq, i, v));
}

static int sq_bind_double(struct ls_stmt *s, int i, double v)
{
    return bound(sqlite3_bind_double(s->sq, i, v));
}

static int sq_bind_null(struct ls_stmt *s, int i)
{
    return bound(sqlite3_bind_null(s->sq, i));
}

static int sq_bind_geom(struct ls_stmt *s, int i, const unsigned char *wkb, size_t n)
{
    /* a GeoPackage geometry is a blob: its own header (SRID, envelope) before the WKB */
    unsigned char *blob = NULL;
    size_t bn = 0;
    if (gpkg_blob_from_wkb(s->st->geos, wkb, n, s->st->srid, &blob, &bn))
        return -LS_ENOMEM;
    return bound(sqlite3_bind_blob(s->sq, i, blob, (int)bn, free));
}

static int sq_col_count(const struct ls_stmt *s)
{
    return sqlite3_column_count(s->sq);
}

static int sq_col_null(struct ls_stmt *s, int i)
{
    return sqlite3_column_type(s->sq, i) == SQLITE_NULL;
}

static const char *sq_col_text(struct ls_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s->sq, i);
    return t ? (const char *)t : "";
}

static long long sq_col_int(struct ls_stmt *s, int i)
{
    return sqlite3_column_int64(s->sq, i);
}

static double sq_col_double(struct ls_stmt *s, int i)
{
    return sqlite3_column_double(s->sq, i);
}

static const unsigned char *sq_col_geom(struct ls_stmt *s, int i, size_t *n)
{
    if (sqlite3_column_type(s->sq, i) == SQLITE_NULL)
        return NULL;
    const unsigned char *blob = sqlite3_column_blob(s->sq, i);
    size_t bn = (size_t)sqlite3_column_bytes(s->sq, i);
    return gpkg_blob_wkb(blob, bn, n);
}

/* GeoPackage names the types as SQLite declares them (GeoPackage 1.3, Table 1: INTEGER,
 * DOUBLE) and a geometry column by its type name alone (gpkg_geometry_columns says the SRID) */
static size_t sq_ddl_word(const struct ls_store *st, const char *p, struct ls_strbuf *b)
{
    (void)st;
    if (!strncmp(p, "{fid}", 5)) {
        ls_strbuf_printf(b, "fid INTEGER PRIMARY KEY NOT NULL");
        return 5;
    }
    if (!strncmp(p, "{geom:", 6)) {
        const char *end = strchr(p, '}');
        if (!end)
            return 0;
        ls_strbuf_printf(b, "geom %.*s", (int)(end - p - 6), p + 6);
        return (size_t)(end - p) + 1;
    }
    if (!strncmp(p, "BIGINT", 6)) {
        ls_strbuf_printf(b, "INTEGER");
        return 6;
    }
    if (!strncmp(p, "DOUBLE PRECISION", 16)) {
        ls_strbuf_printf(b, "DOUBLE");
        return 16;
    }
    return 0;
}

static const char *sq_migration_sql(const struct st_migration *m)
{
    return m->sql_gpkg;
}

/* GeoPackage's R*Tree extension table holds each row's envelope (rtree_TABLE_geom) */
static void sq_bbox_condition(const struct ls_store *st, const char *table, char *buf, size_t size)
{
    (void)st;
    snprintf(buf, size,
             "fid IN (SELECT id FROM \"rtree_%s_geom\" WHERE maxx >= ? AND maxy >= ? "
             "AND minx <= ? AND miny <= ?)",
             table);
}

const struct st_ops stsq_ops = {
    .name = "GeoPackage",
    .kind = ST_GPKG,
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
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_null = sq_bind_null,
    .bind_geom = sq_bind_geom,
    .col_count = sq_col_count,
    .col_null = sq_col_null,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_geom = sq_col_geom,
    .ddl_word = sq_ddl_word,
    .migration_sql = sq_migration_sql,
    .meta_exists_sql = "SELECT count(*) FROM sqlite_master WHERE name = 'ls_meta'",
    .bbox_condition = sq_bbox_condition,
    .busy_commit_keeps_txn = 1,
};
