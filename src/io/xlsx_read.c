/* xlsx_read.c — streaming reader for the first worksheet of an XLSX file.
 *
 * libzip opens the package; libxml2's xmlTextReader pulls the XML: first the
 * workbook and its relationships (to find the first sheet and the shared
 * strings part), then all shared strings (kept in one arena: cells refer to
 * them by index), then the worksheet one <row> per table_next. A cell's
 * reference ("C12") decides its column, so cells Excel omitted come back
 * empty; a row keeps its real row number. Values are handed out as text:
 * shared and inline strings verbatim, numbers as stored (<v>), booleans as
 * TRUE/FALSE. Dates stay Excel serial numbers (styles are not read). */
#include "io/table_internal.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#define XLSX_MAX_PART (64 * 1024 * 1024)          /* workbook.xml, rels: small parts read whole */
#define XLSX_MAX_SHARED ((size_t)1 << 30)          /* shared strings arena limit */
#define XLSX_MAX_COLS 16384                        /* XFD, Excel's last column */
#define XLSX_XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

typedef struct {
    zip_file_t *zf;
    long long *count; /* uncompressed bytes read, for progress */
} zstream;

typedef struct {
    size_t col, off;
} xcell;

struct xlsx_src {
    char *path;
    zip_t *za;
    zstream zs;
    xmlTextReaderPtr rd;
    char xml_err[200];

    char *ss;            /* shared strings, NUL-terminated one after another */
    size_t ss_len, ss_cap;
    size_t *ss_off;
    size_t ss_n, ss_ocap;

    char *data;          /* the current row's values */
    size_t dlen, dcap;
    xcell *cc;
    size_t ncc, cccap;
    const char **cells;
    size_t cells_cap;

    long last_row;
    bool finished;
    long long done, total;
};


static int zread(void *ctx, char *buf, int len)
{
    zstream *z = ctx;
    zip_int64_t n = zip_fread(z->zf, buf, (zip_uint64_t)len);
    if (n > 0 && z->count)
        *z->count += n;
    return (int)n;
}

static int zclose(void *ctx)
{
    zstream *z = ctx;
    if (z->zf)
        zip_fclose(z->zf);
    z->zf = NULL;
    return 0;
}

static void xml_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
    struct xlsx_src *s = arg;
    if (!s->xml_err[0]) {
        snprintf(s->xml_err, sizeof s->xml_err, "%s (XML line %d)", msg ? msg : "?",
                 loc ? xmlTextReaderLocatorLineNumber(loc) : 0);
        size_t n = strlen(s->xml_err);
        /* libxml2 messages end in a newline before our suffix; tidy it */
        for (size_t i = 0; i < n; i++)
            if (s->xml_err[i] == '\n')
                s->xml_err[i] = ' ';
    }
}

/* Opens a streaming reader on a zip member; NULL if the member is missing. */
static xmlTextReaderPtr open_part(xlsx_src *s, const char *name, zstream *z)
{
    z->zf = zip_fopen(s->za, name, 0);
    if (!z->zf)
        return NULL;
    xmlTextReaderPtr rd = xmlReaderForIO(zread, zclose, z, name, NULL, XLSX_XML_OPTS);
    if (rd)
        xmlTextReaderSetErrorHandler(rd, xml_error, s);
    return rd;
}

static bool is_el(xmlTextReaderPtr rd, const char *local)
{
    const xmlChar *n = xmlTextReaderConstLocalName(rd);
    return n && strcmp((const char *)n, local) == 0;
}

