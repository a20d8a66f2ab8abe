/* SPDX-License-Identifier: MIT */
/*
 * A zone's interrupt hardware as its Linux expects it on the virt board:
 * a PCH-PIC at 0x10000000 (MMIO, emulated), feeding a per-zone EIOINTC
 * (IOCSR 0x1400-0x1cff, emulated on GSPR), whose outputs become the vCPUs'
 * HWI lines through root GINTC.VIP; and per-vCPU IPI/mailbox IOCSRs whose
 * status drives the guest's ESTAT.IS bit 12. Zone irq numbers are PCH-PIC
 * inputs. The register models are pure C (vintc.c); here they are locked,
 * wired to the zone, and their line changes posted to the vCPUs.
 */
#include <arch/la_vintc.h>
#include <arch/loongarch.h>
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "board.h"
#include "la.h"

/* The IPI model (la_vintc) and the ESTAT.IS bit it drives name one line. */
_Static_assert(LA_IPI_IS_BIT == INT_IPI, "la_vintc's IPI bit is ESTAT.IS IPI");

/* Passthrough inputs in 'inputs' the guest is done with: their virtual
 * lines drop and the physical inputs are unmasked (intc lock held). */
static void pt_release(struct zone *z, u32 inputs)
{
	u32 rel = z->arch.pt_held ? la_pirq_release(z, inputs) : 0;

	for (u32 i = 0; rel; i++, rel >>= 1)
		if (rel & 1)
			la_pch_set_irq(&z->arch.pchpic, i, false);
}

/* The ESTAT.IS bits vCPU v should see: its EIOINTC lines on HWI0-7 and
 * its IPI line (lock held). */
static u64 intc_lines(struct zone *z, struct vcpu *v)
{
	return la_ipi_line((u64)la_eio_lines(&z->arch.eiointc, v->id) << INT_HWI0, &v->arch.ipi);
}

/* t's lines, if they changed (lock held): applied at once when t is
 * 'self', the vCPU whose exit this is (it runs on this CPU), else posted
 * with a kick. */
static void intc_post(struct vcpu *t, u64 lines, struct vcpu *self)
{
	if (lines == t->arch.irq_lines)
		return;
	__atomic_store_n(&t->arch.irq_lines, lines, __ATOMIC_RELEASE);
	if (t == self)
		la_vcpu_update_irqs(t);
	else
		vcpu_kick(t, VCPU_REQ_NOTIFY);
}

/* Every vCPU's lines, posted when they change (lock held). */
static void intc_recompute(struct zone *z)
{
	for (u32 i = 0; i < z->nr_vcpus; i++)
		intc_post(z->vcpus[i], intc_lines(z, z->vcpus[i]), NULL);
}

/* Fold the posted lines into this CPU's LVZ state: HWI0-7 through root
 * GINTC.VIP (guest sees ESTAT.IS bits 2-9), IPI through guest ESTAT bit 12
 * with gcsrxchg (its return value is not used: the QEMU LVZ model returns
 * the root ESTAT there). */
void la_vcpu_update_irqs(struct vcpu *v)
{
	u64 lines = __atomic_load_n(&v->arch.irq_lines, __ATOMIC_ACQUIRE);
	u64 vip = (lines >> INT_HWI0) & GINTC_VIP_MASK;

	if (vip != v->arch.gintc) {
		csr_xchg(CSR_GINTC, vip, GINTC_VIP_MASK);
		v->arch.gintc = vip;
	}
	gcsr_xchg(CSR_ESTAT, lines & (1UL << INT_IPI), 1UL << INT_IPI);
}

/* A vCPU (re)starts: its lines from the zone's interrupt state as it is
 * now, since an EIOINTC vector routed to it may be pending already and
 * only EIOINTC/PCH-PIC changes recompute every vCPU. On v's own CPU. */
void la_vcpu_irq_resync(struct vcpu *v)
{
	struct zone *z = v->zone;

	spin_lock(&z->arch.intc_lock);
	v->arch.irq_lines = intc_lines(z, v);
	spin_unlock(&z->arch.intc_lock);
	la_vcpu_update_irqs(v);
}

void arch_zone_irq_set(struct zone *z, u32 irq, bool level)
{
	spin_lock(&z->arch.intc_lock);
	la_pch_set_irq(&z->arch.pchpic, irq, level);
	la_pch_sync(&z->arch.pchpic, &z->arch.eiointc);
	intc_recompute(z);
	spin_unlock(&z->arch.intc_lock);
}

/* Target t's IPI block changed (intc lock held): only its IPI line can
 * have moved. */
static void ipi_post(struct vcpu *t, struct vcpu *self)
{
	intc_post(t, la_ipi_line(t->arch.irq_lines, &t->arch.ipi), self);
}

/* An IPI to a stopped vCPU boots it at mailbox 0, as QEMU's secondary stub
 * (and so Linux's SMP bring-up) expects, if that is an address in the
 * zone's RAM (the vCPU starts in DA mode: only the PALEN low bits count,
 * arch_entry_gpa()); otherwise the vCPU stays off. */
static void ipi_boot(struct zone *z, u32 cpu)
{
	struct vcpu *t = z->vcpus[cpu];
	u64 entry = 0;

	if (t->state != VCPU_OFF)
		return;
	la_ipi_read(&t->arch.ipi, LA_IPI_MBUF, 8, &entry);
	if (!entry)
		return;
	if (zone_vcpu_start(z, cpu, entry, 0) == -ZV_EFAULT && zone_msg_ok(z))
		printk("zone %s: vCPU %u not started: mailbox entry 0x%lx is not in its RAM\n",
		       zone_name(z), cpu, entry);
}

