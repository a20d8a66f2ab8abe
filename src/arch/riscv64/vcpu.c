/* SPDX-License-Identifier: MIT */
/* riscv64 vCPU: reset state, the run loop's trap decoding, injection. */
#include <arch/asm_offsets.h>
#include <arch/csr.h>
#include <arch/decode.h>
#include <arch/sbi.h>
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "rv.h"

_Static_assert(__builtin_offsetof(struct arch_vcpu, sepc) == RV_CTX_SEPC, "ctx layout");
_Static_assert(__builtin_offsetof(struct arch_vcpu, hv) == RV_CTX_HV(0), "ctx layout");

void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	struct arch_vcpu *a = &v->arch;

	if (v->id == 0)
		rv_vplic_reset(v->zone);
	memset(a->x, 0, sizeof(a->x));
	a->x[10] = v->id; /* a0: hart id as the guest numbers them */
	a->x[11] = arg;	  /* a1: DTB (boot vCPU) or HSM opaque */
	a->sepc = entry;
	a->hvip = 0;
	a->fixup = 0;
	/* Enter VS-mode with the guest's MMU off and interrupts masked. */
	csr_write(CSR_HSTATUS, (csr_read(CSR_HSTATUS) & ~HSTATUS_VTW) | HSTATUS_SPV | HSTATUS_SPVP);
	csr_write(CSR_SSTATUS, (csr_read(CSR_SSTATUS) & ~(SSTATUS_SPIE | SSTATUS_SIE)) |
				   SSTATUS_SPP | SSTATUS_FS_INITIAL);
	csr_write(CSR_VSSTATUS, 0);
	csr_write(CSR_VSIE, 0);
	csr_write(CSR_VSTVEC, 0);
	csr_write(CSR_VSSCRATCH, 0);
	csr_write(CSR_VSATP, 0);
	csr_write(CSR_VSTIMECMP, ~0UL);
	csr_write(CSR_HVIP, 0);
	csr_write(CSR_HGATP, v->zone->arch.hgatp);
	rv_hfence_gvma_all();
	rv_hfence_vvma_all();
	/* Images the hypervisor copied in on another hart (arch_cache_sync_range). */
	__asm__ volatile("fence.i" ::: "memory");
}

/* Linux finds everything, its initrd too, in the tree a0/x0 names: no
 * other hand-off. */
void arch_linux_handoff(const struct zone *z, struct arch_linux_handoff *h)
{
	(void)z;
	*h = (struct arch_linux_handoff){0};
}

/* Raise or lower a VS interrupt (hvip bit) of v from any CPU. */
void rv_vcpu_set_vsip(struct vcpu *v, u32 irq_bit, bool level)
{
	if (level)
		__atomic_or_fetch(&v->arch.hvip, BIT(irq_bit), __ATOMIC_ACQ_REL);
	else
		__atomic_and_fetch(&v->arch.hvip, ~BIT(irq_bit), __ATOMIC_ACQ_REL);
	vcpu_kick(v, VCPU_REQ_NOTIFY);
}

void arch_vcpu_notify(struct vcpu *v, u32 requests)
{
	u64 hvip = v->arch.hvip;

	/* VSSIP is also cleared by the guest through sip: only ever set it
	 * here, and take the request as consumed. */
	if (hvip & BIT(IRQ_VS_SOFT)) {
		csr_set(CSR_HVIP, BIT(IRQ_VS_SOFT));
		__atomic_and_fetch(&v->arch.hvip, ~BIT(IRQ_VS_SOFT), __ATOMIC_ACQ_REL);
	}
	if (hvip & BIT(IRQ_VS_EXT))
		csr_set(CSR_HVIP, BIT(IRQ_VS_EXT));
	else
		csr_clear(CSR_HVIP, BIT(IRQ_VS_EXT));
	if (requests & VCPU_REQ_FLUSH) {
		rv_hfence_vvma_all();
		__asm__ volatile("fence.i");
	}
}

