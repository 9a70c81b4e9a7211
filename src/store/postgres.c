/*
 * store/postgres — the PostgreSQL 15 + PostGIS 3 backend through libpq. Statements are
 * prepared server-side; parameters go as text and take the type of their context
 * (geometries as hex EWKB carrying the store's SRID). One writer at a time: every write
 * transaction first takes a transaction-scoped advisory lock, waiting at most the busy
 * timeout for it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "store/store_internal.h"

/* The advisory lock key of the ledger writer: "LSHN" as a number, 1280526414. */
#define ST_WRITER_LOCK 0x4c53484eLL

static int pg_error(struct ls_store *st, PGresult *r, const char *what, struct ls_err *err)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(st->pg);
    char clean[400];
    snprintf(clean, sizeof clean, "%s", msg ? msg : "");
    char *nl = strchr(clean, '\n');
    if (nl)
        *nl = '\0';
    int code = LS_ELIB;
    if (state && (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01") ||
                  !strcmp(state, "57014")))
        return ls_err_set(err, LS_EBUSY, st->target, NULL, NULL,
                          "the store is busy: another writer has held it for more than %d ms "
                          "(%s); retry when it is done",
                          st->busy_timeout_ms, what);
    if (state && !strncmp(state, "23", 2))
        code = LS_EINVAL; /* integrity constraint */
    return ls_err_set(err, code, st->target, NULL, NULL, "%s: %s", what, clean);
}

