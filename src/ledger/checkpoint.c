/* ledger/checkpoint — see checkpoint.h. */
#include "ledger/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "base/err.h"

struct lg_key {
    EVP_PKEY *pkey;
    int private_key;
};

void lg_key_free(struct lg_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    free(k);
}

int lg_key_generate(const char *private_path, const char *public_path, struct ls_err *err)
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    if (!pkey)
        return ls_err_set(err, LS_ELIB, private_path, NULL, NULL, "cannot generate an Ed25519 key");
    /* the private key is created readable by its owner only, and never over an existing
     * file: replacing a signing key silently would orphan every checkpoint made with it */
    int fd = open(private_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    int created = fd >= 0;
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int rc = 0;
    if (!f) {
        rc = ls_err_set(err, errno == EEXIST ? LS_EEXIST : LS_EIO, private_path, NULL, "key",
                        "cannot create the private key file: %s", ls_strerror(errno));
        if (fd >= 0)
            close(fd);
    } else {
        int ok = PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL) == 1;
        ok &= fclose(f) == 0;
        if (!ok)
            rc = ls_err_set(err, LS_EIO, private_path, NULL, "key", "cannot write the private key");
    }
    if (!rc) {
        FILE *p = fopen(public_path, "wx");
        int ok = p && PEM_write_PUBKEY(p, pkey) == 1;
        if (p)
            ok &= fclose(p) == 0;
        if (!ok)
            rc = ls_err_set(err, LS_EIO, public_path, NULL, "key",
                            "cannot write the public key (does the file exist?)");
    }
    /* only a file made here is taken back: an existing key is never touched */
    if (rc && created)
        unlink(private_path);
    EVP_PKEY_free(pkey);
    return rc;
}

int lg_key_load(const char *path, int private_key, struct lg_key **out, struct ls_err *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return ls_err_set(err, LS_ENOENT, path, NULL, "key", "cannot open the key: %s",
                          ls_strerror(errno));
    EVP_PKEY *pkey = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
                                 : PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);
    if (!pkey || EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(pkey);
        return ls_err_set(err, LS_EINVAL, path, NULL, "key", "not an Ed25519 %s key in PEM",
                          private_key ? "private" : "public");
    }
    struct lg_key *k = calloc(1, sizeof *k);
    if (!k) {
        EVP_PKEY_free(pkey);
        return ls_err_set(err, LS_ENOMEM, path, NULL, NULL, "out of memory");
    }
    k->pkey = pkey;
    k->private_key = private_key;
    *out = k;
    return 0;
}

static int public_b64(EVP_PKEY *pkey, char out[64])
{
    unsigned char raw[32];
    size_t n = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(pkey, raw, &n) != 1 || n != 32)
        return -1;
    EVP_EncodeBlock((unsigned char *)out, raw, 32);
    return 0;
}

/* The signed bytes: a fixed framing, one field a line (checkpoint.h). */
static int message(const struct lg_checkpoint *c, char *buf, size_t size)
{
    return snprintf(buf, size, "liangshan-ledger-checkpoint/1\n%s\n%s\n%lld\n%s\n%s\n", c->county,
                    c->algorithm, c->seq, c->head, c->signed_at);
}

