#define _GNU_SOURCE
#include "CBesterSystem.h"
#include <pthread.h>

int cbester_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}

void cbester_set_thread_name(const char *name) {
    char truncated[16];
    int i = 0;
    for (; i < 15 && name[i] != 0; i++) truncated[i] = name[i];
    truncated[i] = 0;
    pthread_setname_np(pthread_self(), truncated);
}

int cbester_available_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
        return 1;
    }
    int count = CPU_COUNT(&set);
    return count > 0 ? count : 1;
}

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/// In the child between fork and exec only async-signal-safe calls are
/// allowed: report `code` on the pipe and leave.
static void cbester_child_fail(int report, int code) {
    while (write(report, &code, sizeof(code)) < 0 && errno == EINTR) {}
    _exit(127);
}

/// Marks every descriptor from 3 up close-on-exec, so the child inherits
/// only standard input, output and error.
static void cbester_close_inherited(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */) == 0) return;
#endif
    long limit = sysconf(_SC_OPEN_MAX);
    if (limit < 0 || limit > 65536) limit = 65536;
    for (int fd = 3; fd < limit; fd++) {
        int flags = fcntl(fd, F_GETFD);
        if (flags >= 0) fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

pid_t cbester_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                    int death_signal, int *error) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error = errno;
        return -1;
    }
    int null_input = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_input < 0) {
        *error = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error = errno;
        close(report[0]);
        close(report[1]);
        close(null_input);
        return -1;
    }
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        struct sigaction fallback;
        fallback.sa_handler = SIG_DFL;
        fallback.sa_flags = 0;
        sigemptyset(&fallback.sa_mask);
        for (int number = 1; number < NSIG; number++) {
            if (number != SIGKILL && number != SIGSTOP) sigaction(number, &fallback, NULL);
        }
        setpgid(0, 0);
        if (prctl(PR_SET_PDEATHSIG, death_signal) != 0) cbester_child_fail(report[1], errno);
        // The parent may have died before prctl took effect.
        if (getppid() != parent) _exit(127);
        if (directory != NULL && chdir(directory) != 0) cbester_child_fail(report[1], errno);
        if (dup2(null_input, 0) < 0) cbester_child_fail(report[1], errno);
        cbester_close_inherited();
        execve(path, argv, envp);
        cbester_child_fail(report[1], errno);
    }
    close(report[1]);
    close(null_input);
    int code = 0;
    ssize_t got;
    do {
        got = read(report[0], &code, sizeof(code));
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof(code)) {
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
        *error = code;
        return -1;
    }
    return pid;
}

int cbester_child_ended(pid_t pid, int block) {
    siginfo_t info;
    info.si_pid = 0;
    int status;
    do {
        status = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
    } while (status != 0 && errno == EINTR);
    if (status != 0) return -1;
    return info.si_pid != 0 ? 1 : 0;
}
