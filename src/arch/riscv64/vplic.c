/* SPDX-License-Identifier: MIT */
/*
 * A PLIC per zone, with the QEMU virt register layout: a zone sees only the
 * sources it owns (its emulated devices and passthrough interrupts); every
 * other source reads as absent (priority stuck at 0). Context 2i+1 is the
 * S-mode context of vCPU i; even (M-mode) contexts are inert.
 */
#include <zv/arch.h>
#include <zv/lib.h>
#include <zv/zone.h>

#include "board.h"
#include "rv.h"

#define VPLIC_SIZE 0x600000
#define VPLIC_PENDING 0x1000
#define VPLIC_ENABLE 0x2000
#define VPLIC_CONTEXT 0x200000

static bool test_bit32(const u32 *map, u32 irq)
{
	return map[irq / 32] & (1u << (irq % 32));
}

static void assign_bit32(u32 *map, u32 irq, bool on)
{
	if (on)
		map[irq / 32] |= 1u << (irq % 32);
	else
		map[irq / 32] &= ~(1u << (irq % 32));
}

/* Sources this zone may see: its emulated devices and passthrough irqs. */
static bool vplic_owned(const struct zone *z, u32 irq)
{
	return irq != 0 && irq < RV_PLIC_MAX_SRC && zone_sees_irq(z, irq);
}

/* Highest-priority deliverable source of context ctx, or 0; the lowest
 * number wins a tie. Only the pending, enabled, unclaimed bits are visited
 * (this runs on every emulated UART access). */
static u32 vplic_best(const struct vplic *p, u32 ctx)
{
	u32 best = 0, best_prio = p->threshold[ctx];

	for (u32 w = 0; w < RV_PLIC_WORDS; w++) {
		u32 cand = p->pending[w] & p->enable[ctx][w] & ~p->active[w];

		if (w == 0)
			cand &= ~1u; /* source 0 does not exist */
		for (; cand; cand &= cand - 1) {
			u32 irq = w * 32 + (u32)__builtin_ctz(cand);

			if (p->prio[irq] > best_prio) {
				best = irq;
				best_prio = p->prio[irq];
			}
		}
	}
	return best;
}

/* Recompute each vCPU's external-interrupt line (caller holds the lock). */
void rv_vplic_update(struct zone *z)
{
	struct vplic *p = &z->arch.vplic;

	for (u32 i = 0; i < z->nr_vcpus; i++) {
		bool level = vplic_best(p, 2 * i + 1) != 0;
		struct vcpu *v = z->vcpus[i];

		if (level != !!(v->arch.hvip & BIT(10)))
			rv_vcpu_set_vsip(v, 10, level);
	}
}

void arch_zone_irq_set(struct zone *z, u32 irq, bool level)
{
	struct vplic *p = &z->arch.vplic;

	if (irq >= RV_PLIC_MAX_SRC)
		return;
	spin_lock(&z->arch.plic_lock);
	assign_bit32(p->level, irq, level);
	if (!test_bit32(p->active, irq))
		assign_bit32(p->pending, irq, level);
	rv_vplic_update(z);
	spin_unlock(&z->arch.plic_lock);
}

/* A passthrough source fired: latch it until the guest completes it. */
void rv_vplic_raise_hw(struct zone *z, u32 irq)
{
	spin_lock(&z->arch.plic_lock);
	assign_bit32(z->arch.vplic.pending, irq, true);
	rv_vplic_update(z);
	spin_unlock(&z->arch.plic_lock);
}

static u32 vplic_claim(struct zone *z, u32 ctx)
{
	struct vplic *p = &z->arch.vplic;
	u32 irq = vplic_best(p, ctx);

	if (irq) {
		assign_bit32(p->pending, irq, false);
		assign_bit32(p->active, irq, true);
	}
	return irq;
}

static void vplic_complete(struct zone *z, u32 irq)
{
	struct vplic *p = &z->arch.vplic;

	if (!vplic_owned(z, irq) || !test_bit32(p->active, irq))
		return;
	assign_bit32(p->active, irq, false);
	if (zone_owns_irq(z, irq))
		rv_plic_complete(irq, z->vcpus[0]->pcpu);
	else if (test_bit32(p->level, irq))
		assign_bit32(p->pending, irq, true);
}

static u32 vplic_owned_mask(const struct zone *z, u32 word)
{
	u32 mask = 0;

	for (u32 b = 0; b < 32; b++)
		if (vplic_owned(z, word * 32 + b))
			mask |= 1u << b;
	return mask;
}

