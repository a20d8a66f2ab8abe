/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation per zone: 4 KiB granule, the IPA space the board
 * sets (BOARD_GPA_BITS, at most 39). Up to 34 bits the walk starts at
 * level 2 on 2^(bits - 30) concatenated root tables (VTCR_EL2.SL0 = 0):
 * level 2 (IPA[bits-1:21]), then level 3 (IPA[20:12]), one lookup fewer
 * for every guest translation than a walk from level 1. Above 34 bits it
 * starts at level 1 (one table). 1 GiB and 2 MiB blocks are used where
 * alignment allows, up to the board's BOARD_S2_LEAF_MAX.
 * VMID = zone index + 1 in VTTBR_EL2. Tables come from a static pool at
 * boot, large enough to map all of the board's RAM in 4 KiB pages;
 * nothing is freed.
 */
#include <arch/sysreg.h>
#include <zv/arch.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "a64.h"
#include "board.h"

_Static_assert(BOARD_GPA_BITS >= 25 && BOARD_GPA_BITS <= 39, "IPA size the walk supports");
/* Passthrough devices are mapped at their own address. */
_Static_assert(BOARD_DEVICE_END <= 1UL << BOARD_GPA_BITS, "device window outside the IPA space");

#define IPA_LIMIT (1UL << BOARD_GPA_BITS)
#define S2_START_LEVEL (BOARD_GPA_BITS <= 34 ? 2 : 1)
#define S2_LEVEL_SHIFT(l) (12 + 9 * (3 - (l)))
/* Entries of the root (concatenated tables at level 2), and its pages. */
#define S2_ROOT_ENTRIES (1UL << (BOARD_GPA_BITS - S2_LEVEL_SHIFT(S2_START_LEVEL)))
#define S2_ROOT_PAGES (S2_ROOT_ENTRIES > 512 ? S2_ROOT_ENTRIES / 512 : 1)
/* VTCR_EL2.T0SZ [5:0] = 64 - IPA bits; SL0 [7:6] (4 KiB granule): 0 starts
 * at level 2, 1 at level 1. */
#define VTCR_WALK ((64UL - BOARD_GPA_BITS) | ((S2_START_LEVEL == 1 ? 1UL : 0UL) << 6))
#define DESC_VALID (1UL << 0)
#define DESC_TABLE (1UL << 1) /* table (levels 1-2) or page (level 3) */
#define DESC_ADDR_MASK 0x0000fffffffff000UL
/* Stage-2 leaf attributes: MemAttr [5:2] (FWB = 0), S2AP [7:6], SH [9:8],
 * AF [10], XN [54]. */
#define S2_MEMATTR_NORMAL_WB (0xfUL << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1UL << 2)
#define S2_AP_READ (1UL << 6)
#define S2_AP_WRITE (1UL << 7)
#define S2_SH_INNER (3UL << 8)
#define S2_AF (1UL << 10)
#define S2_XN (1UL << 54)
#define VTTBR_VMID_SHIFT 48

#ifndef BOARD_S2_LEAF_MAX
#define BOARD_S2_LEAF_MAX (1UL << 30)
#endif

/* A level-3 table per 2 MiB of RAM, and room for roots, level-2 tables and
 * device mappings. */
#define S2_POOL_PAGES (BOARD_RAM_SIZE / 0x200000 + 64 + ZV_MAX_ZONES * S2_ROOT_PAGES)
static u64 s2_pool[S2_POOL_PAGES][512] __attribute__((aligned(S2_ROOT_PAGES * 4096)));
static u32 s2_pool_used;

/* n zeroed pages, aligned to their size (a concatenated root must be). */
static u64 *s2_alloc_n(u32 n)
{
	u32 first = ALIGN_UP(s2_pool_used, n);
	u64 *p;

	if (first + n > S2_POOL_PAGES)
		return NULL;
	s2_pool_used = first + n;
	p = s2_pool[first];
	memset(p, 0, n * 4096UL);
	return p;
}

static u64 *s2_alloc(void)
{
	return s2_alloc_n(1);
}

u64 a64_stage2_vtcr_walk(void)
{
	return VTCR_WALK;
}

int arch_stage2_init(struct zone *z)
{
	z->arch.s2_root = s2_alloc_n(S2_ROOT_PAGES);
	if (!z->arch.s2_root)
		return -ZV_ENOMEM;
	z->arch.vmid = z->index + 1;
	z->arch.vttbr = ((u64)z->arch.vmid << VTTBR_VMID_SHIFT) | (uintptr_t)z->arch.s2_root;
	return 0;
}

static u64 *s2_next_table(u64 *desc)
{
	u64 *t;

	if (*desc & DESC_VALID)
		return (*desc & DESC_TABLE) ? (u64 *)(uintptr_t)(*desc & DESC_ADDR_MASK) : NULL;
	t = s2_alloc();
	if (t)
		*desc = (uintptr_t)t | DESC_TABLE | DESC_VALID;
	return t;
}

static u64 s2_leaf_bits(u32 flags)
{
	u64 bits = S2_AF;

	if (flags & S2_DEVICE)
		bits |= S2_MEMATTR_DEVICE_NGNRE;
	else
		bits |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER;
	if (flags & S2_READ)
		bits |= S2_AP_READ;
	if (flags & S2_WRITE)
		bits |= S2_AP_WRITE;
	if (!(flags & S2_EXEC) || (flags & S2_DEVICE))
		bits |= S2_XN;
	return bits;
}

static u32 s2_index(u64 ipa, int level)
{
	u64 entries = level == S2_START_LEVEL ? S2_ROOT_ENTRIES : 512;

	return (u32)((ipa >> S2_LEVEL_SHIFT(level)) & (entries - 1));
}

/* Map one leaf: 1 GiB (level 1), 2 MiB (level 2) or 4 KiB (level 3). */
static int s2_map_leaf(struct zone *z, u64 ipa, u64 pa, int level, u32 flags)
{
	u64 *table = z->arch.s2_root;
	u64 *desc;

	for (int l = S2_START_LEVEL; l < level; l++) {
		table = s2_next_table(&table[s2_index(ipa, l)]);
		if (!table)
			return -ZV_ENOMEM;
	}
	desc = &table[s2_index(ipa, level)];
	if (*desc & DESC_VALID)
		return -ZV_EBUSY;
	*desc = pa | s2_leaf_bits(flags) | DESC_VALID | (level == 3 ? DESC_TABLE : 0);
	return 0;
}

int arch_stage2_map(struct zone *z, u64 gpa, u64 hpa, u64 size, u32 flags)
{
	if (gpa + size > IPA_LIMIT || gpa + size < gpa)
		return -ZV_EINVAL;
	while (size) {
		int level = 3;
		u64 step;
		int err;

		for (int l = S2_START_LEVEL; l < 3; l++) {
			u64 sz = 1UL << S2_LEVEL_SHIFT(l);

			if (sz <= BOARD_S2_LEAF_MAX && IS_ALIGNED(gpa | hpa, sz) && size >= sz) {
				level = l;
				break;
			}
		}
		err = s2_map_leaf(z, gpa, hpa, level, flags);
		if (err)
			return err;
		step = 1UL << S2_LEVEL_SHIFT(level);
		gpa += step;
		hpa += step;
		size -= step;
	}
	dsb(ishst);
	return 0;
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
