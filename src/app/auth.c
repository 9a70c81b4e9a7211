/*
 * app/auth — accounts, scrypt password hashes, sessions and the role table (auth.h).
 */
#include "app/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/hash.h"
#include "ledger/ledger.h"

const char *const app_auth_roles[] = { "administrator", "registrar", "accountant",
                                       "reviewer",      "centre",    "trader",
                                       "auditor",       "public",    NULL };

/* role → the permissions it holds, beyond "public" which every role has */
static const struct {
    const char *role;
    const char *perms[12];
} grants[] = {
    { "registrar",
      { "read", "registry.write", "check", "ledger.verify", "indicator.write", "indicator.review",
        "contract.write", "plan.write", "damage.act" } },
    /* GEP accounts and valuations (分等定级估价) */
    { "accountant", { "read", "gep.run", "value.write", "damage.act", "damage.value" } },
    { "reviewer",
      { "read", "check", "indicator.review", "value.approve", "contract.check", "plan.approve",
        "compensation.publish", "damage.act" } },
    /* the trading centre (交易中心) runs the venue: opens instruments, records money */
    { "centre", { "read", "market.operate" } },
    { "trader", { "read", "indicator.trade", "market.trade" } },
    { "auditor", { "read", "ledger.verify", "users.read" } },
};

int app_auth_role_valid(const char *role)
{
    for (int i = 0; app_auth_roles[i]; i++)
        if (!strcmp(app_auth_roles[i], role))
            return 1;
    return 0;
}

int app_auth_allows(const char *role, const char *permission)
{
    if (!strcmp(permission, "public"))
        return 1;
    if (!strcmp(role, "administrator"))
        return 1;
    for (size_t i = 0; i < sizeof grants / sizeof *grants; i++) {
        if (strcmp(grants[i].role, role) != 0)
            continue;
        for (int k = 0; k < 10 && grants[i].perms[k]; k++)
            if (!strcmp(grants[i].perms[k], permission))
                return 1;
    }
    return 0;
}

#define SCRYPT_N      32768ull
#define SCRYPT_R      8ull
#define SCRYPT_P      1ull
#define SCRYPT_KEYLEN 32
#define SCRYPT_MAXMEM (64ull << 20)

static int scrypt(const char *pw, const unsigned char *salt, size_t saltlen, unsigned long long n,
                  unsigned long long r, unsigned long long p, unsigned char key[SCRYPT_KEYLEN])
{
    return EVP_PBE_scrypt(pw, strlen(pw), salt, saltlen, n, r, p, SCRYPT_MAXMEM, key,
                          SCRYPT_KEYLEN) == 1
               ? 0
               : -1;
}

int app_auth_hash_password(const char *password, char *out, size_t cap, struct ls_err *err)
{
    unsigned char salt[16], key[SCRYPT_KEYLEN];
    if (RAND_bytes(salt, sizeof salt) != 1 ||
        scrypt(password, salt, sizeof salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, key))
        return ls_err_set(err, LS_ELIB, NULL, NULL, "password", "OpenSSL scrypt failed");
    char salt_hex[33], key_hex[2 * SCRYPT_KEYLEN + 1];
    ls_hex(salt, sizeof salt, salt_hex);
    ls_hex(key, sizeof key, key_hex);
    snprintf(out, cap, "scrypt$%llu$%llu$%llu$%s$%s", SCRYPT_N, SCRYPT_R, SCRYPT_P, salt_hex,
             key_hex);
    OPENSSL_cleanse(key, sizeof key);
    return 0;
}

static int unhex(const char *h, unsigned char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1)
            return -1;
        out[i] = (unsigned char)v;
    }
    return h[2 * n] == '\0' || h[2 * n] == '$' ? 0 : -1;
}