static bool is_text_node(int t)
{
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_WHITESPACE ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* The namespaced r:id of the current element (any prefix), malloc'd, or NULL. */
static char *rel_id_attr(xmlTextReaderPtr rd)
{
    char *res = NULL;
    if (xmlTextReaderMoveToFirstAttribute(rd) == 1) {
        do {
            const xmlChar *ln = xmlTextReaderConstLocalName(rd);
            const xmlChar *ns = xmlTextReaderConstNamespaceUri(rd);
            if (ln && ns && strcmp((const char *)ln, "id") == 0 && strstr((const char *)ns, "relationships")) {
                res = strdup((const char *)xmlTextReaderConstValue(rd));
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(rd) == 1);
        xmlTextReaderMoveToElement(rd);
    }
    return res;
}

static char *attr(xmlTextReaderPtr rd, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttribute(rd, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *r = strdup((const char *)v);
    xmlFree(v);
    return r;
}

static char *part_path(const char *target)
{
    char *p;
    if (target[0] == '/')
        p = strdup(target + 1);
    else if (asprintf(&p, "xl/%s", target) < 0)
        p = NULL;
    return p;
}

/* Finds the first worksheet and the shared strings part through the workbook's relationships. */
static void locate_parts(xlsx_src *s, char **sheet, char **shared)
{
    zstream z = {0};
    char *rid = NULL;
    xmlTextReaderPtr rd = open_part(s, "xl/workbook.xml", &z);
    if (rd) {
        while (xmlTextReaderRead(rd) == 1) {
            if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT && is_el(rd, "sheet")) {
                rid = rel_id_attr(rd);
                break;
            }
        }
        xmlFreeTextReader(rd);
    }
    zclose(&z);
    rd = open_part(s, "xl/_rels/workbook.xml.rels", &z);
    if (rd) {
        while (xmlTextReaderRead(rd) == 1) {
            if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT || !is_el(rd, "Relationship"))
                continue;
            char *id = attr(rd, "Id"), *type = attr(rd, "Type"), *target = attr(rd, "Target");
            if (target) {
                size_t tl = type ? strlen(type) : 0;
                if (!*sheet && rid && id && strcmp(id, rid) == 0)
                    *sheet = part_path(target);
                else if (!*shared && tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0)
                    *shared = part_path(target);
            }
            free(id);
            free(type);
            free(target);
        }
        xmlFreeTextReader(rd);
    }
    zclose(&z);
    free(rid);
    if (!*sheet)
        *sheet = strdup("xl/worksheets/sheet1.xml");
    if (!*shared)
        *shared = strdup("xl/sharedStrings.xml");
}

static bool ss_append(xlsx_src *s, const char *t, size_t n)
{
    if (s->ss_len + n + 1 > XLSX_MAX_SHARED)
        return false;
    if (!table_grow((void **)&s->ss, &s->ss_cap, s->ss_len + n + 1, 1))
        return false;
    memcpy(s->ss + s->ss_len, t, n);
    s->ss_len += n;
    return true;
}

static int load_shared(xlsx_src *s, const char *name, at_error *err)
{
    zstream z = {0};
    xmlTextReaderPtr rd = open_part(s, name, &z);
    if (!rd)
        return AT_OK; /* a workbook without strings */
    int rc = AT_OK, depth_rph = 0;
    bool in_t = false, in_si = false;
    int r;
    while ((r = xmlTextReaderRead(rd)) == 1) {
        int t = xmlTextReaderNodeType(rd);
        if (t == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(rd);
            if (is_el(rd, "si")) {
                if (!table_grow((void **)&s->ss_off, &s->ss_ocap, s->ss_n + 1, sizeof *s->ss_off)) {
                    rc = AT_ENOMEM;
                    break;
                }
                s->ss_off[s->ss_n] = s->ss_len;
                in_si = !empty;
                if (empty) {
                    if (!ss_append(s, "", 0)) {
                        rc = AT_ENOMEM;
                        break;
                    }
                    s->ss[s->ss_len++] = '\0';
                    s->ss_n++;
                }
            } else if (is_el(rd, "rPh") && !empty) {
                depth_rph++;
            } else if (is_el(rd, "t") && !empty && in_si && !depth_rph) {
                in_t = true;
            }
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            if (is_el(rd, "t"))
                in_t = false;
            else if (is_el(rd, "rPh"))
                depth_rph--;
            else if (is_el(rd, "si") && in_si) {
                if (!ss_append(s, "", 0)) {
                    rc = AT_ENOMEM;
                    break;
                }
                s->ss[s->ss_len++] = '\0';
                s->ss_n++;
                in_si = false;
            }
        } else if (in_t && is_text_node(t)) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            if (v && !ss_append(s, v, strlen(v))) {
                rc = AT_ENOMEM;
                break;
            }
        }
    }
    if (rc == AT_OK && r < 0)
        rc = at_fail(err, AT_EINPUT, s->path, "malformed shared strings (%s): %s", name,
                     s->xml_err[0] ? s->xml_err : "XML error");
    else if (rc == AT_ENOMEM)
        rc = at_fail(err, AT_ENOMEM, s->path, "shared strings too large or out of memory");
    xmlFreeTextReader(rd);
    zclose(&z);
    return rc;
}

