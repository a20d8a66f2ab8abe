/* SPDX-License-Identifier: MIT */
/* loongarch64 boot entropy: none. LoongArch has no RNG instruction and
 * QEMU's direct boot of the hypervisor hands it no device tree, so zones'
 * /chosen/rng-seed is removed (zv/rng.h) rather than filled predictably. */
#include <zv/arch.h>

size_t arch_boot_entropy(void *buf, size_t len)
{
	return 0;
}
