/* csv_read.c — streaming CSV reader on top of libcsv.
 *
 * The file is read in fixed chunks; each chunk is (for Windows-1251 files)
 * converted to UTF-8 with ICU, then fed to libcsv, whose callbacks append the
 * fields of complete records to a reusable arena. table_next hands those
 * records out one by one and parses the next chunk only when the arena is
 * drained, so memory stays constant whatever the file size and there is no
 * malloc per cell.
 *
 * Decisions:
 * - Encoding: a UTF-8 BOM means UTF-8; else the first 64 KiB decide (valid
 *   UTF-8 → UTF-8, else windows-1251). A later invalid UTF-8 sequence is an
 *   error naming the line, not a silent switch of encoding.
 * - Delimiter: the most frequent of ';', ',' and tab outside quotes in the
 *   first record; ties prefer ';' (Russian Excel), then ',', then tab.
 * - Lines: physical lines counted from LF and lone CR terminators and from
 *   the newlines inside quoted fields; a record's line is where it starts.
 * - libcsv's default white-space handling is kept: spaces and tabs around an
 *   unquoted field are trimmed (quoted fields are kept verbatim).
 * - Rows whose cells are all empty (blank lines, ";;;;") are skipped. */
#include "io/table_internal.h"

#include <csv.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unicode/ucnv.h>

#include "core/text.h"

#define CSV_CHUNK (256 * 1024)        /* bytes read per step */
#define CSV_DETECT_BYTES (64 * 1024)  /* prefix used to judge the encoding */
#define CSV_MAX_FIELD (16 * 1024 * 1024) /* longer means a quote was never closed */
#define CSV_UTF8_MAX_TAIL 3           /* bytes of a split character carried to the next chunk */

enum { ENC_UTF8, ENC_UTF8_BOM, ENC_CP1251 };

typedef struct {
    size_t cell0, ncells;
    long line;
} csv_rowrec;

struct csv_src {
    char *path;
    FILE *f;
    struct csv_parser p;
    int enc;
    char delim;
    UConverter *cnv;
    char *conv;                 /* cp1251 → UTF-8 output, 3 bytes per input byte at most */

    unsigned char *in;          /* raw bytes read and not yet parsed */
    size_t in_len, in_skip;     /* in_skip: BOM bytes to drop before the first parse */
    bool preloaded, at_eof, finished;

    /* Arena of parsed records: field bytes (NUL-terminated), cell offsets, records. */
    char *data;
    size_t dlen, dcap;
    size_t *off;
    size_t ncell, ccap;
    csv_rowrec *rows;
    size_t nrows, rcap, next;
    /* The record being assembled. */
    size_t row_cell0, row_data0;
    long row_line;
    bool row_nonempty;

    long line;                  /* current physical line (1-based) as libcsv sees the text */
    bool after_cr;              /* the last terminator was CR: a following LF ends no new line */
    long raw_nl;                /* newlines in all text handed to libcsv so far */
    bool oom;

    const char **cells;
    size_t cells_cap;

    int pend_rc;                /* error to report once the records before it are handed out */
    at_error pend_err;
    long long done, total;
};

static size_t count_nl(const char *p, size_t n)
{
    size_t k = 0;
    const char *end = p + n;
    while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}


static void on_field(void *field, size_t len, void *ctx)
{
    csv_src *s = ctx;
    if (s->ncell == s->row_cell0)
        s->row_line = s->line;
    s->after_cr = false;
    if (!table_grow((void **)&s->data, &s->dcap, s->dlen + len + 1, 1) ||
        !table_grow((void **)&s->off, &s->ccap, s->ncell + 1, sizeof *s->off)) {
        s->oom = true;
        return;
    }
    s->off[s->ncell++] = s->dlen;
    if (len) {
        memcpy(s->data + s->dlen, field, len);
        s->row_nonempty = true;
        if (memchr(field, '\n', len))
            s->line += (long)count_nl(field, len);
    }
    s->dlen += len;
    s->data[s->dlen++] = '\0';
}

static void on_row(int c, void *ctx)
{
    csv_src *s = ctx;
    bool had = s->ncell > s->row_cell0;
    if (had) {
        if (s->row_nonempty) {
            if (!table_grow((void **)&s->rows, &s->rcap, s->nrows + 1, sizeof *s->rows)) {
                s->oom = true;
                return;
            }
            s->rows[s->nrows++] = (csv_rowrec){s->row_cell0, s->ncell - s->row_cell0, s->row_line};
        } else {
            s->ncell = s->row_cell0;
            s->dlen = s->row_data0;
        }
        s->row_cell0 = s->ncell;
        s->row_data0 = s->dlen;
        s->row_nonempty = false;
    }
    if (c == '\n') {
        if (!(s->after_cr && !had))
            s->line++;
        s->after_cr = false;
    } else if (c == '\r') {
        s->line++;
        s->after_cr = true;
    }
}

