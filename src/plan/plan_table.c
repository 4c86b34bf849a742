/* plan_table.c — plans of measures from XLSX, CSV and text tables.
 *
 * Two passes. First the file becomes a list of raw rows: table rows (cells),
 * text lines (preamble, headings outside the table) and breaks (three or more
 * blank lines: the end of a table). Text files come in three shapes:
 *   A. a row per line, cells split by tabs (or by '|' for pipe tables); a row
 *      cut by a page break continues on a line whose first cell is empty,
 *      after a blank line;
 *   B. a cell per line: each cell's first line starts with a tab, further
 *      lines continue the cell; rows are blocks between blank lines, a block
 *      that does not start with a number continues the row before it while
 *      that row has fewer cells than the heading row;
 *   C. anything else is read as CSV by the io module (also XLSX by content).
 * Then the rows are interpreted: a heading row (measure column + another
 * known column) starts a plan; the text before it is the plan's source;
 * rows become sections and measures by what their number cell holds. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "io/table.h"
#include "plan/plan_table_internal.h"

/* ---- small helpers --------------------------------------------------------- */

typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static bool sb_add(sbuf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1) cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) return false;
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
    return true;
}

static bool sb_str(sbuf *b, const char *s) { return sb_add(b, s, strlen(s)); }

static char *xstrdup(const char *s) { return strdup(s ? s : ""); }

/* Copy of s[0..n) without surrounding white space and "**" bold marks, with
 * CR dropped and runs of spaces/tabs collapsed (line breaks kept). */
static char *clean_span(const char *s, size_t n) {
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\r') continue;
        if (c == '\t') c = ' ';
        if (c == ' ' && (k == 0 || o[k - 1] == ' ' || o[k - 1] == '\n')) continue;
        if (c == '\n') {
            while (k > 0 && o[k - 1] == ' ') k--;
            if (k == 0) continue;
        }
        o[k++] = c;
    }
    while (k > 0 && (o[k - 1] == ' ' || o[k - 1] == '\n')) k--;
    o[k] = '\0';
    /* bold marks of Markdown-like exports */
    char *p = o;
    while (p[0] == '*' && p[1] == '*') p += 2;
    size_t l = strlen(p);
    while (l >= 2 && p[l - 1] == '*' && p[l - 2] == '*') l -= 2;
    memmove(o, p, l);
    o[l] = '\0';
    /* "2024 -  2025" style double spaces are gone; also "\u00a0"? left as is */
    return o;
}

static bool is_blank(const char *s) {
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return false;
    return true;
}

/* "1", "1.", "1.2.1.", "3.47", "7.1" */
static bool number_like(const char *s) {
    if (!isdigit((unsigned char)*s)) return false;
    size_t digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s)) {
            if (++digits > 3) return false;
        } else if (*s == '.') {
            if (digits == 0) return false;
            digits = 0;
        } else {
            return false;
        }
    }
    return true;
}

/* "1. Проведение …": a number, then text. Returns the length of the number
 * part (without the dot) or 0. */
static size_t heading_number(const char *s) {
    size_t i = 0;
    if (!isdigit((unsigned char)s[0])) return 0;
    while (isdigit((unsigned char)s[i]) || (s[i] == '.' && isdigit((unsigned char)s[i + 1]))) i++;
    size_t numlen = i;
    if (s[i] == '.') i++;
    if (s[i] != ' ') return 0;
    while (s[i] == ' ') i++;
    for (; s[i]; i++)
        if ((unsigned char)s[i] >= 0x80 || isalpha((unsigned char)s[i])) return numlen;
    return 0;
}

static bool starts_list_item(const char *s) {
    if (s[0] == '-' || (unsigned char)s[0] == 0xE2 /* – — • */) return true;
    size_t i = 0;
    while (isdigit((unsigned char)s[i])) i++;
    return i > 0 && i < 3 && s[i] == ')';
}

/* ---- raw rows ----------------------------------------------------------------- */

typedef enum { RR_TABLE, RR_TEXT, RR_BREAK } rr_kind;

typedef struct {
    rr_kind kind;
    char **cells;
    size_t n;
    long line;
    bool after_blank;
} raw_row;

typedef struct {
    raw_row *v;
    size_t n, cap;
} raw_rows;

static void raw_free(raw_rows *r) {
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; j < r->v[i].n; j++) free(r->v[i].cells[j]);
        free(r->v[i].cells);
    }
    free(r->v);
}

static raw_row *raw_push(raw_rows *r, rr_kind kind, long line, bool after_blank) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        raw_row *nv = realloc(r->v, cap * sizeof *nv);
        if (!nv) return NULL;
        r->v = nv;
        r->cap = cap;
    }
    raw_row *x = &r->v[r->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    x->line = line;
    x->after_blank = after_blank;
    return x;
}

static bool row_add_cell(raw_row *x, char *cell) {
    if (!cell) return false;
    char **nc = realloc(x->cells, (x->n + 1) * sizeof *nc);
    if (!nc) { free(cell); return false; }
    x->cells = nc;
    x->cells[x->n++] = cell;
    return true;
}

/* Appends text to a cell: a new line before a list item or after a blank
 * line, a space otherwise. */
static bool cell_append(char **cell, const char *more, bool newline) {
    if (!*more) return true;
    size_t a = strlen(*cell), b = strlen(more);
    char *n = realloc(*cell, a + b + 2);
    if (!n) return false;
    *cell = n;
    if (a > 0) n[a++] = (newline || starts_list_item(more)) ? '\n' : ' ';
    memcpy(n + a, more, b + 1);
    return true;
}

