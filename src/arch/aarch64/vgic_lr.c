/* SPDX-License-Identifier: MIT */
/*
 * The vGIC's list registers (ICH_LR<n>_EL2), touched only on their vCPU's
 * own CPU: what the guest did with them is synced back into the software
 * state, and the best waiting interrupts are loaded. More pending than
 * list registers: ICH_HCR_EL2.UIE asks for a maintenance interrupt when
 * they drain.
 */
#include "vgic.h"

/* List register i, freed (State = 00) or still live. An edge that came
 * while it still shows the interrupt pending (State = 01, not yet
 * acknowledged) merges with it: the GIC keeps one pending bit per
 * interrupt, so two SGIs before the acknowledge are delivered once. One
 * that came while the guest handles the previous (State = active) waits
 * for the deactivation: LR.EOI asks for the maintenance interrupt then,
 * or nothing would bring it in (a WFI would sleep on it). A level-sensitive
 * emulated line still high when its list register is freed is pending
 * again. */
static void vgic_sync_lr(struct vcpu *v, u32 i)
{
	struct arch_vcpu *a = &v->arch;
	u32 intid = a->lr_intid[i];
	u64 lr = lr_access(i, false, 0), state = lr >> ICH_LR_STATE_SHIFT;
	struct vgic_irq *irq = vgic_lr_irq(v, i);

	if (state == ICH_LR_STATE_PENDING && irq->edge && !irq->hw)
		irq->pending = 0;
	else if (state && irq->pending && !irq->hw && !(lr & ICH_LR_EOI))
		lr_access(i, true, lr | ICH_LR_EOI);
	if (state)
		return;
	/* Freed with EOI set, it would keep its ICH_EISR_EL2 bit and so the
	 * maintenance interrupt (ICH_MISR_EL2.EOI) asserted. */
	if (lr & ICH_LR_EOI)
		lr_access(i, true, 0);
	a->lr_used &= ~BIT(i);
	irq->in_lr = 0;
	if (!irq->edge && !irq->hw && irq->level)
		irq->pending = 1;
	/* Pending again: a private one is placed like a new one, an SPI
	 * needs a scan; so do others waiting for a free list register.
	 * Otherwise nothing waits for this one. An SPI the guest routed
	 * elsewhere (GICD_IROUTER) while it sat here is its new target's:
	 * that vCPU scans only after a change, so this is one, and it is
	 * kicked (another CPU: an IPI, no lock taken). */
	if (irq->pending && intid < A64_NR_PRIV) {
		a->priv_new |= BIT(intid);
	} else if (irq->pending && irq->target != v->id) {
		vgic_changed(v->zone);
		vgic_kick(vgic_target(v->zone, irq, v, intid));
	} else if (irq->pending || a->vgic_overflow) {
		a->vgic_rescan = 1;
	}
}

/* The list registers in use, after what the guest did with them. */
static void vgic_sync_lrs(struct vcpu *v)
{
	for (u32 used = v->arch.lr_used; used; used &= used - 1)
		vgic_sync_lr(v, (u32)__builtin_ctz(used));
}

/* Pending first: most interrupts are not, and a flush scans them all. */
static bool vgic_deliverable(const struct vgic_irq *irq)
{
	return irq->pending && irq->enabled && !irq->in_lr;
}

/* The interrupts waiting for v's list registers, best first. */
struct vgic_waiting {
	u32 n;	 /* how many wait in all */
	u32 max; /* how many of them are kept: the free list registers */
	u16 intid[A64_MAX_LRS];
	u8 prio[A64_MAX_LRS];
};

/* Keeps the best w->max: lower priority value first, equal ones in the
 * order they come (the scan order: private interrupts, then SPIs). */
static void vgic_rank(struct vgic_waiting *w, u32 intid, u8 prio)
{
	u32 k = w->n < w->max ? w->n : w->max;

	w->n++;
	for (; k > 0 && w->prio[k - 1] > prio; k--) {
		if (k < w->max) {
			w->intid[k] = w->intid[k - 1];
			w->prio[k] = w->prio[k - 1];
		}
	}
	if (k < w->max) {
		w->intid[k] = (u16)intid;
		w->prio[k] = prio;
	}
}

/* One scan of every interrupt v may be given. */
static void vgic_scan(struct vcpu *v, struct vgic_waiting *w)
{
	struct zone *z = v->zone;

	for (u32 i = 0; i < A64_NR_PRIV; i++)
		if (vgic_deliverable(&v->arch.priv[i]))
			vgic_rank(w, i, v->arch.priv[i].prio);
	if (!(z->arch.gicd_ctlr & GICD_CTLR_GRP1))
		return;
	for (u32 i = 0; i < z->arch.nr_spis; i++) {
		u32 intid = z->arch.owned_spi[i];
		const struct vgic_irq *irq = &z->arch.spi[intid - 32];

		if (vgic_deliverable(irq) && irq->target == v->id)
			vgic_rank(w, intid, irq->prio);
	}
}

