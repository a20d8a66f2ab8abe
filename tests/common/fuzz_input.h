/* SPDX-License-Identifier: MIT */
/*
 * A fuzz harness's input read front to back as little-endian numbers of
 * 1-8 bytes; past its end the missing bytes read as 0, so a harness just
 * loops while bytes are left.
 */
#ifndef TESTS_COMMON_FUZZ_INPUT_H
#define TESTS_COMMON_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_input {
	const uint8_t *p;
	size_t left;
};

static inline uint64_t fuzz_take(struct fuzz_input *in, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < bytes && in->left; i++, in->left--)
		v |= (uint64_t)*in->p++ << (8 * i);
	return v;
}

#endif
