/* SPDX-License-Identifier: MIT */
/* riscv64 guest start: a0 = hart id, a1 = DTB or HSM opaque; VS-mode with
 * the MMU off. vCPU 0 enters at _start, others at g_secondary_start. */
#include "guest_arch.h"

	.section .text.start, "ax"
	.globl _start
_start:
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:	la	t0, g_boot_hart
	sd	a0, (t0)
	call	set_stack
	call	guest_main
3:	wfi
	j	3b

	.globl g_secondary_start
g_secondary_start:
	call	set_stack
	call	guest_secondary
	j	3b

set_stack:
	mv	tp, a0
	la	sp, guest_stacks
	li	t0, GUEST_STACK_SIZE
	addi	t1, a0, 1
	mul	t0, t0, t1
	add	sp, sp, t0
	ret

/* Trap entry: save caller-saved registers, call g_arch_trap(). */
	.balign	4
	.globl g_trap_entry
g_trap_entry:
	addi	sp, sp, -144
	sd	ra, 0(sp)
	sd	t0, 8(sp)
	sd	t1, 16(sp)
	sd	t2, 24(sp)
	sd	a0, 32(sp)
	sd	a1, 40(sp)
	sd	a2, 48(sp)
	sd	a3, 56(sp)
	sd	a4, 64(sp)
	sd	a5, 72(sp)
	sd	a6, 80(sp)
	sd	a7, 88(sp)
	sd	t3, 96(sp)
	sd	t4, 104(sp)
	sd	t5, 112(sp)
	sd	t6, 120(sp)
	call	g_arch_trap
	ld	ra, 0(sp)
	ld	t0, 8(sp)
	ld	t1, 16(sp)
	ld	t2, 24(sp)
	ld	a0, 32(sp)
	ld	a1, 40(sp)
	ld	a2, 48(sp)
	ld	a3, 56(sp)
	ld	a4, 64(sp)
	ld	a5, 72(sp)
	ld	a6, 80(sp)
	ld	a7, 88(sp)
	ld	t3, 96(sp)
	ld	t4, 104(sp)
	ld	t5, 112(sp)
	ld	t6, 120(sp)
	addi	sp, sp, 144
	sret

	.section .bss
	.balign	16
guest_stacks:
	.space	GUEST_STACK_SIZE * 4
