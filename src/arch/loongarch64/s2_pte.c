/* SPDX-License-Identifier: MIT */
/* loongarch64 stage-2 entries (la_pt.h): leaves, directory entries. */
#include <arch/la_pt.h>

#define LA_HUGE_SHIFT 21 /* a Dir1 leaf: 2 MiB */

/*
 * A 2 MiB leaf sits in a Dir1 slot with HUGE (bit 6): lddir returns such
 * an entry as it is, and ldpte splits it into an even/odd pair of 1 MiB
 * (TLBREHI.PS = PTbase + PTwidth - 1 = 20): tlbfill puts it in the MTLB,
 * where 64 entries reach 128 MiB instead of the STLB's 16 MiB.
 */
static u64 la_s2_leaf(u64 hpa, u32 flags, u32 shift)
{
	u64 e = (hpa & LA_PTE_PFN_MASK) | LA_PTE_V | LA_PTE_P;

	e |= (flags & S2_DEVICE) ? LA_PTE_MAT_SUC : LA_PTE_MAT_CC;
	if (flags & S2_WRITE)
		e |= LA_PTE_D | LA_PTE_W; /* D preset: no PME (store to clean page) exits */
	if (!(flags & S2_READ))
		e |= LA_PTE_NR;
	if (!(flags & S2_EXEC))
		e |= LA_PTE_NX;
	if (shift != LA_PT_PAGE_SHIFT)
		e |= LA_PTE_HUGE;
	return e;
}

/* lddir loads the next table's physical address as it is. */
static u64 la_s2_table(u64 pa, u32 shift)
{
	return pa;
}

static enum s2_pte_kind la_s2_decode(u64 e, u32 shift, u64 *pa)
{
	if (shift == LA_PT_PAGE_SHIFT)
		return (e & LA_PTE_V) ? S2_PTE_LEAF : S2_PTE_EMPTY;
	if (e & LA_PTE_HUGE)
		return S2_PTE_LEAF;
	*pa = e;
	return S2_PTE_TABLE;
}

/* RAM gets 2 MiB leaves where both addresses are aligned; devices keep
 * 4 KiB pages (a passthrough window is rarely 2 MiB of one device). */
const struct s2_format la_s2_format = {
    .levels = 3,
    .shift = {30, LA_HUGE_SHIFT, LA_PT_PAGE_SHIFT},
    .bits = {9, 9, 9},
    .leaf_levels = 0x6, /* Dir1 and PT: Dir2 holds no leaves */
    .pa_bits = 48,	/* the PFN field ends at PA bit 47 (PALEN 48 on la464) */
    .leaf_max = 1ULL << LA_HUGE_SHIFT,
    .device_leaf_max = 1ULL << LA_PT_PAGE_SHIFT,
    .empty_tables = true,
    .leaf = la_s2_leaf,
    .table = la_s2_table,
    .decode = la_s2_decode,
};