/* Moves the unfinished record to the front of the arena once all complete ones are out. */
static void compact(csv_src *s)
{
    size_t nc = s->ncell - s->row_cell0, nd = s->dlen - s->row_data0;
    if (s->row_data0)
        memmove(s->data, s->data + s->row_data0, nd);
    for (size_t i = 0; i < nc; i++)
        s->off[i] = s->off[s->row_cell0 + i] - s->row_data0;
    s->ncell = nc;
    s->dlen = nd;
    s->row_cell0 = s->row_data0 = 0;
    s->nrows = s->next = 0;
}

/* True if p[0..k) is the start of a valid multi-byte character cut short. */
static bool utf8_incomplete(const unsigned char *p, size_t k)
{
    size_t need;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        need = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        need = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        need = 4;
    else
        return false;
    if (k >= need)
        return false;
    for (size_t i = 1; i < k; i++)
        if ((p[i] & 0xC0) != 0x80)
            return false;
    return true;
}

static int pend(csv_src *s, int code, long line, const char *fmt, const char *detail)
{
    char where[AT_ERR_WHERE];
    snprintf(where, sizeof where, "%s:%ld", s->path, line);
    at_fail(&s->pend_err, code, where, fmt, detail);
    s->pend_rc = code;
    s->finished = true;
    return code;
}

static void parse_text(csv_src *s, const char *t, size_t len)
{
    size_t used = csv_parse(&s->p, t, len, on_field, on_row, s);
    if (used < len) {
        int e = csv_error(&s->p);
        long line = s->raw_nl + (long)count_nl(t, used) + 1;
        if (e == CSV_EPARSE)
            pend(s, AT_EINPUT, line,
                 "malformed quoting: %s (a quote inside an unquoted field, or text after a closing quote; "
                 "a quote inside a field must be doubled and the field quoted)",
                 "unexpected '\"'");
        else
            pend(s, AT_ENOMEM, line, "%s", csv_strerror(e));
        return;
    }
    s->raw_nl += (long)count_nl(t, len);
    if (csv_get_buffer_size(&s->p) > CSV_MAX_FIELD) {
        long line = s->ncell > s->row_cell0 ? s->row_line : s->line;
        pend(s, AT_EINPUT, line, "%s", "a field longer than 16 MiB: probably a quote opened here is never closed");
    }
}

/* Reads (unless the first chunk is preloaded) and parses one chunk. */
static void step(csv_src *s)
{
    if (!s->preloaded && !s->at_eof) {
        size_t n = fread(s->in + s->in_len, 1, CSV_CHUNK, s->f);
        s->done += (long long)n;
        if (n < CSV_CHUNK) {
            if (ferror(s->f)) {
                pend(s, AT_EINTERNAL, s->line, "read error: %s", strerror(errno));
                return;
            }
            s->at_eof = true;
        }
        s->in_len += n;
    }
    s->preloaded = false;
    unsigned char *t = s->in + s->in_skip;
    size_t len = s->in_len - s->in_skip;
    s->in_skip = 0;
    size_t carry = 0;

    if (s->enc == ENC_CP1251) {
        UErrorCode st = U_ZERO_ERROR;
        int32_t out = ucnv_toAlgorithmic(UCNV_UTF8, s->cnv, s->conv, 3 * CSV_CHUNK + 16, (const char *)t,
                                         (int32_t)len, &st);
        if (U_FAILURE(st)) {
            pend(s, AT_EINTERNAL, s->line, "windows-1251 conversion failed: %s", u_errorName(st));
            return;
        }
        parse_text(s, s->conv, (size_t)out);
    } else {
        long bad = text_utf8_invalid_at((const char *)t, len);
        size_t ok = bad < 0 ? len : (size_t)bad;
        if (bad >= 0 && !s->at_eof && len - ok <= CSV_UTF8_MAX_TAIL && utf8_incomplete(t + ok, len - ok)) {
            carry = len - ok; /* a character split by the chunk boundary */
            bad = -1;
        }
        parse_text(s, (const char *)t, ok);
        if (bad >= 0 && !s->pend_rc) {
            char detail[64];
            snprintf(detail, sizeof detail, "byte 0x%02X", t[ok]);
            pend(s, AT_EINPUT, s->raw_nl + 1, /* raw_nl already counts t[0..ok) */
                 "invalid UTF-8 (%s); the file's first 64 KiB looked like UTF-8, so it must be UTF-8 throughout — "
                 "re-save it as UTF-8",
                 detail);
        }
        if (carry)
            memmove(s->in, t + ok, carry);
    }
    s->in_len = carry;
    if (s->pend_rc)
        return;
    if (s->at_eof && carry == 0) {
        long start = s->ncell > s->row_cell0 ? s->row_line : s->line;
        int r = csv_fini(&s->p, on_field, on_row, s);
        s->finished = true;
        if (r != 0)
            pend(s, AT_EINPUT, start, "%s", "malformed quoting: a quoted field opened here is never closed");
    }
}

