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
 */
#include <arch/a64_vgic.h>
#include <arch/sysreg.h>
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/lib.h>
#include <zv/virtio_cfg.h>
#include <zv/zone.h>

#include "a64.h"
#include "board.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICD_SIZE 0x10000
#define GICD_CTLR_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_CTLR_DS (1u << 6)
#define GIC_PIDR2_V3 0x30  /* ArchRev [7:4] = 3 */
#define GIC_IIDR_ZV 0x5a56 /* not a registered implementer: "ZV" */

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_STRIDE 0x20000
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)

#define IROUTER_ANY (1UL << 31) /* Interrupt_Routing_Mode: any PE */

/* A per-interrupt bit in one of the GICD/GICR bit-array registers. */
enum bank { BANK_GROUP, BANK_ENABLE, BANK_PEND, BANK_ACTIVE };

static u32 vgic_private_enable_wake[ZV_MAX_ZONES][ZV_MAX_VCPUS]; /* GICR_WAKER.ProcessorSleep */

static void vgic_lock(struct zone *z)
{
	while (__atomic_exchange_n(&z->arch.vgic_lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void vgic_unlock(struct zone *z)
{
	__atomic_store_n(&z->arch.vgic_lock, 0, __ATOMIC_RELEASE);
}

/* Under the lock: something may have become deliverable (pending, enable,
 * route, distributor enable), so every vCPU scans again at its next flush. */
static void vgic_changed(struct zone *z)
{
	z->arch.vgic_gen++;
}

/* SPIs the zone may see: its emulated devices and passthrough interrupts. */
static bool vgic_spi_owned(const struct zone *z, u32 intid)
{
	const struct zv_zone_cfg *c = z->cfg;

	if (intid < 32 || intid - 32 >= A64_VGIC_SPIS)
		return false;
	if ((c->devices & ZV_DEV_UARTS) && intid == zv_board.uart_irq)
		return true;
	if ((c->devices & ZV_DEV_TESTDEV) && intid == zv_board.testdev_irq)
		return true;
	if (virtio_cfg_owns_irq(&zv_board, c, intid))
		return true;
	return zone_owns_irq(z, intid);
}

/* The state of 'intid' as vCPU 'v' sees it, or NULL if it does not exist. */
static struct vgic_irq *vgic_irq(struct zone *z, struct vcpu *v, u32 intid)
{
	if (intid < A64_NR_PRIV)
		return v ? &v->arch.priv[intid] : NULL;
	return vgic_spi_owned(z, intid) ? &z->arch.spi[intid - 32] : NULL;
}

static struct vcpu *vgic_target(struct zone *z, const struct vgic_irq *irq, struct vcpu *v,
				u32 intid)
{
	if (intid < A64_NR_PRIV)
		return v;
	return irq->target < z->nr_vcpus ? z->vcpus[irq->target] : NULL;
}

/* ---- list registers (this CPU's vCPU only) ---- */

/* An interrupt already found to be v's (a scan of the zone's own, a list
 * register loaded from one): no ownership check again. */
static struct vgic_irq *vgic_irq_known(struct vcpu *v, u32 intid)
{
	return intid < A64_NR_PRIV ? &v->arch.priv[intid] : &v->zone->arch.spi[intid - 32];
}

/* The interrupt list register i holds. */
static struct vgic_irq *vgic_lr_irq(struct vcpu *v, u32 i)
{
	return vgic_irq_known(v, v->arch.lr_intid[i]);
}

#define LR_CASE(n)                                                                                 \
	case n:                                                                                    \
		if (write)                                                                         \
			sysreg_write(ich_lr##n##_el2, val);                                        \
		else                                                                               \
			val = sysreg_read(ich_lr##n##_el2);                                        \
		break;

static u64 lr_access(u32 i, bool write, u64 val)
{
	/* clang-format reflows these differently on every run: kept as laid out */
	/* clang-format off */
	switch (i) {
		LR_CASE(0) LR_CASE(1) LR_CASE(2) LR_CASE(3) LR_CASE(4) LR_CASE(5) LR_CASE(6)
		LR_CASE(7) LR_CASE(8) LR_CASE(9) LR_CASE(10) LR_CASE(11) LR_CASE(12)
		LR_CASE(13) LR_CASE(14) LR_CASE(15)
	}
	/* clang-format on */
	return val;
}

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
	 * Otherwise nothing waits for this one. */
	if (irq->pending && intid < A64_NR_PRIV)
		a->priv_new |= BIT(intid);
	else if (irq->pending || a->vgic_overflow)
		a->vgic_rescan = 1;
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
	vgic_lock(v->zone);
	vgic_flush_locked(v);
	vgic_unlock(v->zone);
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

/* ---- injection ---- */

static void vgic_kick(struct vcpu *t)
{
	if (t)
		vcpu_kick(t, VCPU_REQ_NOTIFY);
}

void arch_zone_irq_set(struct zone *z, u32 intid, bool level)
{
	struct vgic_irq *irq;
	struct vcpu *t;

	vgic_lock(z);
	irq = vgic_irq(z, NULL, intid);
	if (!irq) {
		vgic_unlock(z);
		return;
	}
	if (level && (!irq->edge || !irq->level) && !irq->in_lr)
		irq->pending = 1;
	else if (!level && !irq->edge)
		irq->pending = 0;
	irq->level = level;
	vgic_changed(z);
	t = vgic_target(z, irq, NULL, intid);
	vgic_unlock(z);
	vgic_kick(t);
}

void vgic_inject_spi_hw(struct zone *z, u32 intid)
{
	struct vgic_irq *irq;
	struct vcpu *t;

	vgic_lock(z);
	irq = vgic_irq(z, NULL, intid);
	if (!irq) {
		vgic_unlock(z);
		gic_deactivate(intid);
		return;
	}
	irq->pending = 1;
	vgic_changed(z);
	t = vgic_target(z, irq, NULL, intid);
	vgic_unlock(z);
	vgic_kick(t);
}

/* On v's own CPU (the timer's PPI, with the guest running): into a list
 * register before the guest resumes. */
void vgic_inject_ppi_hw(struct vcpu *v, u32 intid)
{
	vgic_lock(v->zone);
	v->arch.priv[intid].pending = 1;
	v->arch.priv[intid].hw = 1;
	v->arch.priv_new |= BIT(intid);
	vgic_flush_locked(v);
	vgic_unlock(v->zone);
}

/* ICC_SGI1R_EL1 / ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 from the guest: INTID
 * [27:24] to the vCPUs of its own zone the value names (a64_sgi_targets()).
 * A private interrupt of each: priv_new, no zone-wide rescan. */
void vgic_send_sgi(struct vcpu *v, u64 sgir, bool all_groups)
{
	struct zone *z = v->zone;
	u32 intid = (sgir >> 24) & 0xf;
	u32 mask = a64_sgi_targets(sgir, z->nr_vcpus, v->id);

	vgic_lock(z);
	for (u32 m = mask; m; m &= m - 1) {
		struct arch_vcpu *t = &z->vcpus[__builtin_ctz(m)]->arch;

		t->priv[intid].pending = 1;
		t->priv_new |= BIT(intid);
	}
	vgic_unlock(z);
	for (u32 m = mask; m; m &= m - 1)
		vgic_kick(z->vcpus[__builtin_ctz(m)]);
}

/* ---- register model ---- */

static u32 bank_get(const struct vgic_irq *irq, enum bank b)
{
	switch (b) {
	case BANK_GROUP:
		return 1; /* everything is Group 1 */
	case BANK_ENABLE:
		return irq->enabled;
	case BANK_PEND:
		return irq->pending || (irq->in_lr && !irq->hw);
	case BANK_ACTIVE:
		return 0;
	}
	return 0;
}

/* A passthrough SPI follows its virtual enable and routing physically. */
static void vgic_hw_update(struct zone *z, u32 intid, const struct vgic_irq *irq)
{
	if (intid < 32 || !irq->hw)
		return;
	if (irq->target < z->nr_vcpus)
		gic_spi_route(intid, z->vcpus[irq->target]->pcpu);
	gic_spi_enable(intid, irq->enabled);
}

static void bank_set(struct zone *z, struct vgic_irq *irq, u32 intid, enum bank b, bool set)
{
	switch (b) {
	case BANK_ENABLE:
		irq->enabled = set;
		vgic_hw_update(z, intid, irq);
		break;
	case BANK_PEND:
		if (!irq->hw)
			irq->pending = set && !irq->in_lr;
		break;
	default:
		break;
	}
}

/* The interrupt a register frame shows at 'intid': a redistributor
 * (v != NULL) has only v's SGIs and PPIs, the distributor (v == NULL) only
 * the zone's SPIs. */
static struct vgic_irq *frame_irq(struct zone *z, struct vcpu *v, u32 intid)
{
	return v && intid >= A64_NR_PRIV ? NULL : vgic_irq(z, v, intid);
}

static u32 bank_read(struct zone *z, struct vcpu *v, u32 first, enum bank b)
{
	u32 val = 0;

	for (u32 i = 0; i < 32; i++) {
		struct vgic_irq *irq = frame_irq(z, v, first + i);

		if (irq && bank_get(irq, b))
			val |= 1u << i;
	}
	return val;
}

/* Set (ISxxx) or clear (ICxxx) registers: only written 1 bits act. */
static void bank_write(struct zone *z, struct vcpu *v, u32 first, enum bank b, bool set, u32 val)
{
	for (u32 i = 0; i < 32; i++) {
		struct vgic_irq *irq = frame_irq(z, v, first + i);

		if (irq && (val & (1u << i)))
			bank_set(z, irq, first + i, b, set);
	}
}

/* Offsets shared by GICD and the GICR SGI_base frame: bit arrays,
 * priorities and configuration. 'v' is the vCPU whose SGIs/PPIs a GICR
 * frame shows (NULL for the distributor, where they are RAZ/WI). */
static bool common_read(struct zone *z, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	static const struct {
		u32 base;
		enum bank bank;
	} banks[] = {
	    {GICD_IGROUPR, BANK_GROUP},	   {GICD_ISENABLER, BANK_ENABLE},
	    {GICD_ICENABLER, BANK_ENABLE}, {GICD_ISPENDR, BANK_PEND},
	    {GICD_ICPENDR, BANK_PEND},	   {GICD_ISACTIVER, BANK_ACTIVE},
	    {GICD_ICACTIVER, BANK_ACTIVE},
	};

	for (u32 i = 0; i < ARRAY_SIZE(banks); i++)
		if (off >= banks[i].base && off < banks[i].base + 0x80) {
			*val = bank_read(z, v, (u32)(off - banks[i].base) * 8, banks[i].bank);
			return true;
		}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 1020) {
		*val = 0;
		for (u32 i = 0; i < width; i++) {
			struct vgic_irq *irq = frame_irq(z, v, (u32)(off - GICD_IPRIORITYR) + i);

			*val |= (u64)(irq ? irq->prio : 0) << (8 * i);
		}
		return true;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		u32 first = (u32)(off - GICD_ICFGR) * 4;

		*val = 0;
		for (u32 i = 0; i < 16; i++) {
			struct vgic_irq *irq = frame_irq(z, v, first + i);

			if (irq && irq->edge)
				*val |= 2UL << (2 * i);
		}
		return true;
	}
	return false;
}

static bool common_write(struct zone *z, struct vcpu *v, u64 off, u8 width, u64 val)
{
	static const struct {
		u32 base;
		enum bank bank;
		bool set;
	} banks[] = {
	    {GICD_ISENABLER, BANK_ENABLE, true},
	    {GICD_ICENABLER, BANK_ENABLE, false},
	    {GICD_ISPENDR, BANK_PEND, true},
	    {GICD_ICPENDR, BANK_PEND, false},
	};

	for (u32 i = 0; i < ARRAY_SIZE(banks); i++)
		if (off >= banks[i].base && off < banks[i].base + 0x80) {
			bank_write(z, v, (u32)(off - banks[i].base) * 8, banks[i].bank,
				   banks[i].set, (u32)val);
			return true;
		}
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 1020) {
		for (u32 i = 0; i < width; i++) {
			struct vgic_irq *irq = frame_irq(z, v, (u32)(off - GICD_IPRIORITYR) + i);

			if (irq)
				irq->prio = (u8)(val >> (8 * i));
		}
		return true;
	}
	if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100) {
		u32 first = (u32)(off - GICD_ICFGR) * 4;

		for (u32 i = 0; i < 16; i++) {
			struct vgic_irq *irq = frame_irq(z, v, first + i);

			/* SGIs are always edge; PPIs keep their fixed config. */
			if (irq && first + i >= 32)
				irq->edge = (val >> (2 * i + 1)) & 1;
		}
		return true;
	}
	return false; /* IGROUPR and the rest: WI */
}

/* GICD_TYPER: ITLinesNumber [4:0] covers the highest SPI the zone owns,
 * IDbits [23:19] = 9 (10-bit INTIDs), No1N [25]. */
static u32 gicd_typer(const struct zone *z)
{
	u32 max = 32;

	for (u32 i = 32; i < 32 + A64_VGIC_SPIS; i++)
		if (vgic_spi_owned(z, i))
			max = i;
	return (max / 32) | (9u << 19) | (1u << 25);
}

static u64 gicd_read_locked(struct zone *z, u64 off, u8 width)
{
	u64 val = 0;

	if (off == GICD_CTLR)
		return z->arch.gicd_ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
	if (off == GICD_TYPER)
		return gicd_typer(z);
	if (off == GICD_IIDR)
		return GIC_IIDR_ZV;
	if (off == GICD_PIDR2)
		return GIC_PIDR2_V3;
	if (off >= GICD_IROUTER + 8 * 32 && off < GICD_IROUTER + 8 * (32 + A64_VGIC_SPIS)) {
		u32 intid = (u32)((off - GICD_IROUTER) / 8);

		if (!vgic_spi_owned(z, intid))
			return 0;
		val = z->arch.irouter[intid - 32];
		return (off & 4) ? val >> 32 : val;
	}
	if (off < 0x80 * 8 && common_read(z, NULL, off, width, &val))
		return val;
	return 0;
}

static void gicd_route(struct zone *z, u32 intid, u64 val)
{
	struct vgic_irq *irq = &z->arch.spi[intid - 32];
	u64 id = ((val >> 8) & 0xff) * 16 + (val & 0xff);

	z->arch.irouter[intid - 32] = val & (IROUTER_ANY | 0xff00ffffffUL);
	irq->target = (val & IROUTER_ANY) || (val & 0xff) >= 16 || id >= z->nr_vcpus ? 0 : (u8)id;
	vgic_hw_update(z, intid, irq);
}

static void gicd_write_locked(struct zone *z, u64 off, u8 width, u64 val)
{
	if (off == GICD_CTLR) {
		z->arch.gicd_ctlr = (u32)val & 3; /* EnableGrp0, EnableGrp1 */
		return;
	}
	if (off >= GICD_IROUTER + 8 * 32 && off < GICD_IROUTER + 8 * (32 + A64_VGIC_SPIS)) {
		u32 intid = (u32)((off - GICD_IROUTER) / 8);
		u64 cur;

		if (!vgic_spi_owned(z, intid))
			return;
		cur = z->arch.irouter[intid - 32];
		if (width == 4) /* a 32-bit half */
			val = (off & 4) ? (cur & 0xffffffffUL) | (val << 32)
					: (cur & ~0xffffffffUL) | (u32)val;
		gicd_route(z, intid, val);
		return;
	}
	if (off < 0x80 * 8)
		common_write(z, NULL, off, width, val);
}

/* Guest view: SGI/PPI rows (INTIDs 0-31) of the distributor are RAZ/WI
 * with affinity routing; vgic_irq() with v = NULL gives exactly that. */
static int gicd_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct zone *z = d->priv;

	vgic_lock(z);
	*val = gicd_read_locked(z, off, width);
	vgic_unlock(z);
	return 0;
}

static int gicd_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct zone *z = d->priv;
	struct vcpu *kick[ZV_MAX_VCPUS];
	u32 n = z->nr_vcpus;

	vgic_lock(z);
	gicd_write_locked(z, off, width, val);
	vgic_changed(z);
	vgic_unlock(z);
	/* Enables, pendings and routes may have made something deliverable. */
	for (u32 i = 0; i < n; i++)
		kick[i] = z->vcpus[i];
	for (u32 i = 0; i < n; i++)
		if (kick[i]->state == VCPU_RUNNING)
			vgic_kick(kick[i]);
	return 0;
}

