/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 (GPA -> HPA) tables in the format the root TLB-refill handler walks
 * with lddir/ldpte: 4 KiB pages and 2 MiB leaves in Dir1 (RAM where GPA and
 * HPA are aligned), three levels of 512 64-bit entries
 * (Dir2 = GPA[38:30], Dir1 = GPA[29:21], PT = GPA[20:12]), described to the
 * hardware by root PWCL/PWCH/STLBPS. Directory entries hold the physical
 * address of the next table; lddir cannot tell an empty entry from a table
 * at PA 0, so empty entries point at shared all-invalid tables instead (as
 * Linux's invalid_pmd_table/invalid_pte_table): the core builds those
 * (s2_format.empty_tables). Entries are encoded in s2_pte.c: pure C,
 * unit-tested on the host.
 */
#ifndef ARCH_LA_PT_H
#define ARCH_LA_PT_H

#include <zv/stage2.h>

#define LA_PT_ENTRIES 512
#define LA_PT_PAGE_SHIFT 12
#define LA_PT_GPA_BITS 39

/* Leaf entry = TLBELO layout (+ software bits the TLB ignores). */
#define LA_PTE_V (1ULL << 0)
#define LA_PTE_D (1ULL << 1)	   /* writable */
#define LA_PTE_MAT_SUC (0ULL << 4) /* strongly-ordered uncached: devices */
#define LA_PTE_MAT_CC (1ULL << 4)  /* coherent cached: RAM */
#define LA_PTE_MAT_MASK (3ULL << 4)
#define LA_PTE_HUGE (1ULL << 6) /* in a Dir1 entry: a 2 MiB leaf (in a PTE it is G) */
#define LA_PTE_P (1ULL << 7)	/* software: present */
#define LA_PTE_W (1ULL << 8)	/* software: writable */
#define LA_PTE_NR (1ULL << 61)
#define LA_PTE_NX (1ULL << 62)
#define LA_PTE_PFN_MASK 0x0000fffffffff000ULL

/* PWCL: PTbase 4:0, PTwidth 9:5, Dir1 base 14:10 / width 19:15,
 * Dir2 base 24:20 / width 29:25, PTEWidth 31:30 (0 = 64-bit). PWCH: no Dir3/4. */
#define LA_PT_PWCL ((12u << 0) | (9u << 5) | (21u << 10) | (9u << 15) | (30u << 20) | (9u << 25))
#define LA_PT_PWCH 0u
#define LA_PT_STLBPS 12u

extern const struct s2_format la_s2_format;

#endif
