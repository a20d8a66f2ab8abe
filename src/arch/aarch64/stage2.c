/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation of a zone: tables in the format of s2_pte.c for the
 * board's IPA size (BOARD_GPA_BITS) and largest block (BOARD_S2_LEAF_MAX),
 * built by the core. VMID = zone index + 1 in VTTBR_EL2.
 */
#include <arch/a64_s2.h>
#include <arch/sysreg.h>
#include <zv/arch.h>
#include <zv/zone.h>

#include "a64.h"
#include "board.h"

_Static_assert(BOARD_GPA_BITS >= 25 && BOARD_GPA_BITS <= 39, "IPA size the walk supports");
/* Passthrough devices are mapped at their own address. */
_Static_assert(BOARD_DEVICE_END <= 1UL << BOARD_GPA_BITS, "device window outside the IPA space");

#ifndef BOARD_S2_LEAF_MAX
#define BOARD_S2_LEAF_MAX (1UL << 30)
#endif

/* Pages of a root: 2^(bits - 30) concatenated tables for a walk from
 * level 2, one page from level 1. */
#define S2_ROOT_PAGES                                                                              \
	(BOARD_GPA_BITS > 30 && BOARD_GPA_BITS <= 34 ? 1UL << (BOARD_GPA_BITS - 30) : 1)
/* A level-3 table per 2 MiB of RAM, a root per zone, and room for
 * level-2 tables and device mappings. */
_Static_assert(ARCH_S2_POOL_PAGES >= BOARD_RAM_SIZE / 0x200000 + 64 + ZV_MAX_ZONES * S2_ROOT_PAGES,
	       "stage-2 pool for the board's RAM in 4 KiB pages");

/* VTCR_EL2.T0SZ [5:0] = 64 - IPA bits; SL0 [7:6] (4 KiB granule): 0 starts
 * at level 2, 1 at level 1. */
#define VTCR_WALK                                                                                  \
	((64UL - BOARD_GPA_BITS) | ((a64_s2_start_level(BOARD_GPA_BITS) == 1 ? 1UL : 0UL) << 6))
#define VTTBR_VMID_SHIFT 48

u64 a64_stage2_vtcr_walk(void)
{
	return VTCR_WALK;
}

const struct s2_format *arch_stage2_format(void)
{
	static struct s2_format f;

	if (!f.levels)
		f = a64_s2_format(BOARD_GPA_BITS, BOARD_S2_LEAF_MAX);
	return &f;
}

int arch_stage2_init(struct zone *z)
{
	z->arch.vmid = z->index + 1;
	z->arch.vttbr = ((u64)z->arch.vmid << VTTBR_VMID_SHIFT) | z->s2.root_pa;
	dsb(ishst); /* the table writes before any walk of them */
	return 0;
}

/* The hypervisor runs at its physical addresses. */
u64 arch_hv_to_phys(const void *p)
{
	return (uintptr_t)p;
}

/* TLBI VMALLS12E1IS acts on the VMID in VTTBR_EL2: switch to the zone's
 * for the invalidation. */
void arch_stage2_flush(struct zone *z)
{
	u64 old = sysreg_read(vttbr_el2);

	sysreg_write(vttbr_el2, z->arch.vttbr);
	isb();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	sysreg_write(vttbr_el2, old);
	isb();
}

/* A vCPU starts with its stage-1 MMU off: entry is the address. */
u64 arch_entry_gpa(u64 entry)
{
	return entry;
}
