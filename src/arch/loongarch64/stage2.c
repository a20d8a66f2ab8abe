/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 (GPA -> HPA) per zone: tables in the lddir/ldpte format (la_pt.h)
 * walked by the root TLB-refill handler through root PGDL; entries filled
 * while a guest runs carry its GID (GTLBC.USETGID, TGID = GID). Tables come
 * from a static pool; nothing is freed.
 */
#include <arch/asm_offsets.h>
#include <arch/la_pt.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "board.h"
#include "la.h"

_Static_assert(BOARD_GPA_BITS <= LA_PT_GPA_BITS, "guest-physical space the tables map");

#define S2_POOL_PAGES 1024
static u64 s2_pool[S2_POOL_PAGES][LA_PT_ENTRIES] __attribute__((aligned(4096)));
static u32 s2_pool_used;
static struct la_pt s2_pt[ZV_MAX_ZONES];
static struct la_pt s2_empty;
u64 la_empty_root_pa;

static u64 *s2_alloc(void *ctx)
{
	return s2_pool_used < S2_POOL_PAGES ? s2_pool[s2_pool_used++] : NULL;
}

static u64 s2_to_phys(void *ctx, const u64 *t)
{
	return la_virt_to_phys(t);
}

/* Tables live in the image (DMW1); physical addresses map back there. */
static u64 *s2_to_virt(void *ctx, u64 pa)
{
	return (u64 *)(uintptr_t)(0x9000000000000000UL | pa);
}

static const struct la_pt_ops s2_ops = {
	.alloc = s2_alloc,
	.to_phys = s2_to_phys,
	.to_virt = s2_to_virt,
};

int la_stage2_boot_init(void)
{
	int err = la_pt_init(&s2_empty, &s2_ops);

	la_empty_root_pa = s2_empty.root_pa;
	return err;
}

int arch_stage2_init(struct zone *z)
{
	struct la_pt *pt = &s2_pt[z->index];
	int err = la_pt_init(pt, &s2_ops);

	if (err)
		return err;
	z->arch.s2_root = pt->root;
	z->arch.s2_root_pa = pt->root_pa;
	z->arch.gid = z->index + 1; /* GID 0 is the root's */
	return 0;
}

int arch_stage2_map(struct zone *z, u64 gpa, u64 hpa, u64 size, u32 flags)
{
	/* S2_* and LA_PT_* share their values. */
	return la_pt_map(&s2_pt[z->index], gpa, hpa, size, flags);
}

/* invtlb 0x15: every entry (both stages) tagged with the zone's GID. */
void arch_stage2_flush(struct zone *z)
{
	la_invtlb(INVTLB_GID, (u64)z->arch.gid << GSTAT_GID_SHIFT, 0);
}

/* A vCPU starts in direct-address mode, which uses only the low PALEN
 * bits of an address: a mailbox entry such as 0x9000000000200000 (a DMW
 * window address, as Linux writes it) is fetched from 0x200000. */
u64 arch_entry_gpa(u64 entry)
{
	return entry & LA_PA_MASK;
}

_Static_assert(S2_READ == LA_PT_READ && S2_WRITE == LA_PT_WRITE && S2_EXEC == LA_PT_EXEC &&
		       S2_DEVICE == LA_PT_DEVICE,
	       "stage-2 flag values");
