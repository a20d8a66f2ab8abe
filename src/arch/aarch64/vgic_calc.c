/* SPDX-License-Identifier: MIT */
/* The vGIC's pure decisions (arch/a64_vgic.h). */
#include <arch/a64_vgic.h>

u32 a64_sgi_targets(u64 sgir, u32 nr_vcpus, u32 self)
{
	u64 aff1 = (sgir >> 16) & 0xff;
	u32 all = nr_vcpus >= 32 ? ~0u : (1u << nr_vcpus) - 1;

	if (sgir & (1UL << 40)) /* IRM */
		return all & ~(self < 32 ? 1u << self : 0);
	/* Aff3, RS (Aff0 16 * RS and up) or Aff2 naming what none of ours has */
	if (sgir & (0xffUL << 48 | 0xfUL << 44 | 0xffUL << 32) || aff1 > 1)
		return 0;
	return ((u32)(sgir & 0xffff) << (16 * aff1)) & all;
}

u32 a64_lr_place(u32 pending, u32 free, u8 lr[32])
{
	u32 n = 0;

	for (; pending; pending &= pending - 1, free &= free - 1) {
		if (!free)
			return A64_LR_NO_FIT;
		lr[n++] = (u8)__builtin_ctz(free);
	}
	return n;
}