int xlsx_src_open(const char *path, xlsx_src **out, at_error *err)
{
    *out = NULL;
    xlsx_src *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return at_fail(err, AT_ENOMEM, path, "out of memory");
    }
    int ze = 0;
    s->za = zip_open(path, ZIP_RDONLY, &ze);
    if (!s->za) {
        zip_error_t e;
        zip_error_init_with_code(&e, ze);
        at_fail(err, AT_EINPUT, path, "not a readable XLSX (zip) file: %s", zip_error_strerror(&e));
        zip_error_fini(&e);
        xlsx_src_close(s);
        return AT_EINPUT;
    }
    char *sheet = NULL, *shared = NULL;
    locate_parts(s, &sheet, &shared);
    int rc = sheet && shared ? load_shared(s, shared, err) : at_fail(err, AT_ENOMEM, path, "out of memory");
    if (rc == AT_OK) {
        zip_stat_t st;
        if (zip_stat(s->za, sheet, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE))
            s->total = (long long)st.size;
        s->zs.count = &s->done;
        s->rd = open_part(s, sheet, &s->zs);
        if (!s->rd)
            rc = at_fail(err, AT_EINPUT, path, "no worksheet %s in the XLSX file", sheet);
    }
    free(sheet);
    free(shared);
    if (rc != AT_OK) {
        xlsx_src_close(s);
        return rc;
    }
    *out = s;
    return AT_OK;
}

/* "C12" → 3; 0 when there are no letters or the column is out of range. */
static size_t col_of_ref(const char *ref)
{
    size_t col = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        col = col * 26 + (size_t)(*ref - 'A' + 1);
        if (col > XLSX_MAX_COLS)
            return 0;
    }
    return col;
}

static bool data_append(xlsx_src *s, const char *t, size_t n)
{
    if (!table_grow((void **)&s->data, &s->dcap, s->dlen + n + 1, 1))
        return false;
    memcpy(s->data + s->dlen, t, n);
    s->dlen += n;
    return true;
}

static int sheet_error(xlsx_src *s, at_error *err, long row, const char *what)
{
    char where[AT_ERR_WHERE];
    snprintf(where, sizeof where, "%s:%ld", s->path, row);
    s->finished = true;
    return at_fail(err, AT_EINPUT, where, "%s", what);
}

/* Turns the raw text of the cell starting at data[start] into its value per type t. */
static int finish_cell(xlsx_src *s, char type, size_t start, long row, at_error *err)
{
    if (!data_append(s, "", 0))
        return at_fail(err, AT_ENOMEM, s->path, "out of memory");
    s->data[s->dlen++] = '\0';
    const char *raw = s->data + start;
    if (type == 's') {
        char *end;
        unsigned long idx = strtoul(raw, &end, 10);
        if (end == raw || *end || idx >= s->ss_n) {
            char msg[160];
            snprintf(msg, sizeof msg, "shared string index \"%.40s\" out of range (%zu strings)", raw, s->ss_n);
            return sheet_error(s, err, row, msg);
        }
        const char *v = s->ss + s->ss_off[idx];
        s->dlen = start;
        if (!data_append(s, v, strlen(v) + 1))
            return at_fail(err, AT_ENOMEM, s->path, "out of memory");
    } else if (type == 'b') {
        const char *v = strcmp(raw, "1") == 0 ? "TRUE" : "FALSE";
        s->dlen = start;
        if (!data_append(s, v, strlen(v) + 1))
            return at_fail(err, AT_ENOMEM, s->path, "out of memory");
    }
    return AT_OK;
}

