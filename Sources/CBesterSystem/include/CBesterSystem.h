#ifndef C_BESTER_SYSTEM_H
#define C_BESTER_SYSTEM_H

// Linux system interfaces that Swift's Glibc module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/resource.h>
#include <sched.h>

/// Number of CPUs this process may run on (honours taskset / cgroups cpusets).
int cbester_available_cpus(void);

#endif
