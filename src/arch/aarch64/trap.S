/* SPDX-License-Identifier: MIT */
/*
 * World switch. While a guest runs, SP_EL2 points at its struct arch_vcpu
 * (the guest never uses SP_EL2), so a vector from a lower EL finds the
 * context at sp and saves the GPRs there. EL1 system registers stay in
 * hardware: with one vCPU pinned per CPU nothing else uses them. Vectors
 * from EL2 itself are hypervisor bugs.
 *
 * Synchronous exits and physical IRQs are handled in C on the hypervisor
 * stack (below the frame a64_vcpu_enter() left): the guest resumes from
 * there, and only an exit the vCPU loop must act on returns from
 * a64_vcpu_enter() to it, with A64_EXIT_HV_STACK and the exit in ->exit.
 * The C function returns the context to resume, or the context | 1 to
 * leave. A synchronous exit stores ESR_EL2 in the context once, in the
 * vector.
 *  - HVC (ESR_EL2.EC = 0x16): saves only x0-x18 and x30, the registers C
 *    may clobber, for a64_hvc_fast(); the guest's x19-x29 stay in the
 *    registers meanwhile (AAPCS64: callee-saved).
 *  - any other synchronous exit: saves every GPR (an MMIO access may name
 *    any of them) for a64_sync_fast().
 *  - IRQ: saves x0-x18 and x30, as for an HVC, for a64_irq_fast().
 * FIQs and SErrors go to the vCPU loop.
 */
#include <arch/asm_offsets.h>
#include <arch/sysreg.h>

