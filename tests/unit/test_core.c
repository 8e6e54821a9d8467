/* test_core.c - the small shared pieces: the arena allocator, vb_buf,
 * VB_VEC_PUSH, diagnostics (format, folding, limits, stable sorting) and
 * the display-list builders (pages, items, outline, fields).
 *
 * Nothing here needs fonts or layouts; it runs from any directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "dlist.h"
#include "util.h"

/* ------------------------------------------------------------ arena */

static void arena_alignment(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    /* Every size from 0 to 300 bytes, and some odd large ones, interleaved:
     * every pointer is 16-byte aligned whatever came before it. */
    for (size_t size = 0; size <= 300; size++) {
        void *p = vb_alloc(&a, size);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    static const size_t odd[] = {4095, 4097, 5000, 16383, 16385, 70001, 3, 1};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        void *p = vb_alloc(&a, odd[i]);
        assert_int_equal((uintptr_t)p % 16, 0);
        char *q = vb_alloc(&a, 1);
        assert_int_equal((uintptr_t)q % 16, 0);
    }
    /* Arrays of a 16-byte-aligned type can be used as such. */
    long double *ld = vb_alloc_array(&a, 7, sizeof *ld);
    assert_int_equal((uintptr_t)ld % _Alignof(long double), 0);
    for (int i = 0; i < 7; i++)
        ld[i] = i * 0.5L;
    assert_true(ld[6] == 3.0L);
    vb_arena_free(&a);
}

static void arena_zeroing(void **state)
{
    (void)state;
    /* Dirty memory first, then free it so that malloc is likely to hand the
     * same bytes back: vb_alloc must zero what it returns. */
    for (int round = 0; round < 3; round++) {
        vb_arena a;
        vb_arena_init(&a);
        static const size_t sizes[] = {1, 15, 16, 17, 100, 1000, 4096, 5000, 20000, 100000};
        unsigned char *ptrs[sizeof sizes / sizeof sizes[0]];
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            ptrs[i] = vb_alloc(&a, sizes[i]);
            for (size_t k = 0; k < sizes[i]; k++)
                assert_int_equal(ptrs[i][k], 0);
            memset(ptrs[i], 0xA5, sizes[i]);
        }
        /* Data written into one allocation never leaks into the next. */
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            for (size_t k = 0; k < sizes[i]; k++)
                assert_int_equal(ptrs[i][k], 0xA5);
        vb_arena_free(&a);
        assert_null(a.head);
        assert_int_equal(a.total, 0);
    }
    vb_arena a;
    vb_arena_init(&a);
    int *arr = vb_alloc_array(&a, 1000, sizeof *arr);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(arr[i], 0);
    vb_arena_free(&a);
}

static void arena_big_allocations(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    char *small1 = vb_alloc(&a, 16);
    /* A big block: fully writable, and it does not waste the current
     * chunk's free tail (the next small allocation follows small1). */
    size_t big = 3u << 20;
    unsigned char *b = vb_alloc(&a, big);
    assert_non_null(b);
    memset(b, 0x5A, big);
    assert_int_equal(b[0], 0x5A);
    assert_int_equal(b[big - 1], 0x5A);
    char *small2 = vb_alloc(&a, 16);
    assert_ptr_equal(small2, small1 + 16);
    /* Several big blocks in a row do not overlap each other. */
    unsigned char *blocks[5];
    for (int i = 0; i < 5; i++) {
        blocks[i] = vb_alloc(&a, 100000 + (size_t)i);
        memset(blocks[i], i + 1, 100000 + (size_t)i);
    }
    for (int i = 0; i < 5; i++) {
        assert_int_equal(blocks[i][0], i + 1);
        assert_int_equal(blocks[i][99999 + (size_t)i], i + 1);
    }
    assert_int_equal(b[big / 2], 0x5A);
    /* total counts what was handed out (rounded to 16). */
    assert_true(a.total >= big + 32 + 5 * 100000);
    vb_arena_free(&a);
}

