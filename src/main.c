/* main.c - the vanban command line: arguments, commands, exit codes.
 *
 *   vanban render PLAN.yaml [-o OUT.pdf]      one plan ("-" = stdin/stdout)
 *   vanban render -d OUTDIR PLAN.yaml...      many plans, one process
 *   vanban check PLAN.yaml...                 validate without rendering
 *   vanban init [--type ke-hoach]             print a commented starter plan
 *
 * Exit codes: 0 success; 1 only warnings, under --strict; 2 errors (bad
 * input, bad usage, I/O). A PDF is written to a temporary file beside its
 * target and renamed into place, so on any error no output appears and an
 * existing file is left untouched. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h> /* mallopt */
#endif

#include "i18n.h"
#include "util.h"
#include "vanban.h"

enum { EXIT_OK = 0, EXIT_WARN = 1, EXIT_ERR = 2 };

/* Whether the context is freed before the process exits. The kernel takes
 * the whole address space back at exit anyway, and unmapping the four
 * fonts and freeing their code-point tables one by one was work for
 * nothing. Sanitizer builds still free everything, so that a leak checker
 * reports only real leaks. */
#if defined(__SANITIZE_ADDRESS__)
#define FREE_AT_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define FREE_AT_EXIT 1
#endif
#endif
#ifndef FREE_AT_EXIT
#define FREE_AT_EXIT 0
#endif

static const char USAGE[] =
    "usage: vanban render PLAN.yaml [-o OUT.pdf] [options]\n"
    "       vanban render -d OUTDIR PLAN.yaml... [options]\n"
    "       vanban check PLAN.yaml... [--strict] [--no-external-files]\n"
    "       vanban init [--type ke-hoach] > PLAN.yaml\n"
    "       vanban --help | --version\n"
    "\n"
    "Turns a plan (Kế hoạch) written in YAML into a PDF laid out per Decree\n"
    "30/2020/NĐ-CP. PLAN may be '-' for standard input; OUT may be '-' for\n"
    "standard output (default: PLAN with .pdf, or stdout for stdin).\n"
    "'init' prints a commented starter plan that renders as it is:\n"
    "  vanban init | vanban render - -o x.pdf\n"
    "\n"
    "options:\n"
    "  -o, --output FILE       where the PDF goes\n"
    "  -d, --output-dir DIR    batch: write DIR/NAME.pdf for each PLAN\n"
    "  --strict                warnings count as errors (exit 1)\n"
    "  --no-external-files     refuse layout and image paths named in a plan\n"
    "  --embed-source          keep the plan's YAML inside the PDF (PDF/A-3)\n"
    "  --uncompressed          write uncompressed streams (for debugging)\n"
    "  --type TYPE             init: the kind of document (ke-hoach)\n"
    "  -h, --help              this help\n"
    "  --version               print the version\n"
    "\n"
    "Diagnostics: FILE:LINE:COLUMN: error|warning: message [rule]\n"
    "Exit status: 0 success, 1 warnings under --strict, 2 errors.\n";