/* Deliver an exception to the guest's VS-mode handler, as hardware would. */
void rv_inject_exception(struct vcpu *v, u64 cause, u64 tval)
{
	u64 vsstatus = csr_read(CSR_VSSTATUS);
	bool from_vs = csr_read(CSR_SSTATUS) & SSTATUS_SPP;

	csr_write(CSR_VSEPC, v->arch.sepc);
	csr_write(CSR_VSCAUSE, cause);
	csr_write(CSR_VSTVAL, tval);
	vsstatus &= ~(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SIE);
	if (vsstatus & SSTATUS_SIE)
		vsstatus |= SSTATUS_SPIE;
	if (from_vs)
		vsstatus |= SSTATUS_SPP;
	csr_write(CSR_VSSTATUS, vsstatus);
	/* The handler runs in VS-mode. */
	csr_set(CSR_SSTATUS, SSTATUS_SPP);
	v->arch.sepc = csr_read(CSR_VSTVEC) & ~3UL;
}

/* The trapped instruction from guest memory through the guest's own
 * translation (HLVX), when htinst holds no transformed one. */
static __attribute__((noinline)) bool rv_read_insn(struct vcpu *v, u32 *insn, u8 *len)
{
	/* A faulting HLVX traps to HS and clobbers SPP/SPV: keep them. */
	u64 sstatus = csr_read(CSR_SSTATUS);
	u64 hstatus = csr_read(CSR_HSTATUS);
	long lo, hi = 0;

	lo = rv_hlvx_hu(v->arch.sepc, &v->arch.fixup);
	if (lo >= 0 && (lo & 3) == 3)
		hi = rv_hlvx_hu(v->arch.sepc + 2, &v->arch.fixup);
	csr_write(CSR_SSTATUS, sstatus);
	csr_write(CSR_HSTATUS, hstatus);
	if (lo < 0 || hi < 0)
		return false;
	*insn = (u32)lo | ((u32)hi << 16);
	*len = (lo & 3) == 3 ? 4 : 2;
	return true;
}

/* htinst holds a pseudoinstruction (bits 1:0 = 00, not zero: 0x00002000/
 * 0x00003000 read, 0x00002020/0x00003020 write of a PTE): the fault is the
 * guest's own VS-stage page-table walk, an implicit access no instruction
 * of the guest made. A page table in an emulated device is outside the
 * zone's memory, as aarch64's S1PTW is. Hardware that writes htinst = 0
 * instead cannot be told apart here. */
static inline bool rv_implicit_access(struct vcpu *v)
{
	return v->arch.htinst != 0 && !(v->arch.htinst & 1);
}

/* The trapped load/store: from htinst when the hardware gives a transformed
 * instruction (htinst bit 0 set; always in 32-bit form, bit 1 clear when the
 * original was a 16-bit one), which saves reading guest memory. */
static inline bool rv_trapped_insn(struct vcpu *v, u32 *insn, u8 *len)
{
	u64 htinst = v->arch.htinst;

	if (likely(htinst & 1)) {
		*insn = (u32)htinst | 2;
		*len = (htinst & 2) ? 4 : 2;
		return true;
	}
	if (rv_implicit_access(v))
		return false;
	return rv_read_insn(v, insn, len);
}

static void rv_exit_fault(struct vcpu_exit *e, enum fault_kind kind, struct vcpu *v, u64 addr)
{
	exit_set_fault(e, kind, addr, v->arch.sepc, v->arch.scause);
}

