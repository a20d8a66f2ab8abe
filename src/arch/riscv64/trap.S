/* SPDX-License-Identifier: MIT */
/*
 * World switch. While a guest runs, sscratch holds its struct arch_vcpu;
 * in the hypervisor sscratch is 0. One vector serves both: a trap from the
 * guest saves its GPRs into the context and returns from rv_vcpu_enter()
 * to C; a trap from HS-mode is a fault inside the hypervisor (only guest
 * memory reads with a fixup are expected). VS CSRs, hgatp and hstatus stay
 * in hardware: with one vCPU per CPU nothing else ever uses them.
 *
 * An ecall from VS-mode (SBI and hypercalls) takes a fast path: only the
 * caller-saved registers are saved, rv_exit_fast() runs on the hypervisor
 * stack, and the guest resumes from there; the C calling convention keeps
 * the guest's gp and s0-s11 in place. Anything else, or an ecall the core
 * must see in its vCPU loop, continues into the full save.
 */
#include <arch/asm_offsets.h>

.macro SAVE_HV reg, n
	sd	\reg, RV_CTX_HV(\n)(a0)
.endm
.macro LOAD_HV reg, n
	ld	\reg, RV_CTX_HV(\n)(sp)
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
	/* sp = context; sscratch = guest sp. First the registers C may
	 * clobber; the callee-saved ones (gp, s0-s11) stay live in hardware
	 * while the fast path runs. */
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
	csrr	t1, scause
	li	t2, RV_EXC_ECALL_VS
	mv	a0, sp
	bne	t1, t2, slow_exit

	/* Fast path (ecall from VS): C on the hypervisor's stack, then back
	 * into the guest unless it asks for the slow path (bit 0 set). */
	ld	tp, RV_CTX_HV(3)(a0)
	ld	sp, RV_CTX_HV(1)(a0)
	call	rv_exit_fast
	andi	t0, a0, 1
	bnez	t0, fast_to_slow
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

fast_to_slow:
	andi	a0, a0, -2
slow_exit:
	/* a0 = context: save the rest of the guest, then return from
	 * rv_vcpu_enter() to the vCPU loop. */
	sd	gp, RV_CTX_X(3)(a0)
	sd	s0, RV_CTX_X(8)(a0)
	sd	s1, RV_CTX_X(9)(a0)
	sd	s2, RV_CTX_X(18)(a0)
	sd	s3, RV_CTX_X(19)(a0)
	sd	s4, RV_CTX_X(20)(a0)
	sd	s5, RV_CTX_X(21)(a0)
	sd	s6, RV_CTX_X(22)(a0)
	sd	s7, RV_CTX_X(23)(a0)
	sd	s8, RV_CTX_X(24)(a0)
	sd	s9, RV_CTX_X(25)(a0)
	sd	s10, RV_CTX_X(26)(a0)
	sd	s11, RV_CTX_X(27)(a0)
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

/* void rv_vcpu_enter(struct arch_vcpu *ctx): returns at the next guest trap. */
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
	ld	t0, RV_CTX_SEPC(a0)
	csrw	sepc, t0
	csrw	sscratch, a0
	ld	ra, RV_CTX_X(1)(a0)
	ld	sp, RV_CTX_X(2)(a0)
	ld	gp, RV_CTX_X(3)(a0)
	ld	tp, RV_CTX_X(4)(a0)
	ld	t0, RV_CTX_X(5)(a0)
	ld	t1, RV_CTX_X(6)(a0)
	ld	t2, RV_CTX_X(7)(a0)
	ld	s0, RV_CTX_X(8)(a0)
	ld	s1, RV_CTX_X(9)(a0)
	ld	a1, RV_CTX_X(11)(a0)
	ld	a2, RV_CTX_X(12)(a0)
	ld	a3, RV_CTX_X(13)(a0)
	ld	a4, RV_CTX_X(14)(a0)
	ld	a5, RV_CTX_X(15)(a0)
	ld	a6, RV_CTX_X(16)(a0)
	ld	a7, RV_CTX_X(17)(a0)
	ld	s2, RV_CTX_X(18)(a0)
	ld	s3, RV_CTX_X(19)(a0)
	ld	s4, RV_CTX_X(20)(a0)
	ld	s5, RV_CTX_X(21)(a0)
	ld	s6, RV_CTX_X(22)(a0)
	ld	s7, RV_CTX_X(23)(a0)
	ld	s8, RV_CTX_X(24)(a0)
	ld	s9, RV_CTX_X(25)(a0)
	ld	s10, RV_CTX_X(26)(a0)
	ld	s11, RV_CTX_X(27)(a0)
	ld	t3, RV_CTX_X(28)(a0)
	ld	t4, RV_CTX_X(29)(a0)
	ld	t5, RV_CTX_X(30)(a0)
	ld	t6, RV_CTX_X(31)(a0)
	ld	a0, RV_CTX_X(10)(a0)
	sret

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