static char detect_delimiter(const unsigned char *p, size_t n)
{
    size_t semi = 0, comma = 0, tab = 0;
    bool q = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '"')
            q = !q;
        else if (q)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ';')
            semi++;
        else if (c == ',')
            comma++;
        else if (c == '\t')
            tab++;
    }
    if (semi >= comma && semi >= tab && semi > 0)
        return ';';
    if (comma >= tab && comma > 0)
        return ',';
    if (tab > 0)
        return '\t';
    return ',';
}

int csv_src_open(const char *path, csv_src **out, at_error *err)
{
    *out = NULL;
    csv_src *s = calloc(1, sizeof *s);
    if (!s)
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    s->line = 1;
    s->path = strdup(path);
    s->in = malloc(CSV_CHUNK + CSV_UTF8_MAX_TAIL + 1);
    if (!s->path || !s->in) {
        csv_src_close(s);
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    }
    s->f = fopen(path, "rb");
    if (!s->f) {
        int e = errno;
        csv_src_close(s);
        return at_fail(err, AT_EINPUT, path, "cannot open: %s", strerror(e));
    }
    struct stat stt;
    if (fstat(fileno(s->f), &stt) == 0)
        s->total = (long long)stt.st_size;
    size_t n = fread(s->in, 1, CSV_CHUNK, s->f);
    if (n < CSV_CHUNK && ferror(s->f)) {
        int e = errno;
        csv_src_close(s);
        return at_fail(err, AT_EINPUT, path, "read error: %s", strerror(e));
    }
    s->at_eof = n < CSV_CHUNK;
    s->in_len = n;
    s->done = (long long)n;
    s->preloaded = true;

    if (n >= 3 && memcmp(s->in, "\xEF\xBB\xBF", 3) == 0) {
        s->enc = ENC_UTF8_BOM;
        s->in_skip = 3;
    } else {
        size_t dn = n < CSV_DETECT_BYTES ? n : CSV_DETECT_BYTES;
        long bad = text_utf8_invalid_at((const char *)s->in, dn);
        bool cut_at_end = dn == n && s->at_eof;
        if (bad < 0 || (!cut_at_end && dn - (size_t)bad <= CSV_UTF8_MAX_TAIL &&
                        utf8_incomplete(s->in + bad, dn - (size_t)bad)))
            s->enc = ENC_UTF8;
        else
            s->enc = ENC_CP1251;
    }
    s->delim = detect_delimiter(s->in + s->in_skip, n - s->in_skip);
    if (s->enc == ENC_CP1251) {
        UErrorCode st = U_ZERO_ERROR;
        s->cnv = ucnv_open("windows-1251", &st);
        s->conv = malloc(3 * CSV_CHUNK + 16);
        if (U_FAILURE(st) || !s->conv) {
            csv_src_close(s);
            return at_fail(err, AT_EINTERNAL, path, "cannot open the windows-1251 converter: %s", u_errorName(st));
        }
    }
    if (csv_init(&s->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        csv_src_close(s);
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    }
    csv_set_delim(&s->p, (unsigned char)s->delim);
    csv_set_blk_size(&s->p, 4096);
    *out = s;
    return AT_OK;
}

int csv_src_next(csv_src *s, table_row *row, at_error *err)
{
    for (;;) {
        if (s->oom)
            return at_fail(err, AT_ENOMEM, s->path, "out of memory while reading");
        if (s->next < s->nrows) {
            const csv_rowrec *rr = &s->rows[s->next++];
            if (!table_grow((void **)&s->cells, &s->cells_cap, rr->ncells, sizeof *s->cells))
                return at_fail(err, AT_ENOMEM, s->path, "out of memory");
            for (size_t i = 0; i < rr->ncells; i++)
                s->cells[i] = s->data + s->off[rr->cell0 + i];
            row->cells = s->cells;
            row->ncells = rr->ncells;
            row->line = rr->line;
            return AT_OK;
        }
        if (s->pend_rc) {
            if (err)
                *err = s->pend_err;
            return s->pend_rc;
        }
        if (s->finished)
            return AT_ENOTFOUND;
        compact(s);
        step(s);
    }
}

const char *csv_src_encoding(const csv_src *s)
{
    return s->enc == ENC_UTF8_BOM ? "UTF-8 BOM" : s->enc == ENC_CP1251 ? "windows-1251" : "UTF-8";
}

char csv_src_delimiter(const csv_src *s)
{
    return s->delim;
}

void csv_src_progress(const csv_src *s, long long *done, long long *total)
{
    if (done)
        *done = s->done;
    if (total)
        *total = s->total;
}

void csv_src_close(csv_src *s)
{
    if (!s)
        return;
    csv_free(&s->p); /* safe on a zeroed or initialised parser */
    if (s->f)
        fclose(s->f);
    if (s->cnv)
        ucnv_close(s->cnv);
    free(s->conv);
    free(s->in);
    free(s->data);
    free(s->off);
    free(s->rows);
    free(s->cells);
    free(s->path);
    free(s);
}
