// The calls the sandbox host and the tutor need that Swift cannot make itself: variadic ones
// (prctl, syscall) and the control-message macros for passing descriptors over a socket.
#ifndef STEPWISE_SANDBOX_CALLS_H
#define STEPWISE_SANDBOX_CALLS_H

#ifdef __linux__
#include <errno.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/capability.h>

/// Leaves the calling process with no capabilities, none to regain by exec (the bounding and
/// ambient sets are emptied too, which matters for uid 0) and no way to gain privileges
/// (no_new_privs). Returns 0, or -1 with errno set.
static inline int stepwise_drop_capabilities(void) {
    for (int capability = 0; capability <= 63; capability++) {
        if (prctl(PR_CAPBSET_DROP, (unsigned long)capability, 0UL, 0UL, 0UL) != 0 && errno != EINVAL) return -1;
    }
    if (prctl(PR_CAP_AMBIENT, (unsigned long)PR_CAP_AMBIENT_CLEAR_ALL, 0UL, 0UL, 0UL) != 0 && errno != EINVAL) return -1;
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &header, data) != 0) return -1;
    return prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL);
}

/// prctl(2) with one argument (PR_SET_DUMPABLE, PR_SET_PDEATHSIG, ...).
static inline int stepwise_prctl(int option, unsigned long argument) {
    return prctl(option, argument, 0UL, 0UL, 0UL);
}

/// unshare(CLONE_NEWPID | CLONE_NEWNS): the caller's next child is PID 1 of a new PID
/// namespace, and the caller gets a mount namespace of its own. (unshare(2) and the CLONE_
/// flags are declared only under _GNU_SOURCE.)
static inline int stepwise_unshare_run_namespaces(void) {
    return (int)syscall(SYS_unshare, 0x20000000 /* CLONE_NEWPID */ | 0x00020000 /* CLONE_NEWNS */);
}

/// O_PATH, declared only under _GNU_SOURCE.
enum { STEPWISE_O_PATH = 010000000 };

/// Closes every descriptor from `first` up, except `kept` (close_range(2), which glibc
/// declares only under _GNU_SOURCE).
static inline void stepwise_close_from(int first, int kept) {
    if (kept >= first) {
        if (kept > first) syscall(SYS_close_range, (unsigned)first, (unsigned)(kept - 1), 0U);
        syscall(SYS_close_range, (unsigned)(kept + 1), ~0U, 0U);
    } else {
        syscall(SYS_close_range, (unsigned)first, ~0U, 0U);
    }
}

enum { STEPWISE_MAXIMUM_PASSED_DESCRIPTORS = 8 };

/// `struct ucred` and SCM_CREDENTIALS, which glibc declares only under _GNU_SOURCE.
struct stepwise_credentials { pid_t pid; uid_t uid; gid_t gid; };
enum { STEPWISE_SCM_CREDENTIALS = 2, STEPWISE_SO_PASSCRED = 16 };

/// Sends one message with `count` descriptors attached (SCM_RIGHTS). Returns sendmsg's result.
static inline ssize_t stepwise_send_with_descriptors(
    int socket, const void *bytes, size_t length, const int *descriptors, int count) {
    if (count < 0 || count > STEPWISE_MAXIMUM_PASSED_DESCRIPTORS) { errno = EINVAL; return -1; }
    struct iovec vector = {(void *)bytes, length};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * STEPWISE_MAXIMUM_PASSED_DESCRIPTORS)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    if (count > 0) {
        message.msg_control = control.buffer;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)count);
        memcpy(CMSG_DATA(header), descriptors, sizeof(int) * (size_t)count);
    }
    return sendmsg(socket, &message, MSG_NOSIGNAL);
}

/// Receives one message and the descriptors attached to it (close-on-exec), at most `capacity`
/// of them; `*count` is how many came. Any beyond `capacity` are closed. With SO_PASSCRED set on
/// `socket`, `*sender` is the sending process's pid as this process's PID namespace numbers it
/// (0 when no credentials came). Returns recvmsg's result; on -1 the descriptors that did come
/// are still in `descriptors` for the caller to close.
static inline ssize_t stepwise_receive_with_descriptors(
    int socket, void *bytes, size_t length, int *descriptors, int capacity, int *count, pid_t *sender) {
    struct iovec vector = {bytes, length};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * STEPWISE_MAXIMUM_PASSED_DESCRIPTORS) + CMSG_SPACE(sizeof(struct stepwise_credentials))];
        struct cmsghdr align;
    } control;
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control.buffer;
    message.msg_controllen = sizeof control.buffer;
    *count = 0;
    if (sender) *sender = 0;
    ssize_t received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    if (received < 0) return received;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET) continue;
        if (header->cmsg_type == SCM_RIGHTS) {
            int passed = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            int *data = (int *)CMSG_DATA(header);
            for (int index = 0; index < passed; index++) {
                if (*count < capacity) descriptors[(*count)++] = data[index];
                else close(data[index]);
            }
        } else if (header->cmsg_type == STEPWISE_SCM_CREDENTIALS && sender) {
            struct stepwise_credentials credentials;
            memcpy(&credentials, CMSG_DATA(header), sizeof credentials);
            *sender = credentials.pid;
        }
    }
    if (message.msg_flags & MSG_CTRUNC) { errno = EMSGSIZE; return -1; }
    return received;
}
#endif

#endif
