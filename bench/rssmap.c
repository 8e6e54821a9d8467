/* rssmap.c - an LD_PRELOAD probe: what the resident set is made of.
 *
 *   gcc -shared -fPIC -O2 -o rssmap.so bench/rssmap.c
 *   RSSMAP_OUT=/tmp/rss.txt LD_PRELOAD=./rssmap.so vanban render ...
 *
 * At exit (a destructor, after main has returned and freed what it frees)
 * it appends to $RSSMAP_OUT (default stderr) the process's peak RSS
 * (VmHWM), the RSS now split into anonymous and file-backed pages, and the
 * resident KiB of every mapped file. File-backed pages (library code and
 * data, mapped fonts) stay resident once touched, so their figures at exit
 * are what they contributed at the peak; the rest of VmHWM is anonymous
 * memory (heap, stacks, library .bss/relocations) at its peak.
 * Used by bench/profile; not linked into anything. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILES 64

static void report(void) __attribute__((destructor));

static void report(void)
{
    const char *out = getenv("RSSMAP_OUT");
    FILE *o = out && *out ? fopen(out, "a") : stderr;
    if (!o)
        return;
    FILE *st = fopen("/proc/self/status", "r");
    char line[512];
    if (st) {
        while (fgets(line, sizeof line, st))
            if (!strncmp(line, "VmHWM:", 6) || !strncmp(line, "VmRSS:", 6) ||
                !strncmp(line, "RssAnon:", 8) || !strncmp(line, "RssFile:", 8))
                fputs(line, o);
        fclose(st);
    }
    FILE *sm = fopen("/proc/self/smaps", "r");
    if (!sm) {
        if (o != stderr)
            fclose(o);
        return;
    }
    static char names[MAX_FILES][256];
    static long kb[MAX_FILES];
    int n = 0;
    char cur[256] = "";
    while (fgets(line, sizeof line, sm)) {
        unsigned long lo, hi;
        char perms[8];
        int off = 0;
        /* A mapping header: "lo-hi perms offset dev inode [path]". */
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &off) >= 3 &&
            strchr(line, '-') < strchr(line, ' ')) {
            char *path = line + off;
            path[strcspn(path, "\n")] = 0;
            snprintf(cur, sizeof cur, "%s", *path ? path : "[anon]");
            continue;
        }
        long v;
        if (sscanf(line, "Rss: %ld kB", &v) == 1 && v > 0) {
            int i = 0;
            while (i < n && strcmp(names[i], cur))
                i++;
            if (i == n && n < MAX_FILES)
                snprintf(names[n++], sizeof names[0], "%s", cur);
            if (i < MAX_FILES)
                kb[i] += v;
        }
    }
    fclose(sm);
    for (int i = 0; i < n; i++)
        fprintf(o, "rss %6ld kB  %s\n", kb[i], names[i]);
    if (o != stderr)
        fclose(o);
}
