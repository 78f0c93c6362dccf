#ifndef C_BESTER_SYSTEM_H
#define C_BESTER_SYSTEM_H

// Linux system interfaces that Swift's Glibc module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/resource.h>
#include <sched.h>
#include <sys/types.h>

/// accept4(2) (a GNU extension Swift's Glibc module hides).
int cbester_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

/// Names the calling thread (at most 15 bytes are kept), for ps/top/gdb.
void cbester_set_thread_name(const char *name);

/// Number of CPUs this process may run on (honours taskset / cgroups cpusets).
int cbester_available_cpus(void);

/// Starts the program at `path` (absolute) with `argv` and `envp` (both
/// NULL-terminated) in `directory` (NULL: the current one), as the leader of
/// a new process group, with standard input from /dev/null, every signal at
/// its default disposition and an empty signal mask. The child receives
/// `death_signal` if the calling thread ends (PR_SET_PDEATHSIG), so call it
/// from a thread that outlives the child. Returns the child's pid, or -1
/// with `*error` set to the errno of what failed (including execve, which
/// is reported back through a close-on-exec pipe; such a child is reaped).
pid_t cbester_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                    int death_signal, int *error);

/// Whether the child `pid` has ended, without reaping it (waitid with
/// WNOWAIT): 1 if it has, 0 if it still runs, -1 on error (errno set).
/// With `block` non-zero, waits until it ends.
int cbester_child_ended(pid_t pid, int block);

#endif
