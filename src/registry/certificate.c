/*
 * registry/certificate — the numbers of 不动产权证书 (a right's certificate) and 不动产登记证明
 * (the proof of a mortgage or objection), issued when the registration is recorded.
 *
 * The form is that of the Ministry's certificate and proof styles (不动产登记暂行条例实施细则
 * 第二十条; 不动产权证书和登记证明监制办法, 2015): 省区市简称(年份)市县名称不动产权第×××××××号,
 * the proof with 不动产证明 in place of 不动产权; seven digits, counted per county, year and
 * kind. The year is the registration date's; the province comes from the unit code's first two
 * digits (GB/T 2260); the county's name is the store's county_name (registry init
 * --county-name), or its code when none was given.
 *
 * A number given with the application (a certificate issued before the register was migrated
 * here, 存量数据) is kept after its form and uniqueness are checked. Numbers live in the ledger
 * event's payload ("certificates": {right id: number}), so a replay projects the same ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/submit_internal.h"

/* GB/T 2260 province codes and the abbreviations certificates carry */
static const struct {
    char code[3];
    const char *abbr;
} provinces[] = {
    { "11", "京" }, { "12", "津" }, { "13", "冀" }, { "14", "晋" }, { "15", "蒙" }, { "21", "辽" },
    { "22", "吉" }, { "23", "黑" }, { "31", "沪" }, { "32", "苏" }, { "33", "浙" }, { "34", "皖" },
    { "35", "闽" }, { "36", "赣" }, { "37", "鲁" }, { "41", "豫" }, { "42", "鄂" }, { "43", "湘" },
    { "44", "粤" }, { "45", "桂" }, { "46", "琼" }, { "50", "渝" }, { "51", "川" }, { "52", "贵" },
    { "53", "云" }, { "54", "藏" }, { "61", "陕" }, { "62", "甘" }, { "63", "青" }, { "64", "宁" },
    { "65", "新" },
};

#define CERT_DIGITS 7

enum reg_cert_kind reg_cert_kind_of(const char *rrr_type)
{
    const struct reg_rrr_type *t = reg_rrr_type_find(rrr_type);
    if (!t)
        return REG_CERT_NONE;
    if (!strcmp(t->id, "mortgage") || !strcmp(t->id, "objection"))
        return REG_CERT_PROOF;
    /* state ownership is registered in the natural-resource register without a certificate
     * (自然资源统一确权登记暂行办法); water, exploration and mining rights hold licences of
     * other authorities (取水许可证, 勘查许可证, 采矿许可证) */
    if (t->cls != REG_RIGHT || !strcmp(t->id, "ownership_state") || !strcmp(t->id, "water_use") ||
        !strcmp(t->id, "exploration") || !strcmp(t->id, "mining"))
        return REG_CERT_NONE;
    return REG_CERT_RIGHT;
}

static const char *kind_word(enum reg_cert_kind k)
{
    return k == REG_CERT_PROOF ? "不动产证明第" : "不动产权第";
}

static const char *province_of(const char *unit_code)
{
    for (size_t i = 0; unit_code && i < sizeof provinces / sizeof *provinces; i++)
        if (!strncmp(unit_code, provinces[i].code, 2))
            return provinces[i].abbr;
    return "";
}

/* 0 when s has the form of a number of kind k: ABBR(YYYY)…WORD ddddddd号 */
static int well_formed(const char *s, enum reg_cert_kind k)
{
    const char *open = strchr(s, '(');
    const char *word = strstr(s, kind_word(k));
    size_t n = strlen(s), wl = strlen(kind_word(k)), hl = strlen("号");
    if (!open || open == s || !word || word < open + 6 || open[5] != ')')
        return -1;
    for (int i = 1; i <= 4; i++)
        if (open[i] < '0' || open[i] > '9')
            return -1;
    const char *digits = word + wl;
    if ((size_t)(digits - s) + CERT_DIGITS + hl != n || strcmp(digits + CERT_DIGITS, "号"))
        return -1;
    for (int i = 0; i < CERT_DIGITS; i++)
        if (digits[i] < '0' || digits[i] > '9')
            return -1;
    return 0;
}

struct pending {
    char id[64], unit[48]; /* the unit's code gives the province */
    enum reg_cert_kind kind;
    const char *given; /* a number the application brings, "" when none */
};

