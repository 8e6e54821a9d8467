/* context.c - the per-process context and the render pipeline:
 * plan -> checks -> layout (compose) -> display list -> PDF bytes. */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "compose.h"
#include "design.h"
#include "font.h"
#include "fonts_builtin.h"
#include "load.h"
#include "pdf.h"
#include "util.h"
#include "vanban.h"

struct vb_ctx {
    char *datadir;
    vb_fontset fonts;
    vb_design design; /* layouts/nd30.yaml */
    char design_hash[17]; /* its digest, for the XMP (computed once) */
};

static const char *const FACE_FILES[VB_FACE_COUNT] = {
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf"};

/* a + b + c in a fresh malloc'd string; NULL when out of memory. Paths
 * are built on the heap rather than in PATH_MAX arrays on the stack: those
 * cost five fresh stack pages at start-up that nothing later reused. */
static char *path_cat(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = malloc(la + lb + lc + 1);
    if (p) {
        memcpy(p, a, la);
        memcpy(p + la, b, lb);
        memcpy(p + la + lb, c, lc + 1);
    }
    return p;
}

static bool file_exists(const char *dir, const char *sub, const char *name)
{
    char *path = path_cat(dir, sub, name);
    struct stat st;
    bool ok = path && stat(path, &st) == 0;
    free(path);
    return ok;
}

/* Whether the faces are compiled into the library (fonts_builtin.h): the
 * data directory then needs no fonts/. */
static bool fonts_built_in(void)
{
    return vb_fonts_builtin(VB_FACE_REGULAR, NULL) != NULL;
}

/* Whether dir is a data directory: its layouts/nd30.yaml opens, and fonts/
 * has the first face unless the faces are built in. On success *layout_fd
 * is that layout, open: the probe opens the file the context reads anyway,
 * where a stat() before the open was one system call more. */
static bool is_datadir(const char *dir, int *layout_fd)
{
    char *path = path_cat(dir, "/layouts/", "nd30.yaml");
    int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    free(path);
    if (fd < 0)
        return false;
    if (!fonts_built_in() && !file_exists(dir, "/fonts/", FACE_FILES[0])) {
        close(fd);
        return false;
    }
    *layout_fd = fd;
    return true;
}

/* dir + suffix when that is a data directory (*layout_fd: is_datadir),
 * else NULL. */
static char *datadir_at(const char *dir, const char *suffix, int *layout_fd)
{
    char *cand = path_cat(dir, suffix, "");
    if (cand && is_datadir(cand, layout_fd))
        return cand;
    free(cand);
    return NULL;
}

/* The directory of the file at path ("" when it has none), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    char *dir = malloc(n + 1);
    if (dir) {
        memcpy(dir, path, n);
        dir[n] = 0;
    }
    return dir;
}

/* The file of the shared libvanban this code is in; NULL when it is linked
 * into the program itself. For the program, dladdr gives the name it was
 * started by, which may be a symlink: program_dir() looks past that. */
static const char *library_path(void)
{
    Dl_info info;
    struct link_map *map = NULL;
    if (!dladdr1((void *)vb_ctx_new, &info, (void **)&map, RTLD_DL_LINKMAP) ||
        !map || !map->l_name[0])
        return NULL; /* the main program's link map has no name */
    return info.dli_fname;
}

/* The directory of the running program, malloc'd; NULL if unknown. The
 * path it was started by (AT_EXECFN, in memory already) when that names
 * the program file itself; only a symlink (an installed link elsewhere)
 * needs readlink("/proc/self/exe"), a procfs lookup that cost a fresh
 * process ~25 us. A directory on the way may be a link: "dir/.." goes to
 * the parent of where the link leads, as it does from the resolved path. */
static char *program_dir(void)
{
    const char *fn = (const char *)getauxval(AT_EXECFN);
    struct stat st;
    if (fn && strchr(fn, '/') && lstat(fn, &st) == 0 && S_ISREG(st.st_mode))
        return dir_of(fn);
    char *exe = malloc(PATH_MAX);
    ssize_t n = exe ? readlink("/proc/self/exe", exe, PATH_MAX - 1) : -1;
    char *slash = n > 0 ? (exe[n] = 0, strrchr(exe, '/')) : NULL;
    if (!slash) {
        free(exe);
        return NULL;
    }
    *slash = 0;
    return exe;
}

/* Where fonts/ and layouts/ are: the environment, beside the executable
 * (an installed prefix or the build tree), the configured prefix, the
 * source tree. *layout_fd is the directory's layouts/nd30.yaml when the
 * search opened it, else -1 (VANBAN_DATADIR is taken as it is). */
static char *find_datadir(int *layout_fd)
{
    *layout_fd = -1;
    const char *env = getenv("VANBAN_DATADIR");
    if (env && *env)
        return strdup(env);
    /* Beside the library itself (an installed libvanban used by another
     * program), then beside the executable. */
    char *found = NULL;
    const char *lib = library_path();
    if (lib && strchr(lib, '/')) {
        char *dir = dir_of(lib);
        found = dir ? datadir_at(dir, "/../share/vanban", layout_fd) : NULL;
        free(dir);
    }
    char *exe = found ? NULL : program_dir();
    if (exe) {
        found = datadir_at(exe, "/../share/vanban", layout_fd);
        if (!found)
            found = datadir_at(exe, "/..", layout_fd);
    }
    free(exe);
#ifdef VANBAN_INSTALL_DATADIR
    if (!found)
        found = datadir_at(VANBAN_INSTALL_DATADIR, "", layout_fd);
#endif
#ifdef VANBAN_SOURCE_DATADIR
    if (!found)
        found = datadir_at(VANBAN_SOURCE_DATADIR, "", layout_fd);
#endif
    return found;
}

/* The four faces: the ones compiled in (fonts_builtin.h), read in place,
 * or else the files of datadir/fonts/. */
static int load_fonts(vb_fontset *fs, const char *datadir, char *err, size_t errlen)
{
    if (fonts_built_in()) {
        vb_face_bytes faces[VB_FACE_COUNT];
        for (int i = 0; i < VB_FACE_COUNT; i++) {
            faces[i].data = vb_fonts_builtin(i, &faces[i].len);
            faces[i].name = FACE_FILES[i];
        }
        return vb_fontset_load_mem(fs, faces, err, errlen);
    }
    char *paths[VB_FACE_COUNT];
    bool oom = false;
    for (int i = 0; i < VB_FACE_COUNT; i++)
        oom |= !(paths[i] = path_cat(datadir, "/fonts/", FACE_FILES[i]));
    int rc = oom ? -1 : vb_fontset_load(fs, (const char *const *)paths, err, errlen);
    for (int i = 0; i < VB_FACE_COUNT; i++)
        free(paths[i]);
    if (oom)
        snprintf(err, errlen, "out of memory");
    return rc;
}

/* The default layout, from fd when the search for the data directory
 * opened it (which this closes), else from its path. */
static int load_default_design(vb_design *ds, int fd, const char *lpath, vb_diags *d)
{
    return fd >= 0 ? vb_design_load_fd(ds, fd, lpath, d) : vb_design_load(ds, lpath, d);
}

/* A digest of the page design's values (FNV-1a, 64 bits), recorded in the
 * PDF's metadata so an archive can tell which design a document used. */
static void design_hash(const vb_design *ds, char out[17])
{
    const unsigned char *b = (const unsigned char *)ds;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < sizeof *ds; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* What has no file of its own (the data directory, a face, memory) is
 * reported as vanban's: "vanban: error: MESSAGE [RULE]". */
static void ctx_error(char *err, size_t errlen, const char *rule, const char *msg)
{
    snprintf(err, errlen, "vanban: error: %s [%s]", msg, rule);
}

vb_ctx *vb_ctx_new(const char *datadir, char *err, size_t errlen)
{
    vb_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        ctx_error(err, errlen, "memory", "out of memory");
        return NULL;
    }
    int layout_fd = -1;
    ctx->datadir = datadir ? strdup(datadir) : find_datadir(&layout_fd);
    if (!ctx->datadir) {
        ctx_error(err, errlen, "datadir",
                  fonts_built_in() ? "cannot find vanban's layouts/ (set VANBAN_DATADIR)"
                                   : "cannot find vanban's fonts/ and layouts/ "
                                     "(set VANBAN_DATADIR)");
        free(ctx);
        return NULL;
    }
    char why[384];
    if (load_fonts(&ctx->fonts, ctx->datadir, why, sizeof why) != 0) {
        ctx_error(err, errlen, "font", why);
        if (layout_fd >= 0)
            close(layout_fd);
        free(ctx->datadir);
        free(ctx);
        return NULL;
    }
    char *lpath = path_cat(ctx->datadir, "/layouts/", "nd30.yaml");
    if (!lpath) {
        if (layout_fd >= 0)
            close(layout_fd);
        ctx_error(err, errlen, "memory", "out of memory");
        vb_ctx_free(ctx);
        return NULL;
    }
    vb_diags d;
    vb_diags_init(&d, lpath);
    if (load_default_design(&ctx->design, layout_fd, lpath, &d) != 0) {
        /* The layout's first complaint, as the plan's would be printed
         * (design.c always says why; the fallback is for safety). */
        if (!d.n)
            vb_error(&d, ((vb_pos){0, 0}), "layout", "bad layout");
        vb_diag_format(&d, &d.items[0], err, errlen);
        vb_diags_free(&d);
        free(lpath);
        vb_ctx_free(ctx);
        return NULL;
    }
    vb_diags_free(&d);
    free(lpath);
    design_hash(&ctx->design, ctx->design_hash);
    return ctx;
}

void vb_ctx_free(vb_ctx *ctx)
{
    if (!ctx)
        return;
    vb_fontset_free(&ctx->fonts);
    free(ctx->datadir);
    free(ctx);
}

const char *vb_ctx_datadir(const vb_ctx *ctx)
{
    return ctx->datadir;
}

/* The page design a plan asks for: the default, a name under layouts/, or
 * a file relative to the plan. */
static int plan_design(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o,
                       vb_design *out, vb_diags *d)
{
    const char *name = p->layout.s;
    if (!name || !strcmp(name, "nd30")) {
        *out = ctx->design;
        return 0;
    }
    char path[PATH_MAX * 2];
    bool is_path = strchr(name, '/') || strstr(name, ".yaml") || strstr(name, ".yml");
    if (is_path && o && o->no_external_files) {
        vb_error(d, p->layout.pos, "external-file",
                 "layout file '%s' refused: --no-external-files is set", name);
        return -1;
    }
    if (!is_path)
        snprintf(path, sizeof path, "%s/layouts/%s.yaml", ctx->datadir, name);
    else if (name[0] == '/')
        snprintf(path, sizeof path, "%s", name);
    else
        snprintf(path, sizeof path, "%s/%s", p->dir ? p->dir : ".", name);
    vb_diags ld;
    vb_diags_init(&ld, path);
    int rc = vb_design_load(out, path, &ld);
    for (size_t i = 0; i < ld.n; i++)
        vb_error(d, p->layout.pos, ld.items[i].rule, "layout '%s' line %d: %s", name,
                 ld.items[i].pos.line, ld.items[i].message);
    vb_diags_free(&ld);
    return rc;
}


/* A plan without a date takes SOURCE_DATE_EPOCH for the PDF's dates (the
 * reproducible-builds convention); the clock is never read. */
static void source_date(vb_meta *m)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (m->year || !e || !*e)
        return;
    char *end;
    errno = 0;
    long long t = strtoll(e, &end, 10);
    if (*end || errno || t < 0)
        return;
    /* The day in Vietnam (UTC+7), where the document is dated. */
    time_t tt = (time_t)t + 7 * 3600;
    struct tm tm;
    if (!gmtime_r(&tt, &tm))
        return;
    m->year = tm.tm_year + 1900;
    m->month = tm.tm_mon + 1;
    m->day = tm.tm_mday;
}

