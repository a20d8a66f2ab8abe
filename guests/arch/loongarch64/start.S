/* SPDX-License-Identifier: MIT */
/* loongarch64 guest start: guest CRMD = DA mode, PLV0, interrupts off;
 * a0 = argument. vCPU 0 enters at _start, others (through the IPI mailbox)
 * at g_secondary_start. CPUID gives the vCPU number. */
#include "guest_arch.h"

	.section .text.start, "ax"
	.globl _start
_start:
	la.pcrel $t0, __bss_start
	la.pcrel $t1, __bss_end
1:	bgeu	$t0, $t1, 2f
	st.d	$zero, $t0, 0
	addi.d	$t0, $t0, 8
	b	1b
2:	bl	set_stack
	bl	guest_main
3:	idle	0
	b	3b

	.globl g_secondary_start
g_secondary_start:
	bl	set_stack
	bl	guest_secondary
	b	3b

set_stack:
	csrrd	$tp, 0x20		/* CPUID */
	andi	$tp, $tp, 0x1ff
	la.pcrel $sp, guest_stacks
	li.d	$t0, GUEST_STACK_SIZE
	addi.d	$t1, $tp, 1
	mul.d	$t0, $t0, $t1
	add.d	$sp, $sp, $t0
	jr	$ra

/* CRMD.IE on, then idle: an interrupt taken at g_idle_begin..g_idle_end
 * (before the idle sleeps) returns to g_idle_end (g_arch_trap). */
	.globl g_idle_rollback, g_idle_begin, g_idle_end
g_idle_rollback:
	li.d	$t0, 4
g_idle_begin:
	csrxchg	$t0, $t0, 0x0		/* CRMD.IE = 1 */
	idle	0
g_idle_end:
	jr	$ra

/* Exception entry (EENTRY needs 4 KiB alignment): caller-saved registers,
 * g_arch_trap(frame), ertn. The frame is ra, a0-a7, t0-t8 in that order. */
	.balign	4096
	.globl g_trap_entry
g_trap_entry:
	addi.d	$sp, $sp, -160
	st.d	$ra, $sp, 0
	st.d	$a0, $sp, 8
	st.d	$a1, $sp, 16
	st.d	$a2, $sp, 24
	st.d	$a3, $sp, 32
	st.d	$a4, $sp, 40
	st.d	$a5, $sp, 48
	st.d	$a6, $sp, 56
	st.d	$a7, $sp, 64
	st.d	$t0, $sp, 72
	st.d	$t1, $sp, 80
	st.d	$t2, $sp, 88
	st.d	$t3, $sp, 96
	st.d	$t4, $sp, 104
	st.d	$t5, $sp, 112
	st.d	$t6, $sp, 120
	st.d	$t7, $sp, 128
	st.d	$t8, $sp, 136
	move	$a0, $sp
	bl	g_arch_trap
	ld.d	$ra, $sp, 0
	ld.d	$a0, $sp, 8
	ld.d	$a1, $sp, 16
	ld.d	$a2, $sp, 24
	ld.d	$a3, $sp, 32
	ld.d	$a4, $sp, 40
	ld.d	$a5, $sp, 48
	ld.d	$a6, $sp, 56
	ld.d	$a7, $sp, 64
	ld.d	$t0, $sp, 72
	ld.d	$t1, $sp, 80
	ld.d	$t2, $sp, 88
	ld.d	$t3, $sp, 96
	ld.d	$t4, $sp, 104
	ld.d	$t5, $sp, 112
	ld.d	$t6, $sp, 120
	ld.d	$t7, $sp, 128
	ld.d	$t8, $sp, 136
	addi.d	$sp, $sp, 160
	ertn

/* Guest TLB refill (TLBRENTRY, 4 KiB aligned): the layout g_arch_enable_paging
 * puts in PWCL. */
	.balign	4096
	.globl g_tlb_refill
g_tlb_refill:
	csrwr	$t0, 0x8b		/* TLBRSAVE */
	csrrd	$t0, 0x1b		/* PGD */
	lddir	$t0, $t0, 2
	lddir	$t0, $t0, 1
	ldpte	$t0, 0
	ldpte	$t0, 1
	tlbfill
	csrrd	$t0, 0x8b
	ertn

	.section .bss
	.balign	16
guest_stacks:
	.space	GUEST_STACK_SIZE * 4
