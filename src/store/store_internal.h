/*
 * store/store_internal — what the two backends (sqlite.c, postgres.c) share with store.c.
 * Each backend fills one operations table (struct st_ops); store.c calls through it.
 * Internal to store/.
 */
#ifndef LS_STORE_INTERNAL_H
#define LS_STORE_INTERNAL_H

#include <geos_c.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "base/strbuf.h"
#include "store/store.h"

#define ST_MAX_META 16
#define ST_CACHE    96

struct gpkg_fn {
    GEOSContextHandle_t h;
    int which; /* 0..3 MinX MaxX MinY MaxY, 4 IsEmpty */
};

/*
 * What a backend does, one table per backend (sqlite.c + gpkg.c, postgres.c); store.c calls
 * through st->ops and never asks which backend it has. Dialect differences in SQL (column
 * types, geometry columns, spatial indexes and box filters) are the backends' too.
 */
struct st_migration;

/* SQLite's page cache, KiB: big for a bulk import (one transaction that would otherwise spill
 * the same pages to the WAL again and again), small for a scan (st_scan_mode) */
#define ST_SQLITE_CACHE_KIB      262144
#define ST_SQLITE_SCAN_CACHE_KIB 8192

struct st_ops {
    const char *name;
    enum st_kind kind; /* for st_kind(): callers choosing a bulk-load strategy */
    int (*open)(struct ls_store *st, const char *target, int create, struct ls_err *err);
    void (*close)(struct ls_store *st);
    /* tables a new store needs before the migrations (GeoPackage's own), or NULL */
    int (*create_core)(struct ls_store *st, struct ls_err *err);
    int (*exec)(struct ls_store *st, const char *sql, struct ls_err *err);
    int (*begin)(struct ls_store *st, int write, struct ls_err *err);
    int (*prepare)(struct ls_stmt *s, const char *sql, struct ls_err *err);
    int (*step)(struct ls_stmt *s, struct ls_err *err);
    /* forgets a statement's bindings and result so it can run again */
    void (*reset)(struct ls_stmt *s);
    /* releases what the backend holds for a statement (before it is freed) */
    void (*finalize)(struct ls_stmt *s);
    int (*spatial_table)(struct ls_store *st, const char *table, const char *column,
                         const char *type, struct ls_err *err);
    int (*col_render)(struct ls_stmt *s, int i, char **out, size_t *n);

    /* parameters, 1-based; 0 or -LS_E* */
    int (*bind_text)(struct ls_stmt *s, int i, const char *v);
    int (*bind_int)(struct ls_stmt *s, int i, long long v);
    int (*bind_double)(struct ls_stmt *s, int i, double v);
    int (*bind_null)(struct ls_stmt *s, int i);
    int (*bind_geom)(struct ls_stmt *s, int i, const unsigned char *wkb, size_t n);
    /* the current row, 0-based columns */
    int (*col_count)(const struct ls_stmt *s);
    int (*col_null)(struct ls_stmt *s, int i);
    const char *(*col_text)(struct ls_stmt *s, int i);
    long long (*col_int)(struct ls_stmt *s, int i);
    double (*col_double)(struct ls_stmt *s, int i);
    const unsigned char *(*col_geom)(struct ls_stmt *s, int i, size_t *n);

    /* the dialect: a migration's placeholder or type name at p written for this backend,
     * returning the characters of p consumed (0: copy p's first character as it is) */
    size_t (*ddl_word)(const struct ls_store *st, const char *p, struct ls_strbuf *b);
    /* the migration's backend-specific SQL (triggers), or NULL */
    const char *(*migration_sql)(const struct st_migration *m);
    /* counts the ls_meta table: 1 when the store exists */
    const char *meta_exists_sql;
    /* a box filter on table's geometry through the backend's spatial index, four ?s */
    void (*bbox_condition)(const struct ls_store *st, const char *table, char *buf, size_t size);
    /* a COMMIT refused as busy leaves the transaction open (SQLite), or has ended it */
    int busy_commit_keeps_txn;
};

extern const struct st_ops stsq_ops; /* GeoPackage (SQLite) */
extern const struct st_ops stpg_ops; /* PostgreSQL + PostGIS */

