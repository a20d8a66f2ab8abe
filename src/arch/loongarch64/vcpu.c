/* SPDX-License-Identifier: MIT */
/* loongarch64 vCPU: reset state, exit decoding (GSPR, HVC, stage-2 faults),
 * completion and interrupt state. */
#include <arch/asm_offsets.h>
#include <arch/la_decode.h>
#include <arch/la_efi.h>
#include <arch/la_exc.h>
#include <arch/la_gcsr.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "la.h"

_Static_assert(__builtin_offsetof(struct arch_vcpu, pc) == LA_CTX_PC, "ctx layout");
_Static_assert(__builtin_offsetof(struct arch_vcpu, hv) == LA_CTX_HV(0), "ctx layout");

/* Linux zones: EFI-style arguments, tables at the start of the first RAM
 * region (where QEMU's direct boot puts them too). LoongArch Linux takes
 * its initrd from the LINUX_EFI_INITRD_MEDIA table, not from /chosen: it
 * names the initrd of this boot (z->boot_initrd), the configured one or
 * one the root loaded (docs/management.md). */
void arch_linux_handoff(const struct zone *z, struct arch_linux_handoff *h)
{
	*h = (struct arch_linux_handoff){0};
	if (!(z->cfg->flags & ZV_ZONE_LINUX))
		return;
	h->gpa = z->cfg->ram[0].gpa;
	h->size = LA_EFI_AREA;
	h->initrd = true;
}

static void la_linux_args(struct vcpu *v, u64 arg)
{
	const struct zone *z = v->zone;
	struct la_boot_args args = {0};
	u64 hpa;

	if (!zone_gpa_to_hpa(z, z->cfg->ram[0].gpa, LA_EFI_AREA, &hpa) ||
	    la_efi_build((void *)(uintptr_t)hpa, z->cfg->ram[0].gpa, z->cfg->bootargs, arg,
			 z->boot_initrd.gpa, z->boot_initrd.size, &args)) {
		if (zone_msg_ok(v->zone)) /* at every restart */
			printk("zone %s: no room for the EFI hand-off\n", zone_name(v->zone));
		return;
	}
	v->arch.gpr[LA_GPR_A0] = args.a0;
	v->arch.gpr[LA_GPR_A0 + 1] = args.a1;
	v->arch.gpr[LA_GPR_A0 + 2] = args.a2;
}

/* Root side of a vCPU on this CPU: GID in GSTAT and GTLBC.TGID (root refills
 * while it runs carry it), its stage-2 root in PGDL, a guest counter that
 * starts near 0 (GCNTC is the offset added to the stable counter). */
static void la_vcpu_root_state(struct vcpu *v)
{
	u64 gid = v->zone->arch.gid;

	csr_write(CSR_GSTAT, gid << GSTAT_GID_SHIFT);
	csr_xchg(CSR_GTLBC, GTLBC_USETGID | (gid << GTLBC_TGID_SHIFT),
		 GTLBC_USETGID | GTLBC_TGID_MASK);
	csr_write(CSR_GINTC, 0);
	csr_write(CSR_GCNTC, -la_rdtime());
	csr_write(CSR_PGDL, v->zone->s2.root_pa);
	la_invtlb(INVTLB_GID, gid << GSTAT_GID_SHIFT, 0);
}

void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	struct arch_vcpu *a = &v->arch;
	struct la_gcsr_hw_state g;
	u64 prcfg[3] = {csr_read(CSR_PRCFG1), csr_read(CSR_PRCFG2), csr_read(CSR_PRCFG3)};

	if (v->id == 0)
		la_zone_irq_reset(v->zone);
	memset(a->gpr, 0, sizeof(a->gpr));
	memset(&a->sw_csr, 0, sizeof(a->sw_csr));
	a->pc = entry;
	a->irq_lines = 0;
	a->gintc = 0;
	a->misc_func = 0;
	/* As after QEMU's secondary stub: IPIs enabled and acknowledged, the
	 * mailboxes (boot data from the starting CPU) kept. */
	a->ipi.status = 0;
	a->ipi.enable = v->id ? ~0u : 0;
	la_gcsr_reset_state(&g, v->id, prcfg);
	la_gcsr_restore(&g);
	if (v->id == 0 && (v->zone->cfg->flags & ZV_ZONE_LINUX))
		la_linux_args(v, arg);
	else
		a->gpr[LA_GPR_A0] = arg;
	la_vcpu_root_state(v);
	la_vcpu_irq_resync(v);
}

