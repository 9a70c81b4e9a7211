/* base/text — see text.h. */
#include "base/text.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int ls_text_is_utf8(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

static int convert(const char *to, const char *from, const char *s, size_t n, char **out,
                   struct ls_err *err)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return ls_err_set(err, LS_EUNSUPP, NULL, NULL, "encoding",
                          "conversion from %s to %s is not available", from, to);
    size_t cap = n * 4 + 1;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory converting text");
    }
    char *in = (char *)(uintptr_t)s; /* iconv's prototype is not const-correct */
    size_t inleft = n, outleft = cap - 1;
    char *o = buf;
    size_t r = iconv(cd, &in, &inleft, &o, &outleft);
    if (r != (size_t)-1)
        r = iconv(cd, NULL, NULL, &o, &outleft); /* flush shift state */
    iconv_close(cd);
    if (r == (size_t)-1) {
        size_t at = n - inleft;
        free(buf);
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "encoding",
                          "byte %zu (0x%02X) is not valid %s", at,
                          at < n ? (unsigned)(unsigned char)s[at] : 0u, from);
    }
    *o = '\0';
    *out = buf;
    return 0;
}

int ls_text_to_utf8(const char *from, const char *s, size_t n, char **out, struct ls_err *err)
{
    return convert("UTF-8", from, s, n, out, err);
}

int ls_text_from_utf8(const char *to, const char *s, size_t n, char **out, struct ls_err *err)
{
    return convert(to, "UTF-8", s, n, out, err);
}

const char *ls_text_canonical_encoding(const char *declared)
{
    char t[32];
    size_t k = 0;
    for (const char *p = declared; *p && k + 1 < sizeof t; p++)
        if (!isspace((unsigned char)*p) && *p != '-' && *p != '_')
            t[k++] = (char)toupper((unsigned char)*p);
    t[k] = '\0';
    if (!strcmp(t, "UTF8") || !strcmp(t, "65001"))
        return "UTF-8";
    if (!strcmp(t, "GBK") || !strcmp(t, "936") || !strcmp(t, "CP936") || !strcmp(t, "GB2312") ||
        !strcmp(t, "GB18030") || !strcmp(t, "54936") || !strcmp(t, "ANSI936"))
        return "GB18030"; /* a superset of GBK and GB2312: decodes all three */
    if (!strcmp(t, "BIG5") || !strcmp(t, "950"))
        return "BIG5";
    if (!strcmp(t, "88591") || !strcmp(t, "ISO88591") || !strcmp(t, "LATIN1") ||
        !strcmp(t, "1252") || !strcmp(t, "CP1252"))
        return "CP1252";
    return NULL;
}

char *ls_text_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

char *ls_text_utf8_copy(char *dst, size_t size, const char *src)
{
    if (!size)
        return dst;
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        /* back off over continuation bytes (10xxxxxx) to the lead byte, which is dropped
         * with its partial character */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
    return dst;
}

void ls_text_html(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}
