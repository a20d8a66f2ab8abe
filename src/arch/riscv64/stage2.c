/* SPDX-License-Identifier: MIT */
/*
 * G-stage translation, Sv39x4: a 16 KiB root (11 index bits, GPA[40:30]),
 * then 4 KiB tables for GPA[29:21] and GPA[20:12]. 2 MiB and 1 GiB leaves
 * are used where alignment allows. Every leaf has U set (the H spec treats
 * all G-stage accesses as user accesses) and A/D preset so no A/D faults
 * arise. Tables come from a static pool at boot; nothing is freed.
 */
#include <arch/csr.h>
#include <zv/arch.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "board.h"
#include "rv.h"

#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PAGE_SHIFT 12
#define HGATP_MODE_SV39X4 (8UL << 60)
#define HGATP_VMID_SHIFT 44
_Static_assert(BOARD_GPA_BITS <= 41, "Sv39x4 translates 41 bits");
#define GPA_LIMIT (1UL << BOARD_GPA_BITS)

#define S2_POOL_PAGES 512
static u64 s2_pool[S2_POOL_PAGES][512] __attribute__((aligned(16384)));
static u32 s2_pool_used;

static u64 *s2_alloc(u32 pages)
{
	u64 *p;

	/* The root needs 16 KiB alignment: round the index up. */
	if (pages > 1)
		s2_pool_used = (u32)ALIGN_UP(s2_pool_used, pages);
	if (s2_pool_used + pages > S2_POOL_PAGES)
		return NULL;
	p = s2_pool[s2_pool_used];
	s2_pool_used += pages;
	memset(p, 0, pages * 4096UL);
	return p;
}

int arch_stage2_init(struct zone *z)
{
	z->arch.s2_root = s2_alloc(4);
	if (!z->arch.s2_root)
		return -ZV_ENOMEM;
	z->arch.vmid = z->index + 1;
	z->arch.hgatp = HGATP_MODE_SV39X4 | ((u64)z->arch.vmid << HGATP_VMID_SHIFT) |
			((uintptr_t)z->arch.s2_root >> PAGE_SHIFT);
	return 0;
}

static u64 *s2_next_table(u64 *pte)
{
	u64 *t;

	if (*pte & PTE_V)
		return (*pte & (PTE_R | PTE_W | PTE_X)) ? NULL
							 : (u64 *)((*pte >> 10) << PAGE_SHIFT);
	t = s2_alloc(1);
	if (t)
		*pte = (((uintptr_t)t >> PAGE_SHIFT) << 10) | PTE_V;
	return t;
}

static u64 s2_leaf_bits(u32 flags)
{
	u64 bits = PTE_V | PTE_U | PTE_A | PTE_D;

	if (flags & S2_READ)
		bits |= PTE_R;
	if (flags & S2_WRITE)
		bits |= PTE_W;
	if (flags & S2_EXEC)
		bits |= PTE_X;
	return bits;
}

/* Map one leaf of 1 GiB (level 2), 2 MiB (level 1) or 4 KiB (level 0). */
static int s2_map_leaf(struct zone *z, u64 gpa, u64 hpa, int level, u32 flags)
{
	u64 *table = z->arch.s2_root;
	u64 *pte;

	for (int l = 2; l > level; l--) {
		table = s2_next_table(&table[(gpa >> (12 + 9 * l)) & (l == 2 ? 0x7ff : 0x1ff)]);
		if (!table)
			return -ZV_ENOMEM;
	}
	pte = &table[(gpa >> (12 + 9 * level)) & (level == 2 ? 0x7ff : 0x1ff)];
	if (*pte & PTE_V)
		return -ZV_EBUSY;
	*pte = ((hpa >> PAGE_SHIFT) << 10) | s2_leaf_bits(flags);
	return 0;
}

int arch_stage2_map(struct zone *z, u64 gpa, u64 hpa, u64 size, u32 flags)
{
	if (gpa + size > GPA_LIMIT || gpa + size < gpa)
		return -ZV_EINVAL;
	while (size) {
		int level = 0;
		int err;

		for (int l = 2; l > 0; l--) {
			u64 sz = 1UL << (12 + 9 * l);

			if (IS_ALIGNED(gpa | hpa, sz) && size >= sz) {
				level = l;
				break;
			}
		}
		err = s2_map_leaf(z, gpa, hpa, level, flags);
		if (err)
			return err;
		gpa += 1UL << (12 + 9 * level);
		hpa += 1UL << (12 + 9 * level);
		size -= 1UL << (12 + 9 * level);
	}
	return 0;
}

void arch_stage2_flush(struct zone *z)
{
	rv_hfence_gvma_all();
	rv_hfence_vvma_all();
}

/* A vCPU starts with its address translation off: entry is the address. */
u64 arch_entry_gpa(u64 entry)
{
	return entry;
}
