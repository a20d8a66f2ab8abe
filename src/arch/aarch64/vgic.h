/* SPDX-License-Identifier: MIT */
/*
 * What the vGIC's parts share: the list registers (vgic_lr.c), injection
 * (vgic_inject.c), the distributor and redistributor registers
 * (vgic_regs.c), and reset and set-up (vgic.c). All state of a zone is
 * under its vGIC lock, z->arch.vgic_lock.
 */
#ifndef A64_VGIC_INTERNAL_H
#define A64_VGIC_INTERNAL_H

#include <arch/a64_vgic.h>
#include <arch/sysreg.h>
#include <zv/zone.h>

#include "a64.h"

#define GICD_CTLR_GRP1 (1u << 1) /* EnableGrp1 */

/* Under the lock: something may have become deliverable (pending, enable,
 * route, distributor enable), so every vCPU scans again at its next flush. */
static inline void vgic_changed(struct zone *z)
{
	z->arch.vgic_gen++;
}

/* SPIs the zone may see: its emulated devices and passthrough interrupts. */
static inline bool vgic_spi_owned(const struct zone *z, u32 intid)
{
	return intid >= 32 && intid - 32 < A64_VGIC_SPIS && zone_sees_irq(z, intid);
}

/* The state of 'intid' as vCPU 'v' sees it, or NULL if it does not exist. */
static inline struct vgic_irq *vgic_irq(struct zone *z, struct vcpu *v, u32 intid)
{
	if (intid < A64_NR_PRIV)
		return v ? &v->arch.priv[intid] : NULL;
	return vgic_spi_owned(z, intid) ? &z->arch.spi[intid - 32] : NULL;
}

static inline struct vcpu *vgic_target(struct zone *z, const struct vgic_irq *irq, struct vcpu *v,
				       u32 intid)
{
	if (intid < A64_NR_PRIV)
		return v;
	return irq->target < z->nr_vcpus ? z->vcpus[irq->target] : NULL;
}

/* An interrupt already found to be v's (a scan of the zone's own, a list
 * register loaded from one): no ownership check again. */
static inline struct vgic_irq *vgic_irq_known(struct vcpu *v, u32 intid)
{
	return intid < A64_NR_PRIV ? &v->arch.priv[intid] : &v->zone->arch.spi[intid - 32];
}

/* The interrupt list register i holds. */
static inline struct vgic_irq *vgic_lr_irq(struct vcpu *v, u32 i)
{
	return vgic_irq_known(v, v->arch.lr_intid[i]);
}

static inline void vgic_kick(struct vcpu *t)
{
	if (t)
		vcpu_kick(t, VCPU_REQ_NOTIFY);
}

/* ICH_LR<i>_EL2: each list register is its own system register. */
#define LR_CASE(n)                                                                                 \
	case n:                                                                                    \
		if (write)                                                                         \
			sysreg_write(ich_lr##n##_el2, val);                                        \
		else                                                                               \
			val = sysreg_read(ich_lr##n##_el2);                                        \
		break;

static inline u64 lr_access(u32 i, bool write, u64 val)
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

/* vgic_regs.c: the emulated distributor and redistributors, placed in z. */
int vgic_regs_attach(struct zone *z);
/* GICR_WAKER.ProcessorSleep of each vCPU (set while it is reset). */
extern u32 vgic_private_enable_wake[ZV_MAX_ZONES][ZV_MAX_VCPUS];

#endif
