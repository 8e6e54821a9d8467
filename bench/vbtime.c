/* vbtime.c - run a command N times and say where its wall time went.
 *
 *   vbtime [-n RUNS] [-w WARMUP] [-c CPU] -- COMMAND [ARGS...] [-- COMMAND ...]
 *
 * For every run: wall time (fork to reap, CLOCK_MONOTONIC), CPU time
 * (user + system from wait4), peak RSS (ru_maxrss), page faults, context
 * switches, and the scheduler's run_delay: how long the process was
 * runnable but waiting for a CPU (/proc/PID/schedstat, read from the zombie
 * before it is reaped). wall - cpu - run_delay is what is left: blocking
 * (I/O, sleeping) plus fork/exec/exit work the child is not charged for.
 *
 * Prints one line of key=value pairs: medians over the measured runs
 * (wall_min too), times in microseconds, memory in KiB. Several commands,
 * separated by "--", are run interleaved: one run of each per round, in
 * the opposite order every other round, and one line each, in the order
 * given. On a shared machine whose speed drifts over minutes, commands
 * measured in the same spell can be compared where separate measurements
 * cannot (bench/run times seed 000 against the floors so). A "--" after
 * the first one always starts a command: a measured command cannot be
 * given "--" as an argument. With -c the child
 * (and this process) are pinned to that CPU. The child's stdout and stderr
 * go to /dev/null; a run whose exit status is not 0 or 1 aborts the
 * measurement (exit status 3).
 *
 * An argument containing %N names a file made fresh for every run: %N
 * becomes the run's number, and the file is removed after the run, outside
 * the timed span. `vanban render PLAN -o DIR/out%N.pdf` then measures
 * writing a new PDF, as a service does for each request, rather than
 * replacing the previous run's file; on ext4 a rename over an existing file
 * forces the new data out to disk and frees the old blocks (with the
 * `discard` mount option, a discard too), ~0.2-0.3 ms of file-system work
 * that depends on the machine, not on the program. Written for bench/run;
 * C11 + POSIX + Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct sample {
    double wall, cpu, user, sys, delay, rss, minflt, majflt, nvcsw, nivcsw;
} sample;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double tv_us(struct timeval tv)
{
    return tv.tv_sec * 1e6 + tv.tv_usec;
}

/* run_delay in microseconds from /proc/PID/schedstat; -1 if unavailable. */
static double run_delay_us(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    unsigned long long run = 0, delay = 0;
    int ok = fscanf(f, "%llu %llu", &run, &delay) == 2;
    fclose(f);
    return ok ? delay / 1e3 : -1;
}

static int run_once(char **argv, sample *s)
{
    double t0 = now_us();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    siginfo_t si;
    /* Wait for the exit but leave the zombie, so /proc/PID is readable. */
    while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) != 0)
        if (errno != EINTR)
            return -1;
    double t1 = now_us();
    s->delay = run_delay_us(pid);
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    s->wall = t1 - t0;
    s->user = tv_us(ru.ru_utime);
    s->sys = tv_us(ru.ru_stime);
    s->cpu = s->user + s->sys;
    s->rss = (double)ru.ru_maxrss;
    s->minflt = (double)ru.ru_minflt;
    s->majflt = (double)ru.ru_majflt;
    s->nvcsw = (double)ru.ru_nvcsw;
    s->nivcsw = (double)ru.ru_nivcsw;
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
        return -2;
    return 0;
}

/* argv with every %N replaced by k (into the caller's buffers); the
 * indices of substituted arguments go to fresh[], their count is returned,
 * -1 when more than MAX_FRESH arguments contain %N. */
enum { MAX_ARGS = 64, MAX_FRESH = 4, ARG_LEN = 4096 };

