/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 format, 4 KiB granule. Up to 34 IPA bits the walk starts at
 * level 2 on 2^(bits - 30) concatenated root tables (VTCR_EL2.SL0 = 0):
 * level 2 (IPA[bits-1:21]), then level 3 (IPA[20:12]), one lookup fewer
 * for every guest translation than a walk from level 1. Above 34 bits it
 * starts at level 1 (one table). Blocks of 1 GiB (level 1) and 2 MiB
 * (level 2) wherever alignment allows, up to the board's leaf_max.
 */
#include <arch/a64_s2.h>

#define DESC_VALID (1ULL << 0)
#define DESC_TABLE (1ULL << 1) /* table (levels 1-2) or page (level 3) */
#define DESC_ADDR_MASK 0x0000fffffffff000ULL
/* Stage-2 leaf attributes: MemAttr [5:2] (FWB = 0), S2AP [7:6], SH [9:8],
 * AF [10], XN [54]. */
#define S2_MEMATTR_NORMAL_WB (0xfULL << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1ULL << 2)
#define S2_AP_READ (1ULL << 6)
#define S2_AP_WRITE (1ULL << 7)
#define S2_SH_INNER (3ULL << 8)
#define S2_AF (1ULL << 10)
#define S2_XN (1ULL << 54)

static u64 a64_s2_leaf(u64 hpa, u32 flags, u32 shift)
{
	u64 d = hpa | S2_AF | DESC_VALID;

	if (shift == S2_PAGE_SHIFT)
		d |= DESC_TABLE; /* a level-3 page, not a block */
	if (flags & S2_DEVICE)
		d |= S2_MEMATTR_DEVICE_NGNRE;
	else
		d |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER;
	if (flags & S2_READ)
		d |= S2_AP_READ;
	if (flags & S2_WRITE)
		d |= S2_AP_WRITE;
	if (!(flags & S2_EXEC) || (flags & S2_DEVICE))
		d |= S2_XN;
	return d;
}

static u64 a64_s2_table(u64 pa, u32 shift)
{
	return pa | DESC_TABLE | DESC_VALID;
}

static enum s2_pte_kind a64_s2_decode(u64 d, u32 shift, u64 *pa)
{
	if (!(d & DESC_VALID))
		return S2_PTE_EMPTY;
	if (shift == S2_PAGE_SHIFT) /* bits [1:0] = 01 is reserved at level 3 */
		return (d & DESC_TABLE) ? S2_PTE_LEAF : S2_PTE_EMPTY;
	if (!(d & DESC_TABLE))
		return S2_PTE_LEAF; /* a block */
	*pa = d & DESC_ADDR_MASK;
	return S2_PTE_TABLE;
}

u32 a64_s2_start_level(u32 gpa_bits)
{
	return gpa_bits <= 34 ? 2 : 1;
}

struct s2_format a64_s2_format(u32 gpa_bits, u64 leaf_max)
{
	struct s2_format f = {
	    .pa_bits = 48, /* DESC_ADDR_MASK */
	    .leaf_max = leaf_max,
	    .device_leaf_max = leaf_max,
	    .leaf = a64_s2_leaf,
	    .table = a64_s2_table,
	    .decode = a64_s2_decode,
	};

	/* VMSA level L (start..3) indexes IPA[12 + 9 * (4 - L) - 1 : 12 + 9 * (3 - L)];
	 * the root takes all bits above, the concatenated tables included. */
	for (u32 l = a64_s2_start_level(gpa_bits); l <= 3; l++) {
		u32 shift = 12 + 9 * (3 - l);

		f.shift[f.levels] = (u8)shift;
		f.bits[f.levels] = (u8)(f.levels ? 9 : gpa_bits - shift);
		f.leaf_levels |= 1u << f.levels; /* blocks at levels 1 and 2, pages at 3 */
		f.levels++;
	}
	return f;
}