/* LR: State [63:62] = pending, HW [61], Group1 [60], Priority [55:48],
 * pINTID [44:32] (HW) or EOI maintenance [41] (level, software), vINTID. */
static void vgic_load_lr(struct vcpu *v, u32 i, u32 intid, struct vgic_irq *irq)
{
	u64 lr = ICH_LR_PENDING | ICH_LR_GROUP1 | ((u64)irq->prio << ICH_LR_PRIO_SHIFT) | intid;

	if (irq->hw)
		lr |= ICH_LR_HW | ((u64)intid << ICH_LR_PINTID_SHIFT);
	else if (!irq->edge)
		lr |= ICH_LR_EOI;
	lr_access(i, true, lr);
	v->arch.lr_used |= BIT(i);
	v->arch.lr_intid[i] = (u16)intid;
	irq->pending = 0;
	irq->in_lr = (u8)(i + 1);
}

/* One scan of everything v may be given: the best into the free list
 * registers, and ICH_HCR_EL2.UIE if more wait than fit. */
static void vgic_fill(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	struct vgic_waiting w = {0};
	u64 hcr = ICH_HCR_EN;
	u32 free[A64_MAX_LRS];

	a->vgic_rescan = 0;
	a->vgic_seen = v->zone->arch.vgic_gen;
	a->priv_new = 0;
	for (u32 i = 0; i < a->nr_lrs; i++)
		if (!(a->lr_used & BIT(i)))
			free[w.max++] = i;
	vgic_scan(v, &w);
	for (u32 k = 0; k < w.n && k < w.max; k++)
		vgic_load_lr(v, free[k], w.intid[k], vgic_irq_known(v, w.intid[k]));
	a->vgic_overflow = w.n > w.max;
	if (a->vgic_overflow)
		hcr |= ICH_HCR_UIE; /* more than fit: come back when they drain */
	sysreg_write(ich_hcr_el2, hcr);
	isb();
}

/* The private interrupts made pending since the last flush (a->priv_new)
 * straight into free list registers, if they all fit; false if the scan
 * must rank them. */
static bool vgic_place_new(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;
	u32 pending = 0, n;
	u8 lr[A64_NR_PRIV];

	for (u32 p = a->priv_new; p; p &= p - 1)
		if (vgic_deliverable(&a->priv[__builtin_ctz(p)]))
			pending |= p & -p;
	n = a64_lr_place(pending, ~a->lr_used & (BIT(a->nr_lrs) - 1), lr);
	if (n == A64_LR_NO_FIT)
		return false;
	for (u32 k = 0, intid; k < n; k++, pending &= pending - 1) {
		intid = (u32)__builtin_ctz(pending);
		vgic_load_lr(v, lr[k], intid, &a->priv[intid]);
	}
	a->priv_new = 0;
	return true;
}

/* Only after a change or a freed list register is there anything new to
 * load: otherwise the scan over every interrupt of the zone is skipped and
 * ICH_HCR_EL2 keeps what the last one wrote (most exits take this path).
 * Private interrupts made pending since (priv_new: the timer, SGIs) need
 * no scan when they fit into free list registers: with nothing else
 * changed and none freed since the last scan, nothing else waits while a
 * list register is free (a scan fills them all, UIE covers the rest). A
 * pending one that is disabled waits for its enable (a change). */
static void vgic_flush_locked(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	vgic_sync_lrs(v);
	if (!a->vgic_rescan && a->vgic_seen == v->zone->arch.vgic_gen &&
	    (!a->priv_new || vgic_place_new(v)))
		return;
	vgic_fill(v);
}

/* A virtual interrupt waits in one of this CPU's list registers. A WFI
 * completes when an interrupt is pending even if PSTATE.I masks it, so a
 * trapped WFI must then return at once: the hypervisor's own WFI would
 * not wake for it (only physical interrupts wake EL2). */
bool vgic_lr_pending(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	for (u32 used = a->lr_used; used; used &= used - 1)
		if (lr_access((u32)__builtin_ctz(used), false, 0) & ICH_LR_PENDING)
			return true;
	return false;
}

void vgic_flush(struct vcpu *v)
{
	spin_lock(&v->zone->arch.vgic_lock);
	vgic_flush_locked(v);
	spin_unlock(&v->zone->arch.vgic_lock);
}

/* PPI 25: list registers drained (UIE) or a level-sensitive EOI (LR.EOI).
 * The condition holds until the list registers are refilled or freed. */
void vgic_maintenance(void)
{
	struct vcpu *v = vcpu_current();

	if (v)
		vgic_flush(v);
	else
		sysreg_write(ich_hcr_el2, 0);
}

/* On v's own CPU (the timer's PPI, with the guest running): into a list
 * register before the guest resumes. */
void vgic_inject_ppi_hw(struct vcpu *v, u32 intid)
{
	spin_lock(&v->zone->arch.vgic_lock);
	v->arch.priv[intid].pending = 1;
	v->arch.priv[intid].hw = 1;
	v->arch.priv_new |= BIT(intid);
	vgic_flush_locked(v);
	spin_unlock(&v->zone->arch.vgic_lock);
}