int lg_ckpt_sign(struct ls_store *st, struct lg_key *key, const char *signed_at,
                 struct lg_checkpoint *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    if (!key->private_key)
        return ls_err_set(err, LS_EINVAL, NULL, NULL, "key", "signing needs the private key");
    snprintf(out->county, sizeof out->county, "%s", st_meta(st, "county"));
    snprintf(out->algorithm, sizeof out->algorithm, "%s", lg_algorithm(st));
    int rc = st_begin_read(st, err);
    if (!rc)
        rc = lg_head(st, &out->seq, out->head, err);
    st_rollback(st);
    if (rc)
        return rc;
    if (!out->seq)
        return ls_err_set(err, LS_EINVAL, st_target(st), NULL, "ledger",
                          "the ledger is empty: there is no head to sign");
    if (signed_at) {
        snprintf(out->signed_at, sizeof out->signed_at, "%s", signed_at);
    } else {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(out->signed_at, sizeof out->signed_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    char msg[512];
    int mn = message(out, msg, sizeof msg);
    unsigned char sig[64];
    size_t sn = sizeof sig;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    /* Ed25519 signs the message itself (PureEdDSA): no digest is named */
    int ok = md && EVP_DigestSignInit(md, NULL, NULL, NULL, key->pkey) == 1 &&
             EVP_DigestSign(md, sig, &sn, (const unsigned char *)msg, (size_t)mn) == 1 &&
             sn == 64 && public_b64(key->pkey, out->public_key) == 0;
    EVP_MD_CTX_free(md);
    if (!ok)
        return ls_err_set(err, LS_ELIB, NULL, NULL, "key", "Ed25519 signing failed");
    EVP_EncodeBlock((unsigned char *)out->signature, sig, 64);
    return 0;
}

int lg_ckpt_signature_ok(const struct lg_checkpoint *c, struct lg_key *key)
{
    char pub[64];
    if (public_b64(key->pkey, pub) || strcmp(pub, c->public_key))
        return 0;
    unsigned char sig[66];
    /* 64 bytes encode to 88 base64 characters; the decoder pads the output to 66 */
    if (strlen(c->signature) != 88 ||
        EVP_DecodeBlock(sig, (const unsigned char *)c->signature, 88) != 66)
        return 0;
    char msg[512];
    int mn = message(c, msg, sizeof msg);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestVerifyInit(md, NULL, NULL, NULL, key->pkey) == 1 &&
             EVP_DigestVerify(md, sig, 64, (const unsigned char *)msg, (size_t)mn) == 1;
    EVP_MD_CTX_free(md);
    return ok;
}

char *lg_ckpt_to_json(const struct lg_checkpoint *c)
{
    json_t *o = json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:s,s:s}", "format",
                          "liangshan-ledger-checkpoint/1", "county", c->county, "algorithm",
                          c->algorithm, "seq", (json_int_t)c->seq, "head", c->head, "signed_at",
                          c->signed_at, "public_key", c->public_key, "signature", c->signature);
    char *s = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

static int copy_field(json_t *o, const char *k, char *dst, size_t size, const char *path,
                      struct ls_err *err)
{
    const char *v = json_string_value(json_object_get(o, k));
    if (!v || strlen(v) >= size)
        return ls_err_set(err, LS_EINVAL, path, NULL, k, "missing or too long");
    snprintf(dst, size, "%s", v);
    return 0;
}

int lg_ckpt_read(const char *path, struct lg_checkpoint *out, struct ls_err *err)
{
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *o = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!o)
        return ls_err_set(err, LS_EINVAL, path, NULL, NULL, "not a checkpoint (JSON: %s)", je.text);
    const char *fmt = json_string_value(json_object_get(o, "format"));
    int rc = fmt && !strcmp(fmt, "liangshan-ledger-checkpoint/1")
                 ? 0
                 : ls_err_set(err, LS_EINVAL, path, NULL, "format",
                              "not a liangshan-ledger-checkpoint/1 file");
    if (!rc)
        rc = copy_field(o, "county", out->county, sizeof out->county, path, err);
    if (!rc)
        rc = copy_field(o, "algorithm", out->algorithm, sizeof out->algorithm, path, err);
    if (!rc)
        rc = copy_field(o, "head", out->head, sizeof out->head, path, err);
    if (!rc)
        rc = copy_field(o, "signed_at", out->signed_at, sizeof out->signed_at, path, err);
    if (!rc)
        rc = copy_field(o, "public_key", out->public_key, sizeof out->public_key, path, err);
    if (!rc)
        rc = copy_field(o, "signature", out->signature, sizeof out->signature, path, err);
    json_t *seq = json_object_get(o, "seq");
    if (!rc && (!json_is_integer(seq) || json_integer_value(seq) < 1))
        rc = ls_err_set(err, LS_EINVAL, path, NULL, "seq", "seq is an event number >= 1");
    if (!rc)
        out->seq = (long long)json_integer_value(seq);
    json_decref(o);
    return rc;
}

int lg_ckpt_matches(struct ls_store *st, const struct lg_checkpoint *c, char why[256],
                    struct ls_err *err)
{
    why[0] = '\0';
    if (strcmp(c->algorithm, lg_algorithm(st))) {
        snprintf(why, 256, "the checkpoint hashes with %s, the ledger with %s", c->algorithm,
                 lg_algorithm(st));
        return 0;
    }
    if (strcmp(c->county, st_meta(st, "county"))) {
        snprintf(why, 256, "the checkpoint is of county %s, the store of %s", c->county,
                 st_meta(st, "county"));
        return 0;
    }
    struct ls_stmt *s = NULL;
    int rc = st_prepare(st, "SELECT hash FROM ledger_event WHERE seq = ?", &s, err);
    if (rc)
        return rc;
    st_bind_int(s, 1, c->seq);
    rc = st_step(s, err);
    int same = rc == 1 && !strcmp(st_col_text(s, 0), c->head);
    if (rc == 0)
        snprintf(why, 256, "the ledger has no event %lld: history was cut after the checkpoint",
                 c->seq);
    else if (rc == 1 && !same)
        snprintf(why, 256,
                 "event %lld hashes to %.16s…, the checkpoint says %.16s…: history up to it was "
                 "rewritten",
                 c->seq, st_col_text(s, 0), c->head);
    st_finalize(s);
    return rc < 0 ? rc : same;
}
