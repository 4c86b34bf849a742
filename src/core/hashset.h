/* hashset.h — a set of byte strings (open addressing, FNV-1a),
 * used by imports to find duplicate natural keys inside one file without a
 * database round trip. Keys are copied into an arena owned by the set. */
#ifndef AT_HASHSET_H
#define AT_HASHSET_H

#include <stdbool.h>
#include <stddef.h>

typedef struct hashset hashset;

hashset *hashset_new(void);
void hashset_free(hashset *s);
/* Adds key; returns false if it was already present (and *line_out gets the value
 * stored with it, e.g. the line where it was first seen), true if added. */
bool hashset_add(hashset *s, const char *key, size_t len, long value, long *first_value);
bool hashset_contains(const hashset *s, const char *key, size_t len);
/* The value stored with key; false if absent. */
bool hashset_get(const hashset *s, const char *key, size_t len, long *value);
size_t hashset_size(const hashset *s);

#endif
