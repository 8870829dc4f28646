/*
 * reflect.c - reflection detection.
 *
 * A reflection attack hands the CHALLENGE that one of our acceptors issued
 * to one of our initiators (in the same process, e.g. a proxy that both
 * accepts and initiates), hoping to relay the resulting AUTHENTICATE back.
 * Acceptors remember every server challenge they issue in a hashed table
 * of 4-way buckets (16384 entries, 128 KiB), evicting the oldest entry of
 * a bucket; initiators refuse a CHALLENGE whose server challenge is there.
 * Server challenges are random, so the table holds roughly the last 16384
 * challenges issued, far more than can be outstanding at once.  Lookups and
 * insertions are O(1).
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "gss_int.h"

#define REFLECT_BUCKETS 4096      /* power of two */
#define REFLECT_WAYS 4

static struct {
    uint64_t key[REFLECT_WAYS];
    unsigned next;
} table[REFLECT_BUCKETS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t
chal_key(const uint8_t chal[8])
{
    uint64_t k;

    memcpy(&k, chal, 8);
    return k;
}

static size_t
bucket_of(uint64_t k)
{
    return (size_t)((k * 0x9E3779B97F4A7C15ull) >> 52) &
        (REFLECT_BUCKETS - 1);
}

void
ntlmgss_reflect_remember(const uint8_t chal[8])
{
    uint64_t k = chal_key(chal);
    size_t b = bucket_of(k);

    pthread_mutex_lock(&table_lock);
    table[b].key[table[b].next] = k;
    table[b].next = (table[b].next + 1) % REFLECT_WAYS;
    pthread_mutex_unlock(&table_lock);
}

int
ntlmgss_reflect_seen(const uint8_t chal[8])
{
    uint64_t k = chal_key(chal);
    size_t b = bucket_of(k), i;
    int seen = 0;

    pthread_mutex_lock(&table_lock);
    for (i = 0; i < REFLECT_WAYS; i++)
        seen |= table[b].key[i] == k && k != 0;
    pthread_mutex_unlock(&table_lock);
    return seen;
}