/* Layout A and pipe tables: a row per line. */
static bool split_rows(const char *text, char sep, raw_rows *out) {
    long line = 0;
    int blanks = 0;
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        line++;
        char *l = strndup(p, len);
        if (!l) return false;
        p += len + (e ? 1 : 0);
        if (is_blank(l)) {
            free(l);
            if (++blanks == 3 && !raw_push(out, RR_BREAK, line, true)) return false;
            continue;
        }
        bool has_sep = strchr(l, sep) != NULL;
        if (sep == '|' && has_sep) {
            bool rule = true; /* |---|:---| */
            for (const char *q = l; *q; q++)
                if (!strchr("|-:+ \t\r", *q)) rule = false;
            if (rule) { free(l); continue; }
        }
        raw_row *x = raw_push(out, has_sep ? RR_TABLE : RR_TEXT, line, blanks > 0);
        blanks = 0;
        if (!x) { free(l); return false; }
        if (!has_sep) {
            bool ok = row_add_cell(x, clean_span(l, len));
            free(l);
            if (!ok) return false;
            continue;
        }
        const char *c = l;
        size_t ln = strlen(l);
        while (ln > 0 && (l[ln - 1] == '\r' || l[ln - 1] == ' ')) ln--;
        const char *end = l + ln;
        if (sep == '|') { /* outer pipes */
            while (c < end && (*c == ' ' || *c == '\t')) c++;
            if (c < end && *c == '|') c++;
            if (end > c && end[-1] == '|') end--;
        }
        for (;;) {
            const char *d = memchr(c, sep, (size_t)(end - c));
            const char *ce = d ? d : end;
            if (!row_add_cell(x, clean_span(c, (size_t)(ce - c)))) { free(l); return false; }
            if (!d) break;
            c = d + 1;
        }
        free(l);
    }
    return true;
}

/* Layout B: a cell per line. */
static bool split_cells(const char *text, raw_rows *out) {
    long line = 0;
    int blanks = 0;
    size_t ncols = 0;
    raw_row *cur = NULL; /* the row being built (last of out) */
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        line++;
        const char *l = p;
        p += len + (e ? 1 : 0);
        char *lc = strndup(l, len);
        if (!lc) return false;
        if (lc[0] != '\t' && is_blank(lc)) {
            free(lc);
            blanks++;
            if (blanks == 3) {
                if (!raw_push(out, RR_BREAK, line, true)) return false;
                cur = NULL;
            }
            continue;
        }
        if (lc[0] == '\t') {
            /* cells on this line (normally one) */
            char *first = NULL;
            raw_row tmp = {0};
            const char *c = lc + 1;
            for (;;) {
                const char *d = strchr(c, '\t');
                size_t cl = d ? (size_t)(d - c) : strlen(c);
                if (!row_add_cell(&tmp, clean_span(c, cl))) { free(lc); return false; }
                if (!d) break;
                c = d + 1;
            }
            free(lc);
            first = tmp.cells[0];
            bool new_row = !cur;
            if (cur && blanks > 0) {
                bool is_num = number_like(first) || heading_number(first) > 0;
                new_row = is_num || ncols == 0 || cur->n >= ncols || (cur->n > 0 && number_like(cur->cells[0]) == false &&
                                                                  cur->n >= 3);
            }
            if (new_row) {
                /* close the previous row: a heading row sets the column count */
                if (cur && cur->n >= 3 && !number_like(cur->cells[0])) ncols = cur->n;
                cur = raw_push(out, RR_TABLE, line, false);
                if (!cur) {
                    for (size_t i = 0; i < tmp.n; i++) free(tmp.cells[i]);
                    free(tmp.cells);
                    return false;
                }
            }
            for (size_t i = 0; i < tmp.n; i++)
                if (!row_add_cell(cur, tmp.cells[i])) {
                    for (size_t j = i + 1; j < tmp.n; j++) free(tmp.cells[j]);
                    free(tmp.cells);
                    return false;
                }
            free(tmp.cells);
            blanks = 0;
            continue;
        }
        char *t = clean_span(lc, len);
        free(lc);
        if (!t) return false;
        if (cur && cur->n > 0) {
            bool ok = cell_append(&cur->cells[cur->n - 1], t, blanks > 0);
            free(t);
            if (!ok) return false;
        } else {
            raw_row *x = raw_push(out, RR_TEXT, line, blanks > 0);
            if (!x || !row_add_cell(x, t)) return false;
        }
        blanks = 0;
    }
    return true;
}

/* CSV and XLSX through the io module. */
static int read_table_rows(const char *path, raw_rows *out, at_error *err) {
    table_reader *r = NULL;
    int rc = table_open(path, &r, err);
    if (rc != AT_OK) return rc;
    table_row row;
    while ((rc = table_next(r, &row, err)) == AT_OK) {
        raw_row *x = raw_push(out, RR_TABLE, row.line, false);
        if (!x) { rc = at_fail(err, AT_ENOMEM, path, "out of memory"); break; }
        for (size_t i = 0; i < row.ncells; i++)
            if (!row_add_cell(x, clean_span(row.cells[i], strlen(row.cells[i])))) {
                rc = at_fail(err, AT_ENOMEM, path, "out of memory");
                break;
            }
        if (rc != AT_OK) break;
    }
    table_close(r);
    return rc == AT_ENOTFOUND ? AT_OK : rc;
}

/* ---- columns -------------------------------------------------------------------- */