static void arena_many_allocations(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    enum { N = 100000 };
    uint32_t **ptrs = malloc(N * sizeof *ptrs);
    assert_non_null(ptrs);
    size_t want = 0;
    for (uint32_t i = 0; i < N; i++) {
        size_t n = 1 + i % 13;
        ptrs[i] = vb_alloc_array(&a, n, sizeof **ptrs);
        for (size_t k = 0; k < n; k++)
            ptrs[i][k] = i * 31 + (uint32_t)k;
        want += (n * sizeof **ptrs + 15) & ~(size_t)15;
    }
    /* Nothing was overwritten by a later allocation. */
    for (uint32_t i = 0; i < N; i++) {
        size_t n = 1 + i % 13;
        for (size_t k = 0; k < n; k++)
            assert_int_equal(ptrs[i][k], i * 31 + (uint32_t)k);
    }
    assert_int_equal(a.total, want);
    free(ptrs);
    vb_arena_free(&a);
}

static void arena_strings(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    const char src[] = "Sở Khoa học và Công nghệ";
    char *s = vb_strndup(&a, src, 4); /* "Sở" is 4 bytes */
    assert_string_equal(s, "Sở");
    assert_null(vb_strdup(&a, NULL));
    char *t = vb_strdup(&a, src);
    assert_string_equal(t, src);
    assert_ptr_not_equal(t, src);
    assert_string_equal(vb_strndup(&a, "", 0), "");
    assert_string_equal(vb_sprintf(&a, "Số: %02d/%s", 4, "KH-KHCN"), "Số: 04/KH-KHCN");
    /* A long result is not truncated. */
    char *long_s = vb_sprintf(&a, "%5000d|", 7);
    assert_int_equal(strlen(long_s), 5001);
    assert_int_equal(long_s[4999], '7');
    vb_arena_free(&a);
}

/* vb_sprintf formats straight into the free tail of the current chunk
 * when the text fits there, and otherwise measures and allocates. Strings
 * of many lengths between blocks of many sizes cross every tail size: each
 * string stays whole, aligned and clear of its neighbours, and total
 * counts what was handed out. */
static void arena_sprintf_tails(void **state)
{
    (void)state;
    enum { N = 3000 };
    static const int lens[] = {0, 1, 14, 15, 16, 17, 47, 63, 64, 65, 200, 1000, 5000};
    vb_arena a;
    vb_arena_init(&a);
    char *strs[N];
    unsigned char *blocks[N];
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        size_t fill = (size_t)(i * 37) % 700;
        blocks[i] = vb_alloc_nozero(&a, fill + 1);
        memset(blocks[i], i & 0xFF, fill + 1);
        int len = lens[i % (sizeof lens / sizeof *lens)];
        strs[i] = vb_sprintf(&a, "%0*d", len > 0 ? len : 1, i % 10);
        if (len == 0)
            strs[i][0] = 0; /* keep the loop's checks simple */
        assert_int_equal((uintptr_t)strs[i] % 16, 0);
        size_t slen = (size_t)(len > 0 ? len : 1);
        total += ((fill + 1 + 15) & ~(size_t)15) + ((slen + 1 + 15) & ~(size_t)15);
    }
    assert_int_equal(a.total, total);
    for (int i = 0; i < N; i++) {
        size_t fill = (size_t)(i * 37) % 700;
        for (size_t k = 0; k <= fill; k++)
            assert_int_equal(blocks[i][k], i & 0xFF);
        int len = lens[i % (sizeof lens / sizeof *lens)];
        if (len == 0) {
            assert_string_equal(strs[i], "");
            continue;
        }
        assert_int_equal(strlen(strs[i]), (size_t)len);
        assert_int_equal(strs[i][len - 1], '0' + i % 10);
    }
    vb_arena_free(&a);
}

/* vb_arena_reset forgets the blocks but keeps the memory: afterwards the
 * same requests (however many chunks they took, big ones included) are
 * served back to back from one chunk, the arena's total starts again
 * from 0, and the blocks are usable; a reset of an empty arena is a
 * no-op. A block of no size is a pointer all the same. */
