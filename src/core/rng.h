/* rng.h — reproducible randomness for decisions (demo data, seating, samples).
 * A stream is derived from a recorded seed with libsodium's
 * randombytes_buf_deterministic, so the same seed replays the same choices. */
#ifndef AT_RNG_H
#define AT_RNG_H

#include <stdint.h>

#define RNG_BLOCK 4096

typedef struct {
    unsigned char key[32];
    uint64_t block_no;
    unsigned char buf[RNG_BLOCK];
    unsigned pos;
} at_rng;

/* Seeds from a 64-bit seed and a purpose label ("demo", "seating:2026-05-27"), so
 * independent decisions drawn from the same seed do not share a stream. */
void rng_seed(at_rng *r, uint64_t seed, const char *purpose);
uint64_t rng_u64(at_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t rng_below(at_rng *r, uint64_t n);
/* A fresh seed from the system's random source, for runs given none (the
 * caller records it so that the run can be replayed). */
uint64_t rng_fresh_seed(void);
/* Uniform double in [0, 1). */
double rng_unit(at_rng *r);

#endif
