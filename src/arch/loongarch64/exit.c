/* SPDX-License-Identifier: MIT */
/*
 * Exits completed on the hypervisor stack, called from trap.S with the
 * guest's registers in its context: the guest resumes from there (return
 * the context) unless the core's vCPU loop must see the exit or the vCPU
 * no longer runs (return the context | 1, the exit in ctx->exit).
 */
#include <arch/la_decode.h>
#include <arch/loongarch.h>
#include <zv/hypercall.h>
#include <zv/vcpu.h>

#include "la.h"

/* After an exit completed here: resume the guest unless the vCPU no longer
 * runs (vcpu_resume(); a kick from another CPU also leaves its IPI
 * pending, which exits the guest again right after the ertn). */
static inline uintptr_t la_resume(struct vcpu *v, struct arch_vcpu *a)
{
	return vcpu_resume(v, &a->exit, (uintptr_t)a);
}

/* trap.S, for every exit but hvcl, GSPR and interrupts (stage-2 faults,
 * anything unexpected), with all GPRs in the context: decode the exit and
 * finish it (vcpu_exit_finish()). */
uintptr_t la_trap_fast(struct arch_vcpu *a, u64 estat)
{
	struct vcpu *v = vcpu_of_arch(a);

	la_exit_decode(v, &a->exit, estat);
	return vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
}

/* Emulate the GSPR instruction decoded in a->gspr; an idle with nothing
 * due waits there, on the exit's stack. */
static uintptr_t la_gspr_done(struct vcpu *v, struct arch_vcpu *a)
{
	a->exit.reason = EXIT_NONE;
	la_gspr_emulate(v);
	if (a->exit.reason != EXIT_NONE)
		return (uintptr_t)a | 1;
	vcpu_count_exit(v);
	return la_resume(v, a);
}

/* A GSPR exit: its instruction (BADI) decoded once. One naming a register
 * above r20 (not la_insn_lean()) wants the full context first: | 2, and
 * trap.S saves the rest and runs la_gspr_full(). An undecodable one is
 * la_gspr_emulate()'s fault. */
static uintptr_t la_gspr_fast(struct vcpu *v, struct arch_vcpu *a, u64 estat)
{
	a->estat = estat;
	a->badi = csr_read(CSR_BADI);
	if (la_decode_priv((u32)a->badi, &a->gspr) && !la_insn_lean(&a->gspr))
		return (uintptr_t)a | 2;
	return la_gspr_done(v, a);
}

/* trap.S, for the GSPR exit la_gspr_fast() left with | 2, every GPR now
 * in the context. */
uintptr_t la_gspr_full(struct arch_vcpu *a)
{
	return la_gspr_done(vcpu_of_arch(a), a);
}

/* trap.S, for GSPR and interrupt exits (ESTAT.Ecode GSPR, INT) with only
 * the registers C may clobber in the context: an interrupt (an IPI, the
 * root timer, a device) reads no guest register at all. Returns as
 * la_trap_fast(), or the context | 2 for an exit that needs every GPR
 * saved first (trap.S then runs la_gspr_full()). */
uintptr_t la_lean_fast(struct arch_vcpu *a, u64 estat)
{
	struct vcpu *v = vcpu_of_arch(a);

	if (ESTAT_ECODE(estat) == EXC_GSPR)
		return la_gspr_fast(v, a, estat);
	la_handle_hv_irqs();
	vcpu_count_exit(v);
	return la_resume(v, a);
}

/* An hvcl la_hvc_fast() does not answer from constants. One from guest
 * user mode (guest CRMD.PLV not 0, see la_gspr_emulate()) raises IPE in
 * the guest: hvcl is privileged (the QEMU-LVZ fork raises that IPE
 * itself, without an exit). hvcl 0 is a hypercall for the core, which
 * checks its arguments (a7 = nr, a0-a3); another code (KVM's 0x100
 * service) answers -1 (unknown) in a0. */
static __attribute__((noinline)) uintptr_t la_hvc_slow(struct arch_vcpu *a, u64 estat, u64 code)
{
	struct vcpu_exit *e = &a->exit;

	a->estat = estat;
	e->reason = EXIT_NONE;
	if (gcsr_read(CSR_CRMD) & CRMD_PLV_MASK) {
		a->badi = csr_read(CSR_BADI);
		la_inject_exception(vcpu_of_arch(a), EXC_IPE, 0, 0);
	} else if (code) {
		a->gpr[LA_GPR_A0] = (u64)-1;
		a->pc += 4;
	} else {
		e->reason = EXIT_HYPERCALL;
		e->hcall.nr = a->gpr[LA_GPR_A7];
		for (int i = 0; i < HCALL_NR_ARGS; i++)
			e->hcall.arg[i] = a->gpr[LA_GPR_A0 + i];
	}
	return vcpu_exit_finish(vcpu_of_arch(a), e, (uintptr_t)a);
}

/* trap.S, for hvcl (ESTAT.Ecode HVC) with only the registers C may clobber
 * in the context (a0-a7 are all any hypercall uses): hvcl 0 with a
 * hypercall answered from constants is completed here. */
uintptr_t la_hvc_fast(struct arch_vcpu *a, u64 estat)
{
	u64 code = csr_read(CSR_BADI) & LA_HVCL_CODE_MASK;
	u64 *gpr = a->gpr;
	u64 value;

	/* Anything but hvcl 0 from the guest kernel (PLV0) goes slow. */
	if ((code | (gcsr_read(CSR_CRMD) & CRMD_PLV_MASK)) ||
	    !hypercall_const(gpr[LA_GPR_A7], &value))
		return la_hvc_slow(a, estat, code);
	gpr[LA_GPR_A0] = 0;
	gpr[LA_GPR_A0 + 1] = value;
	a->pc += 4;
	vcpu_count_exit(vcpu_of_arch(a));
	return la_resume(vcpu_of_arch(a), a);
}