static void arena_reset(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    vb_arena_reset(&a);
    assert_null(a.head);
    assert_non_null(vb_alloc_nozero(&a, 0));
    static const size_t sizes[] = {100, 5000, 16000, 70000, 3, 20000, 1, 9000};
    enum { NS = sizeof sizes / sizeof sizes[0] };
    for (int round = 0; round < 3; round++) {
        unsigned char *p[NS];
        for (size_t i = 0; i < NS; i++) {
            p[i] = vb_alloc(&a, sizes[i]);
            memset(p[i], (int)i + 1, sizes[i]);
        }
        for (size_t i = 0; i < NS; i++)
            assert_int_equal(p[i][sizes[i] - 1], i + 1);
        if (round > 0)
            for (size_t i = 1; i < NS; i++)
                assert_ptr_equal(p[i], p[i - 1] + ((sizes[i - 1] + 15) & ~(size_t)15));
        vb_arena_reset(&a);
        assert_int_equal(a.total, 0);
        assert_non_null(a.head);
    }
    vb_arena_free(&a);
    assert_null(a.head);
}

/* vb_alloc documents "aborts on out-of-memory": a request that cannot be
 * satisfied must never return a pointer. Run in a child: an abort (or a
 * sanitizer's refusal) is the right outcome, returning memory is not. */
static int child_alloc_status(size_t n, size_t size)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* Keep the expected abort quiet. */
        if (!freopen("/dev/null", "w", stderr))
            _exit(3);
        vb_arena a;
        vb_arena_init(&a);
        void *p = n ? vb_alloc_array(&a, n, size) : vb_alloc(&a, size);
        _exit(p ? 0 : 2);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return st;
}

