/* ledger/timestamp — see timestamp.h. */
#include "ledger/timestamp.h"

#include <limits.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void openssl_why(char *why, size_t size, const char *what)
{
    unsigned long e = ERR_get_error();
    char lib[200] = "";
    if (e)
        ERR_error_string_n(e, lib, sizeof lib);
    ERR_clear_error();
    snprintf(why, size, "%s%s%s", what, lib[0] ? ": " : "", lib);
}

static TS_MSG_IMPRINT *imprint_of(const void *data, size_t n)
{
    unsigned char md[32];
    unsigned int mdn = 0;
    TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
    X509_ALGOR *alg = X509_ALGOR_new();
    int ok = mi && alg && EVP_Digest(data, n, md, &mdn, EVP_sha256(), NULL) == 1 &&
             X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) == 1 &&
             TS_MSG_IMPRINT_set_algo(mi, alg) == 1 && TS_MSG_IMPRINT_set_msg(mi, md, (int)mdn) == 1;
    X509_ALGOR_free(alg); /* set_algo copies it */
    if (!ok) {
        TS_MSG_IMPRINT_free(mi);
        return NULL;
    }
    return mi;
}

int lg_ts_request(const void *data, size_t n, unsigned char **req_der, size_t *req_n,
                  struct ls_err *err)
{
    *req_der = NULL;
    *req_n = 0;
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *mi = imprint_of(data, n);
    ASN1_INTEGER *nonce = NULL;
    unsigned char rnd[8];
    BIGNUM *bn = NULL;
    /* a nonce ties the reply to this request: an old reply replayed would not match */
    int ok = req && mi && RAND_bytes(rnd, sizeof rnd) == 1 &&
             (bn = BN_bin2bn(rnd, sizeof rnd, NULL)) && (nonce = BN_to_ASN1_INTEGER(bn, NULL)) &&
             TS_REQ_set_version(req, 1) == 1 && TS_REQ_set_msg_imprint(req, mi) == 1 &&
             TS_REQ_set_nonce(req, nonce) == 1 && TS_REQ_set_cert_req(req, 1) == 1;
    int len = ok ? i2d_TS_REQ(req, req_der) : -1;
    BN_free(bn);
    ASN1_INTEGER_free(nonce);
    TS_MSG_IMPRINT_free(mi);
    TS_REQ_free(req);
    if (len <= 0) {
        char why[300];
        openssl_why(why, sizeof why, "cannot build the time-stamp request");
        return ls_err_set(err, LS_ELIB, NULL, NULL, "tsa", "%s", why);
    }
    *req_n = (size_t)len;
    return 0;
}

static int iso_time(const ASN1_GENERALIZEDTIME *t, char out[32])
{
    struct tm tm;
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return -1;
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return 0;
}

static char *token_base64(PKCS7 *token)
{
    unsigned char *der = NULL;
    int len = i2d_PKCS7(token, &der);
    if (len <= 0)
        return NULL;
    char *b64 = malloc(4 * (((size_t)len + 2) / 3) + 1);
    if (b64)
        EVP_EncodeBlock((unsigned char *)b64, der, len);
    OPENSSL_free(der);
    return b64;
}

