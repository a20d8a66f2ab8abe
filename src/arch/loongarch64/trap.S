/* SPDX-License-Identifier: MIT */
/*
 * World switch and the root exception entries. While a guest runs, root
 * KS0 holds its struct arch_vcpu; in the hypervisor KS0 is 0. One vector
 * (EENTRY, ECFG.VS = 0) serves both. An exception taken in the hypervisor
 * is fatal (it runs with CRMD.IE = 0 and only in DMW windows). One taken
 * in guest mode (an exit) is handled in C on the hypervisor stack and the
 * guest resumes from there; only what the core's vCPU loop must see (a
 * fault, a halt, a stop) returns from la_vcpu_enter() to C. Guest CSRs stay
 * in the LVZ guest CSR bank: with one vCPU pinned per CPU nothing else uses
 * them.
 *
 * hvcl (Ecode HVC), GSPR and interrupt exits save only the registers C
 * may clobber: the C calling convention keeps the guest's s0-s8 and fp in
 * place (r21 is reserved: the compiler never allocates it). la_hvc_fast()
 * reads and writes nothing but a0-a7 and the pc; an interrupt reads no
 * guest register; la_lean_fast() emulates a GSPR instruction (iocsr,
 * cpucfg, csr, idle) only if it names registers up to r20 and otherwise
 * asks for the full context. Any other exit saves every GPR first (an MMIO
 * load may name any of them) and runs la_trap_fast(). All return the
 * context to resume the guest with, or the context | 1 to leave through
 * the vCPU loop; la_lean_fast() also the context | 2 for la_gspr_full().
 *
 * While an exit is handled here GSTAT.PVM stays set (the QEMU-LVZ fork sets
 * it on every exit; otherwise it is still set from the entry), so the ertn
 * back enters guest mode without touching GSTAT. Nothing else in the
 * hypervisor ertns: it runs in DMW windows only and takes no TLB refills.
 * Only the way to the vCPU loop clears PVM (as KVM's exit stub). PRMD keeps
 * PPLV 0 / PIE 1: the exit saved the root CRMD the guest ran under there.
 *
 * Stage-2 misses do not come here: they are root TLB refills, handled by
 * la_tlb_refill, which walks the zone table in root PGDL and returns to the
 * guest with ertn (GSTAT.PVM is still set).
 */
#include <arch/asm_offsets.h>
#include <arch/loongarch.h>

/* The guest registers C may clobber, besides sp: ra, tp (the hypervisor's
 * CPU pointer replaces it), a0-a7, t0-t8. a0 (r4) is left to the caller. */
.macro GUEST_CALLER op, base
	\op	$r1, \base, LA_CTX_GPR(1)
	\op	$r2, \base, LA_CTX_GPR(2)
	\op	$r5, \base, LA_CTX_GPR(5)
	\op	$r6, \base, LA_CTX_GPR(6)
	\op	$r7, \base, LA_CTX_GPR(7)
	\op	$r8, \base, LA_CTX_GPR(8)
	\op	$r9, \base, LA_CTX_GPR(9)
	\op	$r10, \base, LA_CTX_GPR(10)
	\op	$r11, \base, LA_CTX_GPR(11)
	\op	$r12, \base, LA_CTX_GPR(12)
	\op	$r13, \base, LA_CTX_GPR(13)
	\op	$r14, \base, LA_CTX_GPR(14)
	\op	$r15, \base, LA_CTX_GPR(15)
	\op	$r16, \base, LA_CTX_GPR(16)
	\op	$r17, \base, LA_CTX_GPR(17)
	\op	$r18, \base, LA_CTX_GPR(18)
	\op	$r19, \base, LA_CTX_GPR(19)
	\op	$r20, \base, LA_CTX_GPR(20)
.endm
/* The guest registers C keeps: r21 (u0), fp, s0-s8. */
.macro GUEST_CALLEE op, base
	\op	$r21, \base, LA_CTX_GPR(21)
	\op	$r22, \base, LA_CTX_GPR(22)
	\op	$r23, \base, LA_CTX_GPR(23)
	\op	$r24, \base, LA_CTX_GPR(24)
	\op	$r25, \base, LA_CTX_GPR(25)
	\op	$r26, \base, LA_CTX_GPR(26)
	\op	$r27, \base, LA_CTX_GPR(27)
	\op	$r28, \base, LA_CTX_GPR(28)
	\op	$r29, \base, LA_CTX_GPR(29)
	\op	$r30, \base, LA_CTX_GPR(30)
	\op	$r31, \base, LA_CTX_GPR(31)
.endm
/* The hypervisor registers la_vcpu_enter() keeps for its caller. */
.macro HV_CALLEE op, base
	\op	$ra, \base, LA_CTX_HV(0)
	\op	$tp, \base, LA_CTX_HV(1)
	\op	$sp, \base, LA_CTX_HV(2)
	\op	$r21, \base, LA_CTX_HV(3)
	\op	$fp, \base, LA_CTX_HV(4)
	\op	$s0, \base, LA_CTX_HV(5)
	\op	$s1, \base, LA_CTX_HV(6)
	\op	$s2, \base, LA_CTX_HV(7)
	\op	$s3, \base, LA_CTX_HV(8)
	\op	$s4, \base, LA_CTX_HV(9)
	\op	$s5, \base, LA_CTX_HV(10)
	\op	$s6, \base, LA_CTX_HV(11)
	\op	$s7, \base, LA_CTX_HV(12)
	\op	$s8, \base, LA_CTX_HV(13)
