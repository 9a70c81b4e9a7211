/*
 * store — what is the same on both backends: opening and creating a store, its meta keys,
 * schema migrations (one DDL text for both, expanded per dialect), transactions, the
 * prepared-statement cache, parameter binding, geometry encoding and table digests. The
 * backend itself is reached through st->ops (store_internal.h).
 */
#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/strbuf.h"
#include "store/store_internal.h"

/* How long a writer waits for another's lock before answering "busy" (exit 3): long enough
 * for a registration transaction (milliseconds) to finish, short enough that a stuck writer
 * is reported rather than waited on forever. */
int st_busy_timeout_default(void)
{
    const char *e = getenv("LIANGSHAN_BUSY_TIMEOUT_MS");
    if (e && *e) {
        long v = strtol(e, NULL, 10);
        if (v >= 0 && v <= 3600000)
            return (int)v;
    }
    return 5000;
}

/* The first words of a statement name it in error messages ("INSERT INTO reg_unit …")
 * without printing a whole query, which may run to pages. */
void st_sql_head(const char *sql, char head[64])
{
    while (*sql == ' ' || *sql == '\n' || *sql == '\t')
        sql++;
    size_t n = 0;
    while (n < 48 && sql[n] && sql[n] != '\n')
        n++;
    memcpy(head, sql, n);
    head[n] = '\0';
}

char *st_sql_number_params(const char *sql, int *nparams)
{
    /* each ? becomes $N: room for the longest number (20 digits) per ?, counted first */
    size_t len = strlen(sql), marks = 0;
    for (const char *p = sql; *p; p++)
        marks += *p == '?';
    char *out = malloc(len + marks * 21 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    int n = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '?' && nparams) {
            o += (size_t)snprintf(out + o, 22, "$%d", ++n);
            continue;
        }
        out[o++] = *p;
    }
    out[o] = '\0';
    if (nparams)
        *nparams = n;
    return out;
}

int st_grow_geom(struct ls_stmt *s, size_t n)
{
    if (n <= s->gcap)
        return 0;
    unsigned char *b = realloc(s->gbuf, n);
    if (!b)
        return -1;
    s->gbuf = b;
    s->gcap = n;
    return 0;
}

static int is_postgres_uri(const char *t)
{
    return !strncmp(t, "postgresql://", 13) || !strncmp(t, "postgres://", 11) ||
           !strncmp(t, "PG:", 3);
}

/* The store as named in messages and logs: a password in a connection URI never reaches
 * either. */
static void mask_target(const char *t, char *out, size_t size)
{
    snprintf(out, size, "%s", t);
    if (!is_postgres_uri(t))
        return;
    /* postgresql://user:secret@host → postgresql://user:***@host */
    char *scheme = strstr(out, "://");
    char *at = strchr(out, '@');
    char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (colon && at && colon < at) {
        char rest[1024];
        snprintf(rest, sizeof rest, "%s", at);
        snprintf(colon, size - (size_t)(colon - out), ":***%s", rest);
    }
}

const char *st_meta(const struct ls_store *st, const char *key)
{
    for (int i = 0; i < st->nmeta; i++)
        if (!strcmp(st->meta[i].key, key))
            return st->meta[i].value;
    return "";
}

/* A whole number stored as text in ls_meta ("" for a key not written yet: 0); an edited or
 * damaged value is an error, not 0. */
static int meta_int(const char *text, long *out)
{
    char *end;
    *out = 0;
    if (!*text)
        return 0;
    *out = strtol(text, &end, 10);
    return end == text || *end || *out < 0 || *out > 999999 ? -1 : 0;
}

/* ls_meta is small (a dozen keys) and read on every open: it is held in memory so that
 * st_meta needs no statement and no transaction. */
static int load_meta(struct ls_store *st, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st, "SELECT key, value FROM ls_meta ORDER BY key", &s, err);
    st->nmeta = 0;
    while (!rc && (rc = st_step(s, err)) == 1) {
        if (st->nmeta < ST_MAX_META) {
            snprintf(st->meta[st->nmeta].key, sizeof st->meta[0].key, "%s", st_col_text(s, 0));
            snprintf(st->meta[st->nmeta].value, sizeof st->meta[0].value, "%s", st_col_text(s, 1));
            st->nmeta++;
        }
        rc = 0;
    }
    st_finalize(s);
    if (rc < 0)
        return rc;
    long srid = 0, version = 0;
    if (meta_int(st_meta(st, "srid"), &srid) || meta_int(st_meta(st, "schema_version"), &version))
        return ls_err_set(err, LS_EINVAL, st->target, NULL, "ls_meta",
                          "srid \"%s\" or schema_version \"%s\" is not a number",
                          st_meta(st, "srid"), st_meta(st, "schema_version"));
    st->srid = (int)srid;
    st->schema_version = (int)version;
    return 0;
}

