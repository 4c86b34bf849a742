/* scmap.h — byte-string → int map of the seatcheck module (open addressing,
 * keys copied into one growing arena). Private to seatcheck. */
#ifndef AT_SCMAP_H
#define AT_SCMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t hash;    /* 0 = empty slot */
    uint32_t off, len;
    int val;
} scmap_slot;

typedef struct {
    scmap_slot *slot; /* one array: a probe touches one cache line */
    size_t cap, n;
    char *arena;
    size_t used, acap;
} scmap;

void scmap_init(scmap *m);
void scmap_free(scmap *m);
/* The value stored under key, or -1. */
int scmap_get(const scmap *m, const void *key, size_t len);
/* Stores key → value unless present; returns the value already stored, or -1
 * after adding (or -2 when out of memory). */
int scmap_put(scmap *m, const void *key, size_t len, int value);
/* Texts: the same with a NUL-terminated key (NULL is the empty key). */
int scmap_gets(const scmap *m, const char *key);
int scmap_puts(scmap *m, const char *key, int value);

#endif
