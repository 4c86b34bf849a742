/* scmap.c — see scmap.h. */
#include "seatcheck/scmap.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_of(const void *key, size_t len)
{
    const unsigned char *k = key;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= k[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 31;
    return h ? h : 1;
}

void scmap_init(scmap *m) { memset(m, 0, sizeof *m); }

void scmap_free(scmap *m)
{
    free(m->hash);
    free(m->off);
    free(m->len);
    free(m->val);
    free(m->arena);
    memset(m, 0, sizeof *m);
}

static size_t find(const scmap *m, uint64_t h, const void *key, size_t len)
{
    size_t mask = m->cap - 1, i = h & mask;
    while (m->hash[i]) {
        if (m->hash[i] == h && m->len[i] == len && memcmp(m->arena + m->off[i], key, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
    return i;
}

int scmap_get(const scmap *m, const void *key, size_t len)
{
    if (!m->cap)
        return -1;
    size_t i = find(m, hash_of(key, len), key, len);
    return m->hash[i] ? m->val[i] : -1;
}

static int grow(scmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    uint64_t *hash = calloc(cap, sizeof *hash);
    uint32_t *off = malloc(cap * sizeof *off), *len = malloc(cap * sizeof *len);
    int *val = malloc(cap * sizeof *val);
    if (!hash || !off || !len || !val) {
        free(hash);
        free(off);
        free(len);
        free(val);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->hash[i])
            continue;
        size_t j = m->hash[i] & (cap - 1);
        while (hash[j])
            j = (j + 1) & (cap - 1);
        hash[j] = m->hash[i];
        off[j] = m->off[i];
        len[j] = m->len[i];
        val[j] = m->val[i];
    }
    free(m->hash);
    free(m->off);
    free(m->len);
    free(m->val);
    m->hash = hash;
    m->off = off;
    m->len = len;
    m->val = val;
    m->cap = cap;
    return 0;
}

int scmap_put(scmap *m, const void *key, size_t len, int value)
{
    if ((m->n + 1) * 4 >= m->cap * 3 && grow(m) != 0)
        return -2;
    uint64_t h = hash_of(key, len);
    size_t i = find(m, h, key, len);
    if (m->hash[i])
        return m->val[i];
    if (m->used + len > m->acap) {
        size_t acap = m->acap ? m->acap : 1 << 16;
        while (m->used + len > acap)
            acap *= 2;
        char *a = realloc(m->arena, acap);
        if (!a)
            return -2;
        m->arena = a;
        m->acap = acap;
    }
    if (len)
        memcpy(m->arena + m->used, key, len);
    m->hash[i] = h;
    m->off[i] = (uint32_t)m->used;
    m->len[i] = (uint32_t)len;
    m->val[i] = value;
    m->used += len;
    m->n++;
    return -1;
}

int scmap_gets(const scmap *m, const char *key) { return scmap_get(m, key ? key : "", key ? strlen(key) : 0); }
int scmap_puts(scmap *m, const char *key, int value)
{
    return scmap_put(m, key ? key : "", key ? strlen(key) : 0, value);
}