static void rv_guest_page_fault(struct vcpu *v, struct vcpu_exit *e)
{
	u64 gpa = (v->arch.htval << 2) | (v->arch.stval & 3);
	struct mmio_dev *d = mmio_find(v->zone, gpa, 1);
	struct rv_mmio_insn m;
	u32 insn;
	u8 len;

	if (!d) {
		rv_exit_fault(e, FAULT_STAGE2, v, gpa);
		return;
	}
	if (!rv_trapped_insn(v, &insn, &len) || !rv_decode_mmio(insn, &m)) {
		rv_exit_fault(e, rv_implicit_access(v) ? FAULT_STAGE2 : FAULT_MMIO_DECODE, v, gpa);
		return;
	}
	exit_set_mmio(e, d, gpa, m.width, m.write, m.reg, m.sign_extend,
		      m.write ? v->arch.x[m.reg] : 0, v->arch.sepc);
	v->arch.htinst = len; /* remembered for arch_vcpu_complete */
}

/* Exceptions other than guest-page faults (out of the MMIO path). */
static __attribute__((noinline)) void rv_exit_other(struct vcpu *v, struct vcpu_exit *e)
{
	switch (v->arch.scause) {
	case EXC_INST_GUEST_PAGE: /* never an emulated device */
		rv_exit_fault(e, FAULT_STAGE2, v, (v->arch.htval << 2) | (v->arch.stval & 3));
		break;
	case EXC_VIRTUAL_INST:
	case EXC_ILLEGAL:
		/* Policy: an instruction the zone may not execute faults the
		 * guest, as on bare hardware. */
		rv_inject_exception(v, EXC_ILLEGAL, v->arch.stval);
		break;
	default:
		/* A delegated exception the M-mode firmware handed to HS-mode
		 * instead of VS-mode (a redirect that ignores hedeleg): the
		 * guest's all the same. */
		if (v->arch.scause < 64 && (RV_HEDELEG_GUEST & BIT(v->arch.scause)))
			rv_inject_exception(v, v->arch.scause, v->arch.stval);
		else
			rv_exit_fault(e, FAULT_UNHANDLED_TRAP, v, v->arch.stval);
	}
}

/* An ecall rv_ecall_fast() does not complete itself. */
uintptr_t rv_ecall_slow(struct vcpu *v, struct arch_vcpu *a)
{
	a->scause = EXC_ECALL_VS;
	a->exit.reason = EXIT_NONE;
	rv_sbi_handle(v, &a->exit);
	return vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
}

/* trap.S, for any other trap from the guest (all GPRs in the context). */
uintptr_t rv_trap_fast(struct arch_vcpu *a, u64 scause)
{
	struct vcpu *v = vcpu_of_arch(a);

	a->scause = scause;
	a->exit.reason = EXIT_NONE;
	if (scause & CAUSE_IRQ) {
		rv_handle_hv_irqs();
		return vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
	}
	a->stval = csr_read(CSR_STVAL);
	a->htval = csr_read(CSR_HTVAL);
	if (scause == EXC_LOAD_GUEST_PAGE || scause == EXC_STORE_GUEST_PAGE) {
		a->htinst = csr_read(CSR_HTINST);
		rv_guest_page_fault(v, &a->exit);
	} else {
		rv_exit_other(v, &a->exit);
	}
	return vcpu_exit_finish(v, &a->exit, (uintptr_t)a);
}

void arch_vcpu_run(struct vcpu *v, struct vcpu_exit *e)
{
	rv_vcpu_enter(&v->arch);
	*e = v->arch.exit;
}

/* x1 (ra): caller-saved, so every exit path saves it. */
u64 arch_vcpu_return_address(const struct vcpu *v)
{
	return v->arch.x[1];
}

void arch_vcpu_complete(struct vcpu *v, struct vcpu_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	switch (e->reason) {
	case EXIT_MMIO:
		if (!e->mmio.write && e->mmio.reg)
			a->x[e->mmio.reg] =
			    mmio_extend(e->mmio.data, e->mmio.width, e->mmio.sign_extend);
		a->sepc += a->htinst;
		break;
	case EXIT_HYPERCALL:
		a->x[10] = (u64)e->hcall.ret;
		a->x[11] = e->hcall.value;
		a->sepc += 4;
		break;
	default:
		break;
	}
}