/* The same in Vietnamese, for LANG=vi_VN.UTF-8 and the like (i18n.h). */
static const char USAGE_VI[] =
    "cách dùng: vanban render KẾ_HOẠCH.yaml [-o TỆP_RA.pdf] [tùy chọn]\n"
    "           vanban render -d THƯ_MỤC_RA KẾ_HOẠCH.yaml... [tùy chọn]\n"
    "           vanban check KẾ_HOẠCH.yaml... [--strict] [--no-external-files]\n"
    "           vanban init [--type ke-hoach] > KẾ_HOẠCH.yaml\n"
    "           vanban --help | --version\n"
    "\n"
    "Chuyển một bản Kế hoạch soạn bằng YAML thành tệp PDF trình bày đúng thể thức\n"
    "của Nghị định 30/2020/NĐ-CP. KẾ_HOẠCH là '-' thì đọc từ đầu vào chuẩn; TỆP_RA\n"
    "là '-' thì ghi ra đầu ra chuẩn (mặc định: tên KẾ_HOẠCH với đuôi .pdf, hoặc đầu\n"
    "ra chuẩn khi kế hoạch đọc từ đầu vào chuẩn).\n"
    "'init' in ra một kế hoạch mẫu có chú thích, dùng được ngay:\n"
    "  vanban init | vanban render - -o x.pdf\n"
    "\n"
    "tùy chọn:\n"
    "  -o, --output TỆP        nơi ghi tệp PDF\n"
    "  -d, --output-dir THƯ_MỤC\n"
    "                          chạy hàng loạt: ghi THƯ_MỤC/TÊN.pdf cho mỗi KẾ_HOẠCH\n"
    "  --strict                coi cảnh báo như lỗi (mã thoát 1)\n"
    "  --no-external-files     không dùng tệp bố cục và tệp ảnh nêu trong kế hoạch\n"
    "  --embed-source          đính kèm nội dung YAML của kế hoạch vào PDF (PDF/A-3)\n"
    "  --uncompressed          ghi các luồng dữ liệu không nén (để gỡ lỗi)\n"
    "  --type LOẠI             init: loại văn bản (ke-hoach)\n"
    "  -h, --help              in trợ giúp này\n"
    "  --version               in số phiên bản\n"
    "\n"
    "Thông báo: TỆP:DÒNG:CỘT: error|warning: nội dung [quy tắc]\n"
    "(error là lỗi, warning là cảnh báo; hai từ này và mã quy tắc giữ nguyên để\n"
    "các công cụ khác đọc được.)\n"
    "Mã thoát: 0 thành công, 1 có cảnh báo khi dùng --strict, 2 có lỗi.\n";

static const char *usage_text(const char *lang)
{
    return lang && !strcmp(lang, "vi") ? USAGE_VI : USAGE;
}

typedef struct args {
    const char *cmd;
    const char *out;
    const char *outdir;
    const char **plans;
    int nplans;
    vb_render_opts ro;
    bool embed_source;
    const char *type; /* init --type */
    const char *lang; /* of the messages: vb_lang_from_env() */
} args;

/* "vanban: MESSAGE" and the usage, in lang; fmt is the English. */
static int usage_error(const char *lang, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const char *lang, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vanban: ", stderr);
    vfprintf(stderr, vb_tr(lang, fmt), ap);
    va_end(ap);
    fprintf(stderr, "\n%s", usage_text(lang));
    return EXIT_ERR;
}

/* vb_ctx_new()'s failure, one line "WHERE: error: MESSAGE [RULE]", with
 * MESSAGE translated when the catalog has it; the position, "error:" and
 * the rule stay as they are for the tools that read them. */
static void say_ctx_error(const char *lang, const char *line)
{
    static const char tag[] = ": error: ";
    const char *m = strstr(line, tag);
    const char *r = strrchr(line, '[');
    char *t = NULL;
    if (m && r && r > m + strlen(tag) && r[-1] == ' ') {
        m += strlen(tag);
        char *msg = strndup(m, (size_t)(r - 1 - m));
        t = msg ? vb_tr_fragment(lang, msg) : NULL;
        free(msg);
    }
    if (t)
        fprintf(stderr, "%.*s%s %s\n", (int)(m - line), line, t, r);
    else
        fprintf(stderr, "%s\n", line);
    free(t);
}

static int parse_args(int argc, char **argv, args *a, const char *lang)
{
    memset(a, 0, sizeof *a);
    a->lang = lang;
    a->plans = calloc((size_t)argc, sizeof *a->plans);
    if (!a->plans)
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!strcmp(s, "-o") || !strcmp(s, "--output") || !strcmp(s, "-d") ||
            !strcmp(s, "--output-dir")) {
            if (i + 1 >= argc)
                return usage_error(lang, "an option needs a value"), -1;
            if (s[1] == 'o' || !strcmp(s, "--output"))
                a->out = argv[++i];
            else
                a->outdir = argv[++i];
        } else if (!strcmp(s, "--type") || !strncmp(s, "--type=", 7)) {
            if (s[6] == '=')
                a->type = s + 7;
            else if (i + 1 < argc)
                a->type = argv[++i];
            else
                return usage_error(lang, "an option needs a value"), -1;
        } else if (!strcmp(s, "--strict")) {
            a->ro.strict = true;
        } else if (!strcmp(s, "--no-external-files")) {
            a->ro.no_external_files = true;
        } else if (!strcmp(s, "--embed-source")) {
            a->embed_source = true;
        } else if (!strcmp(s, "--uncompressed")) {
            a->ro.uncompressed = true;
        } else if (s[0] == '-' && s[1]) {
            return usage_error(lang, "unknown option '%s'", s), -1;
        } else if (!a->cmd) {
            a->cmd = s;
        } else {
            a->plans[a->nplans++] = s;
        }
    }
    return 0;
}

