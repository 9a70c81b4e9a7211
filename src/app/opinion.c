/*
 * app/opinion — the review opinion's record in the ledger: save, read, list, verify.
 */
#include "app/opinion.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "ledger/ledger.h"

#define OPINION_TYPE "check.opinion"
#define CODE_DIGITS  16 /* 64 bits of the hash: a typed code never meets another event's */

static void code_of(const char *hash, char code[APP_OPINION_CODE])
{
    snprintf(code, APP_OPINION_CODE, "%.4s-%.4s-%.4s-%.4s", hash, hash + 4, hash + 8, hash + 12);
}

/* Characters, not bytes: a Chinese project name of 200 characters is 600 bytes. */
static size_t chars_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* A text field of the request: present, short enough, one line for names. */
static int text_ok(const char *v, const char *field, size_t max, int required, int one_line,
                   struct ls_err *err)
{
    if (!v || !*v)
        return required
                   ? ls_err_set(err, LS_EINVAL, "opinion", NULL, field, "%s is required", field)
                   : 0;
    if (!ls_text_is_utf8(v, strlen(v)))
        return ls_err_set(err, LS_EINVAL, "opinion", NULL, field, "%s is not UTF-8 text", field);
    if (chars_of(v) > max)
        return ls_err_set(err, LS_EINVAL, "opinion", NULL, field,
                          "%s is longer than %zu characters", field, max);
    if (one_line && strpbrk(v, "\r\n\t"))
        return ls_err_set(err, LS_EINVAL, "opinion", NULL, field, "%s is one line of text", field);
    return 0;
}

int app_opinion_save(struct ls_store *st, const struct app_opinion_request *q, const json_t *check,
                     long long *seq, char code[APP_OPINION_CODE], struct ls_err *err)
{
    int rc = text_ok(q->project_name, "project_name", 200, 1, 1, err);
    if (!rc)
        rc = text_ok(q->project_number, "project_number", 48, 1, 1, err);
    if (!rc)
        rc = text_ok(q->comment, "comment", 2000, 0, 0, err);
    if (!rc && (!json_is_object(check) || !json_object_get(check, "verdict")))
        rc = ls_err_set(err, LS_EINVAL, "opinion", NULL, "check", "the check's answer is missing");
    if (rc)
        return rc;
    json_t *pl =
        json_pack("{s:{s:s,s:s},s:s,s:O}", "project", "name", q->project_name, "number",
                  q->project_number, "comment", q->comment ? q->comment : "", "check", check);
    char *payload =
        pl ? json_dumps(pl, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(pl);
    if (!payload)
        return ls_err_set(err, LS_EINVAL, "opinion", NULL, "project_name",
                          "the opinion is not valid UTF-8 text");
    struct lg_event ev = { 0 };
    snprintf(ev.actor, sizeof ev.actor, "%s", q->actor ? q->actor : "");
    snprintf(ev.type, sizeof ev.type, OPINION_TYPE);
    snprintf(ev.subject, sizeof ev.subject, "project:%s", q->project_number);
    snprintf(ev.reason, sizeof ev.reason, "三区三线合规审查意见: %s",
             json_string_value(json_object_get(check, "verdict_zh")));
    if (q->recorded)
        snprintf(ev.recorded, sizeof ev.recorded, "%s", q->recorded);
    ev.payload = payload;
    rc = st_begin_write(st, err);
    if (!rc) {
        /* the legal date of an opinion is the day it is signed: the recording day (UTC) */
        if (!ev.recorded[0])
            lg_now_utc(ev.recorded);
        snprintf(ev.effective, sizeof ev.effective, "%.10s", ev.recorded);
        rc = lg_append(st, &ev, err);
    }
    if (!rc)
        rc = st_commit(st, err);
    else
        st_rollback(st);
    free(payload);
    if (rc)
        return rc;
    *seq = ev.seq;
    code_of(ev.hash, code);
    return 0;
}

struct found {
    json_t *out;
    int summary; /* the list's short form */
    int any;     /* the verification: any type of event */
    const char *algorithm;
};

static json_t *opinion_json(const struct lg_event *ev, json_t *pl, int summary)
{
    char code[APP_OPINION_CODE];
    code_of(ev->hash, code);
    json_t *check = json_object_get(pl, "check");
    json_t *o = json_pack("{s:I,s:s,s:O,s:s,s:s,s:s}", "id", (json_int_t)ev->seq, "code", code,
                          "project", json_object_get(pl, "project"), "reviewer", ev->actor,
                          "recorded", ev->recorded, "date", ev->effective);
    if (!o)
        return NULL;
    if (summary) {
        static const char *const keys[] = { "verdict", "verdict_zh", "category" };
        for (int i = 0; i < 3; i++)
            json_object_set(o, keys[i], json_object_get(check, keys[i]));
    } else {
        json_object_set(o, "comment", json_object_get(pl, "comment"));
        json_object_set_new(o, "hash", json_string(ev->hash));
        json_object_set(o, "check", check);
    }
    return o;
}

static int visit_opinion(void *ctx, const struct lg_event *ev, struct ls_err *err)
{
    struct found *f = ctx;
    if (!f->any && strcmp(ev->type, OPINION_TYPE) != 0)
        return ls_err_set(err, LS_ENOENT, ev->subject, NULL, "id",
                          "ledger event %lld is a %s, not a review opinion", ev->seq, ev->type);
    json_t *pl = NULL;
    if (!strcmp(ev->type, OPINION_TYPE)) {
        pl = json_loads(ev->payload ? ev->payload : "", 0, NULL);
        if (!json_is_object(pl)) {
            json_decref(pl);
            return ls_err_set(err, LS_EINTERNAL, ev->subject, NULL, "payload",
                              "ledger event %lld holds no opinion", ev->seq);
        }
    }
    if (f->any) {
        char again[LG_HASH_HEX];
        int ok = !lg_hash(f->algorithm, ev, again, NULL) && !strcmp(again, ev->hash);
        f->out = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "seq", (json_int_t)ev->seq,
                           "type", ev->type, "subject", ev->subject, "actor", ev->actor, "recorded",
                           ev->recorded, "effective", ev->effective, "hash", ev->hash, "prev_hash",
                           ev->prev_hash, "hash_ok", ok);
        if (f->out && pl) {
            json_t *o = opinion_json(ev, pl, 1);
            json_object_del(o, "id");
            json_object_del(o, "code");
            json_object_set_new(f->out, "opinion", o);
        }
    } else if (f->summary) {
        json_array_insert_new(f->out, 0, opinion_json(ev, pl, 1));
    } else {
        f->out = opinion_json(ev, pl, 0);
    }
    json_decref(pl);
    return 0;
}