static int exec_ok(PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

int stpg_exec(struct ls_store *st, const char *sql, struct ls_err *err)
{
    PGresult *r = PQexec(st->pg, sql);
    int rc = 0;
    if (!exec_ok(r)) {
        char head[64];
        st_sql_head(sql, head);
        rc = pg_error(st, r, head, err);
    }
    PQclear(r);
    return rc;
}

int stpg_open(struct ls_store *st, const char *uri, struct ls_err *err)
{
    st->pg = PQconnectdb(uri);
    if (!st->pg || PQstatus(st->pg) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", st->pg ? PQerrorMessage(st->pg) : "out of memory");
        char *nl = strchr(msg, '\n');
        if (nl)
            *nl = '\0';
        return ls_err_set(err, LS_EIO, st->target, NULL, NULL, "cannot connect to PostgreSQL: %s",
                          msg);
    }
    int rc = stpg_exec(st,
                       "SET client_min_messages = warning; SET client_encoding = 'UTF8'; "
                       "SET extra_float_digits = 3; SET TIME ZONE 'UTC'",
                       err);
    if (rc)
        return rc;
    /* PostGIS first: every later statement may name geometry */
    PGresult *r = PQexec(st->pg, "SELECT oid FROM pg_type WHERE typname = 'geometry'");
    if (exec_ok(r) && PQntuples(r) == 1) {
        st->geometry_oid = (unsigned)strtoul(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
        return 0;
    }
    PQclear(r);
    rc = stpg_exec(st, "CREATE EXTENSION IF NOT EXISTS postgis", err);
    if (rc)
        return ls_err_set(err, LS_EUNSUPP, st->target, NULL, NULL,
                          "PostGIS is not available in this database and cannot be created "
                          "(%s); install postgresql-15-postgis-3 or run CREATE EXTENSION postgis "
                          "as a superuser",
                          err ? err->msg : "");
    r = PQexec(st->pg, "SELECT oid FROM pg_type WHERE typname = 'geometry'");
    if (exec_ok(r) && PQntuples(r) == 1)
        st->geometry_oid = (unsigned)strtoul(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return 0;
}

void stpg_close(struct ls_store *st)
{
    if (st->pg)
        PQfinish(st->pg);
    st->pg = NULL;
}

int stpg_begin(struct ls_store *st, int write, struct ls_err *err)
{
    if (!write)
        return stpg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
    char sql[160];
    snprintf(sql, sizeof sql,
             "BEGIN; SET LOCAL lock_timeout = %d; SELECT pg_advisory_xact_lock(%lld)",
             st->busy_timeout_ms, ST_WRITER_LOCK);
    int rc = stpg_exec(st, sql, err);
    if (rc)
        stpg_exec(st, "ROLLBACK", NULL);
    return rc;
}

int stpg_prepare(struct ls_stmt *s, const char *sql, struct ls_err *err)
{
    char *numbered = st_sql_number_params(sql, &s->nparams);
    if (!numbered)
        return ls_err_set(err, LS_ENOMEM, s->st->target, NULL, NULL, "out of memory");
    snprintf(s->name, sizeof s->name, "ls_%d", ++s->st->stmt_serial);
    PGresult *r = PQprepare(s->st->pg, s->name, numbered, 0, NULL);
    free(numbered);
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = pg_error(s->st, r, s->head, err);
        s->name[0] = '\0';
    }
    PQclear(r);
    if (!rc && s->nparams) {
        s->values = calloc((size_t)s->nparams, sizeof *s->values);
        if (!s->values)
            rc = ls_err_set(err, LS_ENOMEM, s->st->target, NULL, NULL, "out of memory");
    }
    return rc;
}

/* Reads what is left of a streamed result, so the connection is free again. */
static void drain(struct ls_stmt *s)
{
    PGresult *r;
    while ((r = PQgetResult(s->st->pg)))
        PQclear(r);
    s->stream_open = 0;
}

void stpg_clear(struct ls_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    if (s->stream_open)
        drain(s);
    s->executed = 0;
    s->row = s->nrows = 0;
    for (int i = 0; s->values && i < s->nparams; i++) {
        free(s->values[i]);
        s->values[i] = NULL;
    }
}

static int stream_step(struct ls_stmt *s, struct ls_err *err)
{
    if (!s->executed) {
        s->executed = 1;
        if (!PQsendQueryPrepared(s->st->pg, s->name, s->nparams, (const char *const *)s->values,
                                 NULL, NULL, 0) ||
            !PQsetSingleRowMode(s->st->pg))
            return pg_error(s->st, NULL, s->head, err);
        s->stream_open = 1;
    }
    PQclear(s->res);
    s->res = s->stream_open ? PQgetResult(s->st->pg) : NULL;
    ExecStatusType st = s->res ? PQresultStatus(s->res) : PGRES_TUPLES_OK;
    if (st == PGRES_SINGLE_TUPLE) {
        s->nrows = 1;
        s->row = 0;
        return 1;
    }
    int rc = 0;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
        rc = pg_error(s->st, s->res, s->head, err);
    PQclear(s->res);
    s->res = NULL;
    s->nrows = s->row = 0;
    if (s->stream_open)
        drain(s);
    return rc;
}

int stpg_step(struct ls_stmt *s, struct ls_err *err)
{
    if (s->streaming)
        return stream_step(s, err);
    if (!s->executed) {
        s->res = PQexecPrepared(s->st->pg, s->name, s->nparams, (const char *const *)s->values,
                                NULL, NULL, 0);
        s->executed = 1;
        if (!exec_ok(s->res)) {
            int rc = pg_error(s->st, s->res, s->head, err);
            PQclear(s->res);
            s->res = NULL;
            return rc;
        }
        s->nrows = PQresultStatus(s->res) == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
        s->row = -1;
    }
    if (s->row + 1 < s->nrows) {
        s->row++;
        return 1;
    }
    s->row = s->nrows;
    return 0;
}

int stpg_spatial_table(struct ls_store *st, const char *table, const char *column, const char *type,
                       struct ls_err *err)
{
    (void)type;
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE INDEX \"%s_%s_gist\" ON \"%s\" USING gist (\"%s\")", table,
             column, table, column);
    return stpg_exec(st, sql, err);
}

int stpg_col_render(struct ls_stmt *s, int i, char **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (st_col_null(s, i))
        return 0;
    unsigned type = (unsigned)PQftype(s->res, i);
    char buf[40];
    if (type == 20 || type == 21 || type == 23) { /* int8 int2 int4 */
        snprintf(buf, sizeof buf, "%lld", st_col_int(s, i));
        *out = strdup(buf);
    } else if (type == 700 || type == 701 || type == 1700) { /* float4 float8 numeric */
        snprintf(buf, sizeof buf, "%.17g", st_col_double(s, i));
        *out = strdup(buf);
    } else if (type == s->st->geometry_oid) {
        size_t wn = 0;
        const unsigned char *w = st_col_geom(s, i, &wn);
        *out = ls_hex_dup(w, wn);
    } else {
        *out = strdup(st_col_text(s, i));
    }
    if (!*out)
        return -1;
    *n = strlen(*out);
    return 0;
}

/* "PG:" is GDAL's prefix for the same URI; a PostgreSQL store is created by its migrations
 * alone, so create changes nothing at opening. */
static int stpg_open_target(struct ls_store *st, const char *target, int create, struct ls_err *err)
{
    (void)create;
    return stpg_open(st, strncmp(target, "PG:", 3) ? target : target + 3, err);
}

static void stpg_finalize(struct ls_stmt *s)
{
    stpg_clear(s);
    if (s->name[0] && s->st->pg) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(s->st->pg, sql));
    }
    free(s->values);
    s->values = NULL;
}

/* Parameters travel as text (PQexecPrepared with NULL formats): one form for every type,
 * and PostgreSQL parses them exactly as it would literals. */
static int pg_bind(struct ls_stmt *s, int i, char *v, int given)
{
    if (i < 1 || i > s->nparams) {
        free(v);
        return -LS_EINTERNAL;
    }
    if (given && !v)
        return -LS_ENOMEM;
    free(s->values[i - 1]);
    s->values[i - 1] = v;
    return 0;
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return strdup(buf);
}

static int pg_bind_text(struct ls_stmt *s, int i, const char *v)
{
    return pg_bind(s, i, strdup(v), 1);
}

static int pg_bind_int(struct ls_stmt *s, int i, long long v)
{
    return pg_bind(s, i, dup_printf("%lld", v), 1);
}

static int pg_bind_double(struct ls_stmt *s, int i, double v)
{
    /* 17 significant digits give the same double back (IEEE 754 round trip) */
    return pg_bind(s, i, dup_printf("%.17g", v), 1);
}

