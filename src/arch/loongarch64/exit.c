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

/* trap.S, for every exit but hvcl, GSPR and interrupts, and for a GSPR
 * exit la_lean_fast() leaves to it, with all GPRs in the context; and
 * la_hvc_fast() for the hvcls it does not answer, with only those C may
 * clobber (decoding an HVC exit reads a0-a7 and the pc, nothing else):
 * decode the exit and finish it (vcpu_exit_finish()). */
__attribute__((noinline)) uintptr_t la_trap_fast(struct arch_vcpu *a, u64 estat)
{
	struct vcpu *v = vcpu_of_arch(a);

	la_exit_decode(v, &a->exit, estat);
	return vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
}

/* A GSPR exit whose instruction names only registers in the context
 * (la_insn_lean()): emulated, and an idle with nothing due waited out here
 * on the exit's stack. Anything else wants the full context (| 2). */
static uintptr_t la_gspr_fast(struct vcpu *v, struct arch_vcpu *a, u64 estat)
{
	struct la_insn d;

	a->badi = csr_read(CSR_BADI);
	if (!la_decode_priv((u32)a->badi, &d) || !la_insn_lean(&d))
		return (uintptr_t)a | 2;
	a->estat = estat;
	a->exit.reason = EXIT_NONE;
	la_gspr_emulate(v, &a->exit, &d);
	if (a->exit.reason != EXIT_NONE)
		return (uintptr_t)a | 1;
	vcpu_count_exit(v);
	return la_resume(v, a);
}

/* trap.S, for GSPR and interrupt exits (ESTAT.Ecode GSPR, INT) with only
 * the registers C may clobber in the context: an interrupt (an IPI, the
 * root timer, a device) reads no guest register at all. Returns as
 * la_trap_fast(), or the context | 2 for an exit that needs every GPR
 * saved first (trap.S then runs la_trap_fast()). */
uintptr_t la_lean_fast(struct arch_vcpu *a, u64 estat)
{
	struct vcpu *v = vcpu_of_arch(a);

	if (ESTAT_ECODE(estat) == EXC_GSPR)
		return la_gspr_fast(v, a, estat);
	la_handle_hv_irqs();
	vcpu_count_exit(v);
	return la_resume(v, a);
}

/* trap.S, for hvcl (ESTAT.Ecode HVC) with only the registers C may clobber
 * in the context (a0-a7 are all any hypercall uses). hvcl 0 with a
 * hypercall answered from constants is completed here; anything else takes
 * la_trap_fast(), where the core checks its arguments. */
uintptr_t la_hvc_fast(struct arch_vcpu *a, u64 estat)
{
	u64 *gpr = a->gpr;
	u64 value;

	if ((csr_read(CSR_BADI) & LA_HVCL_CODE_MASK) != 0 ||
	    !hypercall_const(gpr[LA_GPR_A7], &value))
		return la_trap_fast(a, estat);
	gpr[LA_GPR_A0] = 0;
	gpr[LA_GPR_A0 + 1] = value;
	a->pc += 4;
	vcpu_count_exit(vcpu_of_arch(a));
	return la_resume(vcpu_of_arch(a), a);
}
