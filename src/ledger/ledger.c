/* ledger — append, hash, verify, replay.
 *
 * Each event's hash covers the hash of the event before it (a hash chain, as in RFC 6962's
 * Merkle audit paths reduced to a list): editing, deleting or reordering any event changes
 * every hash after it, and the head published elsewhere no longer matches. */
#include "ledger/ledger.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/hash.h"

/* What an event without a payload stores and hashes: one value for both, or the chain
 * would break at the first such event. */
#define EMPTY_PAYLOAD "{}"

/* The prev_hash of event 1: there is nothing before it to hash. */
static const char genesis[LG_HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Each field enters the hash as "length:value", so no two different events frame to the
 * same bytes (without lengths, actor "ab" + type "c" would hash as actor "a" + type "bc"). */
static void field(EVP_MD_CTX *md, const char *v)
{
    char len[24];
    size_t n = strlen(v);
    int ln = snprintf(len, sizeof len, "%zu:", n);
    EVP_DigestUpdate(md, len, (size_t)ln);
    EVP_DigestUpdate(md, v, n);
}

const char *lg_algorithm(const struct ls_store *st)
{
    /* stores created before the choice existed have no key: they were SHA-256 */
    const char *a = st_meta(st, "hash");
    return a && *a ? a : "sha256";
}

int lg_hash(const char *algorithm, const struct lg_event *ev, char out[LG_HASH_HEX],
            struct ls_err *err)
{
    const EVP_MD *type = NULL;
    /* SM3 (GB/T 32905—2016) for registries that must use the national hash standard;
     * OpenSSL 3 provides it in the default provider */
    if (!algorithm || !*algorithm || !strcmp(algorithm, "sha256"))
        type = EVP_sha256();
    else if (!strcmp(algorithm, "sm3"))
        type = EVP_get_digestbyname("SM3");
    if (!type)
        return ls_err_set(err, LS_EUNSUPP, NULL, NULL, "hash",
                          "hash algorithm \"%s\" is not available (sha256 or sm3)", algorithm);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, type, NULL)) {
        EVP_MD_CTX_free(md);
        return ls_err_set(err, LS_ELIB, NULL, NULL, "hash", "cannot start %s", algorithm);
    }
    char seq[24];
    snprintf(seq, sizeof seq, "%lld", ev->seq);
    field(md, ev->prev_hash);
    field(md, seq);
    field(md, ev->recorded);
    field(md, ev->effective);
    field(md, ev->actor);
    field(md, ev->type);
    field(md, ev->subject);
    field(md, ev->reason);
    field(md, ev->source_doc);
    field(md, ev->payload ? ev->payload : EMPTY_PAYLOAD);
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned dn = 0;
    EVP_DigestFinal_ex(md, d, &dn);
    EVP_MD_CTX_free(md);
    ls_hex(d, dn < 32 ? dn : 32, out);
    return 0;
}

