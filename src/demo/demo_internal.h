/* demo_internal.h — name and place tables shared by the demo generator's files.
 * Not a public interface: only src/demo uses it. */
#ifndef AT_DEMO_INTERNAL_H
#define AT_DEMO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rng.h"

#define DEMO_NAME_MAX 96

typedef struct {
    const char *name;    /* "г. Новокузнецк", "Баянаульский район" */
    const char *place;   /* settlement used in addresses: "г. Новокузнецк", "с. Баянаул" */
    double weight;       /* share of the region's pupils */
    double lat, lon;     /* centre */
    bool city;           /* urban: numbered schools, small coordinate spread */
} demo_territory;

typedef struct {
    char last[DEMO_NAME_MAX], first[DEMO_NAME_MAX], middle[DEMO_NAME_MAX];
} demo_person;

/* Territories of the demo region for a country ("ru" | "kz"), largest first. */
const demo_territory *demo_territories(const char *country, size_t *n);
/* A street for an address ("ул. Ленина"). */
const char *demo_street(const char *country, at_rng *r);
/* Adjective of a village for rural school names ("Сосновская"), i-th of the list; NULL past its end. */
const char *demo_village_school(size_t i);

/* A person's full name with correct gender agreement. kazakh selects Kazakh names
 * (with Kazakh letters, ұлы/қызы or -ович patronymics) rather than Russian ones. */
void demo_person_name(at_rng *r, bool kazakh, bool female, demo_person *out);

/* Sizes of the name lists (for tests and documentation). */
void demo_name_counts(size_t *ru_surnames, size_t *ru_male, size_t *ru_female,
                      size_t *kz_surnames, size_t *kz_male, size_t *kz_female);

#endif