static int set_meta(struct ls_store *st, const char *key, const char *value, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st,
                        "INSERT INTO ls_meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        &s, err);
    if (!rc) {
        st_bind_text(s, 1, key);
        st_bind_text(s, 2, value);
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

/* A migration's DDL for this backend: {fid}, {geom:TYPE} and the type names written in
 * the backend's dialect by its ddl_word, everything else copied. */
static char *expand_ddl(const struct ls_store *st, const char *sql)
{
    struct ls_strbuf b = { 0 };
    for (const char *p = sql; *p;) {
        size_t used = st->ops->ddl_word(st, p, &b);
        if (!used) {
            ls_strbuf_printf(&b, "%c", *p);
            used = 1;
        }
        p += used;
    }
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/*
 * Brings the schema to the latest version, one migration at a time inside the caller's write
 * transaction, recording each version as it lands: a store is never half-migrated, and an
 * older Liangshan refuses a newer store (st_open) instead of misreading it.
 */
static int migrate(struct ls_store *st, struct ls_err *err)
{
    int n = 0;
    const struct st_migration *m = st_migrations(&n);
    for (int i = 0; i < n; i++) {
        if (m[i].version <= st->schema_version)
            continue;
        char *sql = expand_ddl(st, m[i].sql);
        if (!sql)
            return ls_err_set(err, LS_ENOMEM, st->target, NULL, NULL, "out of memory");
        int rc = st_exec(st, sql, err);
        free(sql);
        const char *own = st->ops->migration_sql(&m[i]);
        if (!rc && own)
            rc = st_exec(st, own, err);
        for (int k = 0; !rc && k < 4 && m[i].spatial[k][0]; k++)
            rc = st->ops->spatial_table(st, m[i].spatial[k][0], "geom", m[i].spatial[k][1], err);
        if (rc)
            return ls_err_set(err, -rc, st->target, NULL, NULL,
                              "schema migration %d (%s) failed: %s", m[i].version, m[i].what,
                              err ? err->msg : "");
        char v[16];
        snprintf(v, sizeof v, "%d", m[i].version);
        rc = set_meta(st, "schema_version", v, err);
        if (rc)
            return rc;
        st->schema_version = m[i].version;
    }
    return 0;
}

static int meta_table_exists(struct ls_store *st, int *exists, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st, st->ops->meta_exists_sql, &s, err);
    if (!rc && (rc = st_step(s, err)) == 1) {
        *exists = st_col_int(s, 0) > 0;
        rc = 0;
    }
    st_finalize(s);
    return rc;
}

/* YYYY-MM-DDTHH:MM:SS[.fff]Z and nothing else: it is written into SQL as a literal. */
static int iso_utc_time(const char *s)
{
    static const char pattern[] = "dddd-dd-ddTdd:dd:dd";
    size_t i = 0;
    for (; pattern[i]; i++)
        if (pattern[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pattern[i])
            return 0;
    if (s[i] == '.') {
        size_t k = ++i;
        while (isdigit((unsigned char)s[i]) && i - k < 6)
            i++;
        if (i == k)
            return 0;
    }
    return s[i] == 'Z' && s[i + 1] == '\0';
}

/* A new store's identity: its CRS, ledger hash and county never change afterwards, since
 * every stored geometry, hash and code depends on them. Schema version 0 makes the
 * migrations below build every table, the same path an old store takes to catch up. */
static int initialise(struct ls_store *st, const struct st_create *c, struct ls_err *err)
{
    int rc = st_exec(
        st, "CREATE TABLE ls_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)", err);
    char v[32];
    snprintf(v, sizeof v, "%d", c->srid);
    if (!rc)
        rc = set_meta(st, "srid", v, err);
    if (!rc)
        rc = set_meta(st, "hash", c->hash ? c->hash : "sha256", err);
    if (!rc)
        rc = set_meta(st, "county", c->county ? c->county : "", err);
    if (!rc)
        rc = set_meta(st, "county_name", c->county_name ? c->county_name : "", err);
    if (!rc)
        rc = set_meta(st, "schema_version", "0", err);
    return rc;
}

int st_open(const char *target, const struct st_create *create, struct ls_store **out,
            struct ls_err *err)
{
    *out = NULL;
    struct ls_store *st = calloc(1, sizeof *st);
    if (!st)
        return ls_err_set(err, LS_ENOMEM, target, NULL, NULL, "out of memory");
    mask_target(target, st->target, sizeof st->target);
    st->busy_timeout_ms = st_busy_timeout_default();
    st->ops = is_postgres_uri(target) ? &stpg_ops : &stsq_ops;
    if (create) {
        st->srid = create->srid;
        if (create->created)
            snprintf(st->created, sizeof st->created, "%s", create->created);
    }
    if (create && create->created && !iso_utc_time(create->created)) {
        free(st);
        return ls_err_set(err, LS_EINVAL, target, NULL, "created",
                          "\"%s\" is not an ISO 8601 UTC time such as 2020-12-31T09:00:00Z",
                          create->created);
    }
    int rc = st->ops->open(st, target, create != NULL, err);
    /* opening reads first and writes only when it must: many readers (the server's workers)
     * open a store at once, and a write lock on every open would queue them behind any
     * registrar's transaction */
    /* readers never take the writer's lock: only creation or a migration does */
    int exists = 0, nmig = 0;
    const struct st_migration *mig = st_migrations(&nmig);
    int latest = mig[nmig - 1].version;
    if (!rc)
        rc = st_begin_read(st, err);
    if (!rc)
        rc = meta_table_exists(st, &exists, err);
    if (!rc && exists)
        rc = load_meta(st, err);
    if (st->in_txn)
        st_rollback(st);
    if (!rc && create && exists)
        rc = ls_err_set(err, LS_EEXIST, st->target, NULL, NULL,
                        "a store already exists here; open it without init");
    if (!rc && !create && !exists)
        rc = ls_err_set(err, LS_ENOENT, st->target, NULL, NULL,
                        "no Liangshan store here; create one with `registry init`");
    if (!rc && st->schema_version > latest)
        rc = ls_err_set(err, LS_EUNSUPP, st->target, NULL, "schema_version",
                        "the store has schema version %d, newer than this Liangshan knows (%d); "
                        "open it with a newer release",
                        st->schema_version, latest);
    if (!rc && (create || st->schema_version < latest)) {
        /* everything is checked again under the writer's lock: another process may have
         * created or migrated the store between our read and our lock */
        rc = st_begin_write(st, err);
        if (!rc && create)
            rc = meta_table_exists(st, &exists, err);
        if (!rc && create && exists)
            rc = ls_err_set(err, LS_EEXIST, st->target, NULL, NULL,
                            "a store was created here meanwhile; open it without init");
        if (!rc && create && st->ops->create_core)
            rc = st->ops->create_core(st, err);
        if (!rc && create)
            rc = initialise(st, create, err);
        if (!rc)
            rc = load_meta(st, err);
        if (!rc)
            rc = migrate(st, err);
        if (!rc)
            rc = st_commit(st, err);
    }
    if (rc) {
        if (st->in_txn)
            st_rollback(st);
        st_close(st);
        return rc;
    }
    *out = st;
    return 0;
}

static void destroy_stmt(struct ls_stmt *s);

void st_close(struct ls_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < st->ncache; i++)
        destroy_stmt(st->cache[i]);
    st->ncache = 0;
    st->ops->close(st);
    free(st);
}

enum st_kind st_kind(const struct ls_store *st)
{
    return st->ops->kind;
}
const char *st_target(const struct ls_store *st)
{
    return st->target;
}
int st_srid(const struct ls_store *st)
{
    return st->srid;
}
int st_schema_version(const struct ls_store *st)
{
    return st->schema_version;
}

int st_begin_write(struct ls_store *st, struct ls_err *err)
{
    int rc = st->ops->begin(st, 1, err);
    if (!rc)
        st->in_txn = 1;
    return rc;
}

int st_begin_read(struct ls_store *st, struct ls_err *err)
{
    int rc = st->ops->begin(st, 0, err);
    if (!rc)
        st->in_txn = 1;
    return rc;
}

void st_before_commit(struct ls_store *st, int (*fn)(struct ls_store *st, struct ls_err *err))
{
    st->before_commit = fn;
}

int st_commit(struct ls_store *st, struct ls_err *err)
{
    int (*fn)(struct ls_store *, struct ls_err *) = st->before_commit;
    st->before_commit = NULL;
    if (fn) {
        int rc = fn(st, err);
        if (rc)
            return rc; /* still in the transaction: the caller rolls back */
    }
    int rc = st_exec(st, "COMMIT", err);
    /* SQLite keeps the transaction open when COMMIT returns SQLITE_BUSY; on PostgreSQL a
     * failed COMMIT has already ended it */
    if (rc && st->ops->busy_commit_keeps_txn && err && err->code == LS_EBUSY)
        return rc; /* still in the transaction: the caller rolls back */
    st->in_txn = 0;
    return rc;
}

/* Safe to call in any state: error paths roll back without tracking whether a transaction
 * was begun, and a failed ROLLBACK leaves nothing further to undo. */
void st_rollback(struct ls_store *st)
{
    st->before_commit = NULL;
    if (!st->in_txn)
        return;
    st_exec(st, "ROLLBACK", NULL);
    st->in_txn = 0;
}

/* SAVEPOINT, RELEASE and ROLLBACK TO are the same SQL on SQLite and PostgreSQL; after a failed
 * statement PostgreSQL refuses everything in the transaction until the ROLLBACK TO. */
int st_savepoint(struct ls_store *st, struct ls_err *err)
{
    return st_exec(st, "SAVEPOINT ls_request", err);
}

int st_savepoint_release(struct ls_store *st, struct ls_err *err)
{
    return st_exec(st, "RELEASE SAVEPOINT ls_request", err);
}

void st_savepoint_rollback(struct ls_store *st)
{
    if (!st_exec(st, "ROLLBACK TO SAVEPOINT ls_request", NULL))
        st_exec(st, "RELEASE SAVEPOINT ls_request", NULL);
}

int st_exec(struct ls_store *st, const char *sql, struct ls_err *err)
{
    return st->ops->exec(st, sql, err);
}

/* FNV-1a over the SQL text: a cheap first comparison before strcmp in the statement cache */
static unsigned long sql_hash(const char *sql)
{
    unsigned long h = 1469598103934665603UL;
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
        h = (h ^ *p) * 1099511628211UL;
    return h;
}

static void destroy_stmt(struct ls_stmt *s)
{
    s->st->ops->finalize(s);
    free(s->sql);
    free(s->gbuf);
    free(s);
}

/*
 * Statements are prepared once per store and kept: a registration runs the same twenty
 * statements for every unit, and preparing them again each time (a round trip on
 * PostgreSQL) would cost more than running them.
 */
int st_prepare(struct ls_store *st, const char *sql, struct ls_stmt **out, struct ls_err *err)
{
    *out = NULL;
    unsigned long h = sql_hash(sql);
    for (int i = 0; i < st->ncache; i++) {
        struct ls_stmt *c = st->cache[i];
        if (!c->in_use && c->hash == h && !strcmp(c->sql, sql)) {
            c->in_use = 1;
            *out = c;
            return 0;
        }
    }
    struct ls_stmt *s = calloc(1, sizeof *s);
    if (!s || !(s->sql = strdup(sql))) {
        free(s);
        return ls_err_set(err, LS_ENOMEM, st->target, NULL, NULL, "out of memory");
    }
    s->st = st;
    s->hash = h;
    s->in_use = 1;
    st_sql_head(sql, s->head);
    int rc = st->ops->prepare(s, sql, err);
    if (rc) {
        destroy_stmt(s);
        return rc;
    }
    /* beyond the cache's size a statement is prepared per use and destroyed by st_finalize:
     * slower, never wrong (SQL built per call, like a box filter per table, lands here) */
    if (st->ncache < ST_CACHE)
        st->cache[st->ncache++] = s;
    *out = s;
    return 0;
}

/* A cached statement is reset and handed back to the cache, not destroyed. */
void st_finalize(struct ls_stmt *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->st->ncache; i++)
        if (s->st->cache[i] == s) {
            st_reset(s);
            s->in_use = 0;
            return;
        }
    destroy_stmt(s);
}

void st_reset(struct ls_stmt *s)
{
    s->st->ops->reset(s);
}

int st_bind_text(struct ls_stmt *s, int i, const char *v)
{
    return v ? s->st->ops->bind_text(s, i, v) : s->st->ops->bind_null(s, i);
}

int st_bind_int(struct ls_stmt *s, int i, long long v)
{
    return s->st->ops->bind_int(s, i, v);
}

int st_bind_double(struct ls_stmt *s, int i, double v)
{
    return s->st->ops->bind_double(s, i, v);
}

int st_bind_null(struct ls_stmt *s, int i)
{
    return s->st->ops->bind_null(s, i);
}

int st_bind_geom(struct ls_stmt *s, int i, const unsigned char *wkb, size_t n)
{
    /* 5 bytes is the smallest WKB (byte order and type of an empty collection) */
    if (!wkb || n < 5)
        return s->st->ops->bind_null(s, i);
    return s->st->ops->bind_geom(s, i, wkb, n);
}

int st_scan_mode(struct ls_store *st, int on, struct ls_err *err)
{
    if (st_kind(st) != ST_GPKG)
        return 0;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d",
             on ? ST_SQLITE_SCAN_CACHE_KIB : ST_SQLITE_CACHE_KIB);
    return st_exec(st, sql, err);
}

