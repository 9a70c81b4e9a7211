/*
 * ledger/checkpoint — signed checkpoints that anchor the hash chain outside the store.
 *
 * Whoever holds the store file can drop the append-only triggers, rewrite history and
 * recompute every hash and the head: the chain then verifies. A checkpoint is the head
 * (seq, hash, algorithm, the store's county) signed with an Ed25519 key (RFC 8032, through
 * OpenSSL) that is kept outside the store; published (a folder, the public API), it makes
 * any rewrite of events up to its seq detectable by anyone with the public key.
 *
 * The signed message is the text "liangshan-ledger-checkpoint/1", then one line each of
 * county, algorithm, seq, head and the signing time, each ending in a newline — a fixed
 * framing, so no two checkpoints sign the same bytes. The checkpoint file is that content as
 * JSON with the public key and signature in base64.
 *
 * Ownership: lg_ckpt_* fill caller structs; keys loaded are freed with lg_key_free.
 */
#ifndef LS_LEDGER_CHECKPOINT_H
#define LS_LEDGER_CHECKPOINT_H

#include "base/err.h"
#include "ledger/ledger.h"
#include "store/store.h"

struct lg_checkpoint {
    char county[16];
    char algorithm[16];
    long long seq;
    char head[LG_HASH_HEX];
    char signed_at[32];  /* ISO 8601 UTC */
    char public_key[64]; /* base64 of the 32-byte Ed25519 public key */
    char signature[128]; /* base64 of the 64-byte signature */
};

struct lg_key;

/* A new Ed25519 key pair written as PEM: the private key to private_path (mode 0600, refused
 * when the file exists), the public key to public_path. */
int lg_key_generate(const char *private_path, const char *public_path, struct ls_err *err);
/* A private (for signing) or public (for verifying) PEM key. */
int lg_key_load(const char *path, int private_key, struct lg_key **out, struct ls_err *err);
void lg_key_free(struct lg_key *k);

/* Signs the store's current head at time signed_at (NULL: now). */
int lg_ckpt_sign(struct ls_store *st, struct lg_key *key, const char *signed_at,
                 struct lg_checkpoint *out, struct ls_err *err);
/* The checkpoint as JSON text (caller frees with free()), and back; a malformed file is
 * LS_EINVAL naming path and field. */
char *lg_ckpt_to_json(const struct lg_checkpoint *c);
int lg_ckpt_read(const char *path, struct lg_checkpoint *out, struct ls_err *err);

/* 1 when c's signature is valid for key (which must be the key c names), 0 when not. */
int lg_ckpt_signature_ok(const struct lg_checkpoint *c, struct lg_key *key);

/* Compares c with the store: the event at c->seq must exist and hash to c->head with the
 * same algorithm. 1 when it does; 0 with why set when history up to c->seq was rewritten,
 * cut or belongs to another chain. */
int lg_ckpt_matches(struct ls_store *st, const struct lg_checkpoint *c, char why[256],
                    struct ls_err *err);

#endif
