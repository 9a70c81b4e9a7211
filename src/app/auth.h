/*
 * app/auth — user accounts, roles and sessions (of `liangshan serve`, managed also by
 * `liangshan user`), kept in the store
 * (srv_user, srv_session; schema migration 3).
 *
 * Passwords are hashed with scrypt (RFC 7914, OpenSSL's EVP_PBE_scrypt; N = 2^15, r = 8,
 * p = 1: 32 MiB and about 0.1 s per hash, memory-hard), stored as
 * "scrypt$N$r$p$salt$hash" so parameters can rise later without breaking old hashes.
 * A session is a random 256-bit token (OpenSSL RAND_bytes) handed to the client once; the
 * store keeps only its SHA-256, with an expiry. Every account change is also a ledger event
 * ("account.user_add", "account.user_update") naming the actor, without the password.
 *
 * Roles and what they may do (app_auth_allows): administrator everything; registrar registry
 * writes; accountant GEP runs; reviewer compliance checks; centre runs the trading venue;
 * trader trades for its party; auditor reads all
 * and verifies the ledger, writes nothing; public (no login) only disclosed data.
 *
 * All functions run on one store owned by the calling thread.
 */
#ifndef LS_APP_AUTH_H
#define LS_APP_AUTH_H

#include <jansson.h>

#include "base/err.h"
#include "store/store.h"

/* Who is acting: the account of a session (the public has role "public"). */
struct app_user {
    char username[64];
    char role[24];
    char display[128];
    char party[64]; /* the registry party the account acts for, "" when none */
};

#define APP_AUTH_TOKEN_HEX    65
#define APP_AUTH_MIN_PASSWORD 8

/* The roles, NULL-terminated. */
extern const char *const app_auth_roles[];
int app_auth_role_valid(const char *role);
/* 1 when role may act under permission ("public", "read", "check", "registry.write",
 * "gep.run", "users.manage", "ledger.verify"). */
int app_auth_allows(const char *role, const char *permission);

/* scrypt hash of password into out ("scrypt$…"); random salt. */
int app_auth_hash_password(const char *password, char *out, size_t cap, struct ls_err *err);
/* 1 when password matches stored, 0 when not, negative on a malformed hash. */
int app_auth_check_password(const char *password, const char *stored);

/* What an account change sets; NULL (or -1 for disabled) leaves a value as it is. */
struct app_user_change {
    const char *display;
    const char *party; /* a registry party id the account acts for ("" to clear) */
    const char *role;
    const char *password; /* at least APP_AUTH_MIN_PASSWORD characters, not a common one */
    int disabled;         /* 1 disable, 0 enable, -1 unchanged */
};

/*
 * Adds a user (or, with update, changes an existing one), inside its own write transaction,
 * with a ledger event by actor. A new user needs a role and a password. The last enabled
 * administrator can be neither demoted nor disabled: account management would be locked
 * out. A role change, a new password or disabling ends the user's sessions.
 */
int app_auth_user_put(struct ls_store *st, const char *actor, const char *username,
                      const struct app_user_change *c, int update, struct ls_err *err);
/* 1 when srv_user is exactly what the account.* ledger events leave (each account, its
 * role, display name, enabled state and — for passwords set since the digest was recorded —
 * its password hash); 0 with why naming the first difference: an account edited behind the
 * ledger's back (a role raised by SQL) is found like any rewritten event. */
int app_auth_accounts_match(struct ls_store *st, char why[256], struct ls_err *err);

/* The users as a JSON array (no hashes). Caller releases. */
int app_auth_user_list(struct ls_store *st, json_t **out, struct ls_err *err);

/*
 * Checks the password and opens a session of ttl_s seconds: token gets the 64-hex token,
 * user the account. A wrong user or password is LS_EINVAL with one message for both.
 */
int app_auth_login(struct ls_store *st, const char *username, const char *password, long ttl_s,
                   char token[APP_AUTH_TOKEN_HEX], struct app_user *user, long long *expires,
                   struct ls_err *err);
/* The session's user; LS_ENOENT for an unknown token, LS_EINVAL (field "expired") expired. */
int app_auth_session(struct ls_store *st, const char *token, struct app_user *user,
                     struct ls_err *err);
int app_auth_logout(struct ls_store *st, const char *token, struct ls_err *err);

#endif
