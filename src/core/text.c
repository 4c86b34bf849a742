/* text.c — UTF-8 validation, NFC clean-up, case folding and collation.
 *
 * ICU does the Unicode work (NFC, full case folding, "ru"/"kk" collation);
 * this file adds ASCII fast paths, because most identifiers, codes and numbers
 * in school registries are ASCII and need no ICU round trip. */
#include "text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* Strings up to this many UTF-16 units are converted on the stack. */
#define TEXT_STACK_UNITS 512

struct text_collator {
    UCollator *coll;
};

/* True when the 8 bytes at p are all ASCII. */
static inline int all_ascii8(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return (v & UINT64_C(0x8080808080808080)) == 0;
}

long text_utf8_invalid_at(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (i + 8 <= len && all_ascii8(p + i)) {
            i += 8;
            continue;
        }
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
        } else if (c >= 0xC2 && c <= 0xDF) { /* Cyrillic: the common case, kept short */
            if (i + 1 >= len || (p[i + 1] & 0xC0) != 0x80)
                return (long)i;
            i += 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= len)
                return (long)i;
            unsigned b1 = p[i + 1], b2 = p[i + 2];
            unsigned lo = c == 0xE0 ? 0xA0 : 0x80; /* overlong */
            unsigned hi = c == 0xED ? 0x9F : 0xBF; /* surrogates */
            if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80)
                return (long)i;
            i += 3;
        } else if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= len)
                return (long)i;
            unsigned b1 = p[i + 1];
            unsigned lo = c == 0xF0 ? 0x90 : 0x80; /* overlong */
            unsigned hi = c == 0xF4 ? 0x8F : 0xBF; /* above U+10FFFF */
            if (b1 < lo || b1 > hi || (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80)
                return (long)i;
            i += 4;
        } else {
            return (long)i;
        }
    }
    return -1;
}

static bool is_ascii(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        if (!all_ascii8(p + i))
            return false;
    for (; i < len; i++)
        if (p[i] & 0x80)
            return false;
    return true;
}

/* Length of a blank (space, tab, NBSP) at p, 0 if none. */
static size_t blank_len(const char *p, const char *end)
{
    if (*p == ' ' || *p == '\t')
        return 1;
    if ((unsigned char)p[0] == 0xC2 && p + 1 < end && (unsigned char)p[1] == 0xA0)
        return 2;
    return 0;
}

/* Length of trimmable white space (blank, CR, LF) at p, 0 if none. */
static size_t space_len(const char *p, const char *end)
{
    if (*p == '\r' || *p == '\n')
        return 1;
    return blank_len(p, end);
}

/* Trims white space (blanks, CR, LF) at both ends and collapses inner runs of
 * blanks to one space. Fails with AT_EINPUT when out (size n) is too small. */
static int squeeze(const char *s, size_t len, char *out, size_t n)
{
    const char *p = s, *end = s + len;
    size_t k;
    while (p < end && (k = space_len(p, end)) != 0)
        p += k;
    /* Trailing: step back over ASCII white space and NBSP (C2 A0). */
    while (end > p) {
        unsigned char c = (unsigned char)end[-1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            end--;
        else if (c == 0xA0 && end - p >= 2 && (unsigned char)end[-2] == 0xC2)
            end -= 2;
        else
            break;
    }
    size_t o = 0;
    while (p < end) {
        size_t b = blank_len(p, end);
        if (b) {
            do
                p += b;
            while (p < end && (b = blank_len(p, end)) != 0);
            if (o + 1 >= n)
                return AT_EINPUT;
            out[o++] = ' ';
            continue;
        }
        if (o + 1 >= n)
            return AT_EINPUT;
        out[o++] = *p++;
    }
    out[o] = '\0';
    return AT_OK;
}

/* UTF-8 → UTF-16 into *buf (stack or heap); returns length or -1. */
static int32_t to_u16(const char *s, size_t len, UChar *stack, size_t stack_n, UChar **buf)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t need = 0;
    if (len > INT32_MAX / 2)
        return -1;
    u_strFromUTF8(stack, (int32_t)stack_n, &need, s, (int32_t)len, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        UChar *h = malloc(((size_t)need + 1) * sizeof *h);
        if (!h)
            return -1;
        st = U_ZERO_ERROR;
        u_strFromUTF8(h, need + 1, &need, s, (int32_t)len, &st);
        if (U_FAILURE(st)) {
            free(h);
            return -1;
        }
        *buf = h;
        return need;
    }
    if (U_FAILURE(st))
        return -1;
    *buf = stack;
    return need;
}

