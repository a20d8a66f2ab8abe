/* SPDX-License-Identifier: MIT */
/* The vGIC's pure decisions (arch/a64_vgic.h). */
#include <arch/a64_vgic.h>

uint32_t a64_sgi_targets(uint64_t sgir, uint32_t nr_vcpus, uint32_t self)
{
	uint64_t aff1 = (sgir >> 16) & 0xff, rs = (sgir >> 44) & 0xf;
	bool irm = sgir & (1UL << 40);
	uint32_t mask = 0;

	if (!irm && (sgir & (0xffUL << 32 | 0xffUL << 48)))
		return 0; /* Aff2/Aff3 name no vCPU of ours */
	/* RS selects Aff0 16 * RS .. 16 * RS + 15: ours are all below 16 */
	for (uint32_t i = 0; i < nr_vcpus && i < 32; i++)
		if (irm ? i != self : (rs == 0 && aff1 == i / 16 && (sgir & (1UL << (i % 16)))))
			mask |= 1u << i;
	return mask;
}

uint32_t a64_lr_place(uint32_t pending, uint32_t free, uint8_t lr[32])
{
	uint32_t n = 0;

	if (__builtin_popcount(pending) > __builtin_popcount(free))
		return A64_LR_NO_FIT;
	for (; pending; pending &= pending - 1, free &= free - 1)
		lr[n++] = (uint8_t)__builtin_ctz(free);
	return n;
}
