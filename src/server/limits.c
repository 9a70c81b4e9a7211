/* server/limits — see limits.h. */
#include "server/limits.h"

#include <stdio.h>
#include <string.h>

#define ADDRESS_WINDOW_S 60
#define ACCOUNT_WINDOW_S 300

void srv_limits_init(struct srv_limits *l, unsigned workers)
{
    memset(l, 0, sizeof *l);
    pthread_mutex_init(&l->mu, NULL);
    l->max_hashing = workers > 1 ? (int)workers / 2 : 1;
}

void srv_limits_fini(struct srv_limits *l)
{
    pthread_mutex_destroy(&l->mu);
}

static unsigned long slot_hash(const char *k)
{
    unsigned long h = 1469598103934665603UL;
    for (const unsigned char *p = (const unsigned char *)k; *p; p++)
        h = (h ^ *p) * 1099511628211UL;
    return h;
}

/* The key's slot with its window renewed when it has passed. Open addressing over a fixed
 * table: when it is full of live keys, the oldest window is evicted — an attacker cycling
 * through addresses then loses their own history first. Called under l->mu. */
static struct srv_limit_slot *slot_of(struct srv_limits *l, const char *key, time_t now, int window)
{
    unsigned long h = slot_hash(key);
    struct srv_limit_slot *oldest = NULL;
    for (unsigned i = 0; i < 16; i++) {
        struct srv_limit_slot *s = &l->slot[(h + i) % SRV_LIMIT_SLOTS];
        int expired = s->key[0] && now - s->window_start >= window;
        if (!strcmp(s->key, key) || !s->key[0] || expired) {
            if (strcmp(s->key, key) || expired) {
                snprintf(s->key, sizeof s->key, "%s", key);
                s->window_start = now;
                s->count = 0;
            }
            return s;
        }
        if (!oldest || s->window_start < oldest->window_start)
            oldest = s;
    }
    snprintf(oldest->key, sizeof oldest->key, "%s", key);
    oldest->window_start = now;
    oldest->count = 0;
    return oldest;
}

int srv_login_begin(struct srv_limits *l, const char *address, const char *username,
                    const char **why)
{
    time_t now = time(NULL);
    char ka[72], ku[72];
    snprintf(ka, sizeof ka, "a:%s", address ? address : "");
    snprintf(ku, sizeof ku, "u:%s", username ? username : "");
    int wait = 0;
    pthread_mutex_lock(&l->mu);
    struct srv_limit_slot *a = slot_of(l, ka, now, ADDRESS_WINDOW_S);
    struct srv_limit_slot *u = slot_of(l, ku, now, ACCOUNT_WINDOW_S);
    if (u->count >= SRV_LOGIN_FAILURES) {
        wait = (int)(u->window_start + ACCOUNT_WINDOW_S - now);
        *why = "too many failed logins for this account: it refuses logins for a while";
    } else if (a->count >= SRV_LOGIN_PER_ADDRESS) {
        wait = (int)(a->window_start + ADDRESS_WINDOW_S - now);
        *why = "too many login attempts from this address";
    } else if (l->hashing >= l->max_hashing) {
        wait = 1;
        *why = "too many logins at once: retry in a second";
    } else {
        a->count++;
        l->hashing++;
    }
    pthread_mutex_unlock(&l->mu);
    return wait > 0 ? wait : 0;
}

void srv_login_done(struct srv_limits *l, const char *username, int succeeded)
{
    time_t now = time(NULL);
    char ku[72];
    snprintf(ku, sizeof ku, "u:%s", username ? username : "");
    pthread_mutex_lock(&l->mu);
    l->hashing--;
    if (!succeeded)
        slot_of(l, ku, now, ACCOUNT_WINDOW_S)->count++;
    pthread_mutex_unlock(&l->mu);
}