/* The default output for a plan: NAME.yaml -> NAME.pdf (stdin -> stdout). */
static char *default_output(const char *plan, const char *outdir)
{
    if (!strcmp(plan, "-"))
        return strdup("-");
    char *copy = strdup(plan);
    const char *base = outdir ? basename(copy) : copy;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")))
        n = (size_t)(dot - base);
    size_t size = (outdir ? strlen(outdir) + 1 : 0) + n + 5;
    char *out = malloc(size);
    if (outdir)
        snprintf(out, size, "%s/%.*s.pdf", outdir, (int)n, base);
    else
        snprintf(out, size, "%.*s.pdf", (int)n, base);
    free(copy);
    return out;
}

/* Whether the output out is the plan itself. out first: it usually does
 * not exist yet, and then the plan (which was just read) need not be
 * looked up again, one system call fewer per plan. */
static bool same_file(const char *plan, const char *out)
{
    struct stat so, sp;
    return stat(out, &so) == 0 && stat(plan, &sp) == 0 && so.st_dev == sp.st_dev &&
           so.st_ino == sp.st_ino;
}

/* Render; the exit status follows from the diagnostics (an I/O failure
 * is one too). */
static void render_one(vb_ctx *ctx, const vb_plan *p, const vb_render_opts *ro,
                       const char *out, vb_diags *d)
{
    vb_render_file(ctx, p, ro, out, d);
}

/* Read a whole file (or stdin for "-"); NULL with errno set on failure.
 * Reading stops past `limit` bytes: the loader then reports the size.
 * Plain read(2) rather than stdio: no FILE and no buffer to copy through. */
static char *slurp(const char *path, size_t limit, size_t *len)
{
    bool is_stdin = !strcmp(path, "-");
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    char *buf = vb_read_fd(fd, limit, len);
    if (!is_stdin) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return buf;
}

/* The directory plan-relative paths resolve against. */
static char *plan_dir(const char *plan)
{
    if (!strcmp(plan, "-"))
        return strdup(".");
    char *copy = strdup(plan);
    char *dir = strdup(dirname(copy));
    free(copy);
    return dir;
}

/* Load, check or render one plan; returns an exit status. */
static int one_plan(vb_ctx *ctx, const args *a, const char *plan, const char *out)
{
    const char *name = strcmp(plan, "-") ? plan : "<stdin>";
    vb_diags d;
    vb_diags_init(&d, name);
    d.lang = a->lang;
    int status = EXIT_OK;
    size_t len = 0;
    char *src = slurp(plan, (size_t)64 << 20, &len);
    vb_plan *p = NULL;
    if (!src) {
        vb_pos none = {0, 0};
        vb_error(&d, none, "file", "cannot read the plan: %s", strerror(errno));
    } else {
        char *dir = plan_dir(plan);
        p = vb_load_mem(src, len, name, dir, &d);
        free(dir);
    }
    if (p && !strcmp(a->cmd, "check")) {
        vb_check(ctx, p, &a->ro, &d);
    } else if (p) {
        if (out && strcmp(out, "-") && strcmp(plan, "-") && same_file(plan, out)) {
            vb_pos none = {0, 0};
            vb_error(&d, none, "output", "the output '%s' is the plan itself", out);
        } else {
            vb_render_opts ro = a->ro;
            if (a->embed_source) {
                ro.source = src;
                ro.source_len = len;
                char *copy = strdup(strcmp(plan, "-") ? plan : "plan.yaml");
                ro.source_name = basename(copy);
                render_one(ctx, p, &ro, out, &d);
                free(copy);
            } else {
                render_one(ctx, p, &ro, out, &d);
            }
        }
    }
    vb_diags_sort(&d);
    vb_diags_print(&d, stderr);
    if (d.errors)
        status = EXIT_ERR;
    else if (a->ro.strict && d.warnings && status == EXIT_OK)
        status = EXIT_WARN;
    vb_diags_free(&d);
    vb_plan_free(p);
    free(src);
    return status;
}

