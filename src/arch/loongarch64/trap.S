/* SPDX-License-Identifier: MIT */
/*
 * World switch and the root exception entries. While a guest runs, root
 * KS0 holds its struct arch_vcpu; in the hypervisor KS0 is 0. One vector
 * (EENTRY, ECFG.VS = 0) serves both: an exception or root interrupt taken
 * in guest mode saves the guest GPRs into the context and returns from
 * la_vcpu_enter() to C; one taken in the hypervisor is fatal (it runs with
 * CRMD.IE = 0 and only in DMW windows). Guest CSRs stay in the LVZ guest
 * CSR bank: with one vCPU pinned per CPU nothing else uses them.
 *
 * Stage-2 misses do not come here: they are root TLB refills, handled by
 * la_tlb_refill, which walks the zone table in root PGDL and returns to the
 * guest with ertn (GSTAT.PVM is still set).
 */
#include <arch/asm_offsets.h>

#define CSR_PRMD 0x1
#define CSR_ERA 0x6
#define CSR_PGD 0x1b
#define CSR_KS0 0x30
#define CSR_KS1 0x31
#define CSR_GSTAT 0x50
#define CSR_TLBRSAVE 0x8b
#define GSTAT_PVM 0x2

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
	st.d	$r1, $sp, LA_CTX_GPR(1)
	st.d	$r2, $sp, LA_CTX_GPR(2)
	st.d	$r4, $sp, LA_CTX_GPR(4)
	st.d	$r5, $sp, LA_CTX_GPR(5)
	st.d	$r6, $sp, LA_CTX_GPR(6)
	st.d	$r7, $sp, LA_CTX_GPR(7)
	st.d	$r8, $sp, LA_CTX_GPR(8)
	st.d	$r9, $sp, LA_CTX_GPR(9)
	st.d	$r10, $sp, LA_CTX_GPR(10)
	st.d	$r11, $sp, LA_CTX_GPR(11)
	st.d	$r12, $sp, LA_CTX_GPR(12)
	st.d	$r13, $sp, LA_CTX_GPR(13)
	st.d	$r14, $sp, LA_CTX_GPR(14)
	st.d	$r15, $sp, LA_CTX_GPR(15)
	st.d	$r16, $sp, LA_CTX_GPR(16)
	st.d	$r17, $sp, LA_CTX_GPR(17)
	st.d	$r18, $sp, LA_CTX_GPR(18)
	st.d	$r19, $sp, LA_CTX_GPR(19)
	st.d	$r20, $sp, LA_CTX_GPR(20)
	st.d	$r21, $sp, LA_CTX_GPR(21)
	st.d	$r22, $sp, LA_CTX_GPR(22)
	st.d	$r23, $sp, LA_CTX_GPR(23)
	st.d	$r24, $sp, LA_CTX_GPR(24)
	st.d	$r25, $sp, LA_CTX_GPR(25)
	st.d	$r26, $sp, LA_CTX_GPR(26)
	st.d	$r27, $sp, LA_CTX_GPR(27)
	st.d	$r28, $sp, LA_CTX_GPR(28)
	st.d	$r29, $sp, LA_CTX_GPR(29)
	st.d	$r30, $sp, LA_CTX_GPR(30)
	st.d	$r31, $sp, LA_CTX_GPR(31)
	csrrd	$t0, CSR_KS1
	st.d	$t0, $sp, LA_CTX_GPR(3)
	csrrd	$t0, CSR_ERA
	st.d	$t0, $sp, LA_CTX_PC
	csrwr	$zero, CSR_KS0
	/* GSTAT.PVM = 0: later root ertns stay in root (as KVM's exit stub). */
	ori	$t0, $zero, GSTAT_PVM
	csrxchg	$zero, $t0, CSR_GSTAT
	move	$a0, $sp
	ld.d	$ra, $a0, LA_CTX_HV(0)
	ld.d	$tp, $a0, LA_CTX_HV(1)
	ld.d	$sp, $a0, LA_CTX_HV(2)
	ld.d	$r21, $a0, LA_CTX_HV(3)
	ld.d	$fp, $a0, LA_CTX_HV(4)
	ld.d	$s0, $a0, LA_CTX_HV(5)
	ld.d	$s1, $a0, LA_CTX_HV(6)
	ld.d	$s2, $a0, LA_CTX_HV(7)
	ld.d	$s3, $a0, LA_CTX_HV(8)
	ld.d	$s4, $a0, LA_CTX_HV(9)
	ld.d	$s5, $a0, LA_CTX_HV(10)
	ld.d	$s6, $a0, LA_CTX_HV(11)
	ld.d	$s7, $a0, LA_CTX_HV(12)
	ld.d	$s8, $a0, LA_CTX_HV(13)
	jr	$ra

