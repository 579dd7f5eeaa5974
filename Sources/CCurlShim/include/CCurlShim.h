// A lazily loaded libcurl binding: the process loads libcurl.so.4 with dlopen on first use only,
// so programs that never make an HTTP request neither pay for it at start-up nor need it installed.
// The handful of libcurl types and constants used are declared here (they are stable ABI since
// libcurl.so.4), so no curl headers are needed to build. Every libcurl call goes through a
// non-variadic wrapper, because Swift cannot call C variadic functions.
#ifndef CCURLSHIM_H
#define CCURLSHIM_H

#include <stddef.h>
#include <stdint.h>

/// An easy handle (libcurl's `CURL *`).
typedef struct ccurl_easy ccurl_easy;
/// A multi handle (libcurl's `CURLM *`).
typedef struct ccurl_multi ccurl_multi;
/// A header list (libcurl's `struct curl_slist *`).
typedef struct ccurl_slist ccurl_slist;

/// libcurl's `curl_write_callback`, also used for headers.
typedef size_t (*ccurl_write_callback)(char *data, size_t size, size_t count, void *context);

/// The easy options used (`CURLOPT_*`).
typedef enum ccurl_option {
    CCURLOPT_WRITEDATA = 10001,
    CCURLOPT_URL = 10002,
    CCURLOPT_ERRORBUFFER = 10010,
    CCURLOPT_WRITEFUNCTION = 20011,
    CCURLOPT_HTTPHEADER = 10023,
    CCURLOPT_HEADERDATA = 10029,
    CCURLOPT_CUSTOMREQUEST = 10036,
    CCURLOPT_POST = 47,
    CCURLOPT_FOLLOWLOCATION = 52,
    CCURLOPT_HEADERFUNCTION = 20079,
    CCURLOPT_HTTPGET = 80,
    CCURLOPT_NOSIGNAL = 99,
    CCURLOPT_MAXFILESIZE_LARGE = 30117,
    CCURLOPT_POSTFIELDSIZE_LARGE = 30120,
    CCURLOPT_TIMEOUT_MS = 155,
    CCURLOPT_CONNECTTIMEOUT_MS = 156,
    CCURLOPT_COPYPOSTFIELDS = 10165,
    CCURLOPT_CAINFO = 10065,
} ccurl_option;

/// The transfer facts read back (`CURLINFO_*`).
typedef enum ccurl_info {
    CCURLINFO_RESPONSE_CODE = 0x200000 + 2,
    CCURLINFO_CONNECT_TIME_T = 0x600000 + 52,
} ccurl_info;

/// The transfer results told apart (`CURLE_*`); any other value is passed through as a number.
enum {
    CCURLE_OK = 0,
    CCURLE_COULDNT_RESOLVE_PROXY = 5,
    CCURLE_COULDNT_RESOLVE_HOST = 6,
    CCURLE_COULDNT_CONNECT = 7,
    CCURLE_WRITE_ERROR = 23,
    CCURLE_OPERATION_TIMEDOUT = 28,
    CCURLE_SSL_CONNECT_ERROR = 35,
    CCURLE_SSL_ENGINE_NOTFOUND = 53,
    CCURLE_SSL_ENGINE_SETFAILED = 54,
    CCURLE_SSL_CERTPROBLEM = 58,
    CCURLE_SSL_CIPHER = 59,
    CCURLE_PEER_FAILED_VERIFICATION = 60,
    CCURLE_FILESIZE_EXCEEDED = 63,
    CCURLE_USE_SSL_FAILED = 64,
    CCURLE_SSL_ENGINE_INITFAILED = 66,
    CCURLE_SSL_CACERT_BADFILE = 77,
    CCURLE_SSL_SHUTDOWN_FAILED = 80,
    CCURLE_SSL_CRL_BADFILE = 82,
    CCURLE_SSL_ISSUER_ERROR = 83,
    CCURLE_SSL_PINNEDPUBKEYNOTMATCH = 90,
    CCURLE_SSL_INVALIDCERTSTATUS = 91,
    CCURLE_SSL_CLIENTCERT = 98,
};

/// The size libcurl requires of an error buffer (`CURL_ERROR_SIZE`).
enum { CCURL_ERROR_SIZE = 256 };

/// The file name of the libcurl ABI this binding speaks.
#define CCURL_LIBRARY "libcurl.so.4"

/// Loads and initialises libcurl once per process (thread-safe); returns 1 when it is usable, 0 when not.
int ccurl_load(void);

/// `curl_easy_init`.
ccurl_easy *ccurl_easy_init(void);
/// `curl_easy_cleanup`.
void ccurl_easy_cleanup(ccurl_easy *easy);
/// `curl_easy_reset`: forgets all options but keeps the handle's caches.
void ccurl_easy_reset(ccurl_easy *easy);
/// `curl_easy_setopt` with a `long` value.
int ccurl_easy_setopt_long(ccurl_easy *easy, ccurl_option option, long value);
/// `curl_easy_setopt` with an object or string pointer.
int ccurl_easy_setopt_pointer(ccurl_easy *easy, ccurl_option option, const void *value);
/// `curl_easy_setopt` with a `curl_off_t` value.
int ccurl_easy_setopt_off_t(ccurl_easy *easy, ccurl_option option, int64_t value);
/// `curl_easy_setopt` with a write or header callback.
int ccurl_easy_setopt_write_callback(ccurl_easy *easy, ccurl_option option, ccurl_write_callback value);
/// `curl_easy_getinfo` of a `long`.
int ccurl_easy_getinfo_long(ccurl_easy *easy, ccurl_info info, long *value);
/// `curl_easy_getinfo` of a `curl_off_t`.
int ccurl_easy_getinfo_off_t(ccurl_easy *easy, ccurl_info info, int64_t *value);

/// `curl_slist_append`; returns NULL when out of memory (the old list is then still valid).
ccurl_slist *ccurl_slist_append(ccurl_slist *list, const char *line);
/// `curl_slist_free_all`.
void ccurl_slist_free_all(ccurl_slist *list);

/// `curl_multi_init`.
ccurl_multi *ccurl_multi_init(void);
/// `curl_multi_cleanup`.
void ccurl_multi_cleanup(ccurl_multi *multi);
/// `curl_multi_add_handle`.
int ccurl_multi_add_handle(ccurl_multi *multi, ccurl_easy *easy);
/// `curl_multi_remove_handle`.
int ccurl_multi_remove_handle(ccurl_multi *multi, ccurl_easy *easy);
/// `curl_multi_perform`.
int ccurl_multi_perform(ccurl_multi *multi, int *running);
/// `curl_multi_poll` without extra descriptors.
int ccurl_multi_poll(ccurl_multi *multi, int timeout_ms);
/// `curl_multi_wakeup`: makes a `ccurl_multi_poll` in another thread return now (thread-safe).
int ccurl_multi_wakeup(ccurl_multi *multi);
/// Reads the finished transfers' messages; returns 1 and stores the result code when one has finished.
int ccurl_multi_result(ccurl_multi *multi, int *result);

#endif
