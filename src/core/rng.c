#include "rng.h"

#include <sodium.h>
#include <string.h>

static void refill(at_rng *r)
{
    /* Each block gets its own seed: BLAKE2b(key, block number). */
    unsigned char block_seed[randombytes_SEEDBYTES];
    unsigned char ctr[8];
    for (int i = 0; i < 8; i++)
        ctr[i] = (unsigned char)(r->block_no >> (8 * i));
    crypto_generichash(block_seed, sizeof block_seed, ctr, sizeof ctr, r->key, sizeof r->key);
    randombytes_buf_deterministic(r->buf, sizeof r->buf, block_seed);
    r->block_no++;
    r->pos = 0;
}

void rng_seed(at_rng *r, uint64_t seed, const char *purpose)
{
    unsigned char in[8];
    for (int i = 0; i < 8; i++)
        in[i] = (unsigned char)(seed >> (8 * i));
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof r->key);
    crypto_generichash_update(&st, in, sizeof in);
    if (purpose)
        crypto_generichash_update(&st, (const unsigned char *)purpose, strlen(purpose));
    crypto_generichash_final(&st, r->key, sizeof r->key);
    r->block_no = 0;
    refill(r);
}

uint64_t rng_u64(at_rng *r)
{
    if (r->pos + 8 > RNG_BLOCK)
        refill(r);
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)r->buf[r->pos + i] << (8 * i);
    r->pos += 8;
    return v;
}

uint64_t rng_below(at_rng *r, uint64_t n)
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do
        v = rng_u64(r);
    while (v >= limit);
    return v % n;
}

double rng_unit(at_rng *r)
{
    return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}

uint64_t rng_fresh_seed(void)
{
    if (sodium_init() < 0)
        return 1;
    /* 9 decimal digits: short enough to type back */
    return (uint64_t)randombytes_uniform(1000000000u);
}
