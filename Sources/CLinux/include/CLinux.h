// The Linux calls Swift's Glibc module does not import, from the system's own headers, so the compiler checks
// every signature and constant, and the layout of struct epoll_event (packed on x86-64 only).
#ifndef LIFTREC_CLINUX_H
#define LIFTREC_CLINUX_H

#include <sys/epoll.h>
#include <sys/eventfd.h>

// <sys/socket.h> is not included here: Glibc's module already has it, and a second owner would hide its names.

/// accept4(2) without the peer address: <sys/socket.h> declares accept4 only under _GNU_SOURCE, which the
/// Glibc module is built without.
int liftrec_accept4(int fd, int flags);

#endif