static void arena_impossible_sizes_abort(void **state)
{
    (void)state;
    /* n * size overflows: refused. */
    int st = child_alloc_status(SIZE_MAX / 2, 4);
    assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Regression test, fixed (src/util.c, vb_alloc): `size = (size + 15) & ~15` wraps for a
 * size within 15 of SIZE_MAX, giving 0, so vb_alloc returns a zero-byte
 * block instead of aborting; `sizeof *n + want` can wrap the same way. */
static void arena_size_near_max_aborts(void **state)
{
    (void)state;
    int st = child_alloc_status(0, SIZE_MAX - 3);
    assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    st = child_alloc_status(1, SIZE_MAX - 8);
    assert_false(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* ------------------------------------------------------------ vb_buf */

static void buf_growth(void **state)
{
    (void)state;
    vb_buf b;
    vb_buf_init(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    vb_buf_put(&b, "", 0);
    assert_non_null(b.data);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    /* 10,000 small appends: contents intact, always NUL-terminated, room
     * for the NUL kept. */
    for (int i = 0; i < 10000; i++) {
        char c = (char)('a' + i % 26);
        vb_buf_put(&b, &c, 1);
        assert_int_equal(b.len, (size_t)i + 1);
        assert_int_equal(b.data[b.len], 0);
        assert_true(b.cap > b.len);
    }
    for (int i = 0; i < 10000; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    vb_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
}

static void buf_puts_printf(void **state)
{
    (void)state;
    vb_buf b;
    vb_buf_init(&b);
    vb_buf_puts(&b, "Nơi nhận:");
    vb_buf_printf(&b, " %d-%s;", 42, "Lưu");
    assert_string_equal(b.data, "Nơi nhận: 42-Lưu;");
    assert_int_equal(b.len, strlen("Nơi nhận: 42-Lưu;"));
    /* A printf far larger than the current capacity. */
    size_t before = b.len;
    vb_buf_printf(&b, "%*s", 70000, "x");
    assert_int_equal(b.len, before + 70000);
    assert_int_equal(b.data[b.len - 1], 'x');
    assert_int_equal(b.data[b.len], 0);
    assert_int_equal(b.data[before], ' ');
    /* Binary data with NULs in it is kept byte for byte. */
    vb_buf_free(&b);
    vb_buf_init(&b);
    const char bin[] = {'a', 0, 'b', 0, 'c'};
    vb_buf_put(&b, bin, sizeof bin);
    assert_int_equal(b.len, 5);
    assert_memory_equal(b.data, bin, 5);
    /* Reserve does not change the length but guarantees room. */
    vb_buf_reserve(&b, 100000);
    assert_int_equal(b.len, 5);
    assert_true(b.cap - b.len > 100000);
    char *keep = b.data;
    for (int i = 0; i < 1000; i++)
        vb_buf_put(&b, "0123456789", 10);
    assert_ptr_equal(b.data, keep); /* no reallocation was needed */
    vb_buf_free(&b);
}

/* Appends of every length up to 40 bytes (the short ones are copied with
 * overlapping moves, not memcpy), each from a block of exactly that size
 * so that a sanitizer build sees any read past it, after every length of
 * what came before: the bytes arrive whole and in order. */
static void buf_small_appends(void **state)
{
    (void)state;
    vb_buf b;
    vb_buf_init(&b);
    for (size_t before = 0; before < 20; before++) {
        for (size_t n = 0; n <= 40; n++) {
            b.len = 0;
            for (size_t k = 0; k < before; k++)
                vb_buf_put(&b, "#", 1);
            char *src = malloc(n ? n : 1);
            assert_non_null(src);
            for (size_t k = 0; k < n; k++)
                src[k] = (char)('A' + (n + k) % 26);
            vb_buf_put(&b, src, n);
            assert_int_equal(b.len, before + n);
            assert_int_equal(b.data[b.len], 0);
            for (size_t k = 0; k < before; k++)
                assert_int_equal(b.data[k], '#');
            assert_memory_equal(b.data + before, src, n);
            free(src);
        }
    }
    vb_buf_free(&b);
}

/* ------------------------------------------------------------ vb_read_fd */

static FILE *file_with(const char *data, size_t len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fflush(f), 0);
    rewind(f);
    return f;
}

static void read_fd_files(void **state)
{
    (void)state;
    /* A regular file: its bytes, then a NUL. */
    const char text[] = "vanban: 1\nplace: Bắc Giang\n";
    FILE *f = file_with(text, sizeof text - 1);
    size_t len = 99;
    char *buf = vb_read_fd(fileno(f), 1 << 20, &len);
    assert_non_null(buf);
    assert_int_equal(len, sizeof text - 1);
    assert_memory_equal(buf, text, len);
    assert_int_equal(buf[len], 0);
    free(buf);
    fclose(f);
    /* An empty file. */
    f = file_with("", 0);
    buf = vb_read_fd(fileno(f), 1 << 20, &len);
    assert_non_null(buf);
    assert_int_equal(len, 0);
    assert_int_equal(buf[0], 0);
    free(buf);
    fclose(f);
    /* Over the limit: more than limit bytes come back, for the caller to
     * refuse; from the current offset on, as read() goes. */
    char big[5000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)('a' + i % 26);
    f = file_with(big, sizeof big);
    buf = vb_read_fd(fileno(f), 100, &len);
    assert_non_null(buf);
    assert_true(len > 100);
    assert_memory_equal(buf, big, len);
    free(buf);
    assert_int_equal(fseek(f, 1000, SEEK_SET), 0);
    buf = vb_read_fd(fileno(f), 1 << 20, &len);
    assert_int_equal(len, sizeof big - 1000);
    assert_memory_equal(buf, big + 1000, len);
    free(buf);
    fclose(f);
    /* A directory: read() refuses it, and the reason is kept. */
    int fd = open(".", O_RDONLY);
    assert_true(fd >= 0);
    errno = 0;
    assert_null(vb_read_fd(fd, 1 << 20, &len));
    assert_int_equal(errno, EISDIR);
    close(fd);
}

/* A regular file whose size says 0 and whose read() gives at most a page
 * at a time (procfs): the short reads are not its end, every byte comes
 * in. /proc/kallsyms is megabytes long and the same from read to read. */
static void read_fd_short_reads(void **state)
{
    (void)state;
    FILE *f = fopen("/proc/kallsyms", "rb");
    if (!f)
        skip(); /* no procfs here: nothing to compare against */
    size_t want = 0;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        want += got;
    rewind(f);
    size_t len = 0;
    char *buf = vb_read_fd(fileno(f), (size_t)1 << 30, &len);
    fclose(f);
    assert_non_null(buf);
    assert_true(want > 8192); /* more than one read()'s worth */
    assert_int_equal(len, want);
    free(buf);
}

/* A pipe has no size: the buffer grows, several times over, and every
 * byte comes through in order. */
static void read_fd_pipe(void **state)
{
    (void)state;
    enum { TOTAL = 300000 };
    int p[2];
    assert_int_equal(pipe(p), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        char chunk[1000];
        for (int k = 0; k < TOTAL / (int)sizeof chunk; k++) {
            for (size_t i = 0; i < sizeof chunk; i++)
                chunk[i] = (char)((k * sizeof chunk + i) % 251);
            if (write(p[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk)
                _exit(1);
        }
        _exit(0);
    }
    close(p[1]);
    size_t len = 0;
    char *buf = vb_read_fd(p[0], (size_t)1 << 30, &len);
    close(p[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_non_null(buf);
    assert_int_equal(len, TOTAL);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)buf[i] != i % 251)
            fail_msg("byte %zu is %d", i, (unsigned char)buf[i]);
    assert_int_equal(buf[len], 0);
    free(buf);
}

/* ------------------------------------------------------------ VB_VEC_PUSH */

typedef struct pt {
    double x, y;
    int id;
} pt;

static void vec_push_growth(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    pt *arr = NULL;
    size_t n = 0, cap = 0;
    size_t caps_seen = 0, last_cap = 0;
    for (int i = 0; i < 5000; i++) {
        pt *p = VB_VEC_PUSH(&a, arr, n, cap);
        assert_ptr_equal(p, &arr[n - 1]);
        p->x = i * 1.5;
        p->y = -i;
        p->id = i;
        assert_int_equal(n, (size_t)i + 1);
        assert_true(cap >= n);
        if (cap != last_cap) {
            /* Growth is geometric: 8, 16, 32 ... (amortised O(1)). */
            if (last_cap)
                assert_int_equal(cap, last_cap * 2);
            else
                assert_int_equal(cap, 8);
            last_cap = cap;
            caps_seen++;
        }
    }
    assert_int_equal(caps_seen, 11); /* 8 .. 8192 */
    for (int i = 0; i < 5000; i++) {
        assert_int_equal(arr[i].id, i);
        assert_true(arr[i].x == i * 1.5);
        assert_true(arr[i].y == -i);
    }
    /* The macro evaluates to a usable lvalue pointer in an expression. */
    int *ints = NULL;
    size_t ni = 0, ci = 0;
    for (int i = 0; i < 20; i++)
        *VB_VEC_PUSH(&a, ints, ni, ci) = i * i;
    assert_int_equal(ni, 20);
    assert_int_equal(ci, 32);
    for (int i = 0; i < 20; i++)
        assert_int_equal(ints[i], i * i);
    vb_arena_free(&a);
}

/* ------------------------------------------------------------ diagnostics */

/* Print the diagnostics into a string (open_memstream is POSIX 2008). */
static char *print_all(const vb_diags *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    vb_diags_print(d, f);
    fclose(f);
    return buf;
}

static char *print_one(const vb_diags *d, size_t i)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    vb_diag_print(d, &d->items[i], f);
    fclose(f);
    return buf;
}

static void diag_format(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "plan.yaml");
    vb_error(&d, ((vb_pos){12, 7}), "unknown-key", "unknown key '%s'", "titel");
    vb_warning(&d, ((vb_pos){3, 1}), "style", "level-1 title in lower case");
    assert_int_equal(d.n, 2);
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.warnings, 1);
    char *s = print_one(&d, 0);
    assert_string_equal(s, "plan.yaml:12:7: error: unknown key 'titel' [unknown-key]\n");
    free(s);
    s = print_one(&d, 1);
    assert_string_equal(s, "plan.yaml:3:1: warning: level-1 title in lower case [style]\n");
    free(s);
    vb_diags_free(&d);

    /* No file name: <stdin>. */
    vb_diags_init(&d, NULL);
    assert_string_equal(d.file, "<stdin>");
    vb_error(&d, ((vb_pos){1, 2}), "x", "m");
    s = print_one(&d, 0);
    assert_string_equal(s, "<stdin>:1:2: error: m [x]\n");
    free(s);
    vb_diags_free(&d);
}

static void diag_no_position(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "layouts/nd30.yaml");
    vb_error(&d, ((vb_pos){0, 0}), "layout-missing", "layout key '%s' is missing", "page.width_mm");
    vb_error(&d, ((vb_pos){5, 0}), "r", "column 0");
    vb_error(&d, ((vb_pos){-3, -1}), "r", "negative");
    char *s = print_all(&d);
    assert_string_equal(s,
        "layouts/nd30.yaml:1:1: error: layout key 'page.width_mm' is missing [layout-missing]\n"
        "layouts/nd30.yaml:5:1: error: column 0 [r]\n"
        "layouts/nd30.yaml:1:1: error: negative [r]\n");
    free(s);
    vb_diags_free(&d);
}

/* vb_diag_format gives vb_diag_print's line without the newline (a context
 * that cannot be made reports its layout's first complaint with it), and
 * cuts a long line at the buffer's size. */
static void diag_format_is_the_printed_line(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "layouts/nd30.yaml");
    vb_error(&d, ((vb_pos){2, 3}), "layout-key", "unknown layout key '%s'", "page.width");
    vb_warning(&d, ((vb_pos){0, 7}), "w", "no position");
    for (size_t i = 0; i < d.n; i++) {
        char buf[256];
        vb_diag_format(&d, &d.items[i], buf, sizeof buf);
        char *s = print_one(&d, i);
        size_t n = strlen(s);
        assert_true(n > 0 && s[n - 1] == '\n');
        s[n - 1] = 0;
        assert_string_equal(buf, s);
        free(s);
    }
    char small[12];
    vb_diag_format(&d, &d.items[0], small, sizeof small);
    assert_string_equal(small, "layouts/nd3");
    vb_diags_free(&d);
}

/* Regression test, fixed (src/diag.c, vb_diag_print): diag.h says line 0 means "no
 * position" and is printed as FILE:1:1, but the column is printed as given
 * when it is > 0, so {0, 9} comes out as FILE:1:9. */
static void diag_line0_ignores_column(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "layouts/nd30.yaml");
    vb_error(&d, ((vb_pos){0, 9}), "r", "line 0, column 9");
    char *s = print_all(&d);
    assert_string_equal(s, "layouts/nd30.yaml:1:1: error: line 0, column 9 [r]\n");
    free(s);
    vb_diags_free(&d);
}

