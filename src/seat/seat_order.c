/* seat_order.c — the order of seats in a room: shuffled with the day's seeded
 * stream, then arranged so that no two neighbours (seat k and k+1) come from
 * one school where the room's mix allows it. */
#include <stdlib.h>

#include "seat_day.h"

typedef struct {
    int school;
    long count;
    long *who;   /* participants of this school, shuffled */
    uint64_t tie;
} bucket;

long sd_order_seats(const sd_day *d, long *idx, long n, at_rng *r)
{
    if (n < 2)
        return 0;
    /* shuffle (Fisher–Yates) */
    for (long i = n - 1; i > 0; i--) {
        long j = (long)rng_below(r, (uint64_t)i + 1);
        long t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    /* group by school, keeping the shuffled order within a school */
    bucket *b = calloc((size_t)n, sizeof *b);
    long *pool = malloc((size_t)n * sizeof *pool);
    long *fill = calloc((size_t)n, sizeof *fill);
    if (!b || !pool || !fill) {
        free(b), free(pool), free(fill);
        return 0; /* out of memory: keep the shuffled order */
    }
    long nb = 0;
    for (long i = 0; i < n; i++) {
        int sc = d->sit[idx[i]].school;
        long k = 0;
        while (k < nb && b[k].school != sc)
            k++;
        if (k == nb)
            b[nb++] = (bucket){sc, 0, NULL, rng_u64(r)};
        b[k].count++;
    }
    long off = 0;
    for (long k = 0; k < nb; k++)
        b[k].who = pool + off, off += b[k].count;
    for (long i = 0; i < n; i++) {
        int sc = d->sit[idx[i]].school;
        long k = 0;
        while (b[k].school != sc)
            k++;
        b[k].who[fill[k]++] = idx[i];
    }
    /* greedy: the school with most participants left that is not the previous
     * one (ties by a random key); only when none is left may a school repeat */
    long prev = -1, bad = 0;
    for (long i = 0; i < n; i++) {
        long best = -1;
        for (long k = 0; k < nb; k++) {
            if (b[k].count == 0 || k == prev)
                continue;
            if (best < 0 || b[k].count > b[best].count ||
                (b[k].count == b[best].count && b[k].tie < b[best].tie))
                best = k;
        }
        if (best < 0) {
            best = prev;
            bad++;
        }
        idx[i] = b[best].who[fill[best] - b[best].count];
        b[best].count--;
        prev = best;
    }
    free(b), free(pool), free(fill);
    return bad;
}