enum { COL_NUM, COL_TITLE, COL_DETAILS, COL_RESP, COL_FORM, COL_DEADLINE, NCOL };

typedef struct {
    int col[NCOL]; /* cell index per field, -1 */
    size_t ncols;
} colmap;

/* Folded text with only letters, digits and '№' kept ("Іс – шаралар" → "ісшаралар"). */
static void fold_compact(const char *s, char *out, size_t n) {
    char f[512];
    if (text_fold(s, f, sizeof f) != AT_OK) {
        size_t l = strlen(s) < sizeof f - 1 ? strlen(s) : sizeof f - 1;
        memcpy(f, s, l);
        f[l] = '\0';
    }
    size_t k = 0;
    for (size_t i = 0; f[i] && k + 4 < n; i++) {
        unsigned char c = (unsigned char)f[i];
        if (c >= 0x80) {
            if (c == 0xE2 && (unsigned char)f[i + 1] == 0x80) { i += 2; continue; } /* dashes, quotes */
            if (c == 0xC2 && ((unsigned char)f[i + 1] == 0xAB || (unsigned char)f[i + 1] == 0xBB ||
                              (unsigned char)f[i + 1] == 0xA0)) { i++; continue; }
            out[k++] = (char)c;
        } else if (isalnum(c) || c == '/') {
            out[k++] = (char)c;
        }
    }
    out[k] = '\0';
}

static bool has(const char *hay, const char *needle) { return strstr(hay, needle) != NULL; }

/* The field a heading names, or -1. */
static int heading_field(const char *cell) {
    char f[512];
    fold_compact(cell, f, sizeof f);
    if (!f[0]) return -1;
    if (has(f, "№") || !strcmp(f, "р/с") || !strcmp(f, "п/п") || !strcmp(f, "nп/п") || !strcmp(f, "номер") ||
        !strcmp(f, "no"))
        return COL_NUM;
    if (has(f, "мероприят") || has(f, "ісшара") || has(f, "наименован") || has(f, "атауы") ||
        has(f, "содержаниеработ"))
        return COL_TITLE;
    if (has(f, "формапровед") || has(f, "категорияохват") || has(f, "өткізунысаны")) return COL_DETAILS;
    if (has(f, "завершен") || has(f, "нысаны") || has(f, "результат") || has(f, "нәтиже") ||
        has(f, "формаотчет") || has(f, "итоговыйдокумент"))
        return COL_FORM;
    if (has(f, "срок") || has(f, "мерзім") || has(f, "дата") || has(f, "период") || has(f, "уақыты"))
        return COL_DEADLINE;
    if (has(f, "ответствен") || has(f, "исполнител") || has(f, "жауапты") || has(f, "орындаушы"))
        return COL_RESP;
    return -1;
}

/* A heading row names the measure column and at least one other known column. */
static bool header_map(const raw_row *r, colmap *m) {
    for (int k = 0; k < NCOL; k++) m->col[k] = -1;
    int known = 0;
    for (size_t i = 0; i < r->n; i++) /* a heading row holds short names, no measure number */
        if (number_like(r->cells[i]) || strlen(r->cells[i]) > 120) return false;
    for (size_t i = 0; i < r->n; i++) {
        int f = heading_field(r->cells[i]);
        if (f >= 0 && m->col[f] < 0) {
            m->col[f] = (int)i;
            known++;
        }
    }
    if (m->col[COL_TITLE] < 0 || known < 2 ||
        (m->col[COL_RESP] < 0 && m->col[COL_DEADLINE] < 0 && m->col[COL_FORM] < 0))
        return false;
    if (m->col[COL_NUM] < 0 && m->col[COL_TITLE] > 0 && r->cells[0][0] == '\0') m->col[COL_NUM] = 0;
    m->ncols = r->n;
    while (m->ncols > 0 && !r->cells[m->ncols - 1][0]) m->ncols--;
    return true;
}

static const char *const MONTHS[] = {
    "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр",
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан", "қараша",
    "желтоқсан"};

/* A cell that reads like a deadline: a date, a month, "до …", "в течение …". */
static bool looks_deadline(const char *cell) {
    char f[512];
    if (text_fold(cell, f, sizeof f) != AT_OK) return false;
    for (const char *q = f; *q; q++)
        if (isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) && q[2] == '.' &&
            isdigit((unsigned char)q[3]))
            return true;
    static const char *const W[] = {"до ", "в течение", "постоянно", "ежемесячно", "еженедельно", "в период",
                                    "в дни", "по графику", "по отдельному", "в сроки", "не позднее", "дейін",
                                    "бойы", "кезінде", "круглогодично", "весь период", "күндері", "после"};
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
        if (strstr(f, W[i])) return true;
    for (size_t i = 0; i < sizeof MONTHS / sizeof MONTHS[0]; i++) {
        if (i == 4) { if (strstr(f, "май") || strstr(f, "мая")) return true; continue; }
        if (strstr(f, MONTHS[i])) return true;
    }
    return false;
}

