/* table_internal.h — what table_read.c shares with the CSV and XLSX readers.
 * Not part of the io module's interface. */
#ifndef AT_TABLE_INTERNAL_H
#define AT_TABLE_INTERNAL_H

#include "io/table.h"

typedef struct csv_src csv_src;
typedef struct xlsx_src xlsx_src;

int csv_src_open(const char *path, csv_src **out, at_error *err);
int csv_src_next(csv_src *s, table_row *row, at_error *err);
const char *csv_src_encoding(const csv_src *s);
char csv_src_delimiter(const csv_src *s);
void csv_src_progress(const csv_src *s, long long *done, long long *total);
void csv_src_close(csv_src *s);

int xlsx_src_open(const char *path, xlsx_src **out, at_error *err);
int xlsx_src_next(xlsx_src *s, table_row *row, at_error *err);
void xlsx_src_progress(const xlsx_src *s, long long *done, long long *total);
void xlsx_src_close(xlsx_src *s);

/* Makes *buf hold at least `need` elements of `elem` bytes, doubling from 64;
 * false when memory runs out (then *buf is unchanged). */
bool table_grow(void **buf, size_t *cap, size_t need, size_t elem);

#endif
