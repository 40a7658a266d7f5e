/*
 * The floor: the least work any library can do to report the classic attributes,
 * i.e. only reading the /proc files they come from, with nothing parsed. For each process:
 * stat, status, cmdline, io, statm (memory_info comes from statm, so it is read as well) and
 * the exe link; opened by path, as the JVM has to. Listing mode also lists /proc each pass.
 *
 *   floor all SECONDS      every pid, passes for about SECONDS, after one warm-up pass
 *   floor pid PID SECONDS  one pid, in batches of 1000 reads
 *   floor pids SECONDS PID...  these pids each pass (the sampler's round over tracked children)
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
        const char *pid = argv[2];
        double seconds = atof(argv[3]);
        char path[64];
        snprintf(path, sizeof path, "/proc/%s/stat", pid);
        if (access(path, R_OK) != 0) { perror(path); return 1; }
        for (int i = 0; i < 1000; i++) one(pid);
        static double us[100000];
        int n = 0;
        double c0 = cpu();
        double end = now() + seconds;
        while (n < 100000 && (n < 5 || now() < end)) {
            double t = now();
            for (int i = 0; i < 1000; i++) one(pid);
            us[n++] = (now() - t) * 1e6 / 1000;
        }
        report("pid", us, n, 1, (cpu() - c0) * 1e6 / (n * 1000.0));
    } else if (argc >= 4 && strcmp(argv[1], "pids") == 0) {
        double seconds = atof(argv[2]);
        static double us[100000];
        int n = 0, per = argc - 3;
        for (int i = 3; i < argc; i++) one(argv[i]);
        double c0 = cpu();
        double end = now() + seconds;
        while (n < 100000 && (n < 5 || now() < end)) {
            double t = now();
            for (int i = 3; i < argc; i++) one(argv[i]);
            us[n++] = (now() - t) * 1e6 / per;
        }
        report("pids", us, n, per, (cpu() - c0) * 1e6 / ((double) n * per));
    } else if (argc == 3 && strcmp(argv[1], "passes") == 0) {
        long total = 0;
        for (int i = atoi(argv[2]); i > 0; i--) total += pass();
        printf("passes processes=%ld\n", total);
    } else {
        fprintf(stderr, "usage: %s all SECONDS | pid PID SECONDS | pids SECONDS PID... | passes N\n", argv[0]);
        return 2;
    }
    return 0;
}
