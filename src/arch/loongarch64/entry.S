/* SPDX-License-Identifier: MIT */
/*
 * Entry from QEMU's direct kernel boot: boot CPU at the ELF entry in DA mode
 * (CRMD = 0x8: DA=1, PLV0, IE=0), a0-a2 = EFI hand-off arguments (unused).
 * Secondary CPUs wait in QEMU's flash stub and jump to mailbox 0 (IOCSR
 * 0x1020) on an IPI: arch_cpu_start() puts la_secondary_entry there.
 *
 * Both paths set up the direct-mapped windows and leave DA mode for paging
 * mode: the hardware's return from a TLB refill (ertn with TLBRERA.IsTLBR)
 * forces CRMD to DA=0/PG=1, and stage-2 relies on root refills, so the
 * hypervisor must live in DMW windows from the start.
 */
#include <arch/asm_offsets.h>
#include <arch/loongarch.h>

.macro SETUP_WINDOWS
	li.d	$t0, 0x8000000000000001	/* DMW0: VSEG 8, PLV0, MAT=SUC (devices) */
	csrwr	$t0, CSR_DMW0
	li.d	$t0, 0x9000000000000011	/* DMW1: VSEG 9, PLV0, MAT=CC (the image) */
	csrwr	$t0, CSR_DMW1
	li.d	$t0, 0x0000000000000011	/* DMW2: VSEG 0, PLV0, MAT=CC (host-physical 1:1) */
	csrwr	$t0, CSR_DMW2
.endm

	.section .text.entry, "ax"
	.globl _start
_start:
	SETUP_WINDOWS
	la.abs	$t0, 1f			/* continue at the link address (DMW1) */
	jirl	$zero, $t0, 0
1:	li.w	$t0, 0x10		/* CRMD: PG=1, DA=0, PLV0, IE=0 */
	csrwr	$t0, CSR_CRMD
	csrrd	$a0, CSR_CPUID
	andi	$a0, $a0, 0x1ff
	bnez	$a0, park		/* only the boot CPU starts here */

	la.pcrel $t0, __bss_start
	la.pcrel $t1, __bss_end
2:	bgeu	$t0, $t1, 3f
	st.d	$zero, $t0, 0
	addi.d	$t0, $t0, 8
	b	2b
3:	bl	set_stack
	bl	zv_main
	b	park

	.globl la_secondary_entry
la_secondary_entry:
	SETUP_WINDOWS
	la.abs	$t0, 1f
	jirl	$zero, $t0, 0
1:	li.w	$t0, 0x10
	csrwr	$t0, CSR_CRMD
	csrrd	$a0, CSR_CPUID
	andi	$a0, $a0, 0x1ff
	bl	set_stack
	bl	zv_secondary
park:
	idle	0
	b	park

/* a0 = cpu. sp = top of this CPU's stack, tp = cpu, KS0 = 0 (no guest). */
set_stack:
	ori	$t1, $zero, HV_MAX_CPUS
	bgeu	$a0, $t1, park
	move	$tp, $a0
	la.pcrel $sp, hv_stacks
	li.d	$t0, HV_STACK_SIZE
	addi.d	$t1, $a0, 1
	mul.d	$t0, $t0, $t1
	add.d	$sp, $sp, $t0
	csrwr	$zero, CSR_KS0
	jr	$ra

	.section .bss.stacks, "aw", @nobits
	.balign	16
	.globl hv_stacks
hv_stacks:
	.space	HV_STACK_SIZE * HV_MAX_CPUS