static int pg_bind_null(struct ls_stmt *s, int i)
{
    return pg_bind(s, i, NULL, 0);
}

static int pg_bind_geom(struct ls_stmt *s, int i, const unsigned char *wkb, size_t n)
{
    /* EWKB hex: the type word gains the SRID flag (0x20000000) and the SRID follows it, so
     * PostGIS takes the column's SRID from the value itself */
    char *hex = malloc(2 * (n + 4) + 1);
    if (!hex)
        return -LS_ENOMEM;
    unsigned char head[9];
    memcpy(head, wkb, 5);
    int le = wkb[0] == 1;
    unsigned sr = (unsigned)s->st->srid;
    for (int k = 0; k < 4; k++)
        head[5 + (le ? k : 3 - k)] = (unsigned char)(sr >> (8 * k));
    head[le ? 4 : 1] |= 0x20; /* the flag byte: high byte of the type word */
    ls_hex(head, 9, hex);
    ls_hex(wkb + 5, n - 5, hex + 18);
    return pg_bind(s, i, hex, 1);
}

static int pg_col_count(const struct ls_stmt *s)
{
    return s->res ? PQnfields(s->res) : 0;
}

static int pg_col_null(struct ls_stmt *s, int i)
{
    return !s->res || s->row >= s->nrows || PQgetisnull(s->res, s->row, i);
}

static const char *pg_col_text(struct ls_stmt *s, int i)
{
    return pg_col_null(s, i) ? "" : PQgetvalue(s->res, s->row, i);
}

static long long pg_col_int(struct ls_stmt *s, int i)
{
    return strtoll(pg_col_text(s, i), NULL, 10);
}

static double pg_col_double(struct ls_stmt *s, int i)
{
    return strtod(pg_col_text(s, i), NULL);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static const unsigned char *pg_col_geom(struct ls_stmt *s, int i, size_t *n)
{
    if (pg_col_null(s, i))
        return NULL;
    /* PostGIS's text output is hex EWKB; the SRID is dropped so callers see ISO WKB, as the
     * GeoPackage backend gives them */
    const char *hex = pg_col_text(s, i);
    size_t hn = strlen(hex) / 2;
    if (hn < 5 || st_grow_geom(s, hn))
        return NULL;
    for (size_t k = 0; k < hn; k++) {
        int a = hexval(hex[2 * k]), b = hexval(hex[2 * k + 1]);
        if (a < 0 || b < 0)
            return NULL;
        s->gbuf[k] = (unsigned char)(a * 16 + b);
    }
    int le = s->gbuf[0] == 1;
    unsigned char *flag = &s->gbuf[le ? 4 : 1];
    if ((*flag & 0x20) && hn >= 9) {
        *flag &= (unsigned char)~0x20;
        memmove(s->gbuf + 5, s->gbuf + 9, hn - 9);
        hn -= 4;
    }
    *n = hn;
    return s->gbuf;
}

/* PostgreSQL keeps the SQL standard's names; the geometry column is typed with the store's
 * SRID (PostGIS typmod), so a geometry in another CRS is refused by the database itself */
static size_t pg_ddl_word(const struct ls_store *st, const char *p, struct ls_strbuf *b)
{
    if (!strncmp(p, "{fid}", 5)) {
        ls_strbuf_printf(b, "fid BIGINT PRIMARY KEY NOT NULL");
        return 5;
    }
    if (!strncmp(p, "{geom:", 6)) {
        const char *end = strchr(p, '}');
        if (!end)
            return 0;
        ls_strbuf_printf(b, "geom geometry(%.*s, %d)", (int)(end - p - 6), p + 6, st->srid);
        return (size_t)(end - p) + 1;
    }
    return 0;
}

static const char *pg_migration_sql(const struct st_migration *m)
{
    return m->sql_pg;
}

/* && compares bounding boxes through the GiST index */
static void pg_bbox_condition(const struct ls_store *st, const char *table, char *buf, size_t size)
{
    (void)table;
    snprintf(buf, size, "geom && ST_MakeEnvelope(?, ?, ?, ?, %d)", st->srid);
}

const struct st_ops stpg_ops = {
    .name = "PostgreSQL",
    .kind = ST_POSTGRES,
    .open = stpg_open_target,
    .close = stpg_close,
    .create_core = NULL,
    .exec = stpg_exec,
    .begin = stpg_begin,
    .prepare = stpg_prepare,
    .step = stpg_step,
    .reset = stpg_clear,
    .finalize = stpg_finalize,
    .spatial_table = stpg_spatial_table,
    .col_render = stpg_col_render,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_null = pg_bind_null,
    .bind_geom = pg_bind_geom,
    .col_count = pg_col_count,
    .col_null = pg_col_null,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_geom = pg_col_geom,
    .ddl_word = pg_ddl_word,
    .migration_sql = pg_migration_sql,
    .meta_exists_sql = "SELECT count(*) FROM pg_tables WHERE tablename = 'ls_meta' "
                       "AND schemaname = current_schema()",
    .bbox_condition = pg_bbox_condition,
    .busy_commit_keeps_txn = 0,
};