int app_auth_check_password(const char *password, const char *stored)
{
    unsigned long long n, r, p;
    char salt_hex[65], key_hex[2 * SCRYPT_KEYLEN + 1];
    if (sscanf(stored, "scrypt$%llu$%llu$%llu$%64[0-9a-f]$%64[0-9a-f]", &n, &r, &p, salt_hex,
               key_hex) != 5 ||
        strlen(salt_hex) % 2 || strlen(key_hex) != 2 * SCRYPT_KEYLEN || n > (1ull << 20) ||
        r > 32 || p > 16)
        return -1;
    unsigned char salt[32], want[SCRYPT_KEYLEN], got[SCRYPT_KEYLEN];
    size_t saltlen = strlen(salt_hex) / 2;
    if (unhex(salt_hex, salt, saltlen) || unhex(key_hex, want, SCRYPT_KEYLEN) ||
        scrypt(password, salt, saltlen, n, r, p, got))
        return -1;
    int same = CRYPTO_memcmp(want, got, SCRYPT_KEYLEN) == 0;
    OPENSSL_cleanse(got, sizeof got);
    return same;
}

static int valid_username(const char *u)
{
    size_t n = strlen(u);
    if (n < 2 || n > 63)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = u[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

static int user_exists(struct ls_store *st, const char *username, struct ls_err *err)
{
    struct ls_stmt *s;
    int rc = st_prepare(st, "SELECT 1 FROM srv_user WHERE username = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, username);
    rc = st_step(s, err);
    st_finalize(s);
    return rc;
}

/* Passwords every guessing list starts with; a longer list would be data, this one only
 * stops the ones people type first (NIST SP 800-63B 5.1.1.2: compare against commonly used
 * values). Compared without case. */
static const char *const common_passwords[] = {
    "12345678",  "123456789", "1234567890",    "password", "password1",  "qwertyui", "qwerty123",
    "11111111",  "00000000",  "88888888",      "66666666", "abcd1234",   "abc12345", "a1234567",
    "iloveyou",  "admin123",  "administrator", "1qaz2wsx", "qwertyuiop", "87654321", "woaini1314",
    "liangshan", "p@ssw0rd",  "passw0rd",      NULL,
};

static int password_ok(const char *pw, struct ls_err *err)
{
    if (strlen(pw) < APP_AUTH_MIN_PASSWORD)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "password",
                          "a password has at least %d characters", APP_AUTH_MIN_PASSWORD);
    for (int i = 0; common_passwords[i]; i++)
        if (!strcasecmp(pw, common_passwords[i]))
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "password",
                              "this password is among the first any attacker tries");
    return 0;
}

/* A display name is shown in tables and the ledger: no control characters, and none of
 * Unicode's bidirectional overrides (U+202A–U+202E, U+2066–U+2069), which make a name read
 * differently from what it holds (CVE-2021-42574's trick). */
static int display_ok(const char *d, struct ls_err *err)
{
    const unsigned char *p = (const unsigned char *)d;
    size_t n = strlen(d);
    for (size_t i = 0; i < n; i++) {
        int bidi =
            i + 2 < n && p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] >= 0xAA && p[i + 2] <= 0xAE;
        bidi |=
            i + 2 < n && p[i] == 0xE2 && p[i + 1] == 0x81 && p[i + 2] >= 0xA6 && p[i + 2] <= 0xA9;
        if (p[i] < 0x20 || p[i] == 0x7F || bidi)
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "display",
                              "a display name holds no control or direction-override characters");
    }
    if (n > 120)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "display",
                          "a display name has at most 120 bytes");
    return 0;
}

/* 1 when the change would leave no enabled administrator, 0 otherwise, or an error. */
static int removes_last_admin(struct ls_store *st, const char *username,
                              const struct app_user_change *c, struct ls_err *err)
{
    if (!(c->role && strcmp(c->role, "administrator")) && c->disabled != 1)
        return 0;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st,
                        /* CASE, not sum(username = ?): PostgreSQL does not add booleans */
                        "SELECT count(*), coalesce(sum(CASE WHEN username = ? THEN 1 ELSE 0 "
                        "END), 0) FROM srv_user WHERE role = 'administrator' AND disabled = 0",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, username);
    rc = st_step(s, err);
    long long admins = rc == 1 ? st_col_int(s, 0) : 0, is_one = rc == 1 ? st_col_int(s, 1) : 0;
    st_finalize(s);
    if (rc < 0)
        return rc;
    return admins == 1 && is_one == 1;
}

