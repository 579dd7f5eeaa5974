// Before any system header, so <sys/socket.h> declares accept4 and its prototype checks the call below.
#define _GNU_SOURCE
#include <stddef.h>
#include <sys/socket.h>

#include "CLinux.h"

int liftrec_accept4(int fd, int flags) {
    return accept4(fd, NULL, NULL, flags);
}
