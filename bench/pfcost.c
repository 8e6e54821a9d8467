/* pfcost.c - what page faults and font reading cost on this machine.
 *
 *   pfcost anon PAGES         touch PAGES fresh anonymous pages
 *   pfcost read FILE...       read each file into a malloc'd buffer (font.c)
 *   pfcost mmap FILE...       mmap each file and touch every page
 *
 * Prints the microseconds the action took, measured inside this (fresh)
 * process, and the minor faults it caused. bench/profile runs each mode in
 * many fresh processes and takes medians: on a VM a first-touch fault is
 * far dearer than on bare metal, and vanban takes ~1000 of them. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static long minflt(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pfcost anon PAGES | read FILE... | mmap FILE...\n");
        return 2;
    }
    volatile unsigned sink = 0;
    long f0 = minflt();
    double t0 = now_us();
    if (!strcmp(argv[1], "anon")) {
        long n = atol(argv[2]);
        unsigned char *p = mmap(NULL, (size_t)n * 4096, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return 1;
        for (long i = 0; i < n; i++)
            p[i * 4096] = 1;
    } else {
        int use_mmap = !strcmp(argv[1], "mmap");
        for (int i = 2; i < argc; i++) {
            int fd = open(argv[i], O_RDONLY);
            struct stat st;
            if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0)
                return 1;
            if (use_mmap) {
                unsigned char *p = mmap(NULL, (size_t)st.st_size, PROT_READ,
                                        MAP_PRIVATE, fd, 0);
                if (p == MAP_FAILED)
                    return 1;
                for (off_t k = 0; k < st.st_size; k += 4096)
                    sink += p[k];
            } else {
                unsigned char *b = malloc((size_t)st.st_size);
                ssize_t got = b ? read(fd, b, (size_t)st.st_size) : -1;
                if (got <= 0)
                    return 1;
                sink += b[got - 1];
            }
            close(fd);
        }
    }
    double t1 = now_us();
    printf("us=%.1f faults=%ld\n", t1 - t0, minflt() - f0);
    return 0;
}