static void diag_newlines_folded(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "f.yaml");
    vb_error(&d, ((vb_pos){2, 3}), "type", "expected a string, found '%s'", "a\nb\r\nc");
    vb_error(&d, ((vb_pos){2, 4}), NULL, "no rule\n");
    assert_string_equal(d.items[0].message, "expected a string, found 'a b  c'");
    assert_null(strchr(d.items[1].message, '\n'));
    assert_string_equal(d.items[1].rule, "error"); /* a NULL rule gets a default */
    char *s = print_all(&d);
    /* Exactly one output line per diagnostic. */
    size_t lines = 0;
    for (char *p = s; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 2);
    assert_string_equal(s, "f.yaml:2:3: error: expected a string, found 'a b  c' [type]\n"
                           "f.yaml:2:4: error: no rule  [error]\n");
    free(s);
    /* A long message is kept whole. */
    char big[3000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = 0;
    vb_error(&d, ((vb_pos){9, 9}), "long", "%s", big);
    assert_int_equal(strlen(d.items[2].message), sizeof big - 1);
    vb_diags_free(&d);
}

static void diag_sort_stable(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "p.yaml");
    /* Many diagnostics on few positions, added out of order: sorted by
     * (line, column), ties in insertion order. */
    static const vb_pos pos[] = {{5, 2}, {1, 9}, {5, 2}, {0, 0}, {5, 1}, {1, 9},
                                 {12, 1}, {5, 2}, {2, 30}, {1, 9}, {0, 0}, {2, 4}};
    enum { NP = sizeof pos / sizeof pos[0] };
    for (int round = 0; round < 10; round++)
        for (int i = 0; i < NP; i++)
            vb_error(&d, pos[i], "r", "%d", round * NP + i);
    assert_int_equal(d.n, 10 * NP);
    vb_diags_sort(&d);
    for (size_t i = 1; i < d.n; i++) {
        const vb_diag *a = &d.items[i - 1], *b = &d.items[i];
        assert_true(a->pos.line < b->pos.line ||
                    (a->pos.line == b->pos.line && a->pos.col <= b->pos.col));
        if (a->pos.line == b->pos.line && a->pos.col == b->pos.col)
            assert_true(atoi(a->message) < atoi(b->message)); /* stable */
    }
    /* No-position diagnostics come first, then line 1. */
    assert_int_equal(d.items[0].pos.line, 0);
    assert_string_equal(d.items[0].message, "3");
    assert_string_equal(d.items[1].message, "10");
    assert_int_equal(d.items[20].pos.line, 1);
    assert_string_equal(d.items[20].message, "1");
    assert_string_equal(d.items[21].message, "5");
    assert_string_equal(d.items[22].message, "9");
    /* Sorting again changes nothing. */
    char *s1 = print_all(&d);
    vb_diags_sort(&d);
    char *s2 = print_all(&d);
    assert_string_equal(s1, s2);
    free(s1);
    free(s2);
    vb_diags_free(&d);
    /* Sorting empty and single lists is fine. */
    vb_diags_init(&d, "p.yaml");
    vb_diags_sort(&d);
    vb_error(&d, ((vb_pos){3, 3}), "r", "one");
    vb_diags_sort(&d);
    assert_string_equal(d.items[0].message, "one");
    vb_diags_free(&d);
}