int xlsx_src_next(xlsx_src *s, table_row *row, at_error *err)
{
    if (s->finished)
        return AT_ENOTFOUND;
    xmlTextReaderPtr rd = s->rd;
    long rownum = 0;
    bool in_row = false, in_val = false, in_is = false;
    int depth_rph = 0;
    char type = 'n';
    size_t col = 0, cell_start = 0;
    bool in_cell = false;
    int r;
    while ((r = xmlTextReaderRead(rd)) == 1) {
        int t = xmlTextReaderNodeType(rd);
        if (t == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(rd);
            if (is_el(rd, "row")) {
                char *rv = attr(rd, "r");
                rownum = rv ? atol(rv) : s->last_row + 1;
                free(rv);
                if (rownum <= 0)
                    rownum = s->last_row + 1;
                s->last_row = rownum;
                s->dlen = 0;
                s->ncc = 0;
                col = 0;
                in_row = !empty;
            } else if (in_row && is_el(rd, "c")) {
                char *ref = attr(rd, "r"), *ty = attr(rd, "t");
                size_t c = ref ? col_of_ref(ref) : col + 1;
                free(ref);
                if (c == 0 || c > XLSX_MAX_COLS) {
                    free(ty);
                    return sheet_error(s, err, rownum, "bad cell reference");
                }
                col = c;
                type = !ty ? 'n' : strcmp(ty, "s") == 0 ? 's' : strcmp(ty, "b") == 0 ? 'b'
                                 : strcmp(ty, "inlineStr") == 0 ? 'i' : 'n';
                free(ty);
                cell_start = s->dlen;
                in_cell = !empty;
            } else if (in_cell && is_el(rd, "v") && !empty) {
                in_val = true;
            } else if (in_cell && is_el(rd, "is") && !empty) {
                in_is = true;
            } else if (in_is && is_el(rd, "rPh") && !empty) {
                depth_rph++;
            } else if (in_is && !depth_rph && is_el(rd, "t") && !empty) {
                in_val = true;
            }
        } else if (t == XML_READER_TYPE_END_ELEMENT) {
            if (is_el(rd, "v") || is_el(rd, "t")) {
                in_val = false;
            } else if (is_el(rd, "rPh")) {
                depth_rph--;
            } else if (is_el(rd, "is")) {
                in_is = false;
            } else if (in_cell && is_el(rd, "c")) {
                in_cell = false;
                int rc = finish_cell(s, type, cell_start, rownum, err);
                if (rc != AT_OK)
                    return rc;
                if (s->data[cell_start]) {
                    if (!table_grow((void **)&s->cc, &s->cccap, s->ncc + 1, sizeof *s->cc))
                        return at_fail(err, AT_ENOMEM, s->path, "out of memory");
                    s->cc[s->ncc++] = (xcell){col, cell_start};
                } else {
                    s->dlen = cell_start;
                }
            } else if (in_row && is_el(rd, "row")) {
                in_row = false;
                if (s->ncc == 0)
                    continue; /* a row with no values */
                size_t n = 0;
                for (size_t i = 0; i < s->ncc; i++)
                    if (s->cc[i].col > n)
                        n = s->cc[i].col;
                if (!table_grow((void **)&s->cells, &s->cells_cap, n, sizeof *s->cells))
                    return at_fail(err, AT_ENOMEM, s->path, "out of memory");
                for (size_t i = 0; i < n; i++)
                    s->cells[i] = "";
                for (size_t i = 0; i < s->ncc; i++)
                    s->cells[s->cc[i].col - 1] = s->data + s->cc[i].off;
                row->cells = s->cells;
                row->ncells = n;
                row->line = rownum;
                return AT_OK;
            } else if (is_el(rd, "sheetData")) {
                break; /* nothing after the data matters */
            }
        } else if (in_val && is_text_node(t)) {
            const char *v = (const char *)xmlTextReaderConstValue(rd);
            if (v && !data_append(s, v, strlen(v)))
                return at_fail(err, AT_ENOMEM, s->path, "out of memory");
        }
    }
    s->finished = true;
    if (r < 0) {
        char msg[300];
        snprintf(msg, sizeof msg, "malformed worksheet XML: %s", s->xml_err[0] ? s->xml_err : "parse error");
        return sheet_error(s, err, s->last_row, msg);
    }
    return AT_ENOTFOUND;
}

void xlsx_src_progress(const xlsx_src *s, long long *done, long long *total)
{
    if (done)
        *done = s->done;
    if (total)
        *total = s->total;
}

void xlsx_src_close(xlsx_src *s)
{
    if (!s)
        return;
    if (s->rd)
        xmlFreeTextReader(s->rd);
    zclose(&s->zs);
    if (s->za)
        zip_discard(s->za);
    free(s->ss);
    free(s->ss_off);
    free(s->data);
    free(s->cc);
    free(s->cells);
    free(s->path);
    free(s);
}