hv_trap:
	bl	la_hv_trap_fatal

/* void la_vcpu_enter(struct arch_vcpu *ctx): returns at the next exit. */
	.globl la_vcpu_enter
la_vcpu_enter:
	st.d	$ra, $a0, LA_CTX_HV(0)
	st.d	$tp, $a0, LA_CTX_HV(1)
	st.d	$sp, $a0, LA_CTX_HV(2)
	st.d	$r21, $a0, LA_CTX_HV(3)
	st.d	$fp, $a0, LA_CTX_HV(4)
	st.d	$s0, $a0, LA_CTX_HV(5)
	st.d	$s1, $a0, LA_CTX_HV(6)
	st.d	$s2, $a0, LA_CTX_HV(7)
	st.d	$s3, $a0, LA_CTX_HV(8)
	st.d	$s4, $a0, LA_CTX_HV(9)
	st.d	$s5, $a0, LA_CTX_HV(10)
	st.d	$s6, $a0, LA_CTX_HV(11)
	st.d	$s7, $a0, LA_CTX_HV(12)
	st.d	$s8, $a0, LA_CTX_HV(13)
	ld.d	$t0, $a0, LA_CTX_PC
	csrwr	$t0, CSR_ERA
	/* PRMD: PPLV 0, PIE 1 — root interrupts are taken while the guest
	 * runs; the guest's own CRMD lives in the guest CSR bank. */
	ori	$t0, $zero, 0x4
	csrwr	$t0, CSR_PRMD
	/* GSTAT.PVM = 1: the ertn below enters guest mode. */
	ori	$t0, $zero, GSTAT_PVM
	csrxchg	$t0, $t0, CSR_GSTAT
	move	$t0, $a0
	csrwr	$t0, CSR_KS0
	ld.d	$r1, $a0, LA_CTX_GPR(1)
	ld.d	$r2, $a0, LA_CTX_GPR(2)
	ld.d	$r3, $a0, LA_CTX_GPR(3)
	ld.d	$r5, $a0, LA_CTX_GPR(5)
	ld.d	$r6, $a0, LA_CTX_GPR(6)
	ld.d	$r7, $a0, LA_CTX_GPR(7)
	ld.d	$r8, $a0, LA_CTX_GPR(8)
	ld.d	$r9, $a0, LA_CTX_GPR(9)
	ld.d	$r10, $a0, LA_CTX_GPR(10)
	ld.d	$r11, $a0, LA_CTX_GPR(11)
	ld.d	$r12, $a0, LA_CTX_GPR(12)
	ld.d	$r13, $a0, LA_CTX_GPR(13)
	ld.d	$r14, $a0, LA_CTX_GPR(14)
	ld.d	$r15, $a0, LA_CTX_GPR(15)
	ld.d	$r16, $a0, LA_CTX_GPR(16)
	ld.d	$r17, $a0, LA_CTX_GPR(17)
	ld.d	$r18, $a0, LA_CTX_GPR(18)
	ld.d	$r19, $a0, LA_CTX_GPR(19)
	ld.d	$r20, $a0, LA_CTX_GPR(20)
	ld.d	$r21, $a0, LA_CTX_GPR(21)
	ld.d	$r22, $a0, LA_CTX_GPR(22)
	ld.d	$r23, $a0, LA_CTX_GPR(23)
	ld.d	$r24, $a0, LA_CTX_GPR(24)
	ld.d	$r25, $a0, LA_CTX_GPR(25)
	ld.d	$r26, $a0, LA_CTX_GPR(26)
	ld.d	$r27, $a0, LA_CTX_GPR(27)
	ld.d	$r28, $a0, LA_CTX_GPR(28)
	ld.d	$r29, $a0, LA_CTX_GPR(29)
	ld.d	$r30, $a0, LA_CTX_GPR(30)
	ld.d	$r31, $a0, LA_CTX_GPR(31)
	ld.d	$a0, $a0, LA_CTX_GPR(4)
	ertn

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
