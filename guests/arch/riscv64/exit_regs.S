/* SPDX-License-Identifier: MIT */
/*
 * The self test's exit-regs check (exit_regs.c): x1 and x3-x31 are set to
 * GUEST_REG_PATTERN(n) (guest_arch.h), one exiting instruction runs, and
 * every GPR is stored to out[32] (out[0] and out[2], zero and sp, as 0).
 * ra, gp, tp and s0-s11 are kept for the C caller in the frame.
 */
#include "guest_arch.h"

#define SAVE_ADDR 120
#define SAVE_OUT 128
#define BUF 144
#define FRAME (BUF + 32 * 8)

.macro KEEP op
	\op	x1, 0(sp)
	\op	x3, 8(sp)
	\op	x4, 16(sp)
	\op	x8, 24(sp)
	\op	x9, 32(sp)
	.irp	n, 18,19,20,21,22,23,24,25,26,27
	\op	x\n, (\n - 18) * 8 + 40(sp)
	.endr
.endm

/* a2 = addr again (the patterns overwrote it). */
.macro LOAD_ADDR
	ld	a2, SAVE_ADDR(sp)
.endm

/* An SBI call: extension \ext in a7, function \fid in a6. */
.macro SBI_SETUP ext, fid
	li	a7, \ext
	li	a6, \fid
.endm

.macro EXIT_REGS name, setup, insn
	.text
	.globl \name
\name:
	addi	sp, sp, -FRAME
	KEEP	sd
	sd	a0, SAVE_ADDR(sp)
	sd	a1, SAVE_OUT(sp)
	.irp	n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	li	x\n, GUEST_REG_PATTERN_ASM(\n)
	.endr
	\setup
	\insn
	.irp	n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, BUF + 8 * \n(sp)
	.endr
	j	exit_regs_done
.endm

	EXIT_REGS g_arch_exit_regs_hc, "SBI_SETUP 0x0a5a5600, 0", "ecall"
	EXIT_REGS g_arch_exit_regs_sbi_base, "SBI_SETUP 0x10, 0", "ecall"
	EXIT_REGS g_arch_exit_regs_sbi_unknown, "SBI_SETUP 0x0a5a56ff, 0", "ecall"
	EXIT_REGS g_arch_exit_regs_load, LOAD_ADDR, "ld s6, 0(a2)"
	EXIT_REGS g_arch_exit_regs_store, LOAD_ADDR, "sd s0, 0(a2)"
	EXIT_REGS g_arch_exit_regs_load_c, LOAD_ADDR, "c.ld a5, 0(a2)"
	EXIT_REGS g_arch_exit_regs_store_c, LOAD_ADDR, "c.sd s1, 0(a2)"
	EXIT_REGS g_arch_exit_regs_load_w, LOAD_ADDR, "lw s7, 0(a2)"

exit_regs_done:
	sd	zero, BUF(sp)
	sd	zero, BUF + 8 * 2(sp)
	ld	t0, SAVE_OUT(sp)
	addi	t1, sp, BUF
	li	t2, 32
1:	ld	t3, 0(t1)
	sd	t3, 0(t0)
	addi	t0, t0, 8
	addi	t1, t1, 8
	addi	t2, t2, -1
	bnez	t2, 1b
	KEEP	ld
	addi	sp, sp, FRAME
	ret