int lg_ts_reply_token(const char *source, const unsigned char *reply, size_t reply_n,
                      const unsigned char *req_der, size_t req_n, char **token_b64,
                      char gen_time[32], struct ls_err *err)
{
    *token_b64 = NULL;
    const unsigned char *p = reply, *q = req_der;
    TS_RESP *resp = reply_n < INT_MAX ? d2i_TS_RESP(NULL, &p, (long)reply_n) : NULL;
    TS_REQ *req = d2i_TS_REQ(NULL, &q, (long)req_n);
    char why[400] = "";
    if (!resp) {
        openssl_why(why, sizeof why, "the reply is not an RFC 3161 TimeStampResp");
    } else if (ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp))) > 1) {
        /* 0 granted, 1 granted with modifications; anything else is a refusal */
        snprintf(why, sizeof why, "the time-stamping authority refused the request (status %ld)",
                 ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp))));
    } else {
        /* the reply must answer this request: same imprint, same nonce, version 1; the TSA's
         * signature is checked against a CA by lg_ts_verify, whoever reads the checkpoint */
        TS_VERIFY_CTX *ctx = req ? TS_REQ_to_TS_VERIFY_CTX(req, NULL) : NULL;
        if (ctx)
            TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
        if (!ctx || TS_RESP_verify_response(ctx, resp) != 1)
            openssl_why(why, sizeof why, "the reply does not answer this request");
        TS_VERIFY_CTX_free(ctx);
    }
    if (!why[0] && iso_time(TS_TST_INFO_get_time(TS_RESP_get_tst_info(resp)), gen_time))
        snprintf(why, sizeof why, "the reply has no readable time");
    if (!why[0] && !(*token_b64 = token_base64(TS_RESP_get_token(resp))))
        snprintf(why, sizeof why, "cannot encode the token");
    TS_RESP_free(resp);
    TS_REQ_free(req);
    if (why[0])
        return ls_err_set(err, LS_EINVAL, source, NULL, "tsa", "%s", why);
    return 0;
}

int lg_ts_verify(const char *token_b64, const void *data, size_t n, const char *ca_file,
                 char gen_time[32], char why[256], struct ls_err *err)
{
    why[0] = '\0';
    gen_time[0] = '\0';
    X509_STORE *store = X509_STORE_new();
    if (!store || X509_STORE_load_file(store, ca_file) != 1) {
        X509_STORE_free(store);
        char w[300];
        openssl_why(w, sizeof w, "cannot read the CA certificates");
        return ls_err_set(err, LS_EINVAL, ca_file, NULL, "tsa_ca", "%s", w);
    }
    size_t len = strlen(token_b64);
    unsigned char *der = len < INT_MAX / 2 ? malloc(len / 4 * 3 + 3) : NULL;
    int dn = der ? EVP_DecodeBlock(der, (const unsigned char *)token_b64, (int)len) : -1;
    /* the decoder counts the padding as bytes: take them off */
    while (dn > 0 && len && token_b64[len - 1] == '=') {
        dn--;
        len--;
    }
    const unsigned char *p = der;
    PKCS7 *token = dn > 0 ? d2i_PKCS7(NULL, &p, dn) : NULL;
    TS_VERIFY_CTX *ctx = token ? TS_VERIFY_CTX_new() : NULL;
    BIO *bio = ctx && n < INT_MAX ? BIO_new_mem_buf(data, (int)n) : NULL;
    int ok = 0;
    if (!token) {
        snprintf(why, 256, "the time-stamp token is not base64 DER of a CMS SignedData");
    } else if (!ctx || !bio) {
        snprintf(why, 256, "out of memory");
    } else {
        /* the context owns the store and the data once set */
        TS_VERIFY_CTX_set_flags(ctx, TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_DATA);
        TS_VERIFY_CTX_set_data(ctx, bio);
        TS_VERIFY_CTX_set_store(ctx, store);
        store = NULL;
        bio = NULL;
        ok = TS_RESP_verify_token(ctx, token) == 1;
        if (!ok)
            openssl_why(why, 256, "the time-stamp does not verify");
    }
    if (ok) {
        TS_TST_INFO *info = PKCS7_to_TS_TST_INFO(token);
        if (!info || iso_time(TS_TST_INFO_get_time(info), gen_time)) {
            ok = 0;
            snprintf(why, 256, "the time-stamp has no readable time");
        }
        TS_TST_INFO_free(info);
    }
    BIO_free(bio);
    X509_STORE_free(store);
    TS_VERIFY_CTX_free(ctx);
    PKCS7_free(token);
    free(der);
    return ok;
}
