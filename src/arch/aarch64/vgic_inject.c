/* SPDX-License-Identifier: MIT */
/*
 * Interrupts into a zone's vGIC from outside its vCPUs' list registers:
 * emulated device lines, passthrough SPIs and the guest's own SGIs. Each
 * marks the interrupt pending and kicks its target, whose next flush
 * (vgic_lr.c) loads it.
 */
#include "vgic.h"

/* An SPI's input moved: an emulated device's line went to 'level', or
 * (hw) a passthrough one fired. Its target is kicked to load it; false
 * if the zone does not own the SPI. */
static bool vgic_spi_input(struct zone *z, u32 intid, bool level, bool hw)
{
	struct vgic_irq *irq;
	struct vcpu *t;

	spin_lock(&z->arch.vgic_lock);
	irq = vgic_irq(z, NULL, intid);
	if (!irq) {
		spin_unlock(&z->arch.vgic_lock);
		return false;
	}
	if (hw) {
		irq->pending = 1;
	} else {
		if (level && (!irq->edge || !irq->level) && !irq->in_lr)
			irq->pending = 1;
		else if (!level && !irq->edge)
			irq->pending = 0;
		irq->level = level;
	}
	vgic_changed(z);
	t = vgic_target(z, irq, NULL, intid);
	spin_unlock(&z->arch.vgic_lock);
	vgic_kick(t);
	return true;
}

void arch_zone_irq_set(struct zone *z, u32 intid, bool level)
{
	vgic_spi_input(z, intid, level, false);
}

void vgic_inject_spi_hw(struct zone *z, u32 intid)
{
	if (!vgic_spi_input(z, intid, true, true))
		gic_deactivate(intid);
}

/* ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 from the guest: INTID
 * [27:24] to the vCPUs of its own zone the value names (a64_sgi_targets()).
 * A private interrupt of each: priv_new, no zone-wide rescan. */
void vgic_send_sgi(struct vcpu *v, u64 sgir, bool all_groups)
{
	struct zone *z = v->zone;
	u32 intid = (sgir >> 24) & 0xf;
	u32 mask = a64_sgi_targets(sgir, z->nr_vcpus, v->id);

	spin_lock(&z->arch.vgic_lock);
	for (u32 m = mask; m; m &= m - 1) {
		struct arch_vcpu *t = &z->vcpus[__builtin_ctz(m)]->arch;

		t->priv[intid].pending = 1;
		t->priv_new |= BIT(intid);
	}
	spin_unlock(&z->arch.vgic_lock);
	for (u32 m = mask; m; m &= m - 1)
		vgic_kick(z->vcpus[__builtin_ctz(m)]);
}
