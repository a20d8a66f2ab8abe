/* SPDX-License-Identifier: MIT */
/*
 * The self test's exit-regs check: every GPR but zero and sp is set to
 * GUEST_REG_PATTERN(n) (guest_arch.h), one exiting instruction runs, and
 * every GPR is stored to out[32] (out[0] and out[3], zero and sp, as 0).
 *   g_arch_exit_regs_hvcl(addr, out):  hvcl 0 with a7 = HC_NULL (0)
 *   g_arch_exit_regs_hvcl_kvm(addr, out): hvcl 0x100 (KVM's service code)
 *   g_arch_exit_regs_cpucfg(addr, out): cpucfg s5, zero
 *   g_arch_exit_regs_load(addr, out):  ld.d s6 from addr (in a2)
 *   g_arch_exit_regs_store(addr, out): st.d fp to addr (in a2)
 * The hypervisor takes them different ways (hvcl saves only the registers
 * C may clobber); none may change a register the instruction does not name.
 */
#define SAVE_ADDR 112
#define SAVE_OUT 120
#define BUF 128
#define FRAME (BUF + 32 * 8)

/* The guest's callee-saved registers, tp and r21, at sp. */
.macro KEEP op
	\op	$ra, $sp, 0
	\op	$tp, $sp, 8
	\op	$r21, $sp, 16
	\op	$fp, $sp, 24
	\op	$s0, $sp, 32
	\op	$s1, $sp, 40
	\op	$s2, $sp, 48
	\op	$s3, $sp, 56
	\op	$s4, $sp, 64
	\op	$s5, $sp, 72
	\op	$s6, $sp, 80
	\op	$s7, $sp, 88
	\op	$s8, $sp, 96
.endm

/* a2 = addr again (the patterns overwrote it). */
.macro LOAD_ADDR
	ld.d	$a2, $sp, SAVE_ADDR
.endm

.macro EXIT_REGS name, setup, insn
	.text
	.globl \name
\name:
	addi.d	$sp, $sp, -FRAME
	KEEP	st.d
	st.d	$a0, $sp, SAVE_ADDR
	st.d	$a1, $sp, SAVE_OUT
	/* GUEST_REG_PATTERN(n) = (0x600 + n) << 52 | n << 12 */
	.irp	n, 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	lu12i.w	$r\n, \n
	lu52i.d	$r\n, $r\n, 0x600 + \n
	.endr
	\setup
	\insn
	.irp	n, 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	st.d	$r\n, $sp, BUF + 8 * \n
	.endr
	b	exit_regs_done
.endm

	EXIT_REGS g_arch_exit_regs_hvcl, "move $a7, $zero", "hvcl 0"
	EXIT_REGS g_arch_exit_regs_hvcl_kvm, "", "hvcl 0x100"
	EXIT_REGS g_arch_exit_regs_cpucfg, "", "cpucfg $s5, $zero"
	EXIT_REGS g_arch_exit_regs_load, LOAD_ADDR, "ld.d $s6, $a2, 0"
	EXIT_REGS g_arch_exit_regs_store, LOAD_ADDR, "st.d $fp, $a2, 0"

exit_regs_done:
	st.d	$zero, $sp, BUF
	st.d	$zero, $sp, BUF + 8 * 3
	ld.d	$t0, $sp, SAVE_OUT
	addi.d	$t1, $sp, BUF
	ori	$t2, $zero, 32
1:	ld.d	$t3, $t1, 0
	st.d	$t3, $t0, 0
	addi.d	$t0, $t0, 8
	addi.d	$t1, $t1, 8
	addi.d	$t2, $t2, -1
	bnez	$t2, 1b
	KEEP	ld.d
	addi.d	$sp, $sp, FRAME
	jr	$ra
