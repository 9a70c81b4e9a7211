/*
 * app/registry — the rights registry's use cases, once, behind `liangshan registry|ledger`
 * and /api/v1/registry, /api/v1/ledger: applications recorded all or nothing, the reads of
 * one snapshot (search, a unit as of a date, its history), and the ledger's head and
 * verification as the same JSON on both faces.
 *
 * A face opens the store and the registry (app_registry_open, or the server's per-thread
 * worker), parses its own options and prints or answers; the rules live in registry/ and
 * ledger/, the transactions here.
 *
 * Ownership: every json_t ** out is a new reference the caller releases with json_decref;
 * the store and registry are borrowed and used by one thread at a time.
 */
#ifndef LS_APP_REGISTRY_H
#define LS_APP_REGISTRY_H

#include <jansson.h>

#include "base/err.h"
#include "registry/rebuild.h"
#include "registry/registry.h"
#include "store/store.h"

/* Opens the store at target (a .gpkg path or postgresql://…) and the registry over it. On
 * failure both are NULL and err names the store. */
int app_registry_open(const char *target, struct ls_store **st, struct reg **r, struct ls_err *err);
void app_registry_close(struct ls_store *st, struct reg *r);

/* 0 when apps has the shape of a batch: one application (a JSON object) or a non-empty list.
 * app_registry_apply checks it too; a face calls it first when a malformed request and a
 * refused application get different answers (HTTP 400 and 422). */
int app_registry_batch_check(const json_t *apps, const char *input, struct ls_err *err);

/* Records one application (a JSON object) or a non-empty list of them in one write
 * transaction: all are recorded or none. input names the source in messages ("app.json",
 * "application"); an element of a list is named "input [i]". *out is {"recorded": [ledger
 * sequence numbers, in order], "certificates": {right id: number issued}}. With dry_run
 * every rule is checked and nothing is kept: *out is {"dry_run": true, "checked": N,
 * "certificates": {the numbers the same batch would be issued now}}. */
int app_registry_apply(struct ls_store *st, struct reg *r, json_t *apps,
                       const struct reg_submit_opts *so, const char *input, int dry_run,
                       json_t **out, struct ls_err *err);

/* 1 when rc from app_registry_apply is a refusal by a registration rule (the application
 * conflicts with the register: HTTP 422), not a failure of the store. */
int app_registry_refused(int rc);

/* The reads, each inside one read snapshot. search adds "next": {"offset": …} when the
 * page is full and another may follow. */
int app_registry_search(struct ls_store *st, struct reg *r, const struct reg_query *q, json_t **out,
                        struct ls_err *err);
int app_registry_show(struct ls_store *st, struct reg *r, const char *code, const char *as_of,
                      json_t **out, struct ls_err *err);
int app_registry_history(struct ls_store *st, struct reg *r, const char *code, json_t **out,
                         struct ls_err *err);

/* `ledger rebuild`: every module's projections (registry, indicators) cleared and replayed
 * from the journal in one transaction, compared by digest; check_only rolls back. */
int app_ledger_rebuild(struct ls_store *st, struct reg *r, int check_only,
                       struct reg_rebuild_report *rep, struct ls_err *err);

/* {"events", "head", "algorithm"}: the chain's length and last hash. */
int app_ledger_head(struct ls_store *st, json_t **out, struct ls_err *err);
/* What a verification covers beyond the chain itself; zero for the chain alone. */
struct app_verify_opts {
    struct reg *reg;             /* replay the projections and compare (ledger rebuild --check) */
    int accounts;                /* compare srv_user with the account events */
    const char *checkpoints_dir; /* every checkpoint-*.json in it, against ... */
    const char *public_key;      /* ... this Ed25519 public key (PEM) */
    const char *expect_head;     /* "HASH" or "SEQ:HASH" published elsewhere */
    const char *tsa_ca;          /* every checkpoint must carry an RFC 3161 time-stamp whose
                                    TSA certificate chains to a CA in this PEM file */
};

/* {"ok", "events", "algorithm", "head", "bad_seq", "why"}: the chain walked from event 1,
 * plus "projections_identical", "accounts_match"/"accounts_why" and "checkpoints": [{"file",
 * "seq", "signature_ok", "matches", "why"}, with "timestamp_ok" and "timestamped_at" when
 * o->tsa_ca is set] and "expected_head" as o asks (NULL: the chain).
 * ok is the conjunction of all. A broken chain or a failed check is a result, not an error;
 * a checkpoint folder without checkpoints, or an unreadable key, is an error. */
int app_ledger_verify(struct ls_store *st, const struct app_verify_opts *o, json_t **out,
                      struct ls_err *err);

/* Signs the current head with the private key and writes DIR/checkpoint-SEQ.json
 * (temporary file, then rename); *out is the checkpoint as JSON. signed_at NULL: now.
 * tsa_url (NULL: none): an RFC 3161 authority stamps the signature first (app/tsa), and the
 * checkpoint gets "timestamp": {"tsa", "time", "token"}; if the TSA fails, nothing is
 * written. */
int app_ledger_checkpoint(struct ls_store *st, const char *private_key, const char *dir,
                          const char *signed_at, const char *tsa_url, json_t **out,
                          struct ls_err *err);

/* The checkpoints in dir as a JSON array, oldest first (for publishing). */
int app_ledger_checkpoints_list(const char *dir, json_t **out, struct ls_err *err);

#endif
