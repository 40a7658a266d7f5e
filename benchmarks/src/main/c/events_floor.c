/*
 * The floor under the agent's events=auto: the least a listener of the kernel's process events
 * connector can do for the same job. It joins CN_IDX_PROC on a netlink socket, asks for the events
 * (PROC_CN_MCAST_LISTEN), reads each fork, exec and exit message of the machine, keeps the set of
 * the descendants of one pid (the host's), and on the exec of a descendant reads its stat and
 * cmdline, as the agent does. Nothing more: no notifications, no tables, no MBeans.
 *
 *   events_floor PID WARMUP_S WINDOW_S
 *
 * Listens for WARMUP_S + WINDOW_S seconds and prints its own CPU time over the last WINDOW_S
 * (CLOCK_PROCESS_CPUTIME_ID), as key=value pairs like the benchmarks' host:
 *   floor_cpu_ms=... floor_cpu_percent=... wakeups=... forks=... execs_read=... exits=...
 * Needs the connector (root, or a kernel that admits an unprivileged listener).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* the descendants: open addressing, pid 0 empty, -1 a removed slot */
#define SLOTS 65536
static int32_t set[SLOTS];

static unsigned slot(int32_t pid) { return ((uint32_t) pid * 2654435761u) & (SLOTS - 1); }

static int contains(int32_t pid) {
    for (unsigned i = slot(pid), n = 0; n < SLOTS; i = (i + 1) & (SLOTS - 1), n++) {
        if (set[i] == pid) return 1;
        if (set[i] == 0) return 0;
    }
    return 0;
}

static void add(int32_t pid) {
    if (contains(pid)) return;
    for (unsigned i = slot(pid), n = 0; n < SLOTS; i = (i + 1) & (SLOTS - 1), n++)
        if (set[i] <= 0) { set[i] = pid; return; }
}

static int removed(int32_t pid) {
    for (unsigned i = slot(pid), n = 0; n < SLOTS; i = (i + 1) & (SLOTS - 1), n++) {
        if (set[i] == pid) { set[i] = -1; return 1; }
        if (set[i] == 0) return 0;
    }
    return 0;
}

static long long nanos(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* stat and cmdline of a new program, read whole as the agent reads them; 0 when it is gone */
static char buf[8192];
static int read_file(int32_t pid, const char *name) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    return n > 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PID WARMUP_S WINDOW_S\n", argv[0]);
        return 2;
    }
    int32_t root = atoi(argv[1]);
    double warmup = atof(argv[2]), window = atof(argv[3]);
    add(root);

    int s = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
    if (s < 0) { perror("socket"); return 1; }
    struct sockaddr_nl me = {.nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0};
    if (bind(s, (struct sockaddr *) &me, sizeof me) < 0) { perror("bind"); return 1; }
    struct {
        struct nlmsghdr h;
        struct cn_msg m;
        enum proc_cn_mcast_op op;
    } __attribute__((packed)) req = {0};
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = NLMSG_DONE;
    req.h.nlmsg_pid = getpid();
    req.m.id.idx = CN_IDX_PROC;
    req.m.id.val = CN_VAL_PROC;
    req.m.len = sizeof req.op;
    req.op = PROC_CN_MCAST_LISTEN;
    if (send(s, &req, sizeof req, 0) < 0) { perror("PROC_CN_MCAST_LISTEN"); return 1; }

    long long start = nanos(CLOCK_MONOTONIC);
    long long measureAt = start + (long long) (warmup * 1e9), endAt = measureAt + (long long) (window * 1e9);
    long long cpu0 = -1, wall0 = 0;
    long wakeups = 0, forks = 0, execs = 0, exits = 0;
    char msg[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
    struct pollfd p = {.fd = s, .events = POLLIN};
    for (;;) {
        long long now = nanos(CLOCK_MONOTONIC);
        if (cpu0 < 0 && now >= measureAt) {
            cpu0 = nanos(CLOCK_PROCESS_CPUTIME_ID);
            wall0 = now;
            wakeups = forks = execs = exits = 0;
        }
        if (now >= endAt) break;
        long long until = cpu0 < 0 ? measureAt : endAt;
        int r = poll(&p, 1, (int) ((until - now) / 1000000 + 1));
        if (r < 0 && errno != EINTR) { perror("poll"); return 1; }
        if (r <= 0) continue;
        wakeups++;
        ssize_t n = recv(s, msg, sizeof msg, 0);
        if (n < 0) {
            if (errno == ENOBUFS) continue; /* events dropped: the agent would look again */
            perror("recv");
            return 1;
        }
        for (struct nlmsghdr *h = (struct nlmsghdr *) msg; NLMSG_OK(h, (size_t) n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != NLMSG_DONE) continue;
            struct cn_msg *m = NLMSG_DATA(h);
            if (m->id.idx != CN_IDX_PROC || m->id.val != CN_VAL_PROC) continue;
            struct proc_event *e = (struct proc_event *) m->data;
            switch (e->what) {
            case PROC_EVENT_FORK:
                if (e->event_data.fork.child_pid == e->event_data.fork.child_tgid
                        && contains(e->event_data.fork.parent_tgid)) {
                    add(e->event_data.fork.child_tgid);
                    forks++;
                }
                break;
            case PROC_EVENT_EXEC:
                if (e->event_data.exec.process_tgid != root && contains(e->event_data.exec.process_tgid)) {
                    int32_t pid = e->event_data.exec.process_tgid;
                    if (read_file(pid, "stat")) read_file(pid, "cmdline");
                    execs++;
                }
                break;
            case PROC_EVENT_EXIT:
                if (e->event_data.exit.process_pid == e->event_data.exit.process_tgid
                        && e->event_data.exit.process_tgid != root && removed(e->event_data.exit.process_tgid))
                    exits++;
                break;
            default:
                break;
            }
        }
    }
    long long cpu1 = nanos(CLOCK_PROCESS_CPUTIME_ID), wall1 = nanos(CLOCK_MONOTONIC);
    if (cpu0 < 0) cpu0 = cpu1, wall0 = wall1;
    printf("floor_cpu_ms=%.1f floor_cpu_percent=%.2f window_s=%.1f wakeups=%ld forks=%ld execs_read=%ld exits=%ld\n",
           (cpu1 - cpu0) / 1e6, wall1 > wall0 ? 100.0 * (cpu1 - cpu0) / (wall1 - wall0) : 0.0,
           (wall1 - wall0) / 1e9, wakeups, forks, execs, exits);
    return 0;
}