void st_stream(struct ls_stmt *s)
{
    s->streaming = 1;
}

int st_step(struct ls_stmt *s, struct ls_err *err)
{
    return s->st->ops->step(s, err);
}

int st_run(struct ls_stmt *s, struct ls_err *err)
{
    int rc;
    while ((rc = st_step(s, err)) == 1)
        ;
    st_reset(s);
    return rc;
}

int st_column_count(const struct ls_stmt *s)
{
    return s->st->ops->col_count(s);
}

int st_col_null(struct ls_stmt *s, int i)
{
    return s->st->ops->col_null(s, i);
}

const char *st_col_text(struct ls_stmt *s, int i)
{
    return s->st->ops->col_text(s, i);
}

long long st_col_int(struct ls_stmt *s, int i)
{
    return s->st->ops->col_int(s, i);
}

double st_col_double(struct ls_stmt *s, int i)
{
    return s->st->ops->col_double(s, i);
}

const unsigned char *st_col_geom(struct ls_stmt *s, int i, size_t *n)
{
    *n = 0;
    return s->st->ops->col_geom(s, i, n);
}

/* A box filter that uses each backend's spatial index: GeoPackage's R*Tree extension table
 * (rtree_TABLE_geom), PostGIS's GiST through &&. */
const char *st_bbox_condition(const struct ls_store *st, const char *table, char *buf, size_t size)
{
    st->ops->bbox_condition(st, table, buf, size);
    return buf;
}

