/* base/err — see err.h. */
#include "base/err.h"

#include <stdio.h>
#include <string.h>

static void copy_field(char *dst, size_t size, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, size, "%s", src);
}

int ls_err_vset(struct ls_err *err, int code, const char *input, const char *where,
                const char *field, const char *fmt, va_list ap)
{
    if (code < 0)
        code = -code;
    if (err) {
        err->code = code;
        copy_field(err->input, sizeof err->input, input);
        copy_field(err->where, sizeof err->where, where);
        copy_field(err->field, sizeof err->field, field);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    }
    return -code;
}

int ls_err_set(struct ls_err *err, int code, const char *input, const char *where,
               const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = ls_err_vset(err, code, input, where, field, fmt, ap);
    va_end(ap);
    return rc;
}

void ls_err_clear(struct ls_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

const char *ls_err_format(const struct ls_err *err, char *buf, unsigned long size)
{
    if (!err || !err->code) {
        snprintf(buf, size, "no error");
        return buf;
    }
    size_t used = 0;
    buf[0] = '\0';
    const char *parts[3] = { err->input, err->where, err->field };
    for (int i = 0; i < 3; i++) {
        if (parts[i][0] && used < size) {
            int n = snprintf(buf + used, size - used, "%s: ", parts[i]);
            if (n > 0)
                used += (size_t)n;
        }
    }
    if (used < size)
        snprintf(buf + used, size - used, "%s", err->msg);
    return buf;
}

const char *ls_err_name(int code)
{
    switch (code < 0 ? -code : code) {
    case LS_OK:
        return "ok";
    case LS_EINVAL:
        return "invalid_input";
    case LS_ENOENT:
        return "not_found";
    case LS_EEXIST:
        return "already_exists";
    case LS_EIO:
        return "io_error";
    case LS_ENOMEM:
        return "out_of_memory";
    case LS_ELIB:
        return "library_error";
    case LS_EUNSUPP:
        return "unsupported";
    case LS_EBUSY:
        return "busy";
    default:
        return "internal_error";
    }
}

int ls_err_exit_code(int code)
{
    switch (code < 0 ? -code : code) {
    case LS_OK:
        return 0;
    case LS_EINVAL:
    case LS_ENOENT:
    case LS_EEXIST:
    case LS_EUNSUPP:
        return 1;
    case LS_EBUSY:
        return 3;
    default:
        return 2;
    }
}

const char *ls_strerror(int e)
{
    static _Thread_local char buf[128];
    /* the XSI strerror_r (this tree defines _POSIX_C_SOURCE, not _GNU_SOURCE) */
    if (strerror_r(e, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "error %d", e);
    return buf;
}
