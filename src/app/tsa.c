/* app/tsa — see tsa.h. */
#include "app/tsa.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/timestamp.h"

#define TSA_REPLY_MAX (1u << 20)

struct reply {
    unsigned char *data;
    size_t n;
    int too_big;
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *arg)
{
    struct reply *r = arg;
    size_t add = size * nmemb;
    if (r->n + add > TSA_REPLY_MAX) {
        r->too_big = 1;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    unsigned char *d = realloc(r->data, r->n + add);
    if (!d)
        return 0;
    memcpy(d + r->n, p, add);
    r->data = d;
    r->n += add;
    return add;
}

int app_tsa_stamp(const char *url, const void *data, size_t n, char **token_b64, char gen_time[32],
                  struct ls_err *err)
{
    *token_b64 = NULL;
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
        return ls_err_set(err, LS_EINVAL, url, NULL, "tsa",
                          "the TSA is an http:// or https:// URL");
    unsigned char *req = NULL;
    size_t req_n = 0;
    int rc = lg_ts_request(data, n, &req, &req_n, err);
    if (rc)
        return rc;
    CURL *c = curl_easy_init();
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/timestamp-query");
    struct reply r = { 0 };
    long status = 0;
    char cerr[CURL_ERROR_SIZE] = "";
    CURLcode cc = CURLE_OUT_OF_MEMORY;
    if (c && hdr) {
        curl_easy_setopt(c, CURLOPT_URL, url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, (const char *)req);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)req_n);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
        /* a TSA answers where it is asked: no redirects to other hosts or schemes */
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        cc = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    }
    if (r.too_big)
        rc = ls_err_set(err, LS_EINVAL, url, NULL, "tsa", "the reply is larger than 1 MiB");
    else if (cc != CURLE_OK)
        rc = ls_err_set(err, LS_EIO, url, NULL, "tsa", "cannot reach the TSA: %s",
                        cerr[0] ? cerr : curl_easy_strerror(cc));
    else if (status != 200)
        rc = ls_err_set(err, LS_EIO, url, NULL, "tsa", "the TSA answered HTTP %ld", status);
    else
        rc = lg_ts_reply_token(url, r.data, r.n, req, req_n, token_b64, gen_time, err);
    free(r.data);
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    OPENSSL_free(req);
    return rc;
}