/* Columns of a table without a heading row, from its first measure row. */
static bool infer_map(const raw_row *r, colmap *m) {
    for (int k = 0; k < NCOL; k++) m->col[k] = -1;
    size_t n = r->n;
    while (n > 0 && !r->cells[n - 1][0]) n--;
    if (n < 3 || !number_like(r->cells[0])) return false;
    m->col[COL_NUM] = 0;
    size_t longest = 0;
    for (size_t i = 1; i < n; i++) {
        const char *c = r->cells[i];
        if (!c[0]) continue;
        size_t known, other;
        if (m->col[COL_DEADLINE] < 0 && looks_deadline(c) && strlen(c) < 120) { m->col[COL_DEADLINE] = (int)i; continue; }
        plan_bodies_score(c, &known, &other);
        if (m->col[COL_RESP] < 0 && known > 0 && known >= other) { m->col[COL_RESP] = (int)i; continue; }
        if (strlen(c) > longest) longest = strlen(c);
    }
    for (size_t i = 1; i < n; i++)
        if ((int)i != m->col[COL_DEADLINE] && (int)i != m->col[COL_RESP] && r->cells[i][0] &&
            strlen(r->cells[i]) == longest && m->col[COL_TITLE] < 0)
            m->col[COL_TITLE] = (int)i;
    for (size_t i = 1; i < n; i++)
        if ((int)i != m->col[COL_DEADLINE] && (int)i != m->col[COL_RESP] && (int)i != m->col[COL_TITLE] &&
            m->col[COL_FORM] < 0)
            m->col[COL_FORM] = (int)i;
    m->ncols = n;
    return m->col[COL_TITLE] >= 0;
}

/* ---- building plans ---------------------------------------------------------------- */

typedef struct {
    plan_set *set;
    const char *path;
    at_error *err;
    plan_doc *doc;      /* current plan or NULL */
    colmap map;
    sbuf preamble;      /* text since the last table */
    size_t since_section; /* measures since the last section heading */
    bool any_header;
} builder;

static int oom(builder *b) { return at_fail(b->err, AT_ENOMEM, b->path, "out of memory"); }

static plan_doc *new_doc(builder *b, long line) {
    plan_doc *nd = realloc(b->set->docs, (b->set->ndocs + 1) * sizeof *nd);
    if (!nd) return NULL;
    b->set->docs = nd;
    plan_doc *d = &nd[b->set->ndocs++];
    memset(d, 0, sizeof *d);
    d->line = line;
    d->twin = -1;
    return d;
}

static bool add_section(plan_doc *d, const char *number, const char *title, long line) {
    plan_section *ns = realloc(d->sections, (d->nsections + 1) * sizeof *ns);
    if (!ns) return false;
    d->sections = ns;
    plan_section *s = &ns[d->nsections];
    s->number = xstrdup(number);
    s->title = xstrdup(title);
    s->line = line;
    if (!s->number || !s->title) { free(s->number); free(s->title); return false; }
    d->nsections++;
    return true;
}

/* A heading cell "1. Проведение …" → section "1" "Проведение …". */
static bool add_heading(builder *b, const char *cell, long line) {
    size_t nl = heading_number(cell);
    char num[32] = "";
    const char *title = cell;
    if (nl > 0 && nl < sizeof num) {
        memcpy(num, cell, nl);
        num[nl] = '\0';
        title = cell + nl;
        while (*title == '.' || *title == ' ') title++;
    }
    plan_doc *d = b->doc;
    if (d->nsections > 0 && b->since_section == 0 && !strcmp(d->sections[d->nsections - 1].title, title) &&
        !strcmp(d->sections[d->nsections - 1].number, num))
        return true; /* the same heading twice in a row (once as text, once in the table) */
    b->since_section = 0;
    return add_section(d, num, title, line);
}

static const char *cell_of(const raw_row *r, const colmap *m, int field) {
    int c = m->col[field];
    return c >= 0 && (size_t)c < r->n ? r->cells[c] : "";
}

static bool same_bodies(const char *a, const char *b);

/* Cells beyond the heading row's columns: a cell repeated next to itself is
 * dropped (PDF exports double a column), the rest goes to the last column. */
static bool fit_columns(raw_row *r, size_t ncols) {
    while (r->n > 0 && !r->cells[r->n - 1][0]) { free(r->cells[--r->n]); }
    while (r->n > ncols && ncols > 0) {
        size_t dup = 0;
        for (size_t i = 1; i + 1 < r->n; i++)
            if (r->cells[i][0] && r->cells[i + 1][0] &&
                (text_equal_ci(r->cells[i], r->cells[i + 1]) || same_bodies(r->cells[i], r->cells[i + 1]))) {
                dup = i + 1;
                break;
            }
        if (!dup) break;
        free(r->cells[dup]);
        memmove(&r->cells[dup], &r->cells[dup + 1], (r->n - dup - 1) * sizeof r->cells[0]);
        r->n--;
    }
    while (r->n > ncols && ncols > 0) {
        if (!cell_append(&r->cells[ncols - 1], r->cells[ncols], false)) return false;
        free(r->cells[ncols]);
        memmove(&r->cells[ncols], &r->cells[ncols + 1], (r->n - ncols - 1) * sizeof r->cells[0]);
        r->n--;
    }
    return true;
}

static plan_measure *new_measure(builder *b, long line) {
    plan_doc *d = b->doc;
    plan_measure *nm = realloc(d->measures, (d->nmeasures + 1) * sizeof *nm);
    if (!nm) return NULL;
    d->measures = nm;
    plan_measure *m = &nm[d->nmeasures++];
    memset(m, 0, sizeof *m);
    m->section = d->nsections ? (long)d->nsections - 1 : -1;
    m->line = line;
    m->twin = -1;
    m->number = xstrdup("");
    m->title = xstrdup("");
    m->details = xstrdup("");
    m->responsible = xstrdup("");
    m->form = xstrdup("");
    m->deadline = xstrdup("");
    b->since_section++;
    if (!m->number || !m->title || !m->details || !m->responsible || !m->form || !m->deadline) return NULL;
    return m;
}