/* Checks shared by check and render; fills ds with the plan's design. */
static int check_into(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o,
                      vb_design *ds, bool tables, vb_diags *d)
{
    size_t e0 = d->errors;
    plan_design(ctx, p, o, ds, d);
    vb_check_opts co = {o && o->no_external_files, tables, o && o->signer_image,
                        o && o->seal_image};
    vb_check_plan(p, &ctx->fonts, &co, d);
    if (o && o->strict && d->warnings)
        return -1;
    return d->errors == e0 ? 0 : -1;
}

int vb_check(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o, vb_diags *d)
{
    vb_design ds;
    return check_into(ctx, p, o, &ds, true, d);
}

/* The pipeline: checks, layout, PDF bytes appended to out. */
static int render(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o, vb_buf *out,
                  vb_diags *d)
{
    size_t e0 = d->errors;
    vb_design ds;
    if (check_into(ctx, p, o, &ds, false, d) != 0)
        return -1;
    vb_arena arena;
    vb_arena_init(&arena);
    vb_dlist dl;
    vb_dlist_init(&dl, &arena);
    char hash[17];
    if (!memcmp(&ds, &ctx->design, sizeof ds))
        memcpy(hash, ctx->design_hash, sizeof hash);
    else
        design_hash(&ds, hash);
    vb_compose_opts co = {VANBAN_VERSION, hash, false, NULL, 0, NULL, 0};
    if (o) {
        co.signer_image = o->signer_image;
        co.signer_image_len = o->signer_image_len;
        co.seal_image = o->seal_image;
        co.seal_image_len = o->seal_image_len;
    }
    int rc = vb_compose(p, &ds, &ctx->fonts, &co, &dl, d);
    source_date(&dl.meta);
    if (o && o->source) {
        dl.meta.source = o->source;
        dl.meta.source_len = o->source_len;
        dl.meta.source_name = o->source_name ? o->source_name : "plan.yaml";
    }
    if (rc == 0 && d->errors == e0) {
        char err[256];
        vb_pdf_opts po = {o && o->uncompressed ? 0 : 1};
        if (vb_pdf_write(&dl, &ctx->fonts, &po, out, err, sizeof err) != 0) {
            vb_pos none = {0, 0};
            vb_error(d, none, "pdf", "%s", err);
            rc = -1;
        }
    } else {
        rc = -1;
    }
    vb_arena_free(&arena);
    return rc;
}

