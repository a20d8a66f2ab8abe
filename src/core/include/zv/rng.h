/* SPDX-License-Identifier: MIT */
/*
 * Seeds for the zones' random number generators. At boot the hypervisor
 * takes entropy from its platform (arch_boot_entropy) into a ChaCha20 key;
 * each load of a zone whose device tree has a /chosen/rng-seed property
 * fills that property with fresh bytes drawn from the key (fast key
 * erasure: the key is replaced after each draw, so no zone's seed tells
 * anything about another's or about the key). Without entropy the
 * property is removed (FDT_NOP) rather than left predictable: a Linux guest
 * credits rng-seed as entropy.
 */
#ifndef ZV_RNG_H
#define ZV_RNG_H

#include <stddef.h>
#include <zv/types.h>

/* ChaCha20's block function (RFC 8439 section 2.3): 64 bytes of output
 * for a 256-bit key, a 32-bit block counter and a 96-bit nonce. */
void chacha20_block(const u32 key[8], u32 counter, const u32 nonce[3], u8 out[64]);

/* Mix 'len' bytes into the key; 'credit' when they come from an entropy
 * source (the key is then good for seeding zones). */
void rng_mix(const void *buf, size_t len, bool credit);
/* Boot: take the platform's entropy (arch_boot_entropy) and the counter. */
void rng_boot(void);
/* Fill a zone's device tree's /chosen/rng-seed (if it has one) in place,
 * or remove the property if the hypervisor has no entropy. */
void rng_seed_dt(void *fdt, size_t size);

#endif