int app_auth_user_put(struct ls_store *st, const char *actor, const char *username,
                      const struct app_user_change *c, int update, struct ls_err *err)
{
    const char *role = c->role, *display = c->display, *password = c->password;
    if (!valid_username(username))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "username",
                          "a username is 2-63 characters of a-z, 0-9, '_', '-', '.': \"%s\"",
                          username);
    if (role && !app_auth_role_valid(role))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "role",
                          "unknown role \"%s\" (administrator, registrar, accountant, reviewer, "
                          "trader, auditor, public)",
                          role);
    if (!update && (!role || !password))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, role ? "password" : "role",
                          "a new user needs a role and a password");
    if (password && password_ok(password, err))
        return -LS_EINVAL;
    if (display && display_ok(display, err))
        return -LS_EINVAL;
    if (c->party && (strlen(c->party) >= 64 || display_ok(c->party, err)))
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "party",
                          "a party id has at most 63 bytes and no control characters");
    char hash[256] = "";
    if (password && app_auth_hash_password(password, hash, sizeof hash, err))
        return -LS_ELIB;
    int rc = st_begin_write(st, err);
    if (rc)
        return rc;
    rc = user_exists(st, username, err);
    /* checked under the writer's lock: two administrators demoting each other at once
     * cannot both pass */
    int last = rc == 1 && update ? removes_last_admin(st, username, c, err) : 0;
    if (last < 0)
        rc = last;
    else if (last)
        rc = ls_err_set(err, LS_EINVAL, NULL, NULL, c->disabled == 1 ? "disabled" : "role",
                        "%s is the last enabled administrator: make another administrator "
                        "first, or account management is locked out",
                        username);
    if (rc >= 0 && rc == update) {
        json_t *p = json_pack("{s:s}", "username", username);
        if (role)
            json_object_set_new(p, "role", json_string(role));
        if (display)
            json_object_set_new(p, "display", json_string(display));
        if (c->party)
            json_object_set_new(p, "party", json_string(c->party));
        if (password) {
            /* the ledger carries a digest of the stored (salted) hash, never the password:
             * a hash swapped into srv_user by hand then no longer matches its event */
            char dig[LS_SHA256_HEX];
            ls_sha256_hex(hash, strlen(hash), dig);
            json_object_set_new(p, "password_changed", json_true());
            json_object_set_new(p, "pw_hash_sha256", json_string(dig));
        }
        if (c->disabled >= 0)
            json_object_set_new(p, "disabled", json_boolean(c->disabled));
        char *payload = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(p);
        struct lg_event ev = { 0 };
        snprintf(ev.actor, sizeof ev.actor, "%s", actor);
        snprintf(ev.type, sizeof ev.type, "account.%s", update ? "user_update" : "user_add");
        snprintf(ev.subject, sizeof ev.subject, "user:%s", username);
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(ev.effective, sizeof ev.effective, "%Y-%m-%d", &tm);
        snprintf(ev.reason, sizeof ev.reason, "%s", update ? "account changed" : "account opened");
        ev.payload = payload;
        rc = payload ? lg_append(st, &ev, err)
                     : ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
        struct ls_stmt *s = NULL;
        if (!rc && !update)
            rc = st_prepare(st,
                            "INSERT INTO srv_user (username, display, role, pw_hash, disabled, "
                            "updated_seq, party) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &s, err);
        else if (!rc)
            rc = st_prepare(st,
                            "UPDATE srv_user SET display = COALESCE(?, display), role = "
                            "COALESCE(?, role), pw_hash = COALESCE(?, pw_hash), disabled = "
                            "COALESCE(?, disabled), updated_seq = ?, party = COALESCE(?, party) "
                            "WHERE username = ?",
                            &s, err);
        if (!rc && !update) {
            st_bind_text(s, 1, username);
            st_bind_text(s, 2, display ? display : username);
            st_bind_text(s, 3, role);
            st_bind_text(s, 4, hash);
            st_bind_int(s, 5, c->disabled == 1);
            st_bind_int(s, 6, ev.seq);
            st_bind_text(s, 7, c->party ? c->party : "");
        } else if (!rc) {
            display ? st_bind_text(s, 1, display) : st_bind_null(s, 1);
            role ? st_bind_text(s, 2, role) : st_bind_null(s, 2);
            password ? st_bind_text(s, 3, hash) : st_bind_null(s, 3);
            c->disabled >= 0 ? st_bind_int(s, 4, c->disabled) : st_bind_null(s, 4);
            st_bind_int(s, 5, ev.seq);
            c->party ? st_bind_text(s, 6, c->party) : st_bind_null(s, 6);
            st_bind_text(s, 7, username);
        }
        if (!rc)
            rc = st_run(s, err);
        st_finalize(s);
        /* a changed role or password, or a disabled account, ends the user's sessions */
        if (!rc && update && (role || password || c->disabled == 1)) {
            rc = st_prepare(st, "DELETE FROM srv_session WHERE username = ?", &s, err);
            if (!rc) {
                st_bind_text(s, 1, username);
                rc = st_run(s, err);
                st_finalize(s);
            }
        }
        free(payload);
    } else if (rc >= 0) {
        rc = ls_err_set(err, update ? LS_ENOENT : LS_EEXIST, NULL, NULL, "username",
                        update ? "no user \"%s\"" : "the user \"%s\" exists already", username);
    }
    OPENSSL_cleanse(hash, sizeof hash);
    if (rc) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st, err);
}

