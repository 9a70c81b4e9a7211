/*
 * server/limits — how much one address or one account may ask of the server at once.
 *
 * Logins cost a 32 MiB, 0.1 s scrypt hash each (app/auth), so they are the cheapest way to
 * tie up every worker and the obvious way to guess passwords:
 *   - per address: at most SRV_LOGIN_PER_ADDRESS attempts per minute;
 *   - per account: after SRV_LOGIN_FAILURES failed attempts within 5 minutes the account
 *     refuses logins for the rest of those 5 minutes (whoever tries), then starts afresh;
 *   - at once: at most half the workers (at least one) hash a password, so a login flood
 *     leaves the other workers to everyone else.
 * Refusals are HTTP 429 with Retry-After. State is in memory, per server process; a
 * restart forgets it (documented in docs/security.md).
 */
#ifndef LS_SERVER_LIMITS_H
#define LS_SERVER_LIMITS_H

#include <pthread.h>
#include <time.h>

#define SRV_LOGIN_PER_ADDRESS 30
#define SRV_LOGIN_FAILURES    5
#define SRV_LIMIT_SLOTS       1024

struct srv_limit_slot {
    char key[72]; /* "a:ADDRESS" or "u:USERNAME", "" when free */
    time_t window_start;
    int count;
};

struct srv_limits {
    pthread_mutex_t mu;
    struct srv_limit_slot slot[SRV_LIMIT_SLOTS];
    int hashing, max_hashing;
};

void srv_limits_init(struct srv_limits *l, unsigned workers);
void srv_limits_fini(struct srv_limits *l);

/* 0 when the login may be tried now (and then srv_login_done must follow); else the
 * seconds to wait, with why naming the limit. */
int srv_login_begin(struct srv_limits *l, const char *address, const char *username,
                    const char **why);
void srv_login_done(struct srv_limits *l, const char *username, int succeeded);

#endif