static void diag_limit(void **state)
{
    (void)state;
    vb_diags d;
    vb_diags_init(&d, "p.yaml");
    d.limit = 3;
    for (int i = 0; i < 5; i++)
        vb_error(&d, ((vb_pos){i + 1, 1}), "r", "e%d", i);
    vb_warning(&d, ((vb_pos){9, 1}), "w", "w");
    /* Only `limit` are kept, but every one is counted. */
    assert_int_equal(d.n, 3);
    assert_int_equal(d.errors, 5);
    assert_int_equal(d.warnings, 1);
    assert_string_equal(d.items[2].message, "e2");
    vb_diags_free(&d);
    /* The default limit is 200. */
    vb_diags_init(&d, "p.yaml");
    for (int i = 0; i < 250; i++)
        vb_error(&d, ((vb_pos){1, 1}), "r", "x");
    assert_int_equal(d.n, 200);
    assert_int_equal(d.errors, 250);
    vb_diags_free(&d);
}

/* ------------------------------------------------------------ display list */

static void dlist_pages_items(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    assert_int_equal(d.npages, 0);
    assert_ptr_equal(d.arena, &a);
    /* 20 pages (the array grows); fill each through its index, as layout
     * does, after all of them exist. */
    for (int i = 0; i < 20; i++) {
        vb_page *p = vb_dlist_add_page(&d, i % 2 ? 841.89 : 595.276, i % 2 ? 595.276 : 841.89);
        assert_int_equal(p->n, 0);
    }
    assert_int_equal(d.npages, 20);
    for (size_t i = 0; i < 20; i++) {
        vb_page *p = &d.pages[i];
        assert_true(p->width == (i % 2 ? 841.89 : 595.276));
        char buf[32];
        int len = snprintf(buf, sizeof buf, "Trang %zu", i + 1);
        vb_item *t = vb_page_text(&d, p, 85.0 + (double)i, 700.5, VB_FACE_BOLDITALIC, 13, buf,
                                  (size_t)len);
        /* The text is copied: changing the source changes nothing. */
        memset(buf, '#', (size_t)len);
        char want[32];
        snprintf(want, sizeof want, "Trang %zu", i + 1);
        assert_string_equal(t->text, want);
        assert_int_equal(t->kind, VB_ITEM_TEXT);
        assert_int_equal(t->face, VB_FACE_BOLDITALIC);
        assert_true(t->size == 13.0f);
        assert_true(t->x == 85.0 + (double)i && t->y == 700.5);
        assert_int_equal(t->len, (size_t)len);
        assert_int_equal(t->text[t->len], 0);
        vb_page_rule(&d, p, 10, 20, 30, 0.75);
        vb_page_rect(&d, p, 1, 2, 3, 4, 1.5);
        vb_item *l = vb_page_add(&d, p, VB_ITEM_LINE);
        l->x = 5;
        l->w = 10;
        l->h = -10;
        l->lw = 0.25f;
    }
    for (size_t i = 0; i < 20; i++) {
        const vb_page *p = &d.pages[i];
        assert_int_equal(p->n, 4);
        char want[32];
        snprintf(want, sizeof want, "Trang %zu", i + 1);
        assert_string_equal(p->items[0].text, want);
        const vb_item *r = &p->items[1];
        assert_int_equal(r->kind, VB_ITEM_RULE);
        assert_true(r->x == 10 && r->y == 20 && r->w == 30 && r->h == 0.75);
        const vb_item *rc = &p->items[2];
        assert_int_equal(rc->kind, VB_ITEM_RECT);
        assert_true(rc->x == 1 && rc->y == 2 && rc->w == 3 && rc->h == 4);
        assert_true(rc->lw == 1.5f);
        const vb_item *ln = &p->items[3];
        assert_int_equal(ln->kind, VB_ITEM_LINE);
        assert_true(ln->lw == 0.25f);
        assert_true(ln->x == 5 && ln->w == 10 && ln->h == -10);
        /* Only what the caller set: no width of the library's own. */
        assert_true(p->items[0].lw == 0 && r->lw == 0);
        assert_null(ln->text);
        /* Colour defaults to black. */
        assert_true(ln->color.r == 0 && ln->color.g == 0 && ln->color.b == 0);
    }
    /* Many items on one page: all kept in order. */
    vb_page *p0 = &d.pages[0];
    for (int i = 0; i < 1000; i++)
        vb_page_rule(&d, p0, i, i, 1, 0.5);
    assert_int_equal(p0->n, 1004);
    for (int i = 0; i < 1000; i++)
        assert_true(p0->items[4 + i].x == i);
    vb_arena_free(&a);
}