struct ls_store {
    const struct st_ops *ops;
    char target[1024]; /* as given, for messages (a password in a URI is masked) */
    int srid;
    char created[32]; /* st_create.created, "" for the clock (see gpkg_contents) */
    int schema_version;
    int busy_timeout_ms;
    int in_txn;
    int nmeta;
    struct {
        char key[32];
        char value[256];
    } meta[ST_MAX_META];
    sqlite3 *db;
    GEOSContextHandle_t geos; /* GeoPackage: envelopes of geometry blobs */
    struct gpkg_fn fns[5];
    PGconn *pg;
    unsigned geometry_oid; /* PostGIS geometry type, to render it in digests */
    int stmt_serial;       /* names of PostgreSQL prepared statements */
    /* run once by st_commit before COMMIT, then forgotten (st_before_commit) */
    int (*before_commit)(struct ls_store *st, struct ls_err *err);
    /* prepared statements kept for reuse, keyed by their SQL (see st_prepare) */
    struct ls_stmt *cache[ST_CACHE];
    int ncache;
};

struct ls_stmt {
    struct ls_store *st;
    char *sql;          /* as given, the cache key */
    unsigned long hash; /* of sql */
    int in_use;         /* handed out by st_prepare, not yet finalized */
    char head[64];      /* first words of the SQL, for messages */
    int nparams;
    sqlite3_stmt *sq;
    /* PostgreSQL: text parameters, and the result read row by row */
    char name[24];
    char **values;
    PGresult *res;
    int row, nrows, executed;
    int streaming;       /* rows fetched one at a time (single-row mode), see st_stream */
    int stream_open;     /* a streamed result is being read */
    unsigned char *gbuf; /* WKB of the last geometry read */
    size_t gcap;
};

/* Parameters of the SQL counted (sqlite) or numbered $1.. (postgres), quotes respected. */
char *st_sql_number_params(const char *sql, int *nparams);
int st_grow_geom(struct ls_stmt *s, size_t n);
void st_sql_head(const char *sql, char head[64]);
int st_busy_timeout_default(void);

/* sqlite.c */
int stsq_open(struct ls_store *st, const char *path, int create, struct ls_err *err);
void stsq_close(struct ls_store *st);
int stsq_exec(struct ls_store *st, const char *sql, struct ls_err *err);
int stsq_begin(struct ls_store *st, int write, struct ls_err *err);
int stsq_prepare(struct ls_stmt *s, const char *sql, struct ls_err *err);
int stsq_step(struct ls_stmt *s, struct ls_err *err);
int stsq_spatial_table(struct ls_store *st, const char *table, const char *column, const char *type,
                       struct ls_err *err);
int stsq_col_render(struct ls_stmt *s, int i, char **out, size_t *n);

/* postgres.c */
int stpg_open(struct ls_store *st, const char *uri, struct ls_err *err);
void stpg_close(struct ls_store *st);
int stpg_exec(struct ls_store *st, const char *sql, struct ls_err *err);
int stpg_begin(struct ls_store *st, int write, struct ls_err *err);
int stpg_prepare(struct ls_stmt *s, const char *sql, struct ls_err *err);
int stpg_step(struct ls_stmt *s, struct ls_err *err);
void stpg_clear(struct ls_stmt *s);
int stpg_spatial_table(struct ls_store *st, const char *table, const char *column, const char *type,
                       struct ls_err *err);
int stpg_col_render(struct ls_stmt *s, int i, char **out, size_t *n);

/* gpkg.c: the GeoPackage side of the SQLite backend */
int gpkg_create_core(struct ls_store *st, struct ls_err *err);
int gpkg_register_functions(struct ls_store *st);
/* GeoPackage geometry blob <-> WKB; *out malloc'd (caller frees). */
int gpkg_blob_from_wkb(GEOSContextHandle_t h, const unsigned char *wkb, size_t n, int srid,
                       unsigned char **out, size_t *out_n);
const unsigned char *gpkg_blob_wkb(const unsigned char *blob, size_t n, size_t *wkb_n);

/* schema.c */
struct st_migration {
    int version;
    const char *what;
    const char *sql;      /* {fid} is the integer key column, {geom:TYPE} a geometry column */
    const char *sql_gpkg; /* then what differs per backend (triggers), or NULL */
    const char *sql_pg;
    const char *spatial[4][2]; /* (table, geometry type) registered after the SQL */
};
const struct st_migration *st_migrations(int *n);

#endif