static void add(struct pending *p, size_t *n, const char *id, enum reg_cert_kind k,
                const char *given, const char *unit)
{
    snprintf(p[*n].id, sizeof p[*n].id, "%s", id);
    snprintf(p[*n].unit, sizeof p[*n].unit, "%s", unit);
    p[*n].kind = k;
    p[*n].given = given;
    (*n)++;
}

/* The last number issued under prefix (reg_cert_counter), 0 when none; < 0 on error. */
static long long last_issued(struct ls_store *st, const char *prefix, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st, "SELECT last_no FROM reg_cert_counter WHERE prefix = ?", &s, err);
    if (rc)
        return rc;
    st_bind_text(s, 1, prefix);
    rc = st_step(s, err);
    long long v = rc == 1 ? st_col_int(s, 0) : rc;
    st_finalize(s);
    return v;
}

static int taken(struct sub_ctx *c, const char *number, int *yes)
{
    long long n = 0;
    int rc = sub_count_rrr(c, "SELECT count(*) FROM reg_rrr WHERE cert_no = ?", number, &n);
    *yes = n > 0;
    return rc;
}

/* The rights and restrictions this application certifies, in the order it names them. */
static int collect(struct sub_ctx *c, json_t *app, const char *type, json_t *payload,
                   struct pending *p, size_t max, size_t *n)
{
    *n = 0;
    if (!strcmp(type, "first")) {
        json_t *rights = json_object_get(payload, "rights"),
               *asked = json_object_get(app, "rights");
        for (size_t i = 0; i < json_array_size(rights); i++) {
            json_t *x = json_array_get(rights, i);
            enum reg_cert_kind k = reg_cert_kind_of(sub_str(x, "type"));
            const char *given = sub_str(json_array_get(asked, i), "certificate");
            if (k == REG_CERT_NONE && *given)
                return sub_refuse(c, "certificate", "a %s gets no certificate", sub_str(x, "type"));
            /* refused, never cut short: a right left without its certificate is no record */
            if (k != REG_CERT_NONE && *n == max)
                return sub_refuse(c, "rights", "one application certifies at most %zu rights", max);
            if (k != REG_CERT_NONE)
                add(p, n, sub_str(x, "id"), k, given, sub_str(x, "unit"));
        }
        return 0;
    }
    json_t *right = json_object_get(payload, "right");
    const char *given = sub_str(app, "certificate");
    if (json_is_object(right)) { /* mortgage, objection, seizure: the new restriction */
        enum reg_cert_kind k = reg_cert_kind_of(sub_str(right, "type"));
        if (k == REG_CERT_NONE && *given)
            return sub_refuse(c, "certificate", "a %s gets no certificate", sub_str(right, "type"));
        if (k != REG_CERT_NONE)
            add(p, n, sub_str(right, "id"), k, given, sub_str(right, "unit"));
        return 0;
    }
    /* a transfer, or a change or correction of a right: the holder gets a new certificate
     * (换证) for the new version; the old one ends with the version it was issued for */
    int new_version =
        !strcmp(type, "transfer") ||
        ((!strcmp(type, "change") || !strcmp(type, "correct")) && json_is_string(right));
    if (!new_version) {
        return *given
                   ? sub_refuse(c, "certificate", "a %s registration issues no certificate", type)
                   : 0;
    }
    struct reg_rrr_row x;
    int rc = reg_rrr_current(c->r, json_string_value(right), &x, c->err);
    if (rc == 1) {
        enum reg_cert_kind k = reg_cert_kind_of(x.type);
        if (k == REG_CERT_NONE && *given)
            rc = sub_refuse(c, "certificate", "a %s gets no certificate", x.type);
        else
            rc = 0;
        if (!rc && k != REG_CERT_NONE)
            add(p, n, x.id, k, given, x.unit_code);
    }
    reg_rrr_row_clear(&x);
    return rc < 0 ? rc : 0;
}

#define MAX_PENDING 256

