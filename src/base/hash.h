/*
 * base/hash — SHA-256 digests (OpenSSL EVP) of files and buffers, and lowercase hex, for the
 * provenance records that tie every result to the exact bytes it was computed from.
 */
#ifndef LS_BASE_HASH_H
#define LS_BASE_HASH_H

#include <stddef.h>

#include "base/err.h"

#define LS_SHA256_HEX 65

void ls_sha256_hex(const void *data, size_t n, char hex[LS_SHA256_HEX]);

/* Lowercase hex of n bytes into out (2n + 1 chars with the NUL). */
void ls_hex(const void *data, size_t n, char *out);
/* The same, malloc'd (caller frees); NULL when out of memory. */
char *ls_hex_dup(const void *data, size_t n);
/* The bytes of a hex string (either case; an odd last digit ignored), malloc'd with *n
 * their count; NULL when out of memory or when hex holds a non-hex character. */
unsigned char *ls_unhex_dup(const char *hex, size_t *n);

/* Streams the file; the error names it when it cannot be read. */
int ls_sha256_file(const char *path, char hex[LS_SHA256_HEX], struct ls_err *err);

#endif