/*
 * SHA-256 over a table's rows in a given order, each value rendered the same way on both
 * backends (integers in decimal, reals with 17 digits, geometries as WKB hex): `ledger
 * rebuild --check` compares the projections replayed from the journal with those in place,
 * so the digest must not depend on a backend's own text forms.
 */
int st_table_digest(struct ls_store *st, const char *table, const char *order_by, char hex[65],
                    long long *rows, struct ls_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", table, order_by);
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st, sql, &s, err);
    if (rc)
        return rc;
    st_stream(s);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(md);
        st_finalize(s);
        return ls_err_set(err, LS_ELIB, st->target, NULL, NULL, "cannot start SHA-256");
    }
    *rows = 0;
    while ((rc = st_step(s, err)) == 1) {
        int nc = st_column_count(s);
        for (int c = 0; c < nc; c++) {
            char *v = NULL;
            size_t vn = 0;
            int kind = st->ops->col_render(s, c, &v, &vn);
            if (kind < 0) {
                rc = ls_err_set(err, LS_ENOMEM, st->target, table, NULL, "out of memory");
                break;
            }
            /* framed as in the ledger ("v" or "n" for NULL, then length:value), so an empty
             * string and a NULL, or values moved between columns, digest differently */
            char len[24];
            int ln = snprintf(len, sizeof len, "%c%zu:", v ? 'v' : 'n', vn);
            EVP_DigestUpdate(md, len, (size_t)ln);
            if (v)
                EVP_DigestUpdate(md, v, vn);
            free(v);
        }
        if (rc < 0)
            break;
        EVP_DigestUpdate(md, "\n", 1);
        (*rows)++;
    }
    st_finalize(s);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned on = 0;
    EVP_DigestFinal_ex(md, out, &on);
    EVP_MD_CTX_free(md);
    ls_hex(out, on < 32 ? on : 32, hex);
    return rc < 0 ? rc : 0;
}
