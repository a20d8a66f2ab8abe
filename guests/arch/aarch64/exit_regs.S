/* SPDX-License-Identifier: MIT */
/*
 * The self test's exit-regs check (exit_regs.c): x0-x30 are set to
 * GUEST_REG_PATTERN(n) (guest_arch.h), one exiting instruction runs, and
 * x0-x30 are stored to out[0..30] (out[31] as 0: sp is no GPR here).
 * x18-x30 are kept for the C caller in the frame.
 */
#include "guest_arch.h"

#define SAVE_ADDR 112
#define SAVE_OUT 120
#define BUF 128
#define FRAME (BUF + 32 * 8)

.macro KEEP op
	\op	x18, x19, [sp, #0]
	\op	x20, x21, [sp, #16]
	\op	x22, x23, [sp, #32]
	\op	x24, x25, [sp, #48]
	\op	x26, x27, [sp, #64]
	\op	x28, x29, [sp, #80]
	\op	x30, xzr, [sp, #96]
.endm

/* x2 = addr again (the patterns overwrote it). */
.macro LOAD_ADDR
	ldr	x2, [sp, #SAVE_ADDR]
.endm

/* An SMCCC call: function id \fn (32 bits) in x0. */
.macro FN_SETUP fn
	movz	x0, #((\fn) & 0xffff)
	movk	x0, #((\fn) >> 16), lsl #16
.endm

/* GUEST_REG_PATTERN(n) = (0x600 + n) << 52 | n << 12, 16 bits at a time. */
.macro PATTERN n
	movz	x\n, #((\n << 12) & 0xffff)
	movk	x\n, #((\n << 12) >> 16), lsl #16
	movk	x\n, #((0x600 + \n) << 4), lsl #48
.endm

.macro EXIT_REGS name, setup, insn
	.text
	.globl \name
\name:
	sub	sp, sp, #FRAME
	KEEP	stp
	stp	x0, x1, [sp, #SAVE_ADDR]
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	PATTERN	\n
	.endr
	\setup
	\insn
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	str	x\n, [sp, #BUF + 8 * \n]
	.endr
	b	exit_regs_done
.endm

	EXIT_REGS g_arch_exit_regs_hc, "FN_SETUP 0xc6000000", "hvc #0"
	EXIT_REGS g_arch_exit_regs_psci, "FN_SETUP 0x84000000", "hvc #0"
	EXIT_REGS g_arch_exit_regs_unknown, "FN_SETUP 0x83000000", "hvc #0"
	EXIT_REGS g_arch_exit_regs_load, LOAD_ADDR, "ldr x22, [x2]"
	EXIT_REGS g_arch_exit_regs_store, LOAD_ADDR, "str x8, [x2]"
	EXIT_REGS g_arch_exit_regs_load_w, LOAD_ADDR, "ldr w23, [x2]"
	EXIT_REGS g_arch_exit_regs_load_sb, LOAD_ADDR, "ldrsb x24, [x2]"

exit_regs_done:
	str	xzr, [sp, #BUF + 8 * 31]
	ldr	x0, [sp, #SAVE_OUT]
	add	x1, sp, #BUF
	mov	x2, #32
1:	ldr	x3, [x1], #8
	str	x3, [x0], #8
	subs	x2, x2, #1
	b.ne	1b
	KEEP	ldp
	add	sp, sp, #FRAME
	ret
