/* util.h - small shared helpers: an arena allocator and a growable buffer.
 *
 * Every module allocates the objects it hands to other modules from an arena
 * owned by the caller, so that a whole document (model, display list) is
 * released with one call and no module has to know who frees what. */
#ifndef VANBAN_UTIL_H
#define VANBAN_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct vb_arena_chunk vb_arena_chunk;

typedef struct vb_arena {
    vb_arena_chunk *head;  /* newest chunk first */
    size_t total;          /* bytes handed out, for limits and benchmarks */
    unsigned char *next;   /* the free tail of the head chunk: where the */
    size_t room;           /* next block goes, and how much is left */
} vb_arena;

void vb_arena_init(vb_arena *a);
void vb_arena_free(vb_arena *a);
/* Forget everything allocated in a, but keep its memory: one chunk as
 * large as all its chunks were. An arena that serves one job after
 * another (layout's paragraph scratch) so stops calling malloc and free
 * once it has seen its largest job. */
void vb_arena_reset(vb_arena *a);
/* vb_alloc_nozero when the head chunk has no room for size bytes. */
void *vb_alloc_more(vb_arena *a, size_t size);

/* Like vb_alloc, without zeroing: for blocks the caller fills completely
 * (string copies, formatted text). Inline: a render takes ~1,500 blocks,
 * and the call around these few instructions cost twice what they do. */
static inline void *vb_alloc_nozero(vb_arena *a, size_t size)
{
    size_t r = (size + 15) & ~(size_t)15;
    /* One test for three cases: r == 0 (a block of no size, which must
     * still be a pointer into a chunk) and r wrapped around by rounding
     * both make r - 1 huge and go the long way. */
    if (r - 1 < a->room) {
        void *p = a->next;
        a->next += r;
        a->room -= r;
        a->total += r;
        return p;
    }
    return vb_alloc_more(a, size);
}

/* Zeroed, 16-byte aligned memory; aborts on out-of-memory (there is no
 * sensible recovery for a CLI and the library documents it). */
static inline void *vb_alloc(vb_arena *a, size_t size)
{
    void *p = vb_alloc_nozero(a, size);
    memset(p, 0, (size + 15) & ~(size_t)15);
    return p;
}
void *vb_alloc_array(vb_arena *a, size_t n, size_t size);
char *vb_strndup(vb_arena *a, const char *s, size_t len);
char *vb_strdup(vb_arena *a, const char *s);
char *vb_sprintf(vb_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A growable byte buffer on malloc (for output streams and scratch). */
typedef struct vb_buf {
    char *data;
    size_t len, cap;
} vb_buf;

void vb_buf_init(vb_buf *b);
void vb_buf_free(vb_buf *b);
/* Room for extra more bytes and a NUL. The check is inline: the PDF writer
 * appends thousands of short pieces, and a call for each cost more than
 * the copying; only growing (vb_buf_grow) is out of line. */
void vb_buf_grow(vb_buf *b, size_t extra);
static inline void vb_buf_reserve(vb_buf *b, size_t extra)
{
    if (b->cap - b->len <= extra)
        vb_buf_grow(b, extra);
}
/* Copies of up to 16 bytes as two overlapping fixed-size moves each,
 * which compile to a few loads and stores: most pieces the PDF writer
 * appends are a few bytes long (numbers, names, glyph codes; ~1,900 a
 * render), and the call into libc's memcpy cost more than the copying.
 * The empty asm hides where s points from the compiler: it cannot see
 * that n fits the source, and would flag the moves of every small source
 * object on the paths it cannot rule out. */
static inline void vb_copy_small(char *d, const char *s, size_t n)
{
    __asm__("" : "+r"(s));
    if (n >= 8) {
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n) {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    }
}

/* vb_buf_put of more than 16 bytes, out of line (the same reason). */
void vb_buf_put_long(vb_buf *b, const void *p, size_t n);

static inline void vb_buf_put(vb_buf *b, const void *p, size_t n)
{
    if (!__builtin_constant_p(n) && n > 16) {
        vb_buf_put_long(b, p, n);
        return;
    }
    vb_buf_reserve(b, n);
    if (__builtin_constant_p(n))
        memcpy(b->data + b->len, p, n); /* the compiler's own moves */
    else
        vb_copy_small(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}
static inline void vb_buf_puts(vb_buf *b, const char *s)
{
    vb_buf_put(b, s, strlen(s));
}
void vb_buf_printf(vb_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The rest of an open file, read to its end or until more than `limit`
 * bytes came (the caller then refuses the size), in one malloc'd block
 * with a NUL after the *len bytes. A regular file is read into a block of
 * its size: no copying and no slack. NULL with errno set when reading
 * fails (EISDIR for a directory, as read() says). */
char *vb_read_fd(int fd, size_t limit, size_t *len);

/* A growable array of fixed-size elements in an arena (old storage is left
 * in the arena when it grows; arrays in a document are small). An array
 * that is the newest block of the arena grows in place. New elements are
 * zeroed. */
#define VB_VEC_PUSH(arena, arr, n, cap)                                       \
    (((n) == (cap)) ? (vb_vec_grow((arena), (void **)&(arr), &(cap),          \
                                   sizeof(*(arr))), 0) : 0,                  \
     &(arr)[(n)++])
void vb_vec_grow(vb_arena *a, void **arr, size_t *cap, size_t elem);

#define VB_MM(x) ((x) * 72.0 / 25.4)

#endif
