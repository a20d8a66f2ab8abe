/* SPDX-License-Identifier: MIT */
/* aarch64 guest start at EL1h, MMU off. vCPU 0 enters at _start with
 * x0 = DTB (or 0); others at g_secondary_start through PSCI CPU_ON with
 * x0 = context id = their vCPU number. */
#include "guest_arch.h"

	.section .text.start, "ax"
	.globl _start
_start:
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, #0
	bl	set_stack
	bl	guest_main
3:	wfi
	b	3b

	.globl g_secondary_start
g_secondary_start:
	bl	set_stack
	bl	guest_secondary
	b	3b

/* TPIDR_EL1 = vCPU number (x0); sp = top of its stack. */
set_stack:
	msr	tpidr_el1, x0
	adrp	x1, guest_stacks
	add	x1, x1, :lo12:guest_stacks
	mov	x2, #GUEST_STACK_SIZE
	add	x3, x0, #1
	madd	x1, x2, x3, x1
	mov	sp, x1
	ret

/* EL1 vector table: IRQs from EL1h go to g_arch_irq, everything else to
 * g_arch_sync with the vector number. Caller-saved registers are kept. */
.macro SAVE
	sub	sp, sp, #176
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #160]
.endm
.macro RESTORE
	ldp	x0, x1, [sp, #160]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x30, [sp, #144]
	add	sp, sp, #176
.endm
.macro VEC n
	.balign	0x80
	SAVE
	mov	x0, #\n
	mov	x1, sp
	bl	g_arch_vector
	RESTORE
	eret
.endm

	.text
	.balign	0x800
	.globl g_vectors
g_vectors:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	VEC	\n
	.endr

/* u64 g_el0_run(u64 entry, u64 spsr): run code at EL0 from entry with
 * SPSR spsr until g_el0_return(value), called from an exception handler,
 * makes g_el0_run return value. Callee-saved registers and sp wait in
 * el0_ctx (one vCPU at a time). */
	.text
	.globl g_el0_run
g_el0_run:
	adrp	x9, el0_ctx
	add	x9, x9, :lo12:el0_ctx
	stp	x19, x20, [x9, #0]
	stp	x21, x22, [x9, #16]
	stp	x23, x24, [x9, #32]
	stp	x25, x26, [x9, #48]
	stp	x27, x28, [x9, #64]
	stp	x29, x30, [x9, #80]
	mov	x10, sp
	str	x10, [x9, #96]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	isb
	eret

	.globl g_el0_return
g_el0_return:
	adrp	x9, el0_ctx
	add	x9, x9, :lo12:el0_ctx
	ldp	x19, x20, [x9, #0]
	ldp	x21, x22, [x9, #16]
	ldp	x23, x24, [x9, #32]
	ldp	x25, x26, [x9, #48]
	ldp	x27, x28, [x9, #64]
	ldp	x29, x30, [x9, #80]
	ldr	x10, [x9, #96]
	mov	sp, x10
	ret

	.section .bss
	.balign	16
el0_ctx:
	.space	112
guest_stacks:
	.space	GUEST_STACK_SIZE * 4
