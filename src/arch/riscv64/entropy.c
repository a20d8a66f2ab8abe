/* SPDX-License-Identifier: MIT */
/* riscv64 boot entropy: the /chosen/rng-seed of the device tree firmware
 * handed over in a1 (QEMU's virt board writes 32 random bytes there and
 * OpenSBI passes its tree on). */
#include <zv/arch.h>
#include <zv/fdt.h>
#include <zv/lib.h>
#include <zv/rng.h>

#include "board.h"

extern u64 rv_boot_fdt; /* saved by entry.S (in .data: set before BSS is cleared) */

size_t arch_boot_entropy(void *buf, size_t len)
{
	u64 ram_end = BOARD_RAM_BASE + BOARD_RAM_SIZE;
	struct fdt_prop_loc loc;
	u8 *fdt = (u8 *)(uintptr_t)rv_boot_fdt;
	size_t n;

	if (rv_boot_fdt < BOARD_RAM_BASE || rv_boot_fdt >= ram_end ||
	    fdt_chosen_prop(fdt, ram_end - rv_boot_fdt, "rng-seed", &loc))
		return 0;
	n = loc.len < len ? loc.len : len;
	memcpy(buf, fdt + loc.value, n);
	/* Used once: no later reader of this memory learns the seed. */
	memset(fdt + loc.value, 0, loc.len);
	return n;
}