static u32 vplic_read_locked(struct zone *z, u64 off)
{
	struct vplic *p = &z->arch.vplic;

	if (off < VPLIC_PENDING)
		return off / 4 < RV_PLIC_MAX_SRC ? p->prio[off / 4] : 0;
	if (off < VPLIC_PENDING + RV_PLIC_WORDS * 4)
		return p->pending[(off - VPLIC_PENDING) / 4];
	if (off >= VPLIC_ENABLE && off < VPLIC_CONTEXT) {
		u32 ctx = (u32)((off - VPLIC_ENABLE) / 0x80), w = (u32)((off & 0x7f) / 4);

		return ctx < p->nr_ctx && w < RV_PLIC_WORDS ? p->enable[ctx][w] : 0;
	}
	if (off >= VPLIC_CONTEXT) {
		u32 ctx = (u32)((off - VPLIC_CONTEXT) / 0x1000), reg = (u32)(off & 0xfff);

		if (ctx >= p->nr_ctx || (ctx & 1) == 0)
			return 0;
		if (reg == 0)
			return p->threshold[ctx];
		if (reg == 4)
			return vplic_claim(z, ctx);
	}
	return 0;
}

static void vplic_write_locked(struct zone *z, u64 off, u32 val)
{
	struct vplic *p = &z->arch.vplic;

	if (off < VPLIC_PENDING) {
		if (vplic_owned(z, (u32)(off / 4)))
			p->prio[off / 4] = val & 7;
	} else if (off >= VPLIC_ENABLE && off < VPLIC_CONTEXT) {
		u32 ctx = (u32)((off - VPLIC_ENABLE) / 0x80), w = (u32)((off & 0x7f) / 4);

		if (ctx < p->nr_ctx && w < RV_PLIC_WORDS)
			p->enable[ctx][w] = val & vplic_owned_mask(z, w);
	} else if (off >= VPLIC_CONTEXT) {
		u32 ctx = (u32)((off - VPLIC_CONTEXT) / 0x1000), reg = (u32)(off & 0xfff);

		if (ctx >= p->nr_ctx)
			return;
		if (reg == 0)
			p->threshold[ctx] = val & 7;
		else if (reg == 4)
			vplic_complete(z, val);
	}
}

static int vplic_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct zone *z = d->priv;

	if (width != 4 || (off & 3))
		return 0;
	spin_lock(&z->arch.plic_lock);
	*val = vplic_read_locked(z, off);
	rv_vplic_update(z);
	spin_unlock(&z->arch.plic_lock);
	return 0;
}

static int vplic_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct zone *z = d->priv;

	if (width != 4 || (off & 3))
		return 0;
	spin_lock(&z->arch.plic_lock);
	vplic_write_locked(z, off, (u32)val);
	rv_vplic_update(z);
	spin_unlock(&z->arch.plic_lock);
	return 0;
}

/* A new run of the zone starts from a clean vPLIC: sources a previous run
 * claimed but never completed go back to the physical PLIC, device line
 * levels are forgotten (the devices are reset too). Called for vCPU 0, on
 * its CPU: only now are its passthrough sources enabled on that CPU's
 * context, since OpenSBI clears a hart's S-mode enables when HSM starts
 * it, and the hart that boots the hypervisor is any one of them. */
void rv_vplic_reset(struct zone *z)
{
	struct vplic *p = &z->arch.vplic;

	spin_lock(&z->arch.plic_lock);
	if (z->arch.vplic_boot != z->boots) {
		z->arch.vplic_boot = z->boots;
		for (u32 irq = 1; irq < RV_PLIC_MAX_SRC; irq++)
			if (test_bit32(p->active, irq) && zone_owns_irq(z, irq))
				rv_plic_complete(irq, z->vcpus[0]->pcpu);
		memset(p, 0, sizeof(*p));
		p->nr_ctx = 2 * z->nr_vcpus;
		for (u32 i = 0; i < z->cfg->nr_irqs; i++)
			rv_plic_enable(z->cfg->irqs[i], z->vcpus[0]->pcpu);
	}
	spin_unlock(&z->arch.plic_lock);
}

MMIO_OPS(vplic, "emulated PLIC");

int arch_zone_irq_init(struct zone *z)
{
	memset(&z->arch.vplic, 0, sizeof(z->arch.vplic));
	z->arch.vplic.nr_ctx = 2 * z->nr_vcpus;
	return mmio_attach(z, BOARD_PLIC_BASE, VPLIC_SIZE, &vplic_ops, z);
}
