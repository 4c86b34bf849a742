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
    h ^= h >> 33; /* FNV's low bits see only the bytes' low bits: mix (MurmurHash3's finalizer) */
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h ? h : 1;
}

void scmap_init(scmap *m) { memset(m, 0, sizeof *m); }

void scmap_free(scmap *m)
{
    free(m->slot);
    free(m->arena);
    memset(m, 0, sizeof *m);
}

static size_t find(const scmap *m, uint64_t h, const void *key, size_t len)
{
    size_t mask = m->cap - 1, i = h & mask;
    while (m->slot[i].hash) {
        const scmap_slot *e = &m->slot[i];
        if (e->hash == h && e->len == len && memcmp(m->arena + e->off, key, len) == 0)
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
    return m->slot[i].hash ? m->slot[i].val : -1;
}

static int grow(scmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    scmap_slot *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->slot[i].hash)
            continue;
        size_t j = m->slot[i].hash & (cap - 1);
        while (slot[j].hash)
            j = (j + 1) & (cap - 1);
        slot[j] = m->slot[i];
    }
    free(m->slot);
    m->slot = slot;
    m->cap = cap;
    return 0;
}

int scmap_put(scmap *m, const void *key, size_t len, int value)
{
    if ((m->n + 1) * 2 >= m->cap && grow(m) != 0) /* load at most 1/2 */
        return -2;
    uint64_t h = hash_of(key, len);
    size_t i = find(m, h, key, len);
    if (m->slot[i].hash)
        return m->slot[i].val;
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
    m->slot[i] = (scmap_slot){h, (uint32_t)m->used, (uint32_t)len, value};
    m->used += len;
    m->n++;
    return -1;
}

int scmap_gets(const scmap *m, const char *key) { return scmap_get(m, key ? key : "", key ? strlen(key) : 0); }
int scmap_puts(scmap *m, const char *key, int value)
{
    return scmap_put(m, key ? key : "", key ? strlen(key) : 0, value);
}
