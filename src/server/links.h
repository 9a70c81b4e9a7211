/*
 * server/links — short-lived signed links to a logged-in user's resources, for the places a
 * browser cannot send the bearer token: an <img> of a draft account's value map, an <a> to
 * its spreadsheet. A link carries ?access=EXP.MAC where MAC is HMAC-SHA256 (OpenSSL) under
 * a key drawn at server start, over the resource's id and the expiry; it opens that one
 * resource until EXP (10 minutes) and nothing else. A restart invalidates every link.
 */
#ifndef LS_SERVER_LINKS_H
#define LS_SERVER_LINKS_H

#include <time.h>

#define SRV_LINK_SECONDS 600
#define SRV_LINK_KEY     32
#define SRV_LINK_TOKEN   96

/* A fresh key; 0, or -1 when the system has no randomness to give. */
int srv_link_key(unsigned char key[SRV_LINK_KEY]);
/* The access token for resource id valid until now + SRV_LINK_SECONDS. */
void srv_link_token(const unsigned char key[SRV_LINK_KEY], const char *id, time_t now,
                    char out[SRV_LINK_TOKEN]);
/* 1 when token opens id at time now. */
int srv_link_ok(const unsigned char key[SRV_LINK_KEY], const char *id, const char *token,
                time_t now);

#endif
