/* text.h — Russian and Kazakh text: NFC normalisation on input, case-insensitive
 * comparison and search (ICU case folding), and sorting by the installation
 * language's collation (ICU "ru" or "kk": Ә Ғ Қ Ң Ө Ұ Ү Һ І in their Kazakh places). */
#ifndef AT_TEXT_H
#define AT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Validates UTF-8; returns byte offset of the first invalid sequence or -1 if valid. */
long text_utf8_invalid_at(const char *s, size_t len);

/* NFC-normalises s (UTF-8, NUL-terminated) into out (size n), trimming leading and
 * trailing white space and collapsing internal runs of spaces/tabs/NBSP to one space.
 * ASCII input takes a fast path. Returns AT_OK, AT_EINPUT (invalid UTF-8) or
 * AT_EINPUT when out is too small. */
int text_clean(const char *s, char *out, size_t n);

/* Case-folded copy for case-insensitive comparison/search (ICU full case folding). */
int text_fold(const char *s, char *out, size_t n);
/* Case-insensitive equality of two UTF-8 strings. */
bool text_equal_ci(const char *a, const char *b);
/* Case-insensitive substring search. */
bool text_contains_ci(const char *haystack, const char *needle);

/* Collation for the installation language ("ru", "kk" or "en"). */
typedef struct text_collator text_collator;
int text_collator_open(const char *lang, text_collator **out, at_error *err);
void text_collator_close(text_collator *c);
int text_compare(text_collator *c, const char *a, size_t alen, const char *b, size_t blen);

#endif
