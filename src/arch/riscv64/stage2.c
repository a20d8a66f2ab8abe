/* SPDX-License-Identifier: MIT */
/*
 * G-stage translation of a zone: tables in the Sv39x4 format (s2_pte.c)
 * that the core builds; hgatp names the root and the zone's VMID.
 */
#include <arch/csr.h>
#include <arch/rv_s2.h>
#include <zv/arch.h>
#include <zv/zone.h>

#include "board.h"
#include "rv.h"

#define HGATP_MODE_SV39X4 (8UL << 60)
#define HGATP_VMID_SHIFT 44
/* The tables refuse what lies beyond the format's 41 bits. */
_Static_assert(BOARD_GPA_BITS == RV_S2_GPA_BITS, "Sv39x4 translates 41 bits");

const struct s2_format *arch_stage2_format(void)
{
	return &rv_s2_format;
}

int arch_stage2_init(struct zone *z)
{
	z->arch.vmid = z->index + 1;
	z->arch.hgatp = HGATP_MODE_SV39X4 | ((u64)z->arch.vmid << HGATP_VMID_SHIFT) |
			(z->s2.root_pa >> S2_PAGE_SHIFT);
	return 0;
}

/* The hypervisor runs at its physical addresses. */
u64 arch_hv_to_phys(const void *p)
{
	return (uintptr_t)p;
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
