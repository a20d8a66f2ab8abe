/* SPDX-License-Identifier: MIT */
/*
 * Virtual GICv3 per zone: an emulated distributor that shows only the
 * zone's SPIs (its emulated devices and passthrough interrupts), one
 * emulated redistributor per vCPU (SGIs and PPIs), and delivery through
 * the CPU's list registers (ICH_LR<n>_EL2); the guest's ICC_* accesses go
 * to the hardware ICV_* interface (HCR_EL2.IMO). Interrupt state lives in
 * software until it fits into a list register of the target vCPU; list
 * registers are only touched on that vCPU's own CPU. More pending than
 * list registers: ICH_HCR_EL2.UIE asks for a maintenance interrupt when
 * they drain. All state of a zone is under its vGIC lock.
 *
 * This file: reset and set-up. The parts: vgic_lr.c (list registers),
 * vgic_inject.c (injection), vgic_regs.c (register model), vgic.h (what
 * they share).
 */
#include <zv/arch.h>
#include <zv/lib.h>

#include "board.h"
#include "vgic.h"

/* Give back to the physical GIC what a previous run left active. */
static void vgic_reset_spis(struct zone *z)
{
	for (u32 i = 0; i < A64_VGIC_SPIS; i++) {
		struct vgic_irq *irq = &z->arch.spi[i];
		bool hw = irq->hw;

		memset(irq, 0, sizeof(*irq));
		irq->hw = hw;
		irq->prio = 0xa0;
		z->arch.irouter[i] = 0;
		if (hw) {
			gic_spi_enable(i + 32, false);
			gic_spi_route(i + 32, z->vcpus[0]->pcpu);
			gic_deactivate(i + 32);
		}
	}
	z->arch.gicd_ctlr = 0;
	/* What the list registers of the last run held is gone with it: each
	 * vCPU empties its own when it starts. */
	for (u32 i = 0; i < z->nr_vcpus; i++)
		z->vcpus[i]->arch.lr_used = 0;
}

/* A vCPU started again (PSCI CPU_ON) loses what its list registers held:
 * those SPIs can be delivered again (a level line still high is pending),
 * and a forwarded one the guest had not finished is deactivated at the
 * physical GIC. Left as it was, the SPI stayed "in a list register" and
 * was never delivered again. */
static void vgic_drop_lrs(struct vcpu *v)
{
	for (u32 used = v->arch.lr_used; used; used &= used - 1) {
		u32 i = (u32)__builtin_ctz(used), intid = v->arch.lr_intid[i];
		struct vgic_irq *irq = vgic_lr_irq(v, i);

		if (intid < A64_NR_PRIV)
			continue; /* the caller resets the private ones */
		irq->in_lr = 0;
		if (irq->hw && (lr_access(i, false, 0) >> ICH_LR_STATE_SHIFT))
			gic_deactivate(intid);
		else if (!irq->edge && !irq->hw && irq->level)
			irq->pending = 1;
	}
}

void vgic_vcpu_reset(struct vcpu *v)
{
	struct zone *z = v->zone;
	struct arch_vcpu *a = &v->arch;

	spin_lock(&z->arch.vgic_lock);
	/* vCPU 0 starting a new run of the zone resets the distributor. */
	if (v->id == 0 && z->arch.vgic_boot != z->boots) {
		z->arch.vgic_boot = z->boots;
		vgic_reset_spis(z);
	}
	vgic_drop_lrs(v);
	memset(a->priv, 0, sizeof(a->priv));
	for (u32 i = 0; i < A64_NR_PRIV; i++) {
		a->priv[i].prio = 0xa0;
		a->priv[i].edge = i < 16;
	}
	a->priv[BOARD_TIMER_PPI].hw = 1;
	a->nr_lrs = gic_nr_lrs();
	if (a->nr_lrs > A64_MAX_LRS)
		a->nr_lrs = A64_MAX_LRS;
	for (u32 i = 0; i < a->nr_lrs; i++)
		lr_access(i, true, 0);
	a->lr_used = 0;
	a->vgic_rescan = 1;
	a->vgic_overflow = 0;
	a->priv_new = 0;
	vgic_private_enable_wake[z->index][v->id] = 1;
	vgic_changed(z); /* released SPIs may be pending for other vCPUs */
	spin_unlock(&z->arch.vgic_lock);
	sysreg_write(ich_ap0r0_el2, 0);
	sysreg_write(ich_ap1r0_el2, 0);
	sysreg_write(ich_vmcr_el2, 0);
	sysreg_write(ich_hcr_el2, ICH_HCR_EN);
	/* A timer interrupt forwarded to the previous run may still be active. */
	gic_deactivate(BOARD_TIMER_PPI);
	isb();
}

int arch_zone_irq_init(struct zone *z)
{
	memset(z->arch.spi, 0, sizeof(z->arch.spi));
	z->arch.vgic_boot = ~0u;
	/* The SPIs vgic_scan() looks at: a list, not a scan of all of them. */
	z->arch.nr_spis = 0;
	for (u32 intid = 32; intid < 32 + A64_VGIC_SPIS; intid++) {
		if (!vgic_spi_owned(z, intid))
			continue;
		if (z->arch.nr_spis == A64_MAX_OWNED_SPIS)
			return -ZV_EINVAL;
		z->arch.owned_spi[z->arch.nr_spis++] = (u16)intid;
	}
	for (u32 i = 0; i < z->cfg->nr_irqs; i++) {
		u32 intid = z->cfg->irqs[i];

		if (intid < 32 || intid - 32 >= A64_VGIC_SPIS)
			return -ZV_EINVAL; /* only SPIs can be passed through */
		z->arch.spi[intid - 32].hw = 1;
	}
	vgic_reset_spis(z);
	return vgic_regs_attach(z);
}
