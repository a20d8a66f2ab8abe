/* SPDX-License-Identifier: MIT */
/*
 * World switch. While a guest runs, sscratch holds its struct arch_vcpu;
 * in the hypervisor sscratch is 0. One vector serves both: a trap from the
 * guest is handled in C on the hypervisor stack and the guest resumes from
 * there; only what the core's vCPU loop must see (a fault, a stop, power
 * off) returns from rv_vcpu_enter(). A trap from HS-mode is a fault inside
 * the hypervisor (only guest memory reads with a fixup are expected). VS
 * CSRs, hgatp and hstatus stay in hardware: with one vCPU per CPU nothing
 * else ever uses them.
 *
 * An ecall from VS-mode (SBI and hypercalls) saves only the registers C
 * may clobber: rv_ecall_fast() reads and writes nothing but a0-a7 and
 * sepc, and the C calling convention keeps the guest's gp and s0-s11 in
 * place. Any other trap saves every GPR first (an MMIO access may name any
 * of them) and runs rv_trap_fast(). Both return the context to resume the
 * guest with, or the context | 1 to leave through the vCPU loop.
 */
#include <arch/asm_offsets.h>

.macro SAVE_HV reg, n
	sd	\reg, RV_CTX_HV(\n)(a0)
.endm
.macro LOAD_HV reg, n
	ld	\reg, RV_CTX_HV(\n)(sp)
.endm
/* The guest's callee-saved registers (and gp), at \base. */
.macro GUEST_CALLEE op, base
	\op	gp, RV_CTX_X(3)(\base)
	\op	s0, RV_CTX_X(8)(\base)
	\op	s1, RV_CTX_X(9)(\base)
	\op	s2, RV_CTX_X(18)(\base)
	\op	s3, RV_CTX_X(19)(\base)
	\op	s4, RV_CTX_X(20)(\base)
	\op	s5, RV_CTX_X(21)(\base)
	\op	s6, RV_CTX_X(22)(\base)
	\op	s7, RV_CTX_X(23)(\base)
	\op	s8, RV_CTX_X(24)(\base)
	\op	s9, RV_CTX_X(25)(\base)
	\op	s10, RV_CTX_X(26)(\base)
	\op	s11, RV_CTX_X(27)(\base)
.endm
/* Back into the guest from context a0: sepc, the registers C may clobber,
 * tp and sp; sscratch = context again. */
.macro GUEST_RETURN
	ld	t0, RV_CTX_SEPC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	ld	ra, RV_CTX_X(1)(a0)
	ld	sp, RV_CTX_X(2)(a0)
	ld	tp, RV_CTX_X(4)(a0)
	ld	t0, RV_CTX_X(5)(a0)
	ld	t1, RV_CTX_X(6)(a0)
	ld	t2, RV_CTX_X(7)(a0)
	ld	a1, RV_CTX_X(11)(a0)
	ld	a2, RV_CTX_X(12)(a0)
	ld	a3, RV_CTX_X(13)(a0)
	ld	a4, RV_CTX_X(14)(a0)
	ld	a5, RV_CTX_X(15)(a0)
	ld	a6, RV_CTX_X(16)(a0)
	ld	a7, RV_CTX_X(17)(a0)
	ld	t3, RV_CTX_X(28)(a0)
	ld	t4, RV_CTX_X(29)(a0)
	ld	t5, RV_CTX_X(30)(a0)
	ld	t6, RV_CTX_X(31)(a0)
	ld	a0, RV_CTX_X(10)(a0)
	sret
.endm

	.text
	.balign	4
	.globl rv_trap_vector
rv_trap_vector:
	csrrw	sp, sscratch, sp
	bnez	sp, guest_exit
	/* From HS-mode: restore sp, keep sscratch 0. */
	csrrw	sp, sscratch, sp
	j	hv_trap

