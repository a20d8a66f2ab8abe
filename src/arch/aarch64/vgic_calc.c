/* SPDX-License-Identifier: MIT */
/* The vGIC's pure decisions (arch/a64_vgic.h). */
#include <arch/a64_vgic.h>

uint32_t a64_sgi_targets(uint64_t sgir, uint32_t nr_vcpus, uint32_t self)
{
	uint64_t aff1 = (sgir >> 16) & 0xff;
	uint32_t all = nr_vcpus >= 32 ? ~0u : (1u << nr_vcpus) - 1;

	if (sgir & (1UL << 40)) /* IRM */
		return all & ~(self < 32 ? 1u << self : 0);
	/* Aff3, RS (Aff0 16 * RS and up) or Aff2 naming what none of ours has */
	if (sgir & (0xffUL << 48 | 0xfUL << 44 | 0xffUL << 32) || aff1 > 1)
		return 0;
	return ((uint32_t)(sgir & 0xffff) << (16 * aff1)) & all;
}

uint32_t a64_lr_place(uint32_t pending, uint32_t free, uint8_t lr[32])
{
	uint32_t n = 0;

	for (; pending; pending &= pending - 1, free &= free - 1) {
		if (!free)
			return A64_LR_NO_FIT;
		lr[n++] = (uint8_t)__builtin_ctz(free);
	}
	return n;
}
