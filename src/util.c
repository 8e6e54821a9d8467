/* util.c - arena allocator and growable buffer. */
#include "util.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

struct vb_arena_chunk {
    vb_arena_chunk *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

#define VB_CHUNK_MIN 16384

static void *vb_oom(void)
{
    fputs("vanban: out of memory\n", stderr);
    abort();
}

void vb_arena_init(vb_arena *a)
{
    a->head = NULL;
    a->total = 0;
    a->next = NULL;
    a->room = 0;
}

void vb_arena_free(vb_arena *a)
{
    vb_arena_chunk *c = a->head;
    while (c) {
        vb_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    vb_arena_init(a);
}

void vb_arena_reset(vb_arena *a)
{
    vb_arena_chunk *c = a->head;
    if (!c)
        return;
    if (c->next) {
        size_t size = 0;
        for (vb_arena_chunk *k = c; k; k = k->next)
            size += k->size;
        vb_arena_free(a);
        c = malloc(sizeof *c + size);
        if (!c)
            vb_oom();
        c->next = NULL;
        c->size = size;
        a->head = c;
    }
    a->next = c->data;
    a->room = c->size;
    a->total = 0;
}

void *vb_alloc_more(vb_arena *a, size_t size)
{
    /* Rounding up and the chunk header must not wrap around. */
    if (size > SIZE_MAX - sizeof(vb_arena_chunk) - 64)
        return vb_oom();
    size = (size + 15) & ~(size_t)15;
    if (a->next && size <= a->room) {
        void *p = a->next;
        a->next += size;
        a->room -= size;
        a->total += size;
        return p;
    }
    /* Big requests get a chunk of their own so that the current chunk's
     * free tail is not wasted. */
    size_t want = size > VB_CHUNK_MIN / 4 ? size : VB_CHUNK_MIN;
    vb_arena_chunk *n = malloc(sizeof *n + want);
    if (!n)
        return vb_oom();
    n->size = want;
    a->total += size;
    if (want == size && a->head) {
        n->next = a->head->next;
        a->head->next = n;
        return n->data;
    }
    n->next = a->head;
    a->head = n;
    a->next = n->data + size;
    a->room = want - size;
    return n->data;
}

void *vb_alloc_array(vb_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return vb_oom();
    return vb_alloc(a, n * size);
}

char *vb_strndup(vb_arena *a, const char *s, size_t len)
{
    char *p = vb_alloc_nozero(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = 0;
    return p;
}

char *vb_strdup(vb_arena *a, const char *s)
{
    return s ? vb_strndup(a, s, strlen(s)) : NULL;
}

char *vb_sprintf(vb_arena *a, const char *fmt, ...)
{
    /* Format once, straight into the current chunk's free tail, and keep
     * it when it fits: formatting twice (measure, then write) was half
     * the cost. Only text longer than the tail takes the second pass. */
    va_list ap;
    size_t room = a->room;
    int n;
    if (room >= 64) {
        char *p = (char *)a->next;
        va_start(ap, fmt);
        n = vsnprintf(p, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            p[0] = 0;
            n = 0;
        }
        if ((size_t)n < room) {
            size_t size = ((size_t)n + 1 + 15) & ~(size_t)15;
            a->next += size;
            a->room -= size;
            a->total += size;
            return p;
        }
    } else {
        va_start(ap, fmt);
        n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            n = 0;
    }
    char *p = vb_alloc_nozero(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void vb_vec_grow(vb_arena *a, void **arr, size_t *cap, size_t elem)
{
    size_t ncap = *cap ? *cap * 2 : 8;
    if (elem && ncap > SIZE_MAX / 2 / elem)
        vb_oom();
    size_t old = *cap * elem, want = ncap * elem;
    size_t oldr = (old + 15) & ~(size_t)15, wantr = (want + 15) & ~(size_t)15;
    if (*cap && a->next && (unsigned char *)*arr + oldr == a->next &&
        a->room >= wantr - oldr) {
        /* The array is the newest block of the current chunk: it grows in
         * place, with nothing copied and nothing left behind. */
        a->next += wantr - oldr;
        a->room -= wantr - oldr;
        a->total += wantr - oldr;
        memset((unsigned char *)*arr + old, 0, wantr - old);
        *cap = ncap;
        return;
    }
    unsigned char *n = vb_alloc_nozero(a, want);
    if (old)
        memcpy(n, *arr, old);
    memset(n + old, 0, wantr - old);
    *arr = n;
    *cap = ncap;
}

void vb_buf_init(vb_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void vb_buf_free(vb_buf *b)
{
    free(b->data);
    vb_buf_init(b);
}

void vb_buf_grow(vb_buf *b, size_t extra)
{
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap - b->len <= extra)
        ncap *= 2;
    char *n = realloc(b->data, ncap);
    if (!n)
        vb_oom();
    b->data = n;
    b->cap = ncap;
}

__attribute__((noinline)) void vb_buf_put_long(vb_buf *b, const void *p, size_t n)
{
    vb_buf_reserve(b, n);
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void vb_buf_printf(vb_buf *b, const char *fmt, ...)
{
    /* Format once into the free tail; only output longer than it needs a
     * second pass. */
    vb_buf_reserve(b, 64);
    size_t room = b->cap - b->len;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n <= 0) {
        b->data[b->len] = 0;
        return;
    }
    if ((size_t)n >= room) {
        vb_buf_reserve(b, (size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

char *vb_read_fd(int fd, size_t limit, size_t *len)
{
    /* Room for the size, the NUL and one byte more, so that the read that
     * meets the end has somewhere to look and a file that did not grow
     * is never copied; a pipe or a terminal starts at 64 KiB and doubles. */
    size_t cap = 65536, n = 0;
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular && st.st_size >= 0 && (uintmax_t)st.st_size <= limit)
        cap = (size_t)st.st_size + 2;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        if (cap - n < 2) {
            if (n > limit)
                break;
            char *nb = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (!nb) {
                free(buf);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t want = cap - n - 1;
        ssize_t got = read(fd, buf + n, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            errno = e;
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        /* Once a regular file's size as fstat() gave it has come in,
         * stop: no second read() to hear the end (two system calls per
         * render, the plan's and the layout's). Only the size says so: a
         * short read is not the end on procfs (size 0), on network file
         * systems or after a signal, and pipes may give less at any time. */
        if (regular && st.st_size > 0 && n >= (uintmax_t)st.st_size)
            break;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}