/* GICR_TYPER: Affinity [63:32], Processor_Number [23:8], Last [4]. */
static u64 gicr_typer(const struct zone *z, const struct vcpu *rv)
{
	return (a64_cpu_affinity(rv->id) << 32) | ((u64)rv->id << 8) |
	       (rv->id == z->nr_vcpus - 1 ? 1UL << 4 : 0);
}

static u64 gicr_rd_read(struct zone *z, struct vcpu *rv, u64 off)
{
	u32 sleep = vgic_private_enable_wake[z->index][rv->id];

	switch (off) {
	case GICR_IIDR:
		return GIC_IIDR_ZV;
	case GICR_TYPER:
		return gicr_typer(z, rv);
	case GICR_TYPER + 4:
		return gicr_typer(z, rv) >> 32;
	case GICR_WAKER:
		return sleep ? GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP : 0;
	case GICD_PIDR2:
		return GIC_PIDR2_V3;
	}
	return 0; /* GICR_CTLR (no LPIs, RWP 0) and the rest */
}

static int gicr_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct zone *z = d->priv;
	struct vcpu *rv = z->vcpus[off / GICR_STRIDE];
	u64 roff = off % GICR_STRIDE;

	vgic_lock(z);
	if (roff < GICR_SGI)
		*val = gicr_rd_read(z, rv, roff);
	else if (roff - GICR_SGI >= 0x80 * 8 || !common_read(z, rv, roff - GICR_SGI, width, val))
		*val = 0;
	vgic_unlock(z);
	return 0;
}

