/* table.h — reading and writing tables (CSV and XLSX) row by row.
 *
 * Readers stream: a 1,000,000-row file is never held in memory. CSV input may be
 * UTF-8, UTF-8 with BOM or Windows-1251 (detected; everything is handed out as
 * UTF-8) and delimited by ',', ';' or tab (detected from the header line).
 * XLSX input is the first worksheet, read with libzip + libxml2's streaming
 * reader. Writers produce UTF-8 CSV (with BOM when asked, for Excel) and XLSX
 * (libxlsxwriter). Lines and columns are 1-based, as a user sees them in Excel.
 *
 * Details a caller may rely on:
 * - CSV reading trims spaces and tabs around unquoted fields (libcsv's default);
 *   quoted fields are kept verbatim. Rows whose cells are all empty are skipped.
 * - XLSX reading: cells missing from the sheet come back as ""; numbers as stored
 *   ("4.5"), booleans as "TRUE"/"FALSE", dates as Excel serial numbers; a row ends
 *   at its last non-empty cell.
 * - CSV writing ends every record with "\r\n" (RFC 4180, what Excel writes) and
 *   quotes a field holding the delimiter, a quote, CR/LF or leading/trailing blanks.
 * - XLSX writing stores every cell as a string (codes like "0012" survive), makes a
 *   bold first row a frozen header, and sizes columns to their content. */
#ifndef AT_TABLE_H
#define AT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef enum { TABLE_CSV, TABLE_XLSX } table_format;

typedef struct table_reader table_reader;

typedef struct {
    const char *const *cells; /* UTF-8, NUL-terminated; valid until the next call */
    size_t ncells;
    long line;                /* 1-based line (CSV: physical line where the record starts; XLSX: row number) */
} table_row;

/* Opens a file; the format is chosen by content (ZIP signature → XLSX), not name. */
int table_open(const char *path, table_reader **out, at_error *err);
/* Next row: AT_OK with *row filled, AT_ENOTFOUND at end, AT_EINPUT on a malformed
 * file (err names file and line). Empty lines are skipped. */
int table_next(table_reader *r, table_row *row, at_error *err);
table_format table_format_of(const table_reader *r);
/* For CSV: "UTF-8", "UTF-8 BOM" or "windows-1251"; delimiter ',', ';' or '\t'.
 * For XLSX: "UTF-8" and '\0'. */
const char *table_encoding(const table_reader *r);
char table_delimiter(const table_reader *r);
/* Bytes consumed so far and total size, for progress bars (CSV: the file;
 * XLSX: the uncompressed worksheet). */
void table_progress(const table_reader *r, long long *done, long long *total);
void table_close(table_reader *r);

typedef struct table_writer table_writer;

typedef struct {
    table_format format;
    char delimiter;           /* CSV only; default ',' */
    bool bom;                 /* CSV only: write a UTF-8 BOM (Excel opens it right) */
    const char *sheet_name;   /* XLSX only */
} table_write_opts;

int table_create(const char *path, const table_write_opts *opts, table_writer **out, at_error *err);
/* Writes one row; `bold` marks a header row (XLSX). */
int table_write_row(table_writer *w, const char *const *cells, size_t ncells, bool bold, at_error *err);
/* Finishes the file; frees w in all cases. */
int table_finish(table_writer *w, at_error *err);

/* Guess a format from a file name's extension (".xlsx" → XLSX, else CSV). */
table_format table_format_for_name(const char *path);

#endif
