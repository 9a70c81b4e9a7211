/*
 * base/strbuf — a growable text buffer for writers that assemble a whole file before writing
 * it (coordinate files, VCT). Out-of-memory is sticky: check `oom` once at the end.
 * The caller owns `s` and frees it with free().
 */
#ifndef LS_BASE_STRBUF_H
#define LS_BASE_STRBUF_H

#include <stddef.h>

struct ls_strbuf {
    char *s; /* NUL-terminated once anything was appended */
    size_t n, cap;
    int oom;
};

void ls_strbuf_printf(struct ls_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
