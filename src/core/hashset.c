#include "hashset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (1 << 20)

typedef struct {
    uint64_t hash;
    const char *key; /* NULL = empty slot */
    uint32_t len;
    long value;
} slot;

typedef struct chunk {
    struct chunk *next;
    size_t used;
    char data[];
} chunk;

struct hashset {
    slot *slots;
    size_t cap, size;
    chunk *arena;
    size_t arena_cap;
};

static uint64_t fnv1a(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)k[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

hashset *hashset_new(void)
{
    hashset *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cap = 1024;
    s->slots = calloc(s->cap, sizeof *s->slots);
    if (!s->slots) {
        free(s);
        return NULL;
    }
    return s;
}

void hashset_free(hashset *s)
{
    if (!s)
        return;
    for (chunk *c = s->arena; c;) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(s->slots);
    free(s);
}

static const char *arena_copy(hashset *s, const char *key, size_t len)
{
    if (!s->arena || s->arena->used + len + 1 > s->arena_cap) {
        size_t cap = len + 1 > ARENA_CHUNK ? len + 1 : ARENA_CHUNK;
        chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = s->arena;
        c->used = 0;
        s->arena = c;
        s->arena_cap = cap;
    }
    char *p = s->arena->data + s->arena->used;
    memcpy(p, key, len);
    p[len] = 0;
    s->arena->used += len + 1;
    return p;
}

static slot *find(slot *slots, size_t cap, uint64_t h, const char *key, size_t len)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        slot *sl = &slots[i];
        if (!sl->key || (sl->hash == h && sl->len == len && memcmp(sl->key, key, len) == 0))
            return sl;
        i = (i + 1) & (cap - 1);
    }
}

static bool grow(hashset *s)
{
    size_t cap = s->cap * 2;
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].key)
            *find(slots, cap, s->slots[i].hash, s->slots[i].key, s->slots[i].len) = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return true;
}

bool hashset_add(hashset *s, const char *key, size_t len, long value, long *first_value)
{
    if ((s->size + 1) * 4 > s->cap * 3 && !grow(s))
        return true; /* out of memory: cannot tell; treat as new */
    uint64_t h = fnv1a(key, len);
    slot *sl = find(s->slots, s->cap, h, key, len);
    if (sl->key) {
        if (first_value)
            *first_value = sl->value;
        return false;
    }
    const char *copy = arena_copy(s, key, len);
    if (!copy)
        return true;
    *sl = (slot){h, copy, (uint32_t)len, value};
    s->size++;
    return true;
}

bool hashset_contains(const hashset *s, const char *key, size_t len)
{
    uint64_t h = fnv1a(key, len);
    return find(s->slots, s->cap, h, key, len)->key != NULL;
}

bool hashset_get(const hashset *s, const char *key, size_t len, long *value)
{
    uint64_t h = fnv1a(key, len);
    const slot *e = find(s->slots, s->cap, h, key, len);
    if (!e->key)
        return false;
    if (value)
        *value = e->value;
    return true;
}

size_t hashset_size(const hashset *s)
{
    return s->size;
}
