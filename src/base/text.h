/*
 * base/text — character encodings of Chinese data: UTF-8 validation and conversion from
 * GBK/GB18030 (the usual encoding of shapefiles, VCT and coordinate files made on Windows)
 * through iconv. Returned strings are malloc'd; the caller frees them with free().
 */
#ifndef LS_BASE_TEXT_H
#define LS_BASE_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "base/err.h"

/* 1 when the n bytes are well-formed UTF-8 (no overlongs, no surrogates), else 0. */
int ls_text_is_utf8(const char *s, size_t n);

/*
 * Converts n bytes from encoding `from` (an iconv name: "GB18030", "CP936", "UTF-8", ...) to a
 * NUL-terminated UTF-8 string in *out. Fails with LS_EINVAL when the bytes are not valid in
 * that encoding (the error says at which byte offset).
 */
int ls_text_to_utf8(const char *from, const char *s, size_t n, char **out, struct ls_err *err);

/* Converts UTF-8 to `to` (e.g. "GB18030"); same contract. */
int ls_text_from_utf8(const char *to, const char *s, size_t n, char **out, struct ls_err *err);

/* Canonical iconv name for a declared code page (".cpg" text, "936", "GBK", "utf8"...), or
 * NULL when unknown. */
const char *ls_text_canonical_encoding(const char *declared);

/* Copies UTF-8 src into dst of size bytes, cut at a character boundary when it does not fit
 * (a byte cut would leave invalid UTF-8, which JSON cannot carry: a long Chinese label
 * vanished from answers). Returns dst. */
char *ls_text_utf8_copy(char *dst, size_t size, const char *src);

/* Strips spaces, tabs and a trailing CR in place; returns the first non-blank character. */
char *ls_text_trim(char *s);

/* Writes s to f as HTML text: &, <, > and " escaped. */
void ls_text_html(FILE *f, const char *s);

#endif
