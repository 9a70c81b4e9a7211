/*
 * app/tsa — asks an RFC 3161 time-stamping authority over HTTP(S) to stamp bytes
 * (ledger/timestamp builds the request and checks the reply). The request is POSTed as
 * application/timestamp-query (RFC 3161 §3.4); the reply is read up to 1 MiB within 30 s;
 * HTTPS certificates are verified as libcurl does by default.
 *
 * Ownership: *token_b64 is the caller's, freed with free().
 */
#ifndef LS_APP_TSA_H
#define LS_APP_TSA_H

#include <stddef.h>

#include "base/err.h"

int app_tsa_stamp(const char *url, const void *data, size_t n, char **token_b64, char gen_time[32],
                  struct ls_err *err);

#endif
