/* SPDX-License-Identifier: MIT */
/* riscv64 cache-block zero (Zicboz cbo.zero) for the zone scrub. */
#include <zv/arch.h>
#include <zv/fdt.h>
#include <zv/lib.h>

#include "board.h"
#include "rv.h"

extern u64 rv_boot_fdt; /* the firmware's device tree (entry.S) */

/* Bytes one cbo.zero clears; 0: no Zicboz, or not known to be usable. */
static u64 rv_cboz_bytes;

/* "zicboz" is one string of the list riscv,isa-extensions (NUL-separated). */
static bool rv_ext_listed(const char *list, u32 len, const char *ext)
{
	u32 n = (u32)strlen(ext);

	for (u32 at = 0; at < len;) {
		u32 end = at;

		while (end < len && list[end])
			end++;
		if (end - at == n && !strncmp(list + at, ext, n))
			return true;
		at = end + 1;
	}
	return false;
}

/*
 * Zicboz from the firmware's tree (its first CPU node: QEMU's harts are
 * alike): "zicboz" in riscv,isa-extensions and the block size in
 * riscv,cboz-block-size, a power of two. OpenSBI sets menvcfg.CBZE on a
 * hart with Zicboz, which makes cbo.zero usable in HS-mode; without the
 * extension in the tree the scrub uses plain stores.
 */
void rv_cbo_probe(void)
{
	u64 ram_end = BOARD_RAM_BASE + BOARD_RAM_SIZE;
	const u8 *fdt = (const u8 *)(uintptr_t)rv_boot_fdt;
	struct fdt_prop_loc ext, bs;
	static bool probed;
	u32 size;

	if (probed)
		return;
	probed = true; /* the boot CPU is first, the others start after it */
	if (rv_boot_fdt < BOARD_RAM_BASE || rv_boot_fdt >= ram_end)
		return;
	if (fdt_cpu_prop(fdt, ram_end - rv_boot_fdt, "riscv,isa-extensions", &ext) ||
	    !rv_ext_listed((const char *)fdt + ext.value, ext.len, "zicboz") ||
	    fdt_cpu_prop(fdt, ram_end - rv_boot_fdt, "riscv,cboz-block-size", &bs) || bs.len != 4)
		return;
	size = (u32)fdt[bs.value] << 24 | (u32)fdt[bs.value + 1] << 16 |
	       (u32)fdt[bs.value + 2] << 8 | fdt[bs.value + 3];
	if (size >= 8 && !(size & (size - 1)))
		rv_cboz_bytes = size;
}

u64 arch_zero_block(void)
{
	return rv_cboz_bytes;
}

/* cbo.zero (rs1): Zicboz's encoding, MISC-MEM with funct3 2 and imm 4, as
 * .insn so no assembler extension flag is needed. Eight per loop turn. */
#define RV_CBO_ZERO(a) __asm__ volatile(".insn i 0x0f, 2, x0, 4(%0)" ::"r"(a) : "memory")

void arch_zero_blocks(u64 hpa, u64 size)
{
	u64 b = rv_cboz_bytes, end = hpa + size;

	for (; end - hpa >= 8 * b; hpa += 8 * b) {
		RV_CBO_ZERO(hpa);
		RV_CBO_ZERO(hpa + b);
		RV_CBO_ZERO(hpa + 2 * b);
		RV_CBO_ZERO(hpa + 3 * b);
		RV_CBO_ZERO(hpa + 4 * b);
		RV_CBO_ZERO(hpa + 5 * b);
		RV_CBO_ZERO(hpa + 6 * b);
		RV_CBO_ZERO(hpa + 7 * b);
	}
	for (; hpa < end; hpa += b)
		RV_CBO_ZERO(hpa);
}
