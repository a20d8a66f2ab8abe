/* SPDX-License-Identifier: MIT */
/* aarch64 vCPU: reset state, the run loop's exit decoding, completion. */
#include <arch/a64_decode.h>
#include <arch/asm_offsets.h>
#include <arch/sysreg.h>
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "a64.h"

_Static_assert(__builtin_offsetof(struct arch_vcpu, exit_type) == A64_CTX_EXIT, "ctx layout");
_Static_assert(__builtin_offsetof(struct arch_vcpu, hv) == A64_CTX_HV(0), "ctx layout");
_Static_assert(__builtin_offsetof(struct arch_vcpu, esr) == A64_CTX_ESR, "ctx layout");

/* The EL1 state a vCPU starts with: MMU and caches off, nothing cached. */
static void a64_reset_el1(void)
{
	sysreg_write(sctlr_el1, SCTLR_EL1_RESET);
	sysreg_write(tcr_el1, 0);
	sysreg_write(ttbr0_el1, 0);
	sysreg_write(ttbr1_el1, 0);
	sysreg_write(mair_el1, 0);
	sysreg_write(amair_el1, 0);
	sysreg_write(vbar_el1, 0);
	sysreg_write(cpacr_el1, 0);
	sysreg_write(contextidr_el1, 0);
	sysreg_write(tpidr_el1, 0);
	sysreg_write(tpidr_el0, 0);
	sysreg_write(tpidrro_el0, 0);
	sysreg_write(sp_el1, 0);
	sysreg_write(sp_el0, 0);
	sysreg_write(elr_el1, 0);
	sysreg_write(spsr_el1, 0);
	sysreg_write(esr_el1, 0);
	sysreg_write(far_el1, 0);
	sysreg_write(afsr0_el1, 0);
	sysreg_write(afsr1_el1, 0);
	sysreg_write(par_el1, 0);
	sysreg_write(mdscr_el1, 0);
	sysreg_write(cntkctl_el1, 0);
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntv_cval_el0, 0);
}

void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	struct arch_vcpu *a = &v->arch;

	memset(a->x, 0, sizeof(a->x));
	a->x[0] = arg; /* Linux: DTB; PSCI CPU_ON: context id */
	a->pc = entry;
	a->pstate = SPSR_EL1H_DAIF;
	/* The guest's MPIDR_EL1: its vCPU number as Aff1.Aff0, bit 31 RES1. */
	sysreg_write(vmpidr_el2, (1UL << 31) | a64_cpu_affinity(v->id));
	sysreg_write(vttbr_el2, v->zone->arch.vttbr);
	a64_reset_el1();
	isb();
	__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tic iallu\n\tisb" ::: "memory");
	vgic_vcpu_reset(v);
}

/* Linux finds everything, its initrd too, in the tree a0/x0 names: no
 * other hand-off. */
void arch_linux_handoff(const struct zone *z, struct arch_linux_handoff *h)
{
	(void)z;
	*h = (struct arch_linux_handoff){0};
}

/* Take an Undefined Instruction exception to the guest's EL1 vector, as
 * the hardware would (ESR_ELx.EC = 0, IL = 1). */
void a64_inject_undef(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	u64 mode = a->pstate & 0xf, offset;

	if (a->pstate & SPSR_NRW) /* AArch32 EL0: "lower EL using AArch32" */
		offset = 0x600;
	else if (mode == 0x5) /* EL1h */
		offset = 0x200;
	else if (mode == 0x4) /* EL1t */
		offset = 0x000;
	else /* EL0 */
		offset = 0x400;
	sysreg_write(esr_el1, ESR_IL);
	sysreg_write(elr_el1, a->pc);
	sysreg_write(spsr_el1, a->pstate);
	a->pc = sysreg_read(vbar_el1) + offset;
	a->pstate = SPSR_EL1H_DAIF;
}

static void a64_exit_fault(struct vcpu_exit *e, enum fault_kind kind, struct vcpu *v, u64 addr)
{
	exit_set_fault(e, kind, addr, v->arch.pc, v->arch.esr);
}