/* ---- the public API (vanban.h) ---- */

const char *vb_version(void)
{
    return VANBAN_VERSION;
}

vb_plan *vb_load_file(const char *path, vb_diags *d)
{
    return vb_plan_load_file(path, NULL, d);
}

vb_plan *vb_load_mem(const void *data, size_t len, const char *name, const char *dir,
                     vb_diags *d)
{
    return vb_plan_load_mem(data, len, name, dir, NULL, d);
}

void vb_free(void *p)
{
    free(p);
}

int vb_render_mem(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o,
                  unsigned char **pdf, size_t *len, vb_diags *d)
{
    *pdf = NULL;
    *len = 0;
    vb_buf b;
    vb_buf_init(&b);
    if (render(ctx, p, o, &b, d) != 0 || (o && o->strict && d->warnings)) {
        vb_buf_free(&b);
        return -1;
    }
    *pdf = (unsigned char *)b.data;
    *len = b.len;
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Create a file beside path that did not exist: path.XXXXXX, the six
 * characters from the clock and an address (ASLR), as mkstemp makes them,
 * retried on a clash. Unlike mkstemp's 0600, the mode is 0666 less the
 * umask, as for any file a program writes, so a restrictive umask keeps
 * the PDF private and no fchmod is needed afterwards. */
static int create_beside(const char *path, char *tmp, size_t n)
{
    static const char digits[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    struct timespec ts = {0, 0}; /* the address below still varies */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t v = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^
                 (uint64_t)(uintptr_t)&ts;
    for (int attempt = 0; attempt < 100; attempt++) {
        v = v * 6364136223846793005ULL + 1442695040888963407ULL;
        char name[7];
        uint64_t x = v >> 16;
        for (int i = 0; i < 6; i++, x /= 62)
            name[i] = digits[x % 62];
        name[6] = 0;
        snprintf(tmp, n, "%s.%s", path, name);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* Write through a temporary file beside path, renamed into place, so a
 * reader never sees half a PDF and a failure leaves the old file. */
static int write_atomic(const char *path, const unsigned char *data, size_t len,
                        vb_diags *d)
{
    vb_pos none = {0, 0};
    if (!strcmp(path, "-")) {
        if (write_all(STDOUT_FILENO, (const char *)data, len) == 0)
            return 0;
        vb_error(d, none, "io", "cannot write to standard output: %s", strerror(errno));
        return -1;
    }
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        abort();
    int fd = create_beside(path, tmp, n);
    if (fd < 0) {
        vb_error(d, none, "io", "cannot create a file beside '%s': %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    int rc = write_all(fd, (const char *)data, len);
    if (close(fd) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        vb_error(d, none, "io", "cannot write '%s': %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

int vb_render_file(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *o, const char *path,
                   vb_diags *d)
{
    unsigned char *pdf;
    size_t len;
    if (vb_render_mem(ctx, p, o, &pdf, &len, d) != 0)
        return -1;
    int rc = write_atomic(path, pdf, len, d);
    vb_free(pdf);
    return rc;
}