int app_auth_user_list(struct ls_store *st, json_t **out, struct ls_err *err)
{
    struct ls_stmt *s;
    int rc = st_prepare(
        st, "SELECT username, display, role, disabled, party FROM srv_user ORDER BY username", &s,
        err);
    if (rc)
        return rc;
    json_t *a = json_array();
    while ((rc = st_step(s, err)) == 1)
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:b,s:s}", "username", st_col_text(s, 0),
                                           "display", st_col_text(s, 1), "role", st_col_text(s, 2),
                                           "disabled", st_col_int(s, 3) != 0, "party",
                                           st_col_text(s, 4)));
    st_finalize(s);
    if (rc < 0) {
        json_decref(a);
        return rc;
    }
    *out = a;
    return 0;
}

static void token_hash(const char *token, char out[LS_SHA256_HEX])
{
    ls_sha256_hex(token, strlen(token), out);
}

int app_auth_login(struct ls_store *st, const char *username, const char *password, long ttl_s,
                   char token[APP_AUTH_TOKEN_HEX], struct app_user *user, long long *expires,
                   struct ls_err *err)
{
    struct ls_stmt *s;
    int rc = st_prepare(
        st, "SELECT display, role, pw_hash, disabled, party FROM srv_user WHERE username = ?", &s,
        err);
    if (rc)
        return rc;
    st_bind_text(s, 1, username);
    char stored[256] = "", display[128] = "", role[24] = "", party[64] = "";
    int disabled = 0;
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(display, sizeof display, "%s", st_col_text(s, 0));
        snprintf(role, sizeof role, "%s", st_col_text(s, 1));
        snprintf(stored, sizeof stored, "%s", st_col_text(s, 2));
        disabled = st_col_int(s, 3) != 0;
        snprintf(party, sizeof party, "%s", st_col_text(s, 4));
    }
    st_finalize(s);
    if (rc < 0)
        return rc;
    /* an unknown user costs a hash too, so timing does not tell which usernames exist */
    int ok = app_auth_check_password(
        password, rc == 1 ? stored
                          : "scrypt$32768$8$1$00000000000000000000000000000000$"
                            "0000000000000000000000000000000000000000000000000000"
                            "000000000000");
    if (rc != 1 || ok != 1 || disabled)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "password", "wrong username or password");
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1)
        return ls_err_set(err, LS_ELIB, NULL, NULL, NULL, "no random bytes for a session");
    ls_hex(raw, sizeof raw, token);
    char th[LS_SHA256_HEX];
    token_hash(token, th);
    *expires = (long long)time(NULL) + ttl_s;
    rc = st_begin_write(st, err);
    if (!rc)
        rc = st_prepare(st,
                        "INSERT INTO srv_session (token_hash, username, expires) VALUES (?, ?, ?)",
                        &s, err);
    if (!rc) {
        st_bind_text(s, 1, th);
        st_bind_text(s, 2, username);
        st_bind_int(s, 3, *expires);
        rc = st_run(s, err);
        st_finalize(s);
    }
    /* expired sessions of everyone are swept at each login */
    if (!rc && !(rc = st_prepare(st, "DELETE FROM srv_session WHERE expires < ?", &s, err))) {
        st_bind_int(s, 1, (long long)time(NULL));
        rc = st_run(s, err);
        st_finalize(s);
    }
    if (rc) {
        st_rollback(st);
        return rc;
    }
    if ((rc = st_commit(st, err)))
        return rc;
    snprintf(user->username, sizeof user->username, "%s", username);
    snprintf(user->role, sizeof user->role, "%s", role);
    snprintf(user->display, sizeof user->display, "%s", display);
    snprintf(user->party, sizeof user->party, "%s", party);
    return 0;
}