static char **field_ptr(plan_measure *m, int f) {
    switch (f) {
    case COL_NUM: return &m->number;
    case COL_TITLE: return &m->title;
    case COL_DETAILS: return &m->details;
    case COL_RESP: return &m->responsible;
    case COL_FORM: return &m->form;
    default: return &m->deadline;
    }
}

/* Adds the row's cells to measure m, field by field. */
static bool fill_measure(plan_measure *m, const raw_row *r, const colmap *map) {
    for (int f = 0; f < NCOL; f++) {
        if (f == COL_NUM && m->number[0]) continue;
        const char *c = cell_of(r, map, f);
        if (!cell_append(field_ptr(m, f), c, false)) return false;
    }
    return true;
}

/* 003: "2.\tПроведение ГИА-9\t\tУГУиОКО МОК, ГКУ КЦМКО": bodies in the deadline column. */
static void fix_shifted(plan_measure *m) {
    if (m->responsible[0] || !m->deadline[0] || looks_deadline(m->deadline)) return;
    size_t known, other;
    plan_bodies_score(m->deadline, &known, &other);
    if (known == 0 || other > known) return;
    char *t = m->responsible;
    m->responsible = m->deadline;
    m->deadline = t;
}

static bool all_column_numbers(const raw_row *r) {
    if (r->n < 3) return false;
    for (size_t i = 0; i < r->n; i++) {
        char *end;
        if (!isdigit((unsigned char)r->cells[i][0]) || strtoul(r->cells[i], &end, 10) != i + 1 || *end) return false;
    }
    return true;
}

static int take_row(builder *b, raw_row *r) {
    if (!fit_columns(r, b->map.ncols)) return oom(b);
    if (r->n == 0 || all_column_numbers(r)) return AT_OK;
    const colmap *map = &b->map;
    size_t nonempty = 0;
    int only = -1;
    for (size_t i = 0; i < r->n; i++)
        if (r->cells[i][0]) { nonempty++; only = (int)i; }
    if (nonempty == 0) return AT_OK;
    const char *num = cell_of(r, map, COL_NUM);
    plan_doc *d = b->doc;
    plan_measure *last = d->nmeasures ? &d->measures[d->nmeasures - 1] : NULL;
    if (nonempty == 1) {
        const char *c = r->cells[only];
        if (only == map->col[COL_NUM] && !number_like(c))
            return add_heading(b, c, r->line) ? AT_OK : oom(b);
        if (only == map->col[COL_TITLE] && heading_number(c) && !r->after_blank)
            return add_heading(b, c, r->line) ? AT_OK : oom(b);
        if (map->col[COL_NUM] < 0 && only == map->col[COL_TITLE] && !r->after_blank && last)
            return add_heading(b, c, r->line) ? AT_OK : oom(b);
    }
    if (!num[0] && r->after_blank && last) /* the rest of a row cut by a page break */
        return fill_measure(last, r, map) ? AT_OK : oom(b);
    if (!num[0] && nonempty == 1 && only != map->col[COL_TITLE] && last)
        return fill_measure(last, r, map) ? AT_OK : oom(b);
    plan_measure *m = new_measure(b, r->line);
    if (!m || !fill_measure(m, r, map)) return oom(b);
    fix_shifted(m);
    return AT_OK;
}

/* Is row i (a text line inside a table) a section heading? It is when it is
 * short and the next row is a table row. */
static bool text_is_heading(const raw_rows *rows, size_t i) {
    const char *t = rows->v[i].cells[0];
    if (strlen(t) > 300 || strchr(t, '\n')) return false;
    if (i + 1 >= rows->n || rows->v[i + 1].kind != RR_TABLE) return false;
    return true;
}

static void preamble_add(builder *b, const raw_row *r) {
    if (b->preamble.n > 0) sb_str(&b->preamble, r->after_blank ? "\n\n" : "\n");
    for (size_t i = 0; i < r->n; i++) {
        if (!r->cells[i][0]) continue;
        if (i > 0) sb_str(&b->preamble, " ");
        sb_str(&b->preamble, r->cells[i]);
    }
}

/* ---- the source of a plan ------------------------------------------------------------ */

static char *one_line(const char *s, size_t n) {
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i] == '\n' ? ' ' : s[i];
        if (c == ' ' && (k == 0 || o[k - 1] == ' ')) continue;
        o[k++] = c;
    }
    while (k > 0 && o[k - 1] == ' ') k--;
    o[k] = '\0';
    char *p = clean_span(o, k);
    free(o);
    return p;
}

static bool digits_at(const char *s, int n) {
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    return true;
}