int sub_certificates(struct sub_ctx *c, json_t *app, const char *type, json_t *payload)
{
    struct pending p[MAX_PENDING];
    size_t n = 0;
    int rc = collect(c, app, type, payload, p, MAX_PENDING, &n);
    if (rc || !n)
        return rc;
    const char *county = st_meta(c->r->st, "county_name");
    if (!*county)
        county = st_meta(c->r->st, "county");
    json_t *certs = json_object();
    char number[MAX_PENDING][REG_CERT_MAX];
    for (size_t i = 0; !rc && i < n; i++) {
        if (*p[i].given) {
            if (strlen(p[i].given) >= REG_CERT_MAX || well_formed(p[i].given, p[i].kind))
                rc = sub_refuse(c, "certificate",
                                "certificate \"%s\" of %s is not of the form "
                                "省(年份)市县%s×××××××号",
                                p[i].given, p[i].id, kind_word(p[i].kind));
            int yes = 0;
            if (!rc)
                rc = taken(c, p[i].given, &yes);
            for (size_t k = 0; !rc && k < i; k++)
                yes |= !strcmp(number[k], p[i].given);
            if (!rc && yes)
                rc = sub_refuse(c, "certificate",
                                "certificate %s is already issued (a number is never reused)",
                                p[i].given);
            if (!rc)
                snprintf(number[i], sizeof number[i], "%s", p[i].given);
        } else {
            char prefix[REG_CERT_MAX];
            snprintf(prefix, sizeof prefix, "%s(%.4s)%s%s", province_of(p[i].unit), c->date, county,
                     kind_word(p[i].kind));
            long long top = last_issued(c->r->st, prefix, c->err);
            rc = top < 0 ? (int)top : 0;
            /* the application's own earlier numbers are not in the register yet */
            for (size_t k = 0; !rc && k < i; k++)
                if (!strncmp(number[k], prefix, strlen(prefix))) {
                    long long v = strtoll(number[k] + strlen(prefix), NULL, 10);
                    top = v > top ? v : top;
                }
            if (!rc && top >= 9999999)
                rc = sub_refuse(c, "certificate", "%s has issued all its numbers", prefix);
            if (!rc)
                snprintf(number[i], sizeof number[i], "%s%0*lld号", prefix, CERT_DIGITS, top + 1);
        }
        if (!rc)
            json_object_set_new(certs, p[i].id, json_string(number[i]));
    }
    if (!rc)
        json_object_set_new(payload, "certificates", certs);
    else
        json_decref(certs);
    return rc;
}

/* The counter of the number's prefix raised to it (a number brought from before may lie
 * above or below the counter: the next issued is above every one recorded). */
static int count_issued(struct reg *r, const char *number, struct ls_err *err)
{
    const char *word = strstr(number, "不动产证明第");
    size_t wl = strlen("不动产证明第");
    if (!word) {
        word = strstr(number, "不动产权第");
        wl = strlen("不动产权第");
    }
    if (!word)
        return 0;
    char prefix[REG_CERT_MAX];
    snprintf(prefix, sizeof prefix, "%.*s", (int)(word + wl - number), number);
    long long n = strtoll(word + wl, NULL, 10);
    long long last = last_issued(r->st, prefix, err);
    if (last < 0)
        return (int)last;
    if (last >= n)
        return 0;
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        last ? "UPDATE reg_cert_counter SET last_no = ? WHERE prefix = ?"
                             : "INSERT INTO reg_cert_counter (last_no, prefix) VALUES (?, ?)",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, n);
    st_bind_text(s, 2, prefix);
    rc = st_run(s, err);
    st_finalize(s);
    return rc;
}

int reg_cert_project(struct reg *r, long long seq, json_t *certs, struct ls_err *err)
{
    const char *id;
    json_t *v;
    json_object_foreach(certs, id, v)
    {
        struct ls_stmt *s = NULL;
        int rc = st_prepare(
            r->st, "UPDATE reg_rrr SET cert_no = ? WHERE rrr_id = ? AND begin_seq = ?", &s, err);
        if (rc)
            return rc;
        st_bind_text(s, 1, json_string_value(v));
        st_bind_text(s, 2, id);
        st_bind_int(s, 3, seq);
        rc = st_run(s, err);
        st_finalize(s);
        if (!rc)
            rc = count_issued(r, json_string_value(v), err);
        if (rc)
            return rc;
    }
    return 0;
}

int reg_certificates_issued(struct reg *r, long long seq, json_t *into, struct ls_err *err)
{
    struct ls_stmt *s = NULL;
    int rc = st_prepare(r->st,
                        "SELECT rrr_id, cert_no FROM reg_rrr WHERE begin_seq = ? AND cert_no IS "
                        "NOT NULL ORDER BY rrr_id",
                        &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, seq);
    while ((rc = st_step(s, err)) == 1)
        json_object_set_new(into, st_col_text(s, 0), json_string(st_col_text(s, 1)));
    st_finalize(s);
    return rc < 0 ? rc : 0;
}