int app_auth_session(struct ls_store *st, const char *token, struct app_user *user,
                     struct ls_err *err)
{
    char th[LS_SHA256_HEX];
    token_hash(token, th);
    struct ls_stmt *s;
    int rc = st_prepare(st,
                        "SELECT u.username, u.role, u.display, s.expires, u.disabled, u.party FROM "
                        "srv_session s JOIN srv_user u ON u.username = s.username WHERE "
                        "s.token_hash = ?",
                        &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, th);
    rc = st_step(s, err);
    if (rc == 1) {
        snprintf(user->username, sizeof user->username, "%s", st_col_text(s, 0));
        snprintf(user->role, sizeof user->role, "%s", st_col_text(s, 1));
        snprintf(user->display, sizeof user->display, "%s", st_col_text(s, 2));
        long long expires = st_col_int(s, 3);
        int disabled = st_col_int(s, 4) != 0;
        snprintf(user->party, sizeof user->party, "%s", st_col_text(s, 5));
        st_finalize(s);
        if (disabled)
            return ls_err_set(err, LS_ENOENT, NULL, NULL, "token", "the account is disabled");
        if (expires < (long long)time(NULL))
            return ls_err_set(err, LS_EINVAL, NULL, NULL, "expired",
                              "the session has expired: log in again");
        return 0;
    }
    st_finalize(s);
    if (rc < 0)
        return rc;
    return ls_err_set(err, LS_ENOENT, NULL, NULL, "token", "unknown session token");
}

int app_auth_logout(struct ls_store *st, const char *token, struct ls_err *err)
{
    char th[LS_SHA256_HEX];
    token_hash(token, th);
    int rc = st_begin_write(st, err);
    struct ls_stmt *s = NULL;
    if (!rc)
        rc = st_prepare(st, "DELETE FROM srv_session WHERE token_hash = ?", &s, err);
    if (!rc) {
        st_bind_text(s, 1, th);
        rc = st_run(s, err);
        st_finalize(s);
    }
    if (rc) {
        st_rollback(st);
        return rc;
    }
    return st_commit(st, err);
}

/* One account as its ledger events leave it. */
struct account {
    char username[64], role[24], display[128], pw_digest[LS_SHA256_HEX], party[64];
    int disabled;
};

struct accounts {
    struct account *a;
    size_t n, cap;
};

