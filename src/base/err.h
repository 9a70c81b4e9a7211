/*
 * base/err — the one error contract of Liangshan.
 *
 * Every fallible function returns 0 or a negative LS_E* code and takes a nullable
 * `struct ls_err *err` last. The error names the input (file), the place in it (feature,
 * line) and the field at fault, so the CLI and the API can say exactly what to fix.
 * The struct is caller-owned and fixed-size: filling it never allocates.
 */
#ifndef LS_BASE_ERR_H
#define LS_BASE_ERR_H

#include <stdarg.h>

enum ls_errcode {
    LS_OK = 0,
    LS_EINVAL = 1,    /* bad input: the user can fix it */
    LS_ENOENT = 2,    /* a file, layer or record that does not exist */
    LS_EEXIST = 3,    /* refusing to overwrite */
    LS_EIO = 4,       /* read/write failure of the system */
    LS_ENOMEM = 5,    /* out of memory, or over a documented size cap */
    LS_ELIB = 6,      /* a library (GDAL, GEOS, PROJ, SQLite) failed unexpectedly */
    LS_EUNSUPP = 7,   /* recognised but not supported (e.g. legacy datum without parameters) */
    LS_EINTERNAL = 8, /* a bug of ours */
    LS_EBUSY = 9      /* a shared resource (the store's writer lock) is held: retry later */
};

struct ls_err {
    int code;        /* enum ls_errcode, positive; 0 when no error */
    char input[256]; /* file or input name, "" when none */
    char where[96];  /* "line 12", "feature 34", "parcel DK01" ... */
    char field[64];  /* the field or key at fault, "" when none */
    char msg[512];   /* human-readable sentence */
};

/* Fills err (when non-NULL) and returns -code. `input`, `where`, `field` may be NULL. */
int ls_err_set(struct ls_err *err, int code, const char *input, const char *where,
               const char *field, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int ls_err_vset(struct ls_err *err, int code, const char *input, const char *where,
                const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

void ls_err_clear(struct ls_err *err);

/* Formats "input: where: field: msg" (parts that are empty left out) into buf. */
const char *ls_err_format(const struct ls_err *err, char *buf, unsigned long size);

/* Stable lower-case name of a code ("invalid_input", ...) for JSON output. */
const char *ls_err_name(int code);

/* The CLI exit code for an error code: 1 for bad input, 2 for internal failures, 3 busy. */
int ls_err_exit_code(int code);

/* The text of errno value e, from strerror_r into a buffer of the calling thread's own:
 * strerror's shared buffer is not safe in the server's threads (scripts/checksrc.sh bans it).
 * Valid until the thread's next call. */
const char *ls_strerror(int e);

#endif