/* Stage-2 data abort: an emulated device access, decoded from the ESR_EL2
 * syndrome only (decode.c). Without a valid syndrome (load/store pair,
 * writeback, SIMD, exclusives) the access is refused rather than guessed. */
static void a64_data_abort(struct vcpu *v, struct vcpu_exit *e)
{
	struct arch_vcpu *a = &v->arch;
	struct a64_dabt d;
	enum a64_dabt_kind kind = a64_decode_dabt(a->esr, a->far, a->hpfar, &d);
	struct mmio_dev *dev = kind == A64_DABT_STAGE2 ? NULL : mmio_find(v->zone, d.gpa, 1);

	if (!dev) {
		a64_exit_fault(e, FAULT_STAGE2, v, a64_fault_ipa(a->far, a->hpfar));
		return;
	}
	if (kind == A64_DABT_NO_SYNDROME) {
		a64_exit_fault(e, FAULT_MMIO_DECODE, v, d.gpa);
		return;
	}
	exit_set_mmio(e, dev, d.gpa, d.width, d.write, d.reg, d.sign_extend,
		      (d.write && d.reg != 31) ? a->x[d.reg] : 0, a->pc);
}

/* ESR_EL2 ISS of a trapped MSR/MRS: Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read). */
#define SYSREG_ISS(op0, op1, crn, crm, op2)                                                        \
	(((op0) << 20) | ((op2) << 17) | ((op1) << 14) | ((crn) << 10) | ((crm) << 1))
#define SYSREG_MASK SYSREG_ISS(3, 7, 15, 15, 7)
#define ICC_SGI1R SYSREG_ISS(3, 0, 12, 11, 5)
#define ICC_ASGI1R SYSREG_ISS(3, 1, 12, 11, 6)
#define ICC_SGI0R SYSREG_ISS(3, 2, 12, 11, 7)

static void a64_sysreg(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	u64 iss = a->esr & 0x1ffffff, reg = iss & SYSREG_MASK;
	u32 rt = (iss >> 5) & 0x1f;
	bool read = iss & 1;
	u64 val = rt == 31 ? 0 : a->x[rt];

	if (!read && (reg == ICC_SGI1R || reg == ICC_ASGI1R || reg == ICC_SGI0R)) {
		/* HCR_EL2.IMO/FMO trap SGI generation: the targets are vCPUs. */
		vgic_send_sgi(v, val, reg != ICC_SGI1R);
		a->pc += 4;
		return;
	}
	/* Policy: any other trapped register is undefined to the guest. */
	a64_inject_undef(v);
}

/* FAR_EL2 and HPFAR_EL2 hold something only for an abort. */
static void a64_read_fault_regs(struct arch_vcpu *a)
{
	a->far = sysreg_read(far_el2);
	a->hpfar = sysreg_read(hpfar_el2);
}

/* Waits as a WFI does (a64_wfx()), but no longer than until CNTVCT_EL0 reaches
 * deadline (WFIT). The EL2 physical timer (CNTHP, PPI 26; CNTPCT = CNTVCT +
 * CNTVOFF_EL2) wakes the CPU then; its interrupt handler turns it off. */
