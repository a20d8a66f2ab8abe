/* SPDX-License-Identifier: MIT */
/*
 * Entry from QEMU's ELF loader on CPU 0 at EL2 (virt,virtualization=on),
 * MMU off; secondaries come through PSCI CPU_ON at zv_secondary_entry with
 * x0 = context id = their CPU number. Every CPU turns its EL2 MMU on with
 * the same static identity map before any C runs: with the MMU off every
 * data access is Device-nGnRnE (no caches, alignment faults), which would
 * also make the hypervisor's view of guest RAM non-coherent with the
 * guests' cacheable view on real hardware.
 */
#include <arch/asm_offsets.h>
#include "board.h"

/* EL2 stage-1 block descriptors (level 1, 1 GiB): AF(10), SH(9:8),
 * AttrIndx(4:2) into MAIR_EL2, XN(54) for devices. */
#define PT_BLOCK 0x1
#define PT_AF (1 << 10)
#define PT_SH_INNER (3 << 8)
#define PT_ATTR_DEVICE (0 << 2)
#define PT_ATTR_NORMAL (1 << 2)
#define PT_XN (1 << 54)
#define PT_NORMAL (PT_BLOCK | PT_AF | PT_SH_INNER | PT_ATTR_NORMAL)
#define PT_DEVICE (PT_BLOCK | PT_AF | PT_ATTR_DEVICE | PT_XN)
#define RAM_FIRST_GB (BOARD_RAM_BASE >> 30)
#define RAM_LAST_GB ((BOARD_RAM_BASE + BOARD_RAM_SIZE - 1) >> 30)

/* MAIR_EL2: attr0 Device-nGnRnE (0x00), attr1 Normal WB RA/WA (0xff). */
#define MAIR_VALUE 0xff00
/* TCR_EL2 (E2H=0): T0SZ=25 (39-bit VA, start at level 1), WB/WB inner
 * shareable walks, 4K granule, RES1 bits 31 and 23; PS filled at run time. */
#define TCR_VALUE (25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (1 << 31))
/* SCTLR_EL2 (E2H=0): RES1 bits 29,28,23,22,18,16,11,5,4 plus M, C, SA, I. */
#define SCTLR_VALUE (0x30c50830 | (1 << 0) | (1 << 2) | (1 << 3) | (1 << 12))

	.section .text.entry, "ax"
	.globl _start
_start:
	msr	daifset, #0xf
	/* Only CPU 0 enters here; the others stay off until CPU_ON. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	cpu_number
	bl	set_stack
	bl	mmu_enable
	bl	zv_main
	b	park

	.globl zv_secondary_entry
zv_secondary_entry:
	msr	daifset, #0xf
	bl	set_stack
	bl	mmu_enable
	bl	zv_secondary
park:
	wfe
	b	park

/* x0 = Aff1 * 16 + Aff0 of MPIDR_EL1 (QEMU virt packs 16 CPUs per
 * cluster with GICv3). */
cpu_number:
	mrs	x1, mpidr_el1
	and	x0, x1, #0xff
	ubfx	x1, x1, #8, #8
	add	x0, x0, x1, lsl #4
	ret

/* TPIDR_EL2 = CPU number; sp = top of this CPU's stack. Keeps x0. */
set_stack:
	msr	spsel, #1
	msr	tpidr_el2, x0
	adrp	x1, hv_stacks
	add	x1, x1, :lo12:hv_stacks
	mov	x2, #HV_STACK_SIZE
	add	x3, x0, #1
	madd	x1, x2, x3, x1
	mov	sp, x1
	ret

/* Identity map, caches on. Keeps x0. */
mmu_enable:
	adrp	x1, hv_pt_l1
	msr	ttbr0_el2, x1
	mov	x1, #MAIR_VALUE
	msr	mair_el2, x1
	ldr	x1, =TCR_VALUE
	/* TCR_EL2.PS (18:16) = ID_AA64MMFR0_EL1.PARange, at most 48 bits. */
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #0xf
	cmp	x2, #5
	mov	x3, #5
	csel	x2, x2, x3, ls
	orr	x1, x1, x2, lsl #16
	msr	tcr_el2, x1
	isb
	tlbi	alle2
	dsb	nsh
	isb
	ldr	x1, =SCTLR_VALUE
	msr	sctlr_el2, x1
	isb
	ret

	.section .rodata.pt, "a"
	.balign	4096
hv_pt_l1:
	.set	gb, 0
	.rept	512
	.if	(gb >= RAM_FIRST_GB) && (gb <= RAM_LAST_GB)
	.quad	(gb << 30) | PT_NORMAL
	.else
	.quad	(gb << 30) | PT_DEVICE
	.endif
	.set	gb, gb + 1
	.endr

	.section .bss.stacks, "aw", @nobits
	.balign	16
	.globl hv_stacks
hv_stacks:
	.space	HV_STACK_SIZE * HV_MAX_CPUS