int lg_head(struct ls_store *st, long long *seq, char hash[LG_HASH_HEX], struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc =
        st_prepare(st, "SELECT seq, hash FROM ledger_event ORDER BY seq DESC LIMIT 1", &s, err);
    *seq = 0;
    memcpy(hash, genesis, LG_HASH_HEX);
    if (!rc && (rc = st_step(s, err)) == 1) {
        *seq = st_col_int(s, 0);
        snprintf(hash, LG_HASH_HEX, "%s", st_col_text(s, 1));
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

/* The recording time is the one clock reading in the ledger: it says when the registrar
 * acted, and enters the hash, so it cannot be moved later. Callers replaying or generating
 * a register give their own (events[].recorded) to stay reproducible. */
void lg_now_utc(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * The head (seq:hash) written to ls_meta once per transaction, at commit: written per event,
 * a bulk import would pile up one row version per event on PostgreSQL.
 */
static int seal(struct ls_store *st, struct ls_err *err)
{
    long long seq = 0;
    char hash[LG_HASH_HEX], v[96];
    int rc = lg_head(st, &seq, hash, err);
    if (rc)
        return rc;
    snprintf(v, sizeof v, "%lld:%s", seq, hash);
    struct ls_stmt *s = NULL;
    rc = st_prepare(st,
                    "INSERT INTO ls_meta (key, value) VALUES ('ledger_head', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    &s, err);
    if (!rc) {
        st_bind_text(s, 1, v);
        rc = st_run(s, err);
    }
    st_finalize(s);
    return rc;
}

int lg_append(struct ls_store *st, struct lg_event *ev, struct ls_err *err)
{
    long long head = 0;
    int rc = lg_head(st, &head, ev->prev_hash, err);
    if (rc)
        return rc;
    /* seq follows the head read inside the caller's write transaction: the store's single
     * writer (SQLite's lock, PostgreSQL's advisory lock) makes it gap-free */
    ev->seq = head + 1;
    if (!ev->recorded[0])
        lg_now_utc(ev->recorded);
    rc = lg_hash(lg_algorithm(st), ev, ev->hash, err);
    if (rc)
        return rc;
    struct ls_stmt *s = NULL;
    rc = st_prepare(st,
                    "INSERT INTO ledger_event (seq, recorded, effective, actor, type, subject, "
                    "reason, source_doc, payload, prev_hash, hash) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    &s, err);
    if (!rc) {
        st_bind_int(s, 1, ev->seq);
        st_bind_text(s, 2, ev->recorded);
        st_bind_text(s, 3, ev->effective);
        st_bind_text(s, 4, ev->actor);
        st_bind_text(s, 5, ev->type);
        st_bind_text(s, 6, ev->subject);
        st_bind_text(s, 7, ev->reason);
        st_bind_text(s, 8, ev->source_doc);
        st_bind_text(s, 9, ev->payload ? ev->payload : EMPTY_PAYLOAD);
        st_bind_text(s, 10, ev->prev_hash);
        st_bind_text(s, 11, ev->hash);
        rc = st_run(s, err);
    }
    st_finalize(s);
    if (rc)
        return rc;
    st_before_commit(st, seal);
    return 0;
}

static void read_event(struct ls_stmt *s, struct lg_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->seq = st_col_int(s, 0);
    snprintf(ev->recorded, sizeof ev->recorded, "%s", st_col_text(s, 1));
    snprintf(ev->effective, sizeof ev->effective, "%s", st_col_text(s, 2));
    snprintf(ev->actor, sizeof ev->actor, "%s", st_col_text(s, 3));
    snprintf(ev->type, sizeof ev->type, "%s", st_col_text(s, 4));
    snprintf(ev->subject, sizeof ev->subject, "%s", st_col_text(s, 5));
    snprintf(ev->reason, sizeof ev->reason, "%s", st_col_text(s, 6));
    snprintf(ev->source_doc, sizeof ev->source_doc, "%s", st_col_text(s, 7));
    ev->payload = st_col_text(s, 8);
    snprintf(ev->prev_hash, sizeof ev->prev_hash, "%s", st_col_text(s, 9));
    snprintf(ev->hash, sizeof ev->hash, "%s", st_col_text(s, 10));
}

#define EVENT_COLUMNS                                                                          \
    "seq, recorded, effective, actor, type, subject, reason, source_doc, payload, prev_hash, " \
    "hash"

/* Events are read in pages of seq, so a journal larger than memory replays in bounded memory. */
#define REPLAY_PAGE 2000

static int replay_where(struct ls_store *st, const char *cond, const char *value, long long after,
                        long long upto, lg_visit_fn visit, void *ctx, struct ls_err *err)
{
    char sql[320];
    snprintf(sql, sizeof sql,
             "SELECT " EVENT_COLUMNS " FROM ledger_event WHERE seq > ? AND seq <= ?%s ORDER BY "
             "seq LIMIT %d",
             value ? cond : "", REPLAY_PAGE);
    long long last = after;
    for (;;) {
        struct ls_stmt *s = NULL;
        int rc = st_prepare(st, sql, &s, err);
        if (rc)
            return rc;
        st_bind_int(s, 1, last);
        st_bind_int(s, 2, upto > 0 ? upto : 9223372036854775807LL);
        if (value)
            st_bind_text(s, 3, value);
        int n = 0;
        while ((rc = st_step(s, err)) == 1) {
            struct lg_event ev;
            read_event(s, &ev);
            last = ev.seq;
            n++;
            rc = visit(ctx, &ev, err);
            if (rc)
                break;
        }
        st_finalize(s);
        if (rc || n < REPLAY_PAGE)
            return rc;
    }
}

int lg_replay(struct ls_store *st, const char *subject, long long upto, lg_visit_fn visit,
              void *ctx, struct ls_err *err)
{
    return replay_where(st, " AND subject = ?", subject, 0, upto, visit, ctx, err);
}

int lg_replay_type(struct ls_store *st, const char *type_prefix, lg_visit_fn visit, void *ctx,
                   struct ls_err *err)
{
    /* the filter runs in the database: a check of a dozen account events need not read a
     * million registry events through the visitor */
    char cond[64];
    snprintf(cond, sizeof cond, " AND substr(type, 1, %zu) = ?", strlen(type_prefix));
    return replay_where(st, cond, type_prefix, 0, 0, visit, ctx, err);
}

int lg_replay_type_after(struct ls_store *st, const char *type_prefix, long long after,
                         lg_visit_fn visit, void *ctx, struct ls_err *err)
{
    char cond[64];
    snprintf(cond, sizeof cond, " AND substr(type, 1, %zu) = ?", strlen(type_prefix));
    return replay_where(st, cond, type_prefix, after, 0, visit, ctx, err);
}

int lg_find(struct ls_store *st, long long seq, const char *hash_prefix, lg_visit_fn visit,
            void *ctx, struct ls_err *err)
{
    if (hash_prefix && (strlen(hash_prefix) < 12 || strlen(hash_prefix) >= LG_HASH_HEX ||
                        strspn(hash_prefix, "0123456789abcdef") != strlen(hash_prefix)))
        return ls_err_set(err, LS_EINVAL, hash_prefix, NULL, "code",
                          "a verification code is 12 to 64 hexadecimal digits");
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT " EVENT_COLUMNS " FROM ledger_event WHERE %s LIMIT 2",
             hash_prefix ? "substr(hash, 1, ?) = ?" : "seq = ?");
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st, sql, &s, err);
    if (rc)
        return rc;
    if (hash_prefix) {
        st_bind_int(s, 1, (long long)strlen(hash_prefix));
        st_bind_text(s, 2, hash_prefix);
    } else {
        st_bind_int(s, 1, seq);
    }
    struct lg_event ev;
    int found = 0;
    while ((rc = st_step(s, err)) == 1) {
        if (found++) {
            rc = ls_err_set(err, LS_EINVAL, hash_prefix, NULL, "code",
                            "the code matches more than one ledger event: give more digits");
            break;
        }
        read_event(s, &ev);
        /* the payload stays valid until the next step: visit before stepping on */
        rc = visit(ctx, &ev, err);
        if (rc)
            break;
    }
    st_finalize(s);
    if (rc)
        return rc;
    if (!found) {
        char what[48];
        snprintf(what, sizeof what, "%lld", seq);
        return ls_err_set(err, LS_ENOENT, hash_prefix ? hash_prefix : what, NULL,
                          hash_prefix ? "code" : "seq", "no such ledger event");
    }
    return 0;
}

struct verify_state {
    struct lg_verify_report *r;
    const char *algorithm;
    char prev[LG_HASH_HEX];
    long long expect;
};

static int verify_one(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    struct verify_state *v = ctx;
    struct lg_verify_report *r = v->r;
    r->events++;
    const char *why = NULL;
    char h[LG_HASH_HEX];
    /* the checks in the order a tamperer's traces appear: a missing event shows as a gap,
     * a rewritten one as a broken link or a content that no longer hashes to itself */
    if (ev->seq != v->expect)
        why = ev->seq > v->expect ? "events are missing before this one (a gap in seq)"
                                  : "seq out of order";
    else if (strcmp(ev->prev_hash, v->prev))
        why = "its prev_hash is not the hash of the event before it: history was deleted, "
              "reordered or rewritten";
    else {
        int rc = lg_hash(v->algorithm, ev, h, err);
        if (rc)
            return rc;
        if (strcmp(h, ev->hash))
            why = "its content does not match its hash: the event was edited";
    }
    if (why) {
        r->ok = 0;
        r->bad_seq = ev->seq;
        snprintf(r->why, sizeof r->why, "%s", why);
        return 1;
    }
    memcpy(v->prev, ev->hash, LG_HASH_HEX);
    v->expect++;
    return 0;
}

int lg_verify(struct ls_store *st, struct lg_verify_report *r, struct ls_err *err)
{
    memset(r, 0, sizeof *r);
    r->ok = 1;
    struct verify_state v = { r, lg_algorithm(st), { 0 }, 1 };
    snprintf(r->algorithm, sizeof r->algorithm, "%s", v.algorithm);
    memcpy(v.prev, genesis, LG_HASH_HEX);
    int rc = lg_replay(st, NULL, 0, verify_one, &v, err);
    if (rc < 0)
        return rc;
    memcpy(r->head_hash, v.prev, LG_HASH_HEX);
    if (!r->ok)
        return 0;
    /* the head recorded at each append: a cut-off tail leaves it pointing past the end */
    struct ls_stmt *s = NULL;
    rc = st_prepare(st, "SELECT value FROM ls_meta WHERE key = 'ledger_head'", &s, err);
    if (!rc && (rc = st_step(s, err)) == 1) {
        char expect[96];
        snprintf(expect, sizeof expect, "%lld:%s", v.expect - 1, v.prev);
        if (strcmp(st_col_text(s, 0), expect)) {
            r->ok = 0;
            r->bad_seq = v.expect;
            snprintf(r->why, sizeof r->why,
                     "the recorded head is %.80s but the journal ends at event %lld: events "
                     "were removed from the end",
                     st_col_text(s, 0), v.expect - 1);
        }
        rc = 0;
    } else if (!rc && r->events > 0) {
        r->ok = 0;
        r->bad_seq = 1;
        snprintf(r->why, sizeof r->why, "the recorded head of the journal is missing");
    }
    st_finalize(s);
    return rc < 0 ? rc : 0;
}

int lg_append_json(struct ls_store *st, struct lg_event *ev, const json_t *payload,
                   struct ls_err *err)
{
    char *text = json_dumps(payload, JSON_COMPACT | JSON_SORT_KEYS);
    ev->payload = text;
    if (!text)
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    return lg_append(st, ev, err);
}
