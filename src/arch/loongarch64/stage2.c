/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 (GPA -> HPA) per zone: tables in the lddir/ldpte format (la_pt.h)
 * that the core builds, walked by the root TLB-refill handler through root
 * PGDL; entries filled while a guest runs carry its GID (GTLBC.USETGID,
 * TGID = GID).
 */
#include <arch/asm_offsets.h>
#include <arch/la_pt.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/zone.h>

#include "board.h"
#include "la.h"

_Static_assert(BOARD_GPA_BITS == LA_PT_GPA_BITS, "guest-physical space the tables map");

u64 la_empty_root_pa;

int la_stage2_boot_init(void)
{
	la_empty_root_pa = stage2_empty_root_pa();
	return la_empty_root_pa ? 0 : -ZV_ENOMEM;
}

const struct s2_format *arch_stage2_format(void)
{
	return &la_s2_format;
}

int arch_stage2_init(struct zone *z)
{
	z->arch.gid = z->index + 1; /* GID 0 is the root's */
	return 0;
}

/* Tables live in the image (DMW1). */
u64 arch_hv_to_phys(const void *p)
{
	return la_virt_to_phys(p);
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