guest_exit:
	/* sp = context; sscratch = guest sp. */
	sd	ra, RV_CTX_X(1)(sp)
	sd	tp, RV_CTX_X(4)(sp)
	sd	t0, RV_CTX_X(5)(sp)
	sd	t1, RV_CTX_X(6)(sp)
	sd	t2, RV_CTX_X(7)(sp)
	sd	a0, RV_CTX_X(10)(sp)
	sd	a1, RV_CTX_X(11)(sp)
	sd	a2, RV_CTX_X(12)(sp)
	sd	a3, RV_CTX_X(13)(sp)
	sd	a4, RV_CTX_X(14)(sp)
	sd	a5, RV_CTX_X(15)(sp)
	sd	a6, RV_CTX_X(16)(sp)
	sd	a7, RV_CTX_X(17)(sp)
	sd	t3, RV_CTX_X(28)(sp)
	sd	t4, RV_CTX_X(29)(sp)
	sd	t5, RV_CTX_X(30)(sp)
	sd	t6, RV_CTX_X(31)(sp)
	csrrw	t0, sscratch, zero
	sd	t0, RV_CTX_X(2)(sp)
	csrr	t0, sepc
	sd	t0, RV_CTX_SEPC(sp)
	csrr	a1, scause
	li	t0, RV_EXC_ECALL_VS
	mv	a0, sp
	ld	tp, RV_CTX_HV(3)(a0)
	ld	sp, RV_CTX_HV(1)(a0)
	bne	a1, t0, trap_exit

	call	rv_ecall_fast
	andi	t0, a0, 1
	bnez	t0, ecall_to_loop
	GUEST_RETURN
ecall_to_loop:
	/* The guest's gp and s0-s11 are still live: save them too. */
	andi	a0, a0, -2
	GUEST_CALLEE sd, a0
	j	to_loop

trap_exit:
	GUEST_CALLEE sd, a0
	call	rv_trap_fast
	andi	t0, a0, 1
	bnez	t0, trap_to_loop
	GUEST_CALLEE ld, a0
	GUEST_RETURN
trap_to_loop:
	/* The context is complete (and may have been written, e.g. an MMIO
	 * load): back to the vCPU loop as it is. */
	andi	a0, a0, -2

to_loop:
	/* Return from rv_vcpu_enter(a0). */
	mv	sp, a0
	LOAD_HV	ra, 0
	LOAD_HV	gp, 2
	LOAD_HV	tp, 3
	LOAD_HV	s0, 4
	LOAD_HV	s1, 5
	LOAD_HV	s2, 6
	LOAD_HV	s3, 7
	LOAD_HV	s4, 8
	LOAD_HV	s5, 9
	LOAD_HV	s6, 10
	LOAD_HV	s7, 11
	LOAD_HV	s8, 12
	LOAD_HV	s9, 13
	LOAD_HV	s10, 14
	LOAD_HV	s11, 15
	LOAD_HV	sp, 1
	ret

/* void rv_vcpu_enter(struct arch_vcpu *ctx): returns when the vCPU loop
 * must see an exit (ctx->exit). */
	.globl rv_vcpu_enter
rv_vcpu_enter:
	SAVE_HV	ra, 0
	SAVE_HV	sp, 1
	SAVE_HV	gp, 2
	SAVE_HV	tp, 3
	SAVE_HV	s0, 4
	SAVE_HV	s1, 5
	SAVE_HV	s2, 6
	SAVE_HV	s3, 7
	SAVE_HV	s4, 8
	SAVE_HV	s5, 9
	SAVE_HV	s6, 10
	SAVE_HV	s7, 11
	SAVE_HV	s8, 12
	SAVE_HV	s9, 13
	SAVE_HV	s10, 14
	SAVE_HV	s11, 15
	GUEST_CALLEE ld, a0
	GUEST_RETURN

/* A trap taken in HS-mode. With a fixup armed (a guest-memory read), resume
 * there with a0 = -1; anything else is a hypervisor bug. */
hv_trap:
	addi	sp, sp, -16
	sd	ra, 0(sp)
	call	rv_hv_trap_fixup
	ld	ra, 0(sp)
	addi	sp, sp, 16
	beqz	a0, 1f
	csrw	sepc, a0
	li	a0, -1
	sret
1:	call	rv_hv_trap_fatal

/* long rv_hlvx_hu(unsigned long gva, unsigned long *fixup): a 16-bit read of
 * guest instruction memory through the guest's own translation (HLVX.HU),
 * or -1 if that faults. */
	.globl rv_hlvx_hu
rv_hlvx_hu:
	lla	t0, 2f
	sd	t0, (a1)
	.insn r 0x73, 0x4, 0x32, a0, a0, x3	/* hlvx.hu a0, (a0) */
	sd	zero, (a1)
2:	ret
