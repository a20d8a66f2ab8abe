/* SPDX-License-Identifier: MIT */
/*
 * G-stage format, Sv39x4: a 16 KiB root (11 index bits, GPA[40:30]), then
 * 4 KiB tables for GPA[29:21] and GPA[20:12]; 1 GiB and 2 MiB leaves
 * wherever alignment allows, for RAM and devices alike. Every leaf has U
 * set (the H spec treats all G-stage accesses as user accesses) and A/D
 * preset so no A/D faults arise. A valid entry without R/W/X points at the
 * next table.
 */
#include <arch/rv_s2.h>

#define PTE_V (1ULL << 0)
#define PTE_R (1ULL << 1)
#define PTE_W (1ULL << 2)
#define PTE_X (1ULL << 3)
#define PTE_U (1ULL << 4)
#define PTE_A (1ULL << 6)
#define PTE_D (1ULL << 7)
#define PTE_PPN_SHIFT 10

static u64 rv_s2_leaf(u64 hpa, u32 flags, u32 shift)
{
	u64 pte = ((hpa >> S2_PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V | PTE_U | PTE_A | PTE_D;

	if (flags & S2_READ)
		pte |= PTE_R;
	if (flags & S2_WRITE)
		pte |= PTE_W;
	if (flags & S2_EXEC)
		pte |= PTE_X;
	return pte;
}

static u64 rv_s2_table(u64 pa, u32 shift)
{
	return ((pa >> S2_PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
}

static enum s2_pte_kind rv_s2_decode(u64 pte, u32 shift, u64 *pa)
{
	if (!(pte & PTE_V))
		return S2_PTE_EMPTY;
	if (pte & (PTE_R | PTE_W | PTE_X))
		return S2_PTE_LEAF;
	*pa = (pte >> PTE_PPN_SHIFT) << S2_PAGE_SHIFT;
	return S2_PTE_TABLE;
}

const struct s2_format rv_s2_format = {
    .levels = 3,
    .shift = {30, 21, 12},
    .bits = {RV_S2_GPA_BITS - 30, 9, 9},
    .leaf_levels = 0x7,
    .pa_bits = 56, /* PPN[43:0] */
    .leaf_max = 1ULL << 30,
    .device_leaf_max = 1ULL << 30,
    .leaf = rv_s2_leaf,
    .table = rv_s2_table,
    .decode = rv_s2_decode,
};