static bool ipi_access(struct vcpu *v, u32 off, u8 width, bool write, u64 *val)
{
	struct zone *z = v->zone;
	struct la_ipi_action act;
	bool ok;

	if (!write)
		return la_ipi_read(&v->arch.ipi, off, width, val);
	ok = la_ipi_write(&v->arch.ipi, off, width, *val, &act);
	if (!ok)
		return false;
	ipi_post(v, v); /* EN, SET, CLEAR of its own block */
	if (act.kind == LA_IPI_ACT_NONE || act.cpu >= z->nr_vcpus)
		return true; /* the target is checked against the sender's zone */
	la_ipi_apply(&z->vcpus[act.cpu]->arch.ipi, &act);
	if (act.kind == LA_IPI_ACT_RAISE) {
		ipi_post(z->vcpus[act.cpu], v);
		ipi_boot(z, act.cpu);
	}
	return true;
}

/* A guest that acknowledges (EIOINTC core ISR write) a passthrough input it
 * left unmasked is done with it too. */
static bool eio_write(struct zone *z, u32 cpu, u32 off, u8 width, u64 val)
{
	bool ok = la_eio_write(&z->arch.eiointc, cpu, off, width, val);

	if (ok && off >= LA_EIO_COREISR && off < LA_EIO_COREISR + 0x20) {
		pt_release(z, (u32)~z->arch.pchpic.mask);
		la_pch_sync(&z->arch.pchpic, &z->arch.eiointc);
	}
	return ok;
}

/* Reads change nothing; misc writes no line; IPI writes post the lines
 * they move themselves; EIOINTC writes may move any vCPU's HWI lines. */
bool la_iocsr_access(struct vcpu *v, u32 off, u8 width, bool write, u64 *val)
{
	struct zone *z = v->zone;
	bool ok;

	spin_lock(&z->arch.intc_lock);
	if (off < LA_IPI_STATUS) {
		ok = write ? la_misc_write(&v->arch.misc_func, off, width, *val)
			   : la_misc_read(v->arch.misc_func, off, width, val);
	} else if (off < 0x1400) {
		ok = ipi_access(v, off, width, write, val);
	} else if (write) {
		ok = eio_write(z, v->id, off, width, *val);
		intc_recompute(z);
	} else {
		ok = la_eio_read(&z->arch.eiointc, v->id, off, width, val);
	}
	spin_unlock(&z->arch.intc_lock);
	return ok;
}

static int pch_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct zone *z = d->priv;

	spin_lock(&z->arch.intc_lock);
	if (!la_pch_read(&z->arch.pchpic, (u32)off, width, val))
		*val = 0;
	spin_unlock(&z->arch.intc_lock);
	return 0;
}

static int pch_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct zone *z = d->priv;
	u64 was_masked, was_edge;
	u32 flip;

	spin_lock(&z->arch.intc_lock);
	was_masked = z->arch.pchpic.mask;
	was_edge = z->arch.pchpic.edge;
	la_pch_write(&z->arch.pchpic, (u32)off, width, val);
	/* Unmasking a held passthrough input ends its last interrupt; its
	 * trigger mode is the guest's choice. */
	pt_release(z, (u32)(was_masked & ~z->arch.pchpic.mask));
	flip = (u32)(was_edge ^ z->arch.pchpic.edge) & z->arch.pt_inputs;
	for (u32 i = 0; flip; i++, flip >>= 1)
		if (flip & 1)
			la_pirq_set_trigger(i, (z->arch.pchpic.edge >> i) & 1);
	la_pch_sync(&z->arch.pchpic, &z->arch.eiointc);
	intc_recompute(z);
	spin_unlock(&z->arch.intc_lock);
	return 0;
}

/* The board's ACPI GED registers: sleep control (S5 = power off) and reset. */
static int ged_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	*val = 0;
	return 0;
}

static int ged_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	if (off == BOARD_GED_SLEEP_CTL && (val & 0xff) == BOARD_GED_SLEEP_S5)
		return MMIO_POWER_OFF;
	if (off == BOARD_GED_RESET_CTL && (val & 0xff) == BOARD_GED_RESET)
		return MMIO_RESET;
	return 0;
}

/* Fresh interrupt state at every zone (re)start (called for vCPU 0). */
void la_zone_irq_reset(struct zone *z)
{
	spin_lock(&z->arch.intc_lock);
	la_eio_reset(&z->arch.eiointc, z->nr_vcpus);
	la_pch_reset(&z->arch.pchpic, BOARD_PCH_PIC_INPUTS);
	la_pirq_zone_reset(z);
	spin_unlock(&z->arch.intc_lock);
}

MMIO_OPS(pch, "emulated PCH-PIC");

MMIO_OPS(ged, "emulated power registers (GED)");

int arch_zone_irq_init(struct zone *z)
{
	int err;

	la_pirq_zone_init(z);
	la_zone_irq_reset(z);
	err = mmio_attach(z, BOARD_PCH_PIC_BASE, LA_PCH_SIZE, &pch_ops, z);
	return err ? err : mmio_attach(z, BOARD_GED_BASE, BOARD_GED_SIZE, &ged_ops, NULL);
}
