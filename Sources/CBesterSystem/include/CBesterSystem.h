#ifndef C_BESTER_SYSTEM_H
#define C_BESTER_SYSTEM_H

// Linux system interfaces that Swift's Glibc module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/resource.h>
#include <sched.h>

/// accept4(2) (a GNU extension Swift's Glibc module hides).
int cbester_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// Names the calling thread (at most 15 bytes are kept), for ps/top/gdb.
void cbester_set_thread_name(const char *name);

/// Number of CPUs this process may run on (honours taskset / cgroups cpusets).
int cbester_available_cpus(void);

#endif
