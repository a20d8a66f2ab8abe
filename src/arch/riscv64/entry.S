/* SPDX-License-Identifier: MIT */
/*
 * Entry from OpenSBI (fw_dynamic/fw_jump): a0 = hart id, a1 = FDT, MMU off,
 * HS-mode. The first hart to arrive boots; the rest are started later
 * through SBI HSM at zv_secondary_entry with a0 = hart id.
 */
#include <arch/asm_offsets.h>

	.section .text.entry, "ax"
	.globl _start
_start:
	/* Harts other than the first to arrive wait to be started by HSM. */
	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, park
	/* Keep firmware's FDT pointer (its rng-seed: arch_boot_entropy). */
	lla	t0, rv_boot_fdt
	sd	a1, (t0)

	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, (t0)
	addi	t0, t0, 8
	j	1b
2:	call	set_stack
	call	zv_main
	j	park

	.globl zv_secondary_entry
zv_secondary_entry:
	call	set_stack
	call	zv_secondary
park:
	wfi
	j	park

/* sp = top of this hart's stack; tp = hart id (the hypervisor's CPU id). */
set_stack:
	mv	tp, a0
	lla	sp, hv_stacks
	li	t0, HV_STACK_SIZE
	addi	t1, a0, 1
	mul	t0, t0, t1
	add	sp, sp, t0
	csrw	sscratch, zero
	ret

	.section .data
boot_lottery:
	.word	0
	.balign	8
	.globl rv_boot_fdt
rv_boot_fdt:
	.dword	0

	.section .bss.stacks, "aw", @nobits
	.balign	16
	.globl hv_stacks
hv_stacks:
	.space	HV_STACK_SIZE * HV_MAX_CPUS