static int substitute(char **argv, int k, char **out, char (*buf)[ARG_LEN],
                      int *fresh)
{
    int nfresh = 0, i = 0;
    for (; argv[i] && i < MAX_ARGS - 1; i++) {
        const char *at = strstr(argv[i], "%N");
        if (!at) {
            out[i] = argv[i];
            continue;
        }
        if (nfresh == MAX_FRESH)
            return -1;
        snprintf(buf[nfresh], ARG_LEN, "%.*s%d%s", (int)(at - argv[i]), argv[i],
                 k, at + 2);
        out[i] = buf[nfresh];
        fresh[nfresh++] = i;
    }
    out[i] = NULL;
    return nfresh;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(const sample *s, int n, size_t off, double *tmp)
{
    for (int i = 0; i < n; i++)
        tmp[i] = *(const double *)((const char *)&s[i] + off);
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_double);
    return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

/* Medians of runs samples, as one line. */
static void report(const sample *s, int runs, double *tmp)
{
    double wmin = s[0].wall;
    for (int k = 1; k < runs; k++)
        if (s[k].wall < wmin)
            wmin = s[k].wall;
#define MED(f) median_of(s, runs, offsetof(sample, f), tmp)
    printf("runs=%d wall_med=%.0f wall_min=%.0f cpu_med=%.0f user_med=%.0f "
           "sys_med=%.0f delay_med=%.0f rss_med=%.0f minflt_med=%.0f "
           "majflt_med=%.0f nvcsw_med=%.1f nivcsw_med=%.1f\n",
           runs, MED(wall), wmin, MED(cpu), MED(user), MED(sys), MED(delay),
           MED(rss), MED(minflt), MED(majflt), MED(nvcsw), MED(nivcsw));
#undef MED
}

enum { MAX_CMDS = 8 };

int main(int argc, char **argv)
{
    int runs = 30, warm = 3, cpu = -1, i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            break;
        if (!strcmp(argv[i], "-n"))
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-w"))
            warm = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-c"))
            cpu = atoi(argv[++i]);
        else
            break;
    }
    /* The commands: argv from i on, cut at each further "--". */
    char **cmd[MAX_CMDS];
    int ncmd = 0;
    if (i < argc)
        cmd[ncmd++] = argv + i;
    for (int j = i; j < argc && ncmd > 0; j++) {
        if (strcmp(argv[j], "--"))
            continue;
        argv[j] = NULL;
        if (ncmd == MAX_CMDS || j + 1 >= argc) {
            ncmd = 0; /* too many, or an empty last command */
            break;
        }
        cmd[ncmd++] = argv + j + 1;
    }
    for (int c = 0; c < ncmd; c++)
        if (!cmd[c][0])
            ncmd = 0;
    if (ncmd == 0 || runs < 1 || warm < 0) {
        fprintf(stderr, "usage: vbtime [-n RUNS] [-w WARMUP] [-c CPU] -- "
                        "COMMAND [ARGS...] [-- COMMAND [ARGS...]]... (at most %d)\n",
                MAX_CMDS);
        return 2;
    }
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) != 0)
            perror("vbtime: sched_setaffinity (running unpinned)");
    }
    sample *s = calloc((size_t)runs * (size_t)ncmd, sizeof *s);
    double *tmp = calloc((size_t)runs, sizeof *tmp);
    if (!s || !tmp)
        return 2;
    static char *argv_k[MAX_ARGS];
    static char paths[MAX_FRESH][ARG_LEN];
    int fresh[MAX_ARGS];
    for (int k = 0; k < warm + runs; k++) {
        for (int o = 0; o < ncmd; o++) {
            /* Odd rounds run the commands backwards: neither is always
             * the one that follows the other. */
            int c = k % 2 ? ncmd - 1 - o : o;
            sample one;
            int nfresh = substitute(cmd[c], k, argv_k, paths, fresh);
            if (nfresh < 0) {
                fprintf(stderr, "vbtime: at most %d arguments may contain %%N\n",
                        MAX_FRESH);
                return 2;
            }
            int rc = run_once(argv_k, &one);
            for (int f = 0; f < nfresh; f++)
                unlink(argv_k[fresh[f]]);
            if (rc < 0) {
                fprintf(stderr, "vbtime: '%s' failed (%s)\n", cmd[c][0],
                        rc == -2 ? "exit status > 1" : strerror(errno));
                return 3;
            }
            if (k >= warm)
                s[(size_t)c * (size_t)runs + (size_t)(k - warm)] = one;
        }
    }
    for (int c = 0; c < ncmd; c++)
        report(s + (size_t)c * (size_t)runs, runs, tmp);
    free(s);
    free(tmp);
    return 0;
}