static int gicr_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct zone *z = d->priv;
	struct vcpu *rv = z->vcpus[off / GICR_STRIDE];
	u64 roff = off % GICR_STRIDE;

	vgic_lock(z);
	if (roff == GICR_WAKER)
		vgic_private_enable_wake[z->index][rv->id] = !!(val & GICR_WAKER_SLEEP);
	else if (roff >= GICR_SGI && roff - GICR_SGI < 0x80 * 8)
		common_write(z, rv, roff - GICR_SGI, width, val);
	vgic_changed(z);
	vgic_unlock(z);
	vgic_kick(rv);
	return 0;
}

/* ---- reset and set-up ---- */

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

	vgic_lock(z);
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
	vgic_unlock(z);
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
	struct mmio_dev gicd = {
	    .base = BOARD_VGICD_GPA,
	    .size = GICD_SIZE,
	    .read = gicd_read,
	    .write = gicd_write,
	    .priv = z,
	    .name = "emulated GIC distributor",
	};
	struct mmio_dev gicr = {
	    .base = BOARD_VGICR_GPA,
	    .size = GICR_STRIDE * z->nr_vcpus,
	    .read = gicr_read,
	    .write = gicr_write,
	    .priv = z,
	    .name = "emulated GIC redistributor",
	};
	int err;

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
	err = mmio_register(z, &gicd);
	return err ? err : mmio_register(z, &gicr);
}
