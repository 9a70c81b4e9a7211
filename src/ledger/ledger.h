/*
 * ledger — the append-only, hash-chained journal every state change of the registry (and
 * later of assets, markets, compensation and damage cases) is written to.
 *
 * Each event carries who (actor), when (recorded: the UTC time it was written; effective:
 * the date it takes legal effect), what (type, subject, payload JSON), why (reason) and the
 * source document, plus the hash of the previous event. The hash is SHA-256 or SM3
 * (GB/T 32905), chosen when the store is created, over the previous hash and every field
 * length-prefixed, so any edit, deletion or reordering of history breaks the chain and
 * `lg_verify` names the first event at fault. The head (last seq and hash) is also written to
 * ls_meta when the transaction commits, so a cut-off tail is caught too; publish the head to
 * anchor it outside the store.
 *
 * Ownership: lg_event's payload is caller-owned text; lg_replay hands each visited event
 * to the callback for the duration of the call only.
 */
#ifndef LS_LEDGER_H
#define LS_LEDGER_H

#include <jansson.h>

#include "base/err.h"
#include "store/store.h"

#define LG_HASH_HEX 65

struct lg_event {
    long long seq;      /* assigned by lg_append: 1, 2, 3 … */
    char recorded[32];  /* "YYYY-MM-DDTHH:MM:SSZ"; lg_append fills it when empty */
    char effective[16]; /* "YYYY-MM-DD" */
    char actor[64];
    char type[48];    /* "registry.first", "registry.transfer", … */
    char subject[64]; /* the record it concerns: a unit code, a party id */
    char reason[512];
    char source_doc[256];
    const char *payload; /* canonical JSON (sorted keys, compact) */
    char prev_hash[LG_HASH_HEX];
    char hash[LG_HASH_HEX];
};

/* The recording time as lg_append writes it when ev->recorded is empty: now, UTC,
 * "YYYY-MM-DDTHH:MM:SSZ". For a caller whose effective date is the recording day. */
void lg_now_utc(char out[32]);

/* Appends ev inside the store's open write transaction; fills seq, recorded, the hashes. */
int lg_append(struct ls_store *st, struct lg_event *ev, struct ls_err *err);
/* The same with the payload given as JSON, written in the canonical form the hash covers
 * (compact, keys sorted): ev->payload is set to that text, malloc'd, which the caller frees
 * (also on failure). */
int lg_append_json(struct ls_store *st, struct lg_event *ev, const json_t *payload,
                   struct ls_err *err);

/* The hash of an event given its prev_hash, with the store's algorithm ("sha256"/"sm3"). */
int lg_hash(const char *algorithm, const struct lg_event *ev, char out[LG_HASH_HEX],
            struct ls_err *err);

struct lg_verify_report {
    long long events;
    int ok;
    long long bad_seq; /* the first event at fault (0 when ok) */
    char why[256];
    char head_hash[LG_HASH_HEX];
    char algorithm[16];
};

/* Walks the whole chain; a broken chain is reported in r (return 0), not as an error. */
int lg_verify(struct ls_store *st, struct lg_verify_report *r, struct ls_err *err);

typedef int (*lg_visit_fn)(void *ctx, const struct lg_event *ev, struct ls_err *err);

/*
 * Visits events in seq order: all of them (subject NULL) or those of one subject, up to
 * seq `upto` (0: all). Stops at the first non-zero return of visit and returns it.
 */
/* The same for the events whose type starts with type_prefix ("account."), all of them. */
int lg_replay_type(struct ls_store *st, const char *type_prefix, lg_visit_fn visit, void *ctx,
                   struct ls_err *err);
/* The same for the events after seq `after` only: what a watcher has not seen yet. */
int lg_replay_type_after(struct ls_store *st, const char *type_prefix, long long after,
                         lg_visit_fn visit, void *ctx, struct ls_err *err);
int lg_replay(struct ls_store *st, const char *subject, long long upto, lg_visit_fn visit,
              void *ctx, struct ls_err *err);

/*
 * Visits the one event with sequence number seq (hash_prefix NULL), or the one whose hash
 * starts with hash_prefix (lower-case hex, at least 12 digits: a verification code). None:
 * LS_ENOENT; a prefix two events share: LS_EINVAL, naming the prefix.
 */
int lg_find(struct ls_store *st, long long seq, const char *hash_prefix, lg_visit_fn visit,
            void *ctx, struct ls_err *err);

/* The store's hash algorithm, chosen when it was created: "sha256" or "sm3". Faces ask
 * the ledger, not the store's meta keys. Valid while st is open. */
const char *lg_algorithm(const struct ls_store *st);

/* The number of events and the head hash. */
int lg_head(struct ls_store *st, long long *seq, char hash[LG_HASH_HEX], struct ls_err *err);

#endif
