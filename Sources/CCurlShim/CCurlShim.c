#include "CCurlShim.h"

#include <dlfcn.h>
#include <pthread.h>

// The libcurl entry points, resolved once by `load` and read-only afterwards.
static struct {
    int loaded;
    void *(*easy_init)(void);
    void (*easy_cleanup)(void *);
    void (*easy_reset)(void *);
    int (*easy_setopt)(void *, int, ...);
    int (*easy_getinfo)(void *, int, ...);
    void *(*slist_append)(void *, const char *);
    void (*slist_free_all)(void *);
    void *(*multi_init)(void);
    int (*multi_cleanup)(void *);
    int (*multi_add_handle)(void *, void *);
    int (*multi_remove_handle)(void *, void *);
    int (*multi_perform)(void *, int *);
    int (*multi_poll)(void *, void *, unsigned int, int, int *);
    int (*multi_wakeup)(void *);
    void *(*multi_info_read)(void *, int *);
} curl;

// libcurl's `struct CURLMsg`.
struct message {
    int kind;
    void *easy;
    union {
        void *whatever;
        int result;
    } data;
};

enum { MESSAGE_DONE = 1, GLOBAL_DEFAULT = 3 };

static pthread_once_t once = PTHREAD_ONCE_INIT;

#define RESOLVE(library, field, name) (*(void **)&curl.field = dlsym(library, name)) != NULL

static void load(void) {
    void *library = dlopen(CCURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    int (*global_init)(long) = NULL;
    *(void **)&global_init = dlsym(library, "curl_global_init");
    int resolved = global_init != NULL
        && RESOLVE(library, easy_init, "curl_easy_init")
        && RESOLVE(library, easy_cleanup, "curl_easy_cleanup")
        && RESOLVE(library, easy_reset, "curl_easy_reset")
        && RESOLVE(library, easy_setopt, "curl_easy_setopt")
        && RESOLVE(library, easy_getinfo, "curl_easy_getinfo")
        && RESOLVE(library, slist_append, "curl_slist_append")
        && RESOLVE(library, slist_free_all, "curl_slist_free_all")
        && RESOLVE(library, multi_init, "curl_multi_init")
        && RESOLVE(library, multi_cleanup, "curl_multi_cleanup")
        && RESOLVE(library, multi_add_handle, "curl_multi_add_handle")
        && RESOLVE(library, multi_remove_handle, "curl_multi_remove_handle")
        && RESOLVE(library, multi_perform, "curl_multi_perform")
        && RESOLVE(library, multi_poll, "curl_multi_poll")
        && RESOLVE(library, multi_wakeup, "curl_multi_wakeup")
        && RESOLVE(library, multi_info_read, "curl_multi_info_read");
    // A libcurl too old for curl_multi_poll/wakeup (before 7.68) counts as missing; it stays
    // mapped, which is harmless, rather than being unloaded under a partly filled table.
    if (resolved && global_init(GLOBAL_DEFAULT) == 0) curl.loaded = 1;
}

int ccurl_load(void) {
    pthread_once(&once, load);
    return curl.loaded;
}

ccurl_easy *ccurl_easy_init(void) { return curl.easy_init(); }
void ccurl_easy_cleanup(ccurl_easy *easy) { curl.easy_cleanup(easy); }
void ccurl_easy_reset(ccurl_easy *easy) { curl.easy_reset(easy); }

int ccurl_easy_setopt_long(ccurl_easy *easy, ccurl_option option, long value) {
    return curl.easy_setopt(easy, option, value);
}

int ccurl_easy_setopt_pointer(ccurl_easy *easy, ccurl_option option, const void *value) {
    return curl.easy_setopt(easy, option, value);
}

int ccurl_easy_setopt_off_t(ccurl_easy *easy, ccurl_option option, int64_t value) {
    return curl.easy_setopt(easy, option, value);
}

int ccurl_easy_setopt_write_callback(ccurl_easy *easy, ccurl_option option, ccurl_write_callback value) {
    return curl.easy_setopt(easy, option, value);
}

int ccurl_easy_getinfo_long(ccurl_easy *easy, ccurl_info info, long *value) {
    return curl.easy_getinfo(easy, info, value);
}

int ccurl_easy_getinfo_off_t(ccurl_easy *easy, ccurl_info info, int64_t *value) {
    return curl.easy_getinfo(easy, info, value);
}

ccurl_slist *ccurl_slist_append(ccurl_slist *list, const char *line) { return curl.slist_append(list, line); }
void ccurl_slist_free_all(ccurl_slist *list) { curl.slist_free_all(list); }

ccurl_multi *ccurl_multi_init(void) { return curl.multi_init(); }
void ccurl_multi_cleanup(ccurl_multi *multi) { curl.multi_cleanup(multi); }
int ccurl_multi_add_handle(ccurl_multi *multi, ccurl_easy *easy) { return curl.multi_add_handle(multi, easy); }
int ccurl_multi_remove_handle(ccurl_multi *multi, ccurl_easy *easy) { return curl.multi_remove_handle(multi, easy); }
int ccurl_multi_perform(ccurl_multi *multi, int *running) { return curl.multi_perform(multi, running); }
int ccurl_multi_poll(ccurl_multi *multi, int timeout_ms) { return curl.multi_poll(multi, NULL, 0, timeout_ms, NULL); }
int ccurl_multi_wakeup(ccurl_multi *multi) { return curl.multi_wakeup(multi); }

int ccurl_multi_result(ccurl_multi *multi, int *result) {
    int remaining = 0;
    struct message *message;
    while ((message = curl.multi_info_read(multi, &remaining)) != NULL) {
        if (message->kind == MESSAGE_DONE) {
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}