/* True when every code point of valid UTF-8 s is one that is NFC-stable on its
 * own and never combines or reorders with a neighbour: ASCII, Latin-1 and Latin
 * Extended (U+00A0–U+02FF), Cyrillic and its supplement without the combining
 * titlo marks (U+0400–U+0482, U+048A–U+052F), general punctuation without the
 * two quads that NFC replaces (U+2002–U+206F) and the numero sign. Text made
 * only of these is already NFC, so the common Russian/Kazakh name skips ICU. */
static bool nfc_stable(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        if ((c & 0xE0) == 0xC0 && p + 1 < end) {
            unsigned cp = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
            if (!((cp >= 0xA0 && cp <= 0x2FF) || (cp >= 0x400 && cp <= 0x482) || (cp >= 0x48A && cp <= 0x52F)))
                return false;
            p += 2;
            continue;
        }
        if ((c & 0xF0) == 0xE0 && p + 2 < end) {
            unsigned cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
            if (!((cp >= 0x2002 && cp <= 0x206F) || cp == 0x2116))
                return false;
            p += 3;
            continue;
        }
        return false;
    }
    return true;
}

int text_clean(const char *s, char *out, size_t n)
{
    if (!s || !out || n == 0)
        return AT_EINPUT;
    size_t len = strlen(s);
    if (is_ascii(s, len))
        return squeeze(s, len, out, n);
    if (text_utf8_invalid_at(s, len) >= 0)
        return AT_EINPUT;
    if (nfc_stable(s, len))
        return squeeze(s, len, out, n);

    UChar stack[TEXT_STACK_UNITS], *src = NULL;
    int32_t ulen = to_u16(s, len, stack, TEXT_STACK_UNITS, &src);
    if (ulen < 0)
        return AT_EINPUT;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    int rc = AT_EINPUT;
    UChar *norm = NULL;
    char *u8 = NULL;
    if (U_FAILURE(st))
        goto done;
    const UChar *use = src;
    int32_t use_len = ulen;
    if (unorm2_quickCheck(nfc, src, ulen, &st) != UNORM_YES) {
        st = U_ZERO_ERROR;
        /* NFC never expands beyond 3x for composing input; ask ICU for the size. */
        int32_t need = unorm2_normalize(nfc, src, ulen, NULL, 0, &st);
        if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
            goto done;
        norm = malloc(((size_t)need + 1) * sizeof *norm);
        if (!norm)
            goto done;
        st = U_ZERO_ERROR;
        use_len = unorm2_normalize(nfc, src, ulen, norm, need + 1, &st);
        if (U_FAILURE(st))
            goto done;
        use = norm;
    }
    st = U_ZERO_ERROR;
    int32_t u8len = 0;
    u_strToUTF8(NULL, 0, &u8len, use, use_len, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        goto done;
    u8 = malloc((size_t)u8len + 1);
    if (!u8)
        goto done;
    st = U_ZERO_ERROR;
    u_strToUTF8(u8, u8len + 1, &u8len, use, use_len, &st);
    if (U_FAILURE(st))
        goto done;
    rc = squeeze(u8, (size_t)u8len, out, n);
done:
    if (src != stack)
        free(src);
    free(norm);
    free(u8);
    return rc;
}

/* Folds s into a heap or caller buffer; returns AT_OK and sets *res and *res_len. */
static int fold_alloc(const char *s, size_t len, char *out, size_t n, char **res, size_t *res_len)
{
    UChar stack[TEXT_STACK_UNITS], *src = NULL, fstack[TEXT_STACK_UNITS], *f = fstack;
    if (text_utf8_invalid_at(s, len) >= 0)
        return AT_EINPUT;
    int32_t ulen = to_u16(s, len, stack, TEXT_STACK_UNITS, &src);
    if (ulen < 0)
        return AT_EINPUT;
    int rc = AT_EINPUT;
    UErrorCode st = U_ZERO_ERROR;
    int32_t flen = u_strFoldCase(f, TEXT_STACK_UNITS, src, ulen, U_FOLD_CASE_DEFAULT, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        f = malloc(((size_t)flen + 1) * sizeof *f);
        if (!f)
            goto done;
        st = U_ZERO_ERROR;
        flen = u_strFoldCase(f, flen + 1, src, ulen, U_FOLD_CASE_DEFAULT, &st);
    }
    if (U_FAILURE(st))
        goto done;
    st = U_ZERO_ERROR;
    int32_t u8len = 0;
    u_strToUTF8(NULL, 0, &u8len, f, flen, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
        goto done;
    char *dst = out;
    if (!out) {
        dst = malloc((size_t)u8len + 1);
        if (!dst) {
            rc = AT_ENOMEM;
            goto done;
        }
    } else if ((size_t)u8len + 1 > n) {
        goto done;
    }
    st = U_ZERO_ERROR;
    u_strToUTF8(dst, u8len + 1, &u8len, f, flen, &st);
    if (U_FAILURE(st)) {
        if (!out)
            free(dst);
        goto done;
    }
    dst[u8len] = '\0';
    *res = dst;
    *res_len = (size_t)u8len;
    rc = AT_OK;
done:
    if (src != stack)
        free(src);
    if (f != fstack)
        free(f);
    return rc;
}

int text_fold(const char *s, char *out, size_t n)
{
    if (!s || !out || n == 0)
        return AT_EINPUT;
    size_t len = strlen(s);
    if (is_ascii(s, len)) {
        if (len + 1 > n)
            return AT_EINPUT;
        for (size_t i = 0; i < len; i++)
            out[i] = (char)tolower((unsigned char)s[i]);
        out[len] = '\0';
        return AT_OK;
    }
    char *res;
    size_t rlen;
    return fold_alloc(s, len, out, n, &res, &rlen);
}

/* Heap-allocated folded copy (ASCII: lower-cased); NULL on invalid UTF-8 or no memory. */
static char *fold_dup(const char *s, size_t *out_len)
{
    size_t len = strlen(s);
    if (is_ascii(s, len)) {
        char *d = malloc(len + 1);
        if (!d)
            return NULL;
        for (size_t i = 0; i < len; i++)
            d[i] = (char)tolower((unsigned char)s[i]);
        d[len] = '\0';
        *out_len = len;
        return d;
    }
    char *res = NULL;
    if (fold_alloc(s, len, NULL, 0, &res, out_len) != AT_OK)
        return NULL;
    return res;
}

bool text_equal_ci(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    if (strcmp(a, b) == 0)
        return true;
    size_t la = strlen(a), lb = strlen(b);
    if (is_ascii(a, la) && is_ascii(b, lb)) {
        if (la != lb)
            return false;
        for (size_t i = 0; i < la; i++)
            if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
                return false;
        return true;
    }
    size_t fa, fb;
    char *x = fold_dup(a, &fa), *y = fold_dup(b, &fb);
    bool eq;
    if (!x || !y)
        eq = strcmp(a, b) == 0; /* invalid UTF-8: only byte equality is meaningful */
    else
        eq = fa == fb && memcmp(x, y, fa) == 0;
    free(x);
    free(y);
    return eq;
}

bool text_contains_ci(const char *haystack, const char *needle)
{
    if (!haystack || !needle)
        return false;
    if (!*needle)
        return true;
    size_t fh, fn;
    char *h = fold_dup(haystack, &fh), *nd = fold_dup(needle, &fn);
    bool found;
    if (!h || !nd)
        found = strstr(haystack, needle) != NULL;
    else
        found = strstr(h, nd) != NULL; /* UTF-8 is self-synchronising: a byte match is a character match */
    free(h);
    free(nd);
    return found;
}

int text_collator_open(const char *lang, text_collator **out, at_error *err)
{
    *out = NULL;
    if (!lang || (strcmp(lang, "ru") != 0 && strcmp(lang, "kk") != 0 && strcmp(lang, "en") != 0))
        return at_fail(err, AT_EINPUT, "language", "unsupported language \"%s\"; expected ru, kk or en",
                       lang ? lang : "(null)");
    UErrorCode st = U_ZERO_ERROR;
    UCollator *coll = ucol_open(lang, &st);
    if (U_FAILURE(st))
        return at_fail(err, AT_EINTERNAL, "ICU", "ucol_open(\"%s\") failed: %s", lang, u_errorName(st));
    text_collator *c = malloc(sizeof *c);
    if (!c) {
        ucol_close(coll);
        return at_fail(err, AT_ENOMEM, "collator", "out of memory");
    }
    c->coll = coll;
    *out = c;
    return AT_OK;
}

void text_collator_close(text_collator *c)
{
    if (!c)
        return;
    ucol_close(c->coll);
    free(c);
}

int text_compare(text_collator *c, const char *a, size_t alen, const char *b, size_t blen)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t la = alen > INT32_MAX ? INT32_MAX : (int32_t)alen;
    int32_t lb = blen > INT32_MAX ? INT32_MAX : (int32_t)blen;
    UCollationResult r = ucol_strcollUTF8(c->coll, a, la, b, lb, &st);
    if (U_FAILURE(st)) {
        /* Invalid UTF-8: fall back to byte order so sorting stays total. */
        size_t m = alen < blen ? alen : blen;
        int k = memcmp(a, b, m);
        return k ? (k < 0 ? -1 : 1) : (alen < blen ? -1 : alen > blen);
    }
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}