static void la_exit_fault(struct vcpu *v, struct vcpu_exit *e, enum fault_kind kind, u64 addr)
{
	exit_set_fault(e, kind, addr, v->arch.pc, v->arch.estat);
}

static void la_set_reg(struct vcpu *v, u8 reg, u64 val)
{
	if (reg)
		v->arch.gpr[reg] = val;
}

/* A load/store that missed stage-2: BADV = GPA, BADI = the instruction. */
static void la_stage2_fault(struct vcpu *v, struct vcpu_exit *e)
{
	u64 gpa = v->arch.badv;
	struct mmio_dev *dev = mmio_find(v->zone, gpa, 1);
	struct la_insn d;

	if (ESTAT_ECODE(v->arch.estat) == EXC_PIF || !dev) {
		la_exit_fault(v, e, FAULT_STAGE2, gpa);
		return;
	}
	if (!la_decode((u32)v->arch.badi, &d) ||
	    (d.kind != LA_INSN_LOAD && d.kind != LA_INSN_STORE)) {
		la_exit_fault(v, e, FAULT_MMIO_DECODE, gpa);
		return;
	}
	exit_set_mmio(e, dev, gpa, d.width, d.kind == LA_INSN_STORE, d.rd, d.sign_extend,
		      d.kind == LA_INSN_STORE ? v->arch.gpr[d.rd] : 0, v->arch.pc);
}

static void la_gspr_iocsr(struct vcpu *v, const struct la_insn *d)
{
	bool write = d->kind == LA_INSN_IOCSR_WR;
	u64 val = write ? v->arch.gpr[d->rd] : 0;

	/* Unclaimed IOCSRs read 0 and ignore writes. */
	if (!la_iocsr_access(v, (u32)v->arch.gpr[d->rj], d->width, write, &val))
		val = 0;
	if (!write)
		la_set_reg(v, d->rd, mmio_extend(val, d->width, d->sign_extend));
}

void la_inject_exception(struct vcpu *v, u32 ecode, u32 subcode, u64 badv)
{
	struct arch_vcpu *a = &v->arch;
	struct la_exc_state s = {
	    .crmd = gcsr_read(CSR_CRMD),
	    .prmd = gcsr_read(CSR_PRMD),
	    .estat = gcsr_read(CSR_ESTAT),
	    .pc = a->pc,
	};

	la_exc_enter(&s, gcsr_read(CSR_ECFG), gcsr_read(CSR_EENTRY), ecode, subcode);
	gcsr_write(CSR_PRMD, s.prmd);
	gcsr_write(CSR_ERA, s.era);
	gcsr_write(CSR_BADI, (u32)a->badi);
	if (ecode == EXC_ADE || ecode == EXC_ALE)
		gcsr_write(CSR_BADV, badv);
	/* Only Ecode/EsubCode: the IS bits are the guest's interrupt lines. */
	gcsr_xchg(CSR_ESTAT, s.estat, LA_EXC_ESTAT_CODES);
	gcsr_write(CSR_CRMD, s.crmd);
	a->pc = s.pc;
}

/* GSPR: the guest touched something LVZ leaves to the hypervisor; a->gspr
 * is the instruction in BADI (a->badi), decoded. Only the registers it
 * names are read or written; a fault goes to a->exit. An idle waits here
 * until something is due for v.
 *
 * Privilege first: the level the instruction ran at is the guest's
 * CRMD.PLV (guest CSR 0x0, bits 1:0). An exit is an exception taken in
 * root mode: it writes root CRMD/PRMD/ERA/ESTAT only (root PRMD.PPLV holds
 * the root's own PLV 0 from the ertn that entered the guest) and leaves
 * the guest CSR bank as the guest had it. The QEMU-LVZ fork traps
 * iocsrrd/iocsrwr to GSPR before it checks the PLV, so a PLV3 program
 * reaches here with them: what needs PLV0 (la_insn_needs_plv0()) then
 * raises IPE in the guest, as on bare hardware. */