.endm
/* Into the guest from context a0 (GSTAT.PVM and PRMD set): ERA = its pc,
 * KS0 = the context, the registers C may clobber and sp. */
.macro GUEST_RETURN
	ld.d	$t0, $a0, LA_CTX_PC
	csrwr	$t0, CSR_ERA
	move	$t0, $a0
	csrwr	$t0, CSR_KS0
	GUEST_CALLER ld.d, $a0
	ld.d	$sp, $a0, LA_CTX_GPR(3)
	ld.d	$a0, $a0, LA_CTX_GPR(4)
	ertn
.endm

	.section .text.vectors, "ax"
	.balign	4096
	.globl la_trap_vector
la_trap_vector:
	csrwr	$sp, CSR_KS1		/* KS1 = sp */
	csrrd	$sp, CSR_KS0
	bnez	$sp, guest_exit
	csrrd	$sp, CSR_KS1		/* from the hypervisor: fatal */
	b	hv_trap

guest_exit:
	/* sp = context, KS1 = guest sp. */
	st.d	$a0, $sp, LA_CTX_GPR(4)
	GUEST_CALLER st.d, $sp
	csrrd	$t0, CSR_KS1
	st.d	$t0, $sp, LA_CTX_GPR(3)
	csrrd	$t0, CSR_ERA
	st.d	$t0, $sp, LA_CTX_PC
	csrwr	$zero, CSR_KS0		/* in the hypervisor now */
	csrrd	$a1, CSR_ESTAT
	move	$a0, $sp
	ld.d	$tp, $a0, LA_CTX_HV(1)
	ld.d	$sp, $a0, LA_CTX_HV(2)
	bstrpick.d $t0, $a1, 21, 16	/* ESTAT.Ecode */
	ori	$t1, $zero, EXC_HVC
	bne	$t0, $t1, not_hvc

	bl	la_hvc_fast
	andi	$t0, $a0, 3
	bnez	$t0, lean_slow
	GUEST_RETURN
not_hvc:
	beqz	$t0, lean_exit		/* EXC_INT */
	addi.d	$t1, $t1, EXC_GSPR - EXC_HVC
	bne	$t0, $t1, trap_exit
lean_exit:
	bl	la_lean_fast
	andi	$t0, $a0, 3
	bnez	$t0, lean_slow
	GUEST_RETURN
lean_slow:
	/* The guest's r21, fp and s0-s8 are still live: save them too, then
	 * to the vCPU loop (| 1) or through la_gspr_full() (| 2). */
	andi	$t1, $a0, 2
	sub.d	$a0, $a0, $t0
	GUEST_CALLEE st.d, $a0
	beqz	$t1, to_loop
	bl	la_gspr_full
	b	trap_done

trap_exit:
	GUEST_CALLEE st.d, $a0
	bl	la_trap_fast
trap_done:
	andi	$t0, $a0, 1
	bnez	$t0, trap_to_loop
	GUEST_CALLEE ld.d, $a0
	GUEST_RETURN
trap_to_loop:
	/* The context is complete (and may have been written, e.g. by an
	 * MMIO load): back to the vCPU loop as it is. */
	addi.d	$a0, $a0, -1

to_loop:
	/* GSTAT.PVM = 0: later root ertns stay in root (as KVM's exit stub). */
	ori	$t0, $zero, GSTAT_PVM
	csrxchg	$zero, $t0, CSR_GSTAT
	/* Return from la_vcpu_enter(a0). */
	HV_CALLEE ld.d, $a0
	jr	$ra

hv_trap:
	bl	la_hv_trap_fatal

/* void la_vcpu_enter(struct arch_vcpu *ctx): returns when the vCPU loop
 * must see an exit (ctx->exit). */
	.globl la_vcpu_enter
la_vcpu_enter:
	HV_CALLEE st.d, $a0
	/* PRMD: PPLV 0, PIE 1 — root interrupts are taken while the guest
	 * runs; the guest's own CRMD lives in the guest CSR bank. */
	ori	$t0, $zero, 0x4
	csrwr	$t0, CSR_PRMD
	/* GSTAT.PVM = 1: the ertn below enters guest mode. */
	ori	$t0, $zero, GSTAT_PVM
	csrxchg	$t0, $t0, CSR_GSTAT
	GUEST_CALLEE ld.d, $a0
	GUEST_RETURN

/*
 * Root TLB refill (TLBRENTRY, entered in DA mode at this physical address):
 * a stage-2 miss of the running guest, TLBRBADV = GPA. PGD returns root
 * PGDL (GPA bit 63 is 0) = the zone's table; layout in root PWCL (la_pt.h).
 * With GTLBC.USETGID and TGID = GID the filled pair carries the guest's
 * GID. An absent page fills an invalid pair; the retried access then raises
 * PIL/PIS/PIF at EENTRY, which is the MMIO / fault exit.
 */
	.balign	4096
	.globl la_tlb_refill
la_tlb_refill:
	csrwr	$t0, CSR_TLBRSAVE
	csrrd	$t0, CSR_PGD
	lddir	$t0, $t0, 2
	lddir	$t0, $t0, 1
	ldpte	$t0, 0
	ldpte	$t0, 1
	tlbfill
	csrrd	$t0, CSR_TLBRSAVE
	ertn