/* First order date: "26.09.2024", "23.01 2026", "2025ж. 24.09.", "2025 ж. 24.01." */
static void find_date(const char *s, char out[11]) {
    out[0] = '\0';
    for (const char *p = s; *p; p++) {
        if (p > s && isdigit((unsigned char)p[-1])) continue;
        int dl = digits_at(p, 2) ? 2 : digits_at(p, 1) ? 1 : 0;
        if (dl && p[dl] == '.' && digits_at(p + dl + 1, 2) && (p[dl + 3] == '.' || p[dl + 3] == ' ') &&
            digits_at(p + dl + 4, 4) && !isdigit((unsigned char)p[dl + 8])) {
            char d[3] = {dl == 2 ? p[0] : '0', p[dl - 1], 0};
            memcpy(out, p + dl + 4, 4);
            out[4] = '-';
            out[5] = p[dl + 1];
            out[6] = p[dl + 2];
            out[7] = '-';
            out[8] = d[0];
            out[9] = d[1];
            out[10] = '\0';
            return;
        }
        if (digits_at(p, 4) && !isdigit((unsigned char)p[4])) {
            const char *q = p + 4;
            while (*q == ' ') q++;
            if (!strncmp(q, "ж.", 3) || !strncmp(q, "ж", 2)) {
                q += strncmp(q, "ж.", 3) ? 2 : 3;
                while (*q == ' ') q++;
                if (digits_at(q, 2) && q[2] == '.' && digits_at(q + 3, 2)) {
                    memcpy(out, p, 4);
                    out[4] = '-';
                    out[5] = q[3];
                    out[6] = q[4];
                    out[7] = '-';
                    out[8] = q[0];
                    out[9] = q[1];
                    out[10] = '\0';
                    return;
                }
            }
        }
    }
}

/* First order number: "№ 337", "№ 2 - 02/51" → "2-02/51", "к приказу 2-02/40". */
static char *find_number(const char *s) {
    const char *p = strstr(s, "№");
    if (p) p += strlen("№");
    else if ((p = strstr(s, "приказу ")) != NULL) p += strlen("приказу ");
    if (!p) return xstrdup("");
    while (*p == ' ') p++;
    if (!isdigit((unsigned char)*p)) return xstrdup("");
    char buf[64];
    size_t k = 0;
    for (; *p && k < sizeof buf - 1; p++) {
        if (isdigit((unsigned char)*p) || *p == '-' || *p == '/') buf[k++] = *p;
        else if (*p == ' ' && (p[1] == '-' || p[1] == '/' || (k > 0 && (buf[k - 1] == '-' || buf[k - 1] == '/'))));
        else break;
    }
    while (k > 0 && (buf[k - 1] == '-' || buf[k - 1] == '/')) k--;
    buf[k] = '\0';
    return xstrdup(buf);
}

/* "2024-2025", "2023 - 2024" (consecutive years) */
static void find_year(const char *s, char out[10]) {
    out[0] = '\0';
    for (const char *p = s; *p; p++) {
        if (!digits_at(p, 4) || (p > s && isdigit((unsigned char)p[-1]))) continue;
        const char *q = p + 4;
        while (*q == ' ') q++;
        if (*q == '-') q++;
        else if (!strncmp(q, "–", strlen("–"))) q += strlen("–");
        else continue;
        while (*q == ' ') q++;
        if (!digits_at(q, 4) || isdigit((unsigned char)q[4])) continue;
        if (atoi(q) != atoi(p) + 1) continue;
        memcpy(out, p, 4);
        out[4] = '-';
        memcpy(out + 5, q, 4);
        out[9] = '\0';
        return;
    }
}

static bool starts_with_ci(const char *s, const char *prefix) {
    char a[64];
    size_t l = strlen(prefix);
    if (strlen(s) < l || l >= sizeof a) return false;
    memcpy(a, s, l);
    a[l] = '\0';
    return text_equal_ci(a, prefix);
}

static int set_source(builder *b, plan_doc *d) {
    const char *pre = b->preamble.s ? b->preamble.s : "";
    /* paragraphs */
    size_t np = 0;
    const char *ps[256];
    size_t pl[256];
    for (const char *p = pre; *p && np < 256;) {
        const char *e = strstr(p, "\n\n");
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l > 0) {
            ps[np] = p;
            pl[np] = l;
            np++;
        }
        p += l + (e ? 2 : 0);
    }
    d->title = np ? one_line(ps[np - 1], pl[np - 1]) : xstrdup("");
    if (!d->title) return oom(b);
    char *src = NULL;
    for (size_t i = 0; i + 1 < np && !src; i++) {
        char *t = one_line(ps[i], pl[i]);
        if (!t) return oom(b);
        if (starts_with_ci(t, "Об ") || starts_with_ci(t, "О ") ||
            (strlen(t) > strlen("туралы") && !strcmp(t + strlen(t) - strlen("туралы"), "туралы")))
            src = t;
        else
            free(t);
    }
    if (!src) { /* the appendix reference: "Приложение 2 к приказу … от …" */
        sbuf a = {0};
        bool on = false;
        for (size_t i = 0; i + 1 < np; i++) {
            char *t = one_line(ps[i], pl[i]);
            if (!t) { free(a.s); return oom(b); }
            if (starts_with_ci(t, "Приложение") || strstr(t, "қосымша")) on = true;
            if (on && strlen(t) < 120) {
                if (a.n) sb_str(&a, " ");
                sb_str(&a, t);
            }
            free(t);
        }
        src = a.s ? a.s : xstrdup("");
    }
    d->source_title = src;
    d->source_number = find_number(pre);
    if (!d->source_title || !d->source_number) return oom(b);
    find_date(pre, d->source_date);
    find_year(d->title, d->academic_year);
    if (!d->academic_year[0]) find_year(pre, d->academic_year);
    return AT_OK;
}

static void set_lang(plan_doc *d) {
    size_t kk = 0, cyr = 0;
    for (size_t i = 0; i <= d->nmeasures; i++) {
        const char *s = i < d->nmeasures ? d->measures[i].title : d->title;
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
            if (*p != 0xD0 && *p != 0xD1 && *p != 0xD2 && *p != 0xD3) continue;
            unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
            if (cp >= 0x400 && cp <= 0x4FF) {
                cyr++;
                if (cp == 0x456 || cp == 0x406 || (cp >= 0x490 && cp <= 0x4FF)) kk++;
            }
            p++;
        }
    }
    d->lang = cyr == 0 ? PLAN_LANG_UNKNOWN : kk * 100 > cyr * 2 ? PLAN_LANG_KK : PLAN_LANG_RU;
}