void la_gspr_emulate(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	const struct la_insn *d = &a->gspr;

	if (unlikely(gcsr_read(CSR_CRMD) & CRMD_PLV_MASK) && la_insn_needs_plv0(d)) {
		la_inject_exception(v, EXC_IPE, 0, 0);
		return;
	}
	switch (d->kind) {
	case LA_INSN_CPUCFG:
		la_set_reg(v, d->rd,
			   la_guest_cpucfg((u32)a->gpr[d->rj], la_cpucfg((u32)a->gpr[d->rj])));
		break;
	case LA_INSN_CSR:
		la_set_reg(
		    v, d->rd,
		    la_gcsr_emulate(&a->sw_csr, d->code, d->csr_op, a->gpr[d->rd], a->gpr[d->rj]));
		break;
	case LA_INSN_IOCSR_RD:
	case LA_INSN_IOCSR_WR:
		la_gspr_iocsr(v, d);
		break;
	case LA_INSN_IDLE:
		la_vcpu_idle(v);
		break;
	case LA_INSN_CACOP:
		break;
	default:
		/* Policy (as KVM): a GSPR instruction the hypervisor does not
		 * emulate (dbcl, say) is undefined to the guest. */
		la_inject_exception(v, EXC_INE, 0, 0);
		return;
	}
	a->pc += 4;
}

/* An exit of v with root ESTAT estat (BADV, BADI still in the root CSRs)
 * other than hvcl, GSPR and interrupts (exit.c has those), handled in the
 * port or turned into e for the core. */
void la_exit_decode(struct vcpu *v, struct vcpu_exit *e, u64 estat)
{
	struct arch_vcpu *a = &v->arch;

	a->estat = estat;
	a->badv = csr_read(CSR_BADV);
	a->badi = csr_read(CSR_BADI);
	e->reason = EXIT_NONE;
	switch (ESTAT_ECODE(a->estat)) {
	case EXC_PIL:
	case EXC_PIS:
	case EXC_PIF:
	case EXC_PME:
		la_stage2_fault(v, e);
		break;
	default:
		la_exit_fault(v, e, FAULT_UNHANDLED_TRAP, a->badv);
	}
}

/* Exits the port completes run on the hypervisor stack (exit.c); this
 * returns only with one for the core's loop in v->arch.exit. */
void arch_vcpu_run(struct vcpu *v, struct vcpu_exit *e)
{
	la_vcpu_update_irqs(v);
	la_vcpu_enter(&v->arch);
	*e = v->arch.exit;
}

/* r1 (ra): caller-saved, so every exit path saves it. */
u64 arch_vcpu_return_address(const struct vcpu *v)
{
	return v->arch.gpr[1];
}

void arch_vcpu_complete(struct vcpu *v, struct vcpu_exit *e)
{
	struct arch_vcpu *a = &v->arch;

	switch (e->reason) {
	case EXIT_MMIO:
		if (!e->mmio.write)
			la_set_reg(v, e->mmio.reg,
				   mmio_extend(e->mmio.data, e->mmio.width, e->mmio.sign_extend));
		a->pc += 4;
		break;
	case EXIT_HYPERCALL:
		a->gpr[LA_GPR_A0] = (u64)e->hcall.ret;
		a->gpr[LA_GPR_A0 + 1] = e->hcall.value;
		a->pc += 4;
		break;
	default:
		break;
	}
}

void arch_vcpu_notify(struct vcpu *v, u32 requests)
{
	la_vcpu_update_irqs(v);
	if (requests & VCPU_REQ_FLUSH)
		la_invtlb(INVTLB_GID, (u64)v->zone->arch.gid << GSTAT_GID_SHIFT, 0);
}