static void dlist_outline_fields(void **state)
{
    (void)state;
    vb_arena a;
    vb_arena_init(&a);
    vb_dlist d;
    vb_dlist_init(&d, &a);
    vb_dlist_add_page(&d, 595.276, 841.89);
    char title[64];
    for (int i = 0; i < 12; i++) {
        snprintf(title, sizeof title, "%d. MỤC %d", i + 1, i + 1);
        vb_dlist_outline(&d, title, 1 + i % 2, (size_t)i / 3, 800.0 - i);
    }
    strcpy(title, "overwritten");
    assert_int_equal(d.noutline, 12);
    for (int i = 0; i < 12; i++) {
        char want[64];
        snprintf(want, sizeof want, "%d. MỤC %d", i + 1, i + 1);
        assert_string_equal(d.outline[i].title, want);
        assert_int_equal(d.outline[i].level, 1 + i % 2);
        assert_int_equal(d.outline[i].page, (size_t)i / 3);
        assert_true(d.outline[i].y == 800.0 - i);
    }
    char name[32] = "ChuKyNguoiKy";
    vb_dlist_field(&d, name, 0, 300.5, 120.25, 250, 70);
    strcpy(name, "zzz");
    vb_dlist_field(&d, "ChuKyCoQuan", 3, 1, 2, 3, 4);
    assert_int_equal(d.nfields, 2);
    assert_string_equal(d.fields[0].name, "ChuKyNguoiKy");
    assert_int_equal(d.fields[0].page, 0);
    assert_true(d.fields[0].x == 300.5 && d.fields[0].y == 120.25);
    assert_true(d.fields[0].w == 250 && d.fields[0].h == 70);
    assert_string_equal(d.fields[1].name, "ChuKyCoQuan");
    assert_int_equal(d.fields[1].page, 3);
    /* Everything lives in the arena: one free releases it (ASan checks). */
    vb_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_alignment),
        cmocka_unit_test(arena_zeroing),
        cmocka_unit_test(arena_big_allocations),
        cmocka_unit_test(arena_many_allocations),
        cmocka_unit_test(arena_strings),
        cmocka_unit_test(arena_sprintf_tails),
        cmocka_unit_test(arena_reset),
        cmocka_unit_test(arena_impossible_sizes_abort),
        cmocka_unit_test(arena_size_near_max_aborts),
        cmocka_unit_test(buf_growth),
        cmocka_unit_test(buf_puts_printf),
        cmocka_unit_test(buf_small_appends),
        cmocka_unit_test(read_fd_files),
        cmocka_unit_test(read_fd_short_reads),
        cmocka_unit_test(read_fd_pipe),
        cmocka_unit_test(vec_push_growth),
        cmocka_unit_test(diag_format),
        cmocka_unit_test(diag_no_position),
        cmocka_unit_test(diag_format_is_the_printed_line),
        cmocka_unit_test(diag_line0_ignores_column),
        cmocka_unit_test(diag_newlines_folded),
        cmocka_unit_test(diag_sort_stable),
        cmocka_unit_test(diag_limit),
        cmocka_unit_test(dlist_pages_items),
        cmocka_unit_test(dlist_outline_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