static int finish_doc(builder *b) {
    plan_doc *d = b->doc;
    if (!d) return AT_OK;
    b->doc = NULL;
    int rc = set_source(b, d);
    b->preamble.n = 0;
    if (b->preamble.s) b->preamble.s[0] = '\0';
    if (rc) return rc;
    set_lang(d);
    return AT_OK;
}

/* ---- bodies ----------------------------------------------------------------------- */

typedef struct {
    plan_set *set;
    plan_measure *m;
} body_ctx;

static int body_cb(void *ctx, const char *code, const char *name, const char *name_kk, plan_body_kind kind) {
    body_ctx *c = ctx;
    plan_set *s = c->set;
    size_t i;
    for (i = 0; i < s->nbodies; i++)
        if (!strcmp(s->bodies[i].code, code)) break;
    if (i == s->nbodies) {
        plan_body *nb = realloc(s->bodies, (s->nbodies + 1) * sizeof *nb);
        if (!nb) return AT_ENOMEM;
        s->bodies = nb;
        plan_body *p = &nb[s->nbodies];
        p->code = xstrdup(code);
        p->name = xstrdup(name);
        p->name_kk = xstrdup(name_kk);
        p->kind = kind;
        p->uses = 0;
        if (!p->code || !p->name || !p->name_kk) {
            free(p->code), free(p->name), free(p->name_kk);
            return AT_ENOMEM;
        }
        s->nbodies++;
    }
    plan_measure *m = c->m;
    for (size_t k = 0; k < m->nbodies; k++)
        if (m->bodies[k] == i) return AT_OK;
    size_t *nb = realloc(m->bodies, (m->nbodies + 1) * sizeof *nb);
    if (!nb) return AT_ENOMEM;
    m->bodies = nb;
    m->bodies[m->nbodies++] = i;
    s->bodies[i].uses++;
    return AT_OK;
}

typedef struct {
    char codes[16][96];
    size_t n;
} code_list;

static int collect_cb(void *ctx, const char *code, const char *name, const char *name_kk, plan_body_kind kind) {
    code_list *l = ctx;
    (void)name, (void)name_kk, (void)kind;
    if (l->n < 16) {
        size_t n = strlen(code) < 95 ? strlen(code) : 95;
        memcpy(l->codes[l->n], code, n);
        l->codes[l->n][n] = '\0';
        l->n++;
    }
    return AT_OK;
}

/* Two cells naming the same known bodies ("Білім басқармасы, білім беру бөлімдері"
 * and "Білім беру басқармасы, білім беру бөлімдері"). */
static bool same_bodies(const char *a, const char *b) {
    code_list x = {.n = 0}, y = {.n = 0};
    plan_bodies_split(a, collect_cb, &x);
    plan_bodies_split(b, collect_cb, &y);
    if (x.n == 0 || x.n != y.n) return false;
    for (size_t i = 0; i < x.n; i++)
        if (strcmp(x.codes[i], y.codes[i]) != 0 || !strncmp(x.codes[i], "other:", 6)) return false;
    return true;
}

/* ---- twins -------------------------------------------------------------------------- */

static size_t numlen(const char *s) {
    size_t l = strlen(s);
    while (l > 0 && s[l - 1] == '.') l--;
    return l;
}

static void link_twins(plan_set *s) {
    for (size_t i = 0; i < s->ndocs; i++) {
        plan_doc *a = &s->docs[i];
        if (a->twin >= 0 || a->lang == PLAN_LANG_UNKNOWN) continue;
        for (size_t j = i + 1; j < s->ndocs && j <= i + 1; j++) {
            plan_doc *b = &s->docs[j];
            if (b->twin >= 0 || b->lang == a->lang || b->lang == PLAN_LANG_UNKNOWN || b->nmeasures != a->nmeasures ||
                a->nmeasures == 0)
                continue;
            a->twin = (long)j;
            b->twin = (long)i;
            for (size_t k = 0; k < a->nmeasures; k++) {
                /* by number when the numbers agree, else by position */
                size_t t = k;
                const char *na = a->measures[k].number;
                for (size_t q = 0; q < b->nmeasures; q++) {
                    const char *nb = b->measures[q].number;
                    if (na[0] && numlen(na) == numlen(nb) && !strncmp(na, nb, numlen(na))) { t = q; break; }
                }
                a->measures[k].twin = (long)t;
                b->measures[t].twin = (long)k;
            }
        }
    }
}

/* ---- the whole file ------------------------------------------------------------------ */