int app_opinion_get(struct ls_store *st, long long seq, json_t **out, struct ls_err *err)
{
    struct found f = { 0 };
    *out = NULL;
    int rc = st_begin_read(st, err);
    if (rc)
        return rc;
    rc = lg_find(st, seq, NULL, visit_opinion, &f, err);
    st_commit(st, NULL);
    if (!rc && !f.out)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (rc) {
        json_decref(f.out);
        return rc;
    }
    *out = f.out;
    return 0;
}

int app_opinion_list(struct ls_store *st, json_t **out, struct ls_err *err)
{
    struct found f = { .out = json_array(), .summary = 1 };
    int rc = st_begin_read(st, err);
    if (!rc) {
        rc = lg_replay_type(st, OPINION_TYPE, visit_opinion, &f, err);
        st_commit(st, NULL);
    }
    if (rc) {
        json_decref(f.out);
        return rc;
    }
    *out = json_pack("{s:o}", "opinions", f.out);
    return 0;
}

int app_opinion_verify(struct ls_store *st, const char *code, json_t **out, struct ls_err *err)
{
    /* a code is read as people type it: dashes, spaces and capitals allowed */
    char digits[LG_HASH_HEX];
    size_t n = 0;
    for (const char *p = code ? code : ""; *p; p++) {
        if (*p == '-' || *p == ' ')
            continue;
        if (n + 1 >= sizeof digits || !isxdigit((unsigned char)*p))
            return ls_err_set(err, LS_EINVAL, code, NULL, "code",
                              "a verification code is 16 hexadecimal digits "
                              "(xxxx-xxxx-xxxx-xxxx)");
        digits[n++] = (char)tolower((unsigned char)*p);
    }
    digits[n] = '\0';
    if (n < CODE_DIGITS)
        return ls_err_set(err, LS_EINVAL, code, NULL, "code",
                          "a verification code is 16 hexadecimal digits (xxxx-xxxx-xxxx-xxxx)");
    struct found f = { .any = 1, .algorithm = lg_algorithm(st) };
    *out = NULL;
    int rc = st_begin_read(st, err);
    if (rc)
        return rc;
    rc = lg_find(st, 0, digits, visit_opinion, &f, err);
    st_commit(st, NULL);
    if (!rc && !f.out)
        rc = ls_err_set(err, LS_ENOMEM, NULL, NULL, NULL, "out of memory");
    if (rc == -LS_ENOENT)
        rc = ls_err_set(err, LS_ENOENT, code, NULL, "code",
                        "no ledger record has this verification code");
    if (rc) {
        json_decref(f.out);
        return rc;
    }
    *out = f.out;
    return 0;
}