.macro GUEST_VECTOR type
	.balign	0x80
	stp	x0, x1, [sp, #A64_CTX_X(0)]
	mov	x0, #\type
	b	guest_exit
.endm

.macro HV_VECTOR type
	.balign	0x80
	mov	x0, #\type
	b	hv_fault
.endm

	.text
	.balign	0x800
	.globl a64_vectors
a64_vectors:
	HV_VECTOR 0	/* current EL with SP_EL0 */
	HV_VECTOR 1
	HV_VECTOR 2
	HV_VECTOR 3
	HV_VECTOR 4	/* current EL with SP_EL2 */
	HV_VECTOR 5
	HV_VECTOR 6
	HV_VECTOR 7
	.balign	0x80		/* lower EL, AArch64: synchronous */
	stp	x0, x1, [sp, #A64_CTX_X(0)]
	mrs	x0, esr_el2
	ubfx	x1, x0, #26, #6	/* ESR_EL2.EC [31:26]; ISS2 [55:32] is not ours */
	cmp	x1, #EC_HVC64
	b.eq	guest_hvc	/* which never reads the ESR */
	str	x0, [sp, #A64_CTX_ESR]
	b	guest_sync
	.balign	0x80		/* lower EL, AArch64: IRQ */
	stp	x0, x1, [sp, #A64_CTX_X(0)]
	b	guest_irq
	GUEST_VECTOR A64_EXIT_FIQ
	GUEST_VECTOR A64_EXIT_SERROR
	HV_VECTOR 12	/* lower EL, AArch32: HCR_EL2.RW keeps EL1 AArch64 */
	HV_VECTOR 13
	HV_VECTOR 14
	HV_VECTOR 15

hv_fault:
	bl	a64_hv_fault
	b	.

/* x2-x18 and x30 at [\base]; x0/x1 are saved by the vector. */
.macro CALLER_SAVED op, op2, base
	\op2	x2, x3, [\base, #A64_CTX_X(2)]
	\op2	x4, x5, [\base, #A64_CTX_X(4)]
	\op2	x6, x7, [\base, #A64_CTX_X(6)]
	\op2	x8, x9, [\base, #A64_CTX_X(8)]
	\op2	x10, x11, [\base, #A64_CTX_X(10)]
	\op2	x12, x13, [\base, #A64_CTX_X(12)]
	\op2	x14, x15, [\base, #A64_CTX_X(14)]
	\op2	x16, x17, [\base, #A64_CTX_X(16)]
	\op	x18, [\base, #A64_CTX_X(18)]
	\op	x30, [\base, #A64_CTX_X(30)]
.endm

/* x19-x29 at [\base]. */
.macro CALLEE_SAVED op, op2, base
	\op	x19, [\base, #A64_CTX_X(19)]
	\op2	x20, x21, [\base, #A64_CTX_X(20)]
	\op2	x22, x23, [\base, #A64_CTX_X(22)]
	\op2	x24, x25, [\base, #A64_CTX_X(24)]
	\op2	x26, x27, [\base, #A64_CTX_X(26)]
	\op2	x28, x29, [\base, #A64_CTX_X(28)]
.endm

/* x0 = the context, sp = the hypervisor stack a64_vcpu_enter() left. */
.macro TO_HV_STACK
	mov	x0, sp
	ldr	x1, [x0, #A64_CTX_HV(12)]
	mov	sp, x1
.endm

/* An exit \fn handles with only the caller-saved GPRs in the context. */
.macro CALLER_SAVED_EXIT fn
	CALLER_SAVED str, stp, sp
	TO_HV_STACK
	bl	\fn
	tbnz	x0, #0, 1f
	mov	sp, x0
	CALLER_SAVED ldr, ldp, sp
	ldp	x0, x1, [sp, #A64_CTX_X(0)]
	eret
1:	sub	sp, x0, #1
	CALLEE_SAVED str, stp, sp	/* still the guest's: C kept them */
	mov	x0, #A64_EXIT_HV_STACK
	b	to_loop
.endm

guest_hvc:
	CALLER_SAVED_EXIT a64_hvc_fast

guest_irq:
	CALLER_SAVED_EXIT a64_irq_fast

guest_sync:
	CALLER_SAVED str, stp, sp
	CALLEE_SAVED str, stp, sp
	TO_HV_STACK
	bl	a64_sync_fast
	tbnz	x0, #0, 1f
	mov	sp, x0
resume_all:			/* sp = the context: every GPR back, to the guest */
	CALLEE_SAVED ldr, ldp, sp	/* an MMIO load may have written one */
	CALLER_SAVED ldr, ldp, sp
	ldp	x0, x1, [sp, #A64_CTX_X(0)]
	eret
1:	sub	sp, x0, #1
	mov	x0, #A64_EXIT_HV_STACK
	b	to_loop

guest_exit:			/* x0 = exit type */
	CALLER_SAVED str, stp, sp
	CALLEE_SAVED str, stp, sp
to_loop:
	str	x0, [sp, #A64_CTX_EXIT]
	/* Back to the hypervisor frame saved by a64_vcpu_enter. */
	mov	x0, sp
	ldp	x19, x20, [x0, #A64_CTX_HV(0)]
	ldp	x21, x22, [x0, #A64_CTX_HV(2)]
	ldp	x23, x24, [x0, #A64_CTX_HV(4)]
	ldp	x25, x26, [x0, #A64_CTX_HV(6)]
	ldp	x27, x28, [x0, #A64_CTX_HV(8)]
	ldp	x29, x30, [x0, #A64_CTX_HV(10)]
	ldr	x1, [x0, #A64_CTX_HV(12)]
	mov	sp, x1
	ret

/* void a64_vcpu_enter(struct arch_vcpu *ctx): ELR_EL2/SPSR_EL2 are set by
 * the caller; returns at the first exit the vCPU loop must see (exits
 * completed on the hypervisor stack resume the guest from there). */
	.globl a64_vcpu_enter
a64_vcpu_enter:
	stp	x19, x20, [x0, #A64_CTX_HV(0)]
	stp	x21, x22, [x0, #A64_CTX_HV(2)]
	stp	x23, x24, [x0, #A64_CTX_HV(4)]
	stp	x25, x26, [x0, #A64_CTX_HV(6)]
	stp	x27, x28, [x0, #A64_CTX_HV(8)]
	stp	x29, x30, [x0, #A64_CTX_HV(10)]
	mov	x1, sp
	str	x1, [x0, #A64_CTX_HV(12)]
	mov	sp, x0
	b	resume_all