static int replay_account(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    struct accounts *as = ctx;
    int add = !strcmp(ev->type, "account.user_add");
    if (!add && strcmp(ev->type, "account.user_update"))
        return 0;
    json_error_t je;
    json_t *p = json_loads(ev->payload ? ev->payload : "{}", 0, &je);
    const char *user = json_string_value(json_object_get(p, "username"));
    struct account *x = NULL;
    for (size_t i = 0; user && i < as->n; i++)
        if (!strcmp(as->a[i].username, user))
            x = &as->a[i];
    if (user && !x && add) {
        if (as->n == as->cap) {
            size_t nc = as->cap ? 2 * as->cap : 16;
            struct account *na = realloc(as->a, nc * sizeof *na);
            if (!na) {
                json_decref(p);
                return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
            }
            as->a = na;
            as->cap = nc;
        }
        x = &as->a[as->n++];
        memset(x, 0, sizeof *x);
        snprintf(x->username, sizeof x->username, "%s", user);
        snprintf(x->display, sizeof x->display, "%s", user);
    }
    if (x) {
        const char *v;
        if ((v = json_string_value(json_object_get(p, "role"))))
            snprintf(x->role, sizeof x->role, "%s", v);
        if ((v = json_string_value(json_object_get(p, "display"))))
            snprintf(x->display, sizeof x->display, "%s", v);
        if ((v = json_string_value(json_object_get(p, "party"))))
            snprintf(x->party, sizeof x->party, "%s", v);
        if ((v = json_string_value(json_object_get(p, "pw_hash_sha256"))))
            snprintf(x->pw_digest, sizeof x->pw_digest, "%s", v);
        else if (json_is_true(json_object_get(p, "password_changed")))
            x->pw_digest[0] = '\0'; /* an event from before the digest: not checkable */
        if (json_is_boolean(json_object_get(p, "disabled")))
            x->disabled = json_is_true(json_object_get(p, "disabled"));
    }
    json_decref(p);
    return 0;
}

int app_auth_accounts_match(struct ls_store *st, char why[256], struct ls_err *err)
{
    why[0] = '\0';
    struct accounts as = { 0 };
    int rc = lg_replay_type(st, "account.", replay_account, &as, err);
    struct ls_stmt *s = NULL;
    if (!rc)
        rc = st_prepare(st,
                        "SELECT username, role, display, disabled, pw_hash, party FROM srv_user "
                        "ORDER BY username",
                        &s, err);
    size_t seen = 0;
    while (!rc && !why[0] && (rc = st_step(s, err)) == 1) {
        rc = 0;
        const char *u = st_col_text(s, 0);
        struct account *x = NULL;
        for (size_t i = 0; i < as.n; i++)
            if (!strcmp(as.a[i].username, u))
                x = &as.a[i];
        char dig[LS_SHA256_HEX];
        ls_sha256_hex(st_col_text(s, 4), strlen(st_col_text(s, 4)), dig);
        if (!x)
            snprintf(why, 256, "account %s has no account.user_add event", u);
        else if (strcmp(x->role, st_col_text(s, 1)))
            snprintf(why, 256, "account %s has role %s, its events give %s", u, st_col_text(s, 1),
                     x->role);
        else if (strcmp(x->display, st_col_text(s, 2)))
            snprintf(why, 256, "account %s's display name differs from its events", u);
        else if (strcmp(x->party, st_col_text(s, 5)))
            snprintf(why, 256, "account %s acts for party \"%s\", its events give \"%s\"", u,
                     st_col_text(s, 5), x->party);
        else if (x->disabled != (st_col_int(s, 3) != 0))
            snprintf(why, 256, "account %s is %s, its events leave it %s", u,
                     st_col_int(s, 3) ? "disabled" : "enabled",
                     x->disabled ? "disabled" : "enabled");
        else if (x->pw_digest[0] && strcmp(x->pw_digest, dig))
            snprintf(why, 256, "account %s's password hash is not the one its events recorded", u);
        seen++;
    }
    st_finalize(s);
    if (!rc && !why[0] && seen != as.n)
        snprintf(why, 256, "%zu accounts have events but %zu are in srv_user", as.n, seen);
    free(as.a);
    return rc < 0 ? rc : !why[0];
}
