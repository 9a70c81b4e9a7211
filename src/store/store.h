/*
 * store — one storage interface over two real backends that behave identically:
 *   - a GeoPackage file (SQLite in WAL mode, GeoPackage core tables, R-tree indexes, WKB
 *     geometries), the embedded default, whose spatial tables open as-is in QGIS;
 *   - PostgreSQL 15 + PostGIS 3 through libpq ("postgresql://…", or OGR's "PG:key=value …"),
 *     shared by several processes.
 *
 * SQL is written once with `?` placeholders in the dialect both accept (BIGINT, DOUBLE
 * PRECISION, TEXT); the PostgreSQL backend numbers the placeholders. Geometries cross the
 * interface as ISO WKB in the store's CRS (its SRID fixed when the store is created).
 * Writes go inside st_begin_write/st_commit: one writer at a time on both backends (SQLite
 * BEGIN IMMEDIATE, PostgreSQL an advisory transaction lock); a writer that cannot get the
 * lock within the busy timeout gets LS_EBUSY. The schema is versioned (store/schema.c) and
 * migrated on open.
 *
 * Ownership: st_open returns a store the caller closes with st_close; st_prepare returns a
 * statement the caller frees with st_finalize before closing the store. Pointers returned by
 * column getters stay valid until the next st_step, st_reset or st_finalize of that statement.
 * A store and its statements belong to one thread at a time.
 */
#ifndef LS_STORE_H
#define LS_STORE_H

#include <stddef.h>

#include "base/err.h"

enum st_kind { ST_GPKG = 1, ST_POSTGRES = 2 };

struct ls_store;
struct ls_stmt;

/* What a new store is created with; every field is kept in the store's ls_meta table. */
struct st_create {
    int srid;                /* EPSG code of every geometry (e.g. 4528) */
    const char *hash;        /* ledger hash: "sha256" (default when NULL) or "sm3" */
    const char *county;      /* 6-digit administrative division code of the registry, or NULL */
    const char *county_name; /* its name as certificates print it (临海市), or NULL */
    /* ISO 8601 UTC time written as the GeoPackage tables' last_change (gpkg_contents), so a
     * generated store is byte-identical run to run; NULL: the creation time. */
    const char *created;
};

/*
 * Opens `target` (a .gpkg path or a postgresql:// URI) and migrates its schema to the
 * current version. With `create` non-NULL the store must not exist yet and is created;
 * without it the store must exist. The busy timeout (ms) is how long a writer waits for
 * the lock; LIANGSHAN_BUSY_TIMEOUT_MS overrides the default of 5000.
 */
int st_open(const char *target, const struct st_create *create, struct ls_store **out,
            struct ls_err *err);
void st_close(struct ls_store *st);

enum st_kind st_kind(const struct ls_store *st);
/* Whole tables are read next, once each, end to end (on = 1), or that is over (on = 0). On
 * GeoPackage the page cache is made small meanwhile: the bulk import's big one would allocate,
 * and fault in, a page for every page read, several times the cost of the read itself.
 * PostgreSQL: nothing to do. */
int st_scan_mode(struct ls_store *st, int on, struct ls_err *err);
const char *st_target(const struct ls_store *st);
int st_srid(const struct ls_store *st);
int st_schema_version(const struct ls_store *st);

/* A value of ls_meta ("hash", "county", "srid", ...); "" when absent. */
const char *st_meta(const struct ls_store *st, const char *key);

int st_begin_write(struct ls_store *st, struct ls_err *err);
/*
 * Asks st_commit to run fn just before it commits the open transaction (once, however many
 * times it is asked): the ledger writes its head once per transaction, not once per event.
 * A rollback forgets it.
 */
void st_before_commit(struct ls_store *st, int (*fn)(struct ls_store *st, struct ls_err *err));
int st_begin_read(struct ls_store *st, struct ls_err *err);
/*
 * One savepoint inside the open write transaction, so several independent requests can share
 * one durable commit (group commit) and a refused one still leaves nothing: st_savepoint marks
 * the point, st_savepoint_release keeps what was written since, st_savepoint_rollback undoes
 * it and keeps the transaction open (and the savepoint released). Not nested.
 */
int st_savepoint(struct ls_store *st, struct ls_err *err);
int st_savepoint_release(struct ls_store *st, struct ls_err *err);
void st_savepoint_rollback(struct ls_store *st);
int st_commit(struct ls_store *st, struct ls_err *err);
void st_rollback(struct ls_store *st);

/* Runs SQL without parameters or results (several statements allowed). */
int st_exec(struct ls_store *st, const char *sql, struct ls_err *err);

int st_prepare(struct ls_store *st, const char *sql, struct ls_stmt **out, struct ls_err *err);
void st_finalize(struct ls_stmt *s);
/* Clears the bindings and the result so the statement can run again. */
void st_reset(struct ls_stmt *s);

/* Parameters are numbered from 1 in the order of the `?` in the SQL. */
int st_bind_text(struct ls_stmt *s, int i, const char *v);
int st_bind_int(struct ls_stmt *s, int i, long long v);
int st_bind_double(struct ls_stmt *s, int i, double v);
int st_bind_null(struct ls_stmt *s, int i);
/* ISO WKB, 2-D, in the store's CRS; NULL/0 binds NULL. */
int st_bind_geom(struct ls_stmt *s, int i, const unsigned char *wkb, size_t n);

/*
 * Reads the statement's rows one at a time instead of all at once (PostgreSQL single-row
 * mode; SQLite always streams), for results larger than memory. While a streamed statement
 * is being read, no other statement may run on the store.
 */
void st_stream(struct ls_stmt *s);

/* 1: a row is ready; 0: done; < 0: error (err names the SQL's first words). */
int st_step(struct ls_stmt *s, struct ls_err *err);
/* Runs a statement that returns no rows (st_step until done, then st_reset). */
int st_run(struct ls_stmt *s, struct ls_err *err);

int st_column_count(const struct ls_stmt *s);
int st_col_null(struct ls_stmt *s, int i);
const char *st_col_text(struct ls_stmt *s, int i); /* "" for NULL */
long long st_col_int(struct ls_stmt *s, int i);
double st_col_double(struct ls_stmt *s, int i);
/* The geometry of column i as ISO WKB (NULL with *n = 0 when NULL). */
const unsigned char *st_col_geom(struct ls_stmt *s, int i, size_t *n);

/*
 * An SQL condition selecting rows of `table` whose geometry's box meets the box
 * (xmin, ymin, xmax, ymax), bound as the next four parameters in that order. Uses the
 * GeoPackage R-tree or the PostGIS GiST index. Written into buf.
 */
const char *st_bbox_condition(const struct ls_store *st, const char *table, char *buf, size_t size);

/*
 * SHA-256 over the rows of `table` ordered by `order_by`, each value rendered the same on
 * both backends (integers in decimal, reals with 17 significant digits, geometries as WKB
 * hex): the fingerprint that proves two projections equal.
 */
int st_table_digest(struct ls_store *st, const char *table, const char *order_by, char hex[65],
                    long long *rows, struct ls_err *err);

#endif
