/*
 * The floor: the least work any library can do to report the classic attributes,
 * i.e. only reading the /proc files they come from, with nothing parsed. For each process:
 * stat, status, cmdline, io, statm (memory_info comes from statm, so it is read as well) and
 * the exe link; opened by path, as the JVM has to. Listing mode also lists /proc each pass.
 *
 *   floor all SECONDS      every pid, passes for about SECONDS, after one warm-up pass
 *   floor pid PID SECONDS  one pid, in batches of 1000 reads
 *   floor pids SECONDS PID...  these pids each pass (the sampler's round over tracked children)
 *   floor held PID SECONDS the same reads of one pid through descriptors kept open (pread at 0):
 *                          the kernel's part of a held handle's snapshot
 *   floor passes N         N untimed passes over every pid (for counting system calls)
 *
 * Prints one line: mode, microseconds per process (mean over passes or batches), the standard
 * deviation of the passes, processes per pass, passes, and the CPU time (user + system) per
 * process over all passes, which a busy machine disturbs less than the elapsed time.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 16];
static double end_time, c_start; /* batches()' clocks */
static volatile long sink;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Reads a whole file; a missing or refused file counts as read (a library would report that). */
static void slurp(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) sink += n;
    close(fd);
}

static void one(const char *pid) {
    static const char *files[] = {"stat", "status", "cmdline", "io", "statm"};
    char path[64];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        snprintf(path, sizeof path, "/proc/%s/%s", pid, files[i]);
        slurp(path);
    }
    snprintf(path, sizeof path, "/proc/%s/exe", pid);
    char target[4096];
    ssize_t n = readlink(path, target, sizeof target);
    if (n > 0) sink += n;
}

/* one()'s reads through descriptors opened once: a pread per file, no open, close or end-of-file read. */
static void one_held(const char *pid, const int *fds) {
    for (int i = 0; i < 5; i++) {
        ssize_t n = pread(fds[i], buf, sizeof buf, 0);
        if (n > 0) sink += n;
    }
    char path[64], target[4096];
    snprintf(path, sizeof path, "/proc/%s/exe", pid);
    ssize_t n = readlink(path, target, sizeof target);
    if (n > 0) sink += n;
}

/* One pass over every pid; returns how many there were. */
static long pass(void) {
    DIR *d = opendir("/proc");
    if (!d) { perror("/proc"); exit(1); }
    long count = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        one(e->d_name);
        count++;
    }
    closedir(d);
    return count;
}

static double cpu(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void report(const char *mode, double *us, int n, long per, double cpu_us) {
    double mean = 0, var = 0;
    for (int i = 0; i < n; i++) mean += us[i];
    mean /= n;
    for (int i = 0; i < n; i++) var += (us[i] - mean) * (us[i] - mean);
    double sd = n > 1 ? sqrt(var / (n - 1)) : 0;
    printf("%s us_per_process=%.3f sd=%.3f processes=%ld passes=%d cpu_us_per_process=%.3f\n", mode, mean, sd, per, n,
           cpu_us);
}

/*
 * Reads these pids in batches (1000 reads of each for one pid, one of each for several) for about
 * SECONDS after one warm-up batch, and reports; through held descriptors when fds is not NULL.
 */
static void batches(const char *mode, double seconds, char **pids, int count, const int *fds) {
    int reads = count == 1 ? 1000 : 1;
    static double us[100000];
    int n = 0;
    for (int b = -1; n < 100000 && (n < 5 || now() < end_time); b++) {
        double t = now();
        for (int r = 0; r < reads; r++)
            for (int i = 0; i < count; i++) fds ? one_held(pids[i], fds) : one(pids[i]);
        if (b < 0) { /* the warm-up batch: the clocks start after it */
            end_time = now() + seconds;
            c_start = cpu();
            continue;
        }
        us[n++] = (now() - t) * 1e6 / ((double) reads * count);
    }
    report(mode, us, n, count, (cpu() - c_start) * 1e6 / ((double) n * reads * count));
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "all") == 0) {
        double seconds = atof(argv[2]);
        pass();
        static double us[100000];
        int n = 0;
        long per = 0, total = 0;
        double c0 = cpu();
        double end = now() + seconds;
        while (n < 100000 && (n < 5 || now() < end)) {
            double t = now();
            long c = pass();
            us[n++] = (now() - t) * 1e6 / c;
            per = c;
            total += c;
        }
        report("all", us, n, per, (cpu() - c0) * 1e6 / total);
    } else if (argc == 4 && strcmp(argv[1], "pid") == 0) {
        char path[64];
        snprintf(path, sizeof path, "/proc/%s/stat", argv[2]);
        if (access(path, R_OK) != 0) { perror(path); return 1; }
        batches("pid", atof(argv[3]), argv + 2, 1, NULL);
    } else if (argc >= 4 && strcmp(argv[1], "pids") == 0) {
        batches("pids", atof(argv[2]), argv + 3, argc - 3, NULL);
    } else if (argc == 4 && strcmp(argv[1], "held") == 0) {
        static const char *files[] = {"stat", "status", "cmdline", "io", "statm"};
        int fds[5];
        char path[64];
        for (int i = 0; i < 5; i++) {
            snprintf(path, sizeof path, "/proc/%s/%s", argv[2], files[i]);
            if ((fds[i] = open(path, O_RDONLY | O_CLOEXEC)) < 0) { perror(path); return 1; }
        }
        batches("held", atof(argv[3]), argv + 2, 1, fds);
    } else if (argc == 3 && strcmp(argv[1], "passes") == 0) {
        long total = 0;
        for (int i = atoi(argv[2]); i > 0; i--) total += pass();
        printf("passes processes=%ld\n", total);
    } else {
        fprintf(stderr, "usage: %s all SECONDS | pid PID SECONDS | pids SECONDS PID... | held PID SECONDS | passes N\n", argv[0]);
        return 2;
    }
    return 0;
}