/* vanban init: the starter plan on standard output. */
static int init_command(const args *a)
{
    if (a->nplans || a->out || a->outdir || a->ro.strict || a->ro.no_external_files ||
        a->embed_source || a->ro.uncompressed)
        return usage_error(a->lang, "init takes only --type");
    const char *text = vb_init_template(a->type);
    if (!text) {
        char known[192] = "";
        size_t n = 0;
        for (const char *const *t = vb_init_types(); *t && n < sizeof known; t++)
            n += (size_t)snprintf(known + n, sizeof known - n, " %s", *t);
        return usage_error(a->lang, "unknown --type '%.64s'; known:%s", a->type, known);
    }
    if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
        const char *why = strerror(errno);
        char *t = vb_tr_fragment(a->lang, why);
        fputs("vanban: ", stderr);
        fprintf(stderr, vb_tr(a->lang, "cannot write the starter plan: %s"), t ? t : why);
        fputc('\n', stderr);
        free(t);
        return EXIT_ERR;
    }
    return EXIT_OK;
}

/* Let the heap grow by 1 MiB at a time instead of glibc's 128 KiB. A
 * render of seed 000 then grows it with one brk() instead of three, and
 * the deflate compressor (200 KB) comes from the heap's top instead of an
 * mmap() of its own and a munmap() at exit: 4 system calls fewer (8-10
 * for the larger samples). Pages are only faulted in when touched, so the
 * page faults and RSS stay as they were. Process-wide, so the CLI's choice
 * and not the library's. */
static void heap_in_large_steps(void)
{
#ifdef __GLIBC__
    mallopt(M_TOP_PAD, 1 << 20);
#endif
}

int main(int argc, char **argv)
{
    heap_in_large_steps();
    const char *lang = vb_lang_from_env();
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text(lang), stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--version")) {
            /* The data directory too: which fonts and layouts are used. */
            char err[256];
            vb_ctx *ctx = vb_ctx_new(NULL, err, sizeof err);
            printf("vanban %s\ndata: %s\n", vb_version(), ctx ? vb_ctx_datadir(ctx) : err);
            vb_ctx_free(ctx);
            return EXIT_OK;
        }
    }
    args a;
    if (parse_args(argc, argv, &a, lang) != 0) {
        free(a.plans);
        return EXIT_ERR;
    }
    int status = EXIT_OK;
    if (a.cmd && !strcmp(a.cmd, "init")) {
        status = init_command(&a);
        free(a.plans);
        return status;
    }
    if (a.type)
        status = usage_error(lang, "--type goes with init");
    else if (!a.cmd || (strcmp(a.cmd, "render") && strcmp(a.cmd, "check")))
        status = a.cmd ? usage_error(lang, "unknown command")
                       : usage_error(lang, "no command given");
    else if (a.nplans == 0)
        status = usage_error(lang, "no plan given");
    else if (!strcmp(a.cmd, "render") && a.nplans > 1 && !a.outdir)
        status = usage_error(lang, "several plans need -d OUTDIR");
    else if (a.out && a.outdir)
        status = usage_error(lang, "-o and -d do not go together");
    if (status != EXIT_OK) {
        free(a.plans);
        return status;
    }
    char err[512];
    vb_ctx *ctx = vb_ctx_new(NULL, err, sizeof err);
    if (!ctx) {
        say_ctx_error(lang, err);
        free(a.plans);
        return EXIT_ERR;
    }
    for (int i = 0; i < a.nplans; i++) {
        char *out = a.out ? strdup(a.out) : default_output(a.plans[i], a.outdir);
        int s = one_plan(ctx, &a, a.plans[i], out);
        if (s > status)
            status = s;
        free(out);
    }
    if (FREE_AT_EXIT) {
        vb_ctx_free(ctx);
        free(a.plans);
    }
    return status;
}
