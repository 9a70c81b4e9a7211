/*
 * ledger/timestamp — RFC 3161 time-stamps of ledger checkpoints.
 *
 * A checkpoint proves the head was signed with a key; a time-stamp from an independent
 * time-stamping authority (TSA) proves the checkpoint existed no later than the TSA's time,
 * so a key holder cannot later forge a checkpoint "from last year". What is stamped is the
 * checkpoint's signature text (its base64, as in the file): the SHA-256 of those bytes is
 * the message imprint. Request and reply are DER (RFC 3161 §2.4); the token kept in the
 * checkpoint file is the reply's TimeStampToken (a CMS SignedData) in base64.
 *
 * Built on OpenSSL's TS functions; sending the request over HTTP is app/tsa's job.
 * Ownership: *req_der is freed with OPENSSL_free, *token_b64 with free.
 */
#ifndef LS_LEDGER_TIMESTAMP_H
#define LS_LEDGER_TIMESTAMP_H

#include <stddef.h>

#include "base/err.h"

/* A TimeStampReq for data: SHA-256 imprint, a random nonce, the TSA's certificate asked for
 * (certReq), so the token can be checked later with the CA alone. */
int lg_ts_request(const void *data, size_t n, unsigned char **req_der, size_t *req_n,
                  struct ls_err *err);

/* Checks a TSA's reply to req_der: status granted, same imprint and nonce. Fills the token
 * (base64 DER) and the TSA's time (ISO 8601 UTC). source names the TSA in errors. */
int lg_ts_reply_token(const char *source, const unsigned char *reply, size_t reply_n,
                      const unsigned char *req_der, size_t req_n, char **token_b64,
                      char gen_time[32], struct ls_err *err);

/* Verifies a token over data: signed by a TSA certificate that chains to a CA in ca_file and
 * carries the time-stamping purpose, imprint equal to SHA-256(data). 1 when valid (gen_time
 * set), 0 when not (why set), negative on an error reading ca_file. */
int lg_ts_verify(const char *token_b64, const void *data, size_t n, const char *ca_file,
                 char gen_time[32], char why[256], struct ls_err *err);

#endif