static void a64_wait_until(struct vcpu *v, u64 deadline)
{
	u64 off = sysreg_read(cntvoff_el2);

	isb();
	if (sysreg_read(cntpct_el0) - off >= deadline)
		return;
	if (deadline + off < deadline) { /* beyond the counter's range */
		arch_wait_for_interrupt();
		return;
	}
	sysreg_write(cnthp_cval_el2, deadline + off);
	sysreg_write(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
	arch_wait_for_interrupt();
	sysreg_write(cnthp_ctl_el2, 0);
}

/* Is the A64 instruction at the guest's pc a WFIT, and with which
 * register? Read through the guest's stage 1 (AT S1E1R or S1E0R into
 * PAR_EL1, the guest's own register, kept) and only from the zone's RAM.
 * Needed because QEMU (10.0) reports a trapped WFIT as a WFI: TI = 0, no
 * register. */
static __attribute__((noinline)) bool a64_insn_is_wfit(struct vcpu *v, u64 pc, u32 *rt)
{
	struct arch_vcpu *a = &v->arch;
	u64 par = sysreg_read(par_el1), res, hpa;
	u32 insn;

	if (!a64_has_wfxt || (a->pstate & SPSR_NRW) || !(a->esr & ESR_IL))
		return false;
	if ((a->pstate & 0xf) == 0) /* EL0t */
		__asm__ volatile("at s1e0r, %0" ::"r"(pc));
	else
		__asm__ volatile("at s1e1r, %0" ::"r"(pc));
	isb();
	res = sysreg_read(par_el1);
	sysreg_write(par_el1, par);
	if (res & 1) /* PAR_EL1.F: no stage-1 translation */
		return false;
	res = (res & PAR_PA_MASK) | (pc & 0xfff);
	if (!zone_gpa_to_hpa(v->zone, res, 4, &hpa))
		return false;
	insn = *(const volatile u32 *)(uintptr_t)hpa;
	*rt = insn & 0x1f;
	return (insn & ~0x1fu) == A64_WFIT;
}

/* A trapped WFI or WFIT (HCR_EL2.TWI traps both; WFE and WFET are not
 * trapped, and return at once if they were) waits here, on the hypervisor
 * stack, unless a virtual interrupt is already pending (vgic_lr_pending()).
 * The physical interrupt that wakes the CPU is handled as the vCPU loop
 * would handle it, and the guest resumes after the instruction (a WFI may
 * complete on any interrupt), unless that took the vCPU off
 * (vcpu_resume() sees it). ESR_EL2.IL = 0: a 16-bit T32 WFI at EL0. */
static void a64_wfx(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	u32 ti = WFX_TI(a->esr), rt;
	u64 pc = a->pc;

	a->pc += (a->esr & ESR_IL) ? 4 : 2;
	if (vgic_lr_pending(v))
		return;
	if (ti == WFX_TI_WFIT && (a->esr & WFX_RV))
		rt = WFX_RV_REG(a->esr);
	else if (ti != WFX_TI_WFI)
		return;
	else if (!a64_insn_is_wfit(v, pc, &rt)) {
		arch_wait_for_interrupt();
		return;
	}
	a64_wait_until(v, rt == 31 ? 0 : a->x[rt]);
}

/* Decodes the exit into e, or handles it in the port (e EXIT_NONE). */
static void a64_exit_sync(struct vcpu *v, struct vcpu_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	switch (ESR_EC(a->esr)) {
	case EC_WFX:
		a64_wfx(v);
		break;
	/* EC_HVC64 never comes here: trap.S sends it to a64_hvc_fast() */
	case EC_SMC64: /* a trapped SMC returns to itself: step over it */
		a->pc += 4;
		a64_smccc(v, e);
		break;
	case EC_SYSREG:
		a64_sysreg(v);
		break;
	case EC_DABT_LOW:
		a64_read_fault_regs(a);
		a64_data_abort(v, e);
		break;
	case EC_IABT_LOW:
		a64_read_fault_regs(a);
		a64_exit_fault(e, FAULT_STAGE2, v, a64_fault_ipa(a->far, a->hpfar));
		break;
	case EC_UNKNOWN:
	/* AArch32 EL0 coprocessor accesses the port traps (the physical timer:
	 * CNTHCTL_EL2.EL1PCEN = 0): undefined, as a64_sysreg() makes them for
	 * AArch64. */
	case EC_CP15_32:
	case EC_CP15_64:
	case EC_CP14_32:
	case EC_CP14_LS:
	case EC_CP14_64:
		a64_inject_undef(v);
		break;
	default: /* FAR_EL2 for the log, in case it is an abort we do not expect */
		a64_read_fault_regs(a);
		a64_exit_fault(e, FAULT_UNHANDLED_TRAP, v, a->far);
	}
}

/* The whole SMCCC handler, and the core's hypercalls, still on the
 * hypervisor stack: only an exit the vCPU loop must see (CPU_OFF,
 * SYSTEM_OFF/RESET, HC_VCPU_STOP) leaves. ELR_EL2 already points past the
 * HVC, and nothing here changes the pc or PSTATE. */
uintptr_t a64_hvc_exit(struct arch_vcpu *a)
{
	struct vcpu *v = vcpu_of_arch(a);

	a->exit.reason = EXIT_NONE;
	a64_smccc(v, &a->exit);
	return vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
}

/* A kick from another CPU during an exit is also a physical SGI, taken
 * to EL2 as soon as the guest runs (HCR_EL2.IMO); one from this CPU (an
 * emulated device raising a line, a vGIC register write) was handled in
 * vcpu_kick(), list registers included. */
uintptr_t a64_sync_fast(struct arch_vcpu *a)
{
	struct vcpu *v = vcpu_of_arch(a);
	uintptr_t r;

	a->pc = sysreg_read(elr_el2);
	a->pstate = sysreg_read(spsr_el2);
	a->exit.reason = EXIT_NONE;
	a64_exit_sync(v, &a->exit);
	r = vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
	/* Stepped over, or an exception injected: the guest resumes there. */
	sysreg_write(elr_el2, a->pc);
	sysreg_write(spsr_el2, a->pstate);
	return r;
}

/* A physical IRQ taken from the guest (trap.S: x0-x18 and x30 in the
 * context, ELR/SPSR_EL2 still in hardware): handled as the vCPU loop
 * would, and the guest resumes at once, unless the vCPU no longer runs (a
 * stop request). A virtual interrupt it brings is already in a list
 * register: vgic_inject_ppi_hw() and the kick's vgic_flush() load them. */
uintptr_t a64_irq_fast(struct arch_vcpu *a)
{
	struct vcpu *v = vcpu_of_arch(a);

	a64_handle_irqs(v);
	a->exit.reason = EXIT_NONE;
	return vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
}

void arch_vcpu_run(struct vcpu *v, struct vcpu_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	vgic_flush(v);
	sysreg_write(elr_el2, a->pc);
	sysreg_write(spsr_el2, a->pstate);
	a64_vcpu_enter(a);
	a->pc = sysreg_read(elr_el2);
	a->pstate = sysreg_read(spsr_el2);
	e->reason = EXIT_NONE;
	switch (a->exit_type) {
	case A64_EXIT_HV_STACK: /* decoded, maybe begun, on the hypervisor stack */
		*e = a->exit;
		return;
	case A64_EXIT_FIQ:
		a64_handle_irqs(v);
		vcpu_count_exit(v); /* the loop counts no EXIT_NONE */
		return;
	case A64_EXIT_SERROR:
		a->esr = sysreg_read(esr_el2);
		a64_exit_fault(e, FAULT_UNHANDLED_TRAP, v, 0);
		return;
	}
}

/* x30 (lr): every exit path saves it (trap.S). */
u64 arch_vcpu_return_address(const struct vcpu *v)
{
	return v->arch.x[30];
}

void arch_vcpu_complete(struct vcpu *v, struct vcpu_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	switch (e->reason) {
	case EXIT_MMIO:
		if (!e->mmio.write && e->mmio.reg != 31)
			a->x[e->mmio.reg] = a64_load_value(e->mmio.data, e->mmio.width,
							   e->mmio.sign_extend, a->esr & DABT_SF);
		a->pc += (a->esr & ESR_IL) ? 4 : 2; /* IL = 0: a 16-bit T32 one at EL0 */
		break;
	case EXIT_HYPERCALL:
		a->x[0] = (u64)e->hcall.ret;
		a->x[1] = e->hcall.value;
		break;
	default:
		break;
	}
}

void arch_vcpu_notify(struct vcpu *v, u32 requests)
{
	vgic_flush(v);
	if (requests & VCPU_REQ_FLUSH) {
		__asm__ volatile("tlbi vmalls12e1\n\tdsb nsh\n\tic iallu\n\tisb" ::: "memory");
	}
}