static int interpret(builder *b, raw_rows *rows) {
    int rc = AT_OK;
    for (size_t i = 0; i < rows->n && rc == AT_OK; i++) {
        raw_row *r = &rows->v[i];
        if (r->kind == RR_BREAK) {
            if (b->doc) rc = finish_doc(b);
            continue;
        }
        colmap m;
        if (r->kind == RR_TABLE && header_map(r, &m)) {
            if (b->doc) rc = finish_doc(b);
            if (rc) break;
            b->doc = new_doc(b, r->line);
            if (!b->doc) return oom(b);
            b->map = m;
            b->since_section = 0;
            b->any_header = true;
            continue;
        }
        if (!b->doc) {
            if (r->kind == RR_TABLE && !b->any_header && infer_map(r, &m)) {
                b->doc = new_doc(b, r->line);
                if (!b->doc) return oom(b);
                b->map = m;
                b->since_section = 0;
                rc = take_row(b, r);
                continue;
            }
            preamble_add(b, r);
            continue;
        }
        if (r->kind == RR_TEXT) {
            if (text_is_heading(rows, i)) {
                if (!add_heading(b, r->cells[0], r->line)) return oom(b);
                continue;
            }
            rc = finish_doc(b);
            preamble_add(b, r);
            continue;
        }
        rc = take_row(b, r);
    }
    if (rc == AT_OK) rc = finish_doc(b);
    return rc;
}

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    sbuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (!sb_add(&b, buf, n)) { free(b.s); fclose(f); return NULL; }
    fclose(f);
    if (!b.s) b.s = xstrdup("");
    *len = b.n;
    return b.s;
}

static int assign_bodies(plan_set *s) {
    for (size_t d = 0; d < s->ndocs; d++)
        for (size_t i = 0; i < s->docs[d].nmeasures; i++) {
            body_ctx c = {s, &s->docs[d].measures[i]};
            int rc = plan_bodies_split(c.m->responsible, body_cb, &c);
            if (rc) return rc;
        }
    return AT_OK;
}

int plan_table_read(const char *path, plan_set **out, at_error *err) {
    *out = NULL;
    size_t len = 0;
    char *text = read_all(path, &len);
    if (!text) return at_fail(err, AT_EINTERNAL, path, "cannot read the file");
    raw_rows rows = {0};
    int rc = AT_OK;
    bool zip = len >= 4 && !memcmp(text, "PK\x03\x04", 4);
    if (!zip && text_utf8_invalid_at(text, len) < 0 && memchr(text, '\0', len) == NULL) {
        const char *body = text;
        if (len >= 3 && !memcmp(body, "\xEF\xBB\xBF", 3)) body += 3;
        size_t tab_lines = 0, pipe_lines = 0, cell_lines = 0;
        for (const char *p = body; *p;) {
            const char *e = strchr(p, '\n');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            size_t tabs = 0, pipes = 0;
            for (size_t i = 0; i < l; i++) tabs += p[i] == '\t', pipes += p[i] == '|';
            if (tabs) tab_lines++;
            if (pipes >= 2) pipe_lines++;
            if (tabs == 1 && p[0] == '\t') cell_lines++;
            p += l + (e ? 1 : 0);
        }
        bool ok = true;
        if (pipe_lines >= 2 && pipe_lines > tab_lines) ok = split_rows(body, '|', &rows);
        else if (tab_lines >= 2 && cell_lines * 2 > tab_lines) ok = split_cells(body, &rows);
        else if (tab_lines >= 2) ok = split_rows(body, '\t', &rows);
        else rc = read_table_rows(path, &rows, err);
        if (!ok) rc = at_fail(err, AT_ENOMEM, path, "out of memory");
    } else {
        rc = read_table_rows(path, &rows, err);
    }
    free(text);
    plan_set *s = calloc(1, sizeof *s);
    if (rc == AT_OK && (!s || !(s->path = xstrdup(path)))) rc = at_fail(err, AT_ENOMEM, path, "out of memory");
    if (rc == AT_OK) {
        builder b = {.set = s, .path = path, .err = err};
        rc = interpret(&b, &rows);
        free(b.preamble.s);
    }
    raw_free(&rows);
    if (rc == AT_OK) {
        /* a table heading without any measure under it is not a plan */
        size_t k = 0;
        for (size_t i = 0; i < s->ndocs; i++) {
            if (s->docs[i].nmeasures > 0) s->docs[k++] = s->docs[i];
            else {
                plan_doc *d = &s->docs[i];
                for (size_t j = 0; j < d->nsections; j++) free(d->sections[j].number), free(d->sections[j].title);
                free(d->sections);
                free(d->measures);
                free(d->title), free(d->source_title), free(d->source_number);
            }
        }
        s->ndocs = k;
        if (k == 0) rc = at_fail(err, AT_EINPUT, path, "no plan of measures found: no table with a measure column and numbered rows");
    }
    if (rc == AT_OK && (rc = assign_bodies(s)) != AT_OK) rc = at_fail(err, rc, path, "out of memory");
    if (rc == AT_OK) link_twins(s);
    if (rc != AT_OK) {
        plan_set_free(s);
        return rc;
    }
    *out = s;
    return AT_OK;
}

void plan_set_free(plan_set *s) {
    if (!s) return;
    for (size_t i = 0; i < s->ndocs; i++) {
        plan_doc *d = &s->docs[i];
        for (size_t j = 0; j < d->nsections; j++) free(d->sections[j].number), free(d->sections[j].title);
        free(d->sections);
        for (size_t j = 0; j < d->nmeasures; j++) {
            plan_measure *m = &d->measures[j];
            free(m->number), free(m->title), free(m->details), free(m->responsible), free(m->form), free(m->deadline);
            free(m->bodies);
        }
        free(d->measures);
        free(d->title), free(d->source_title), free(d->source_number);
    }
    free(s->docs);
    for (size_t i = 0; i < s->nbodies; i++) free(s->bodies[i].code), free(s->bodies[i].name), free(s->bodies[i].name_kk);
    free(s->bodies);
    free(s->path);
    free(s);
}

const char *plan_lang_code(plan_lang l) { return l == PLAN_LANG_RU ? "ru" : l == PLAN_LANG_KK ? "kk" : ""; }
