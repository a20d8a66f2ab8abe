/* SPDX-License-Identifier: MIT */
/*
 * The vGIC's register model: an emulated GICv3 distributor that shows only
 * the zone's SPIs, and one emulated redistributor per vCPU (its SGIs and
 * PPIs). Priority drop, acknowledge and deactivation never come here: the
 * guest's ICC_* accesses go to the hardware ICV_* interface.
 */
#include <zv/lib.h>

#include "board.h"
#include "vgic.h"

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

u32 vgic_private_enable_wake[ZV_MAX_ZONES][ZV_MAX_VCPUS];

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

static u64 prio_read(struct zone *z, struct vcpu *v, u32 first, u8 width)
{
	u64 val = 0;

	for (u32 i = 0; i < width; i++) {
		struct vgic_irq *irq = frame_irq(z, v, first + i);

		val |= (u64)(irq ? irq->prio : 0) << (8 * i);
	}
	return val;
}

static void prio_write(struct zone *z, struct vcpu *v, u32 first, u8 width, u64 val)
{
	for (u32 i = 0; i < width; i++) {
		struct vgic_irq *irq = frame_irq(z, v, first + i);

		if (irq)
			irq->prio = (u8)(val >> (8 * i));
	}
}

/* GICD_ICFGRn: two bits an interrupt, Int_config [1] = edge. */
static u64 cfg_read(struct zone *z, struct vcpu *v, u32 first)
{
	u64 val = 0;

	for (u32 i = 0; i < 16; i++) {
		struct vgic_irq *irq = frame_irq(z, v, first + i);

		if (irq && irq->edge)
			val |= 2UL << (2 * i);
	}
	return val;
}

static void cfg_write(struct zone *z, struct vcpu *v, u32 first, u64 val)
{
	for (u32 i = 0; i < 16; i++) {
		struct vgic_irq *irq = frame_irq(z, v, first + i);

		/* SGIs are always edge; PPIs keep their fixed config. */
		if (irq && first + i >= 32)
			irq->edge = (val >> (2 * i + 1)) & 1;
	}
}

/* The registers GICD and the GICR SGI_base frame share, at the same
 * offsets: a bit (BITS), a byte (PRIO) or two bits (CFG) an interrupt. */
enum common_kind { COMMON_BITS, COMMON_PRIO, COMMON_CFG };

static const struct common_reg {
	u16 base;
	u16 size;
	u8 kind;
	u8 bank;  /* COMMON_BITS: enum bank */
	u8 write; /* COMMON_BITS: 0 WI, 1 set (ISxxx), 2 clear (ICxxx) */
} common_regs[] = {
    {GICD_IGROUPR, 0x80, COMMON_BITS, BANK_GROUP, 0},
    {GICD_ISENABLER, 0x80, COMMON_BITS, BANK_ENABLE, 1},
    {GICD_ICENABLER, 0x80, COMMON_BITS, BANK_ENABLE, 2},
    {GICD_ISPENDR, 0x80, COMMON_BITS, BANK_PEND, 1},
    {GICD_ICPENDR, 0x80, COMMON_BITS, BANK_PEND, 2},
    {GICD_ISACTIVER, 0x80, COMMON_BITS, BANK_ACTIVE, 0},
    {GICD_ICACTIVER, 0x80, COMMON_BITS, BANK_ACTIVE, 0},
    {GICD_IPRIORITYR, 1020, COMMON_PRIO, 0, 0},
    {GICD_ICFGR, 0x100, COMMON_CFG, 0, 0},
};

/* Only offsets below COMMON_END reach the table, as since the first vGIC:
 * IPRIORITYR and ICFGR, past it, read as zero and ignore writes. */
#define COMMON_END 0x400

/* The shared register at 'off', or NULL (the rest of both frames is
 * RAZ/WI). */
static const struct common_reg *common_reg(u64 off)
{
	if (off >= COMMON_END)
		return NULL;
	for (u32 i = 0; i < ARRAY_SIZE(common_regs); i++)
		if (off >= common_regs[i].base && off < common_regs[i].base + common_regs[i].size)
			return &common_regs[i];
	return NULL;
}

/* 'v' is the vCPU whose SGIs/PPIs a GICR frame shows (NULL for the
 * distributor, where they are RAZ/WI). */
static bool common_read(struct zone *z, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	const struct common_reg *r = common_reg(off);
	u32 idx = r ? (u32)(off - r->base) : 0;

	if (!r)
		return false;
	if (r->kind == COMMON_BITS)
		*val = bank_read(z, v, idx * 8, r->bank);
	else if (r->kind == COMMON_PRIO)
		*val = prio_read(z, v, idx, width);
	else
		*val = cfg_read(z, v, idx * 4);
	return true;
}

static void common_write(struct zone *z, struct vcpu *v, u64 off, u8 width, u64 val)
{
	const struct common_reg *r = common_reg(off);
	u32 idx = r ? (u32)(off - r->base) : 0;

	if (!r)
		return;
	if (r->kind == COMMON_BITS && r->write)
		bank_write(z, v, idx * 8, r->bank, r->write == 1, (u32)val);
	else if (r->kind == COMMON_PRIO)
		prio_write(z, v, idx, width, val);
	else if (r->kind == COMMON_CFG)
		cfg_write(z, v, idx * 4, val);
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
	return common_read(z, NULL, off, width, &val) ? val : 0;
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
	common_write(z, NULL, off, width, val);
}

/* Guest view: SGI/PPI rows (INTIDs 0-31) of the distributor are RAZ/WI
 * with affinity routing; vgic_irq() with v = NULL gives exactly that. */
static int gicd_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct zone *z = d->priv;

	spin_lock(&z->arch.vgic_lock);
	*val = gicd_read_locked(z, off, width);
	spin_unlock(&z->arch.vgic_lock);
	return 0;
}

static int gicd_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct zone *z = d->priv;
	struct vcpu *kick[ZV_MAX_VCPUS];
	u32 n = z->nr_vcpus;

	spin_lock(&z->arch.vgic_lock);
	gicd_write_locked(z, off, width, val);
	vgic_changed(z);
	spin_unlock(&z->arch.vgic_lock);
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

	spin_lock(&z->arch.vgic_lock);
	if (roff < GICR_SGI)
		*val = gicr_rd_read(z, rv, roff);
	else if (!common_read(z, rv, roff - GICR_SGI, width, val))
		*val = 0;
	spin_unlock(&z->arch.vgic_lock);
	return 0;
}

static int gicr_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct zone *z = d->priv;
	struct vcpu *rv = z->vcpus[off / GICR_STRIDE];
	u64 roff = off % GICR_STRIDE;

	spin_lock(&z->arch.vgic_lock);
	if (roff == GICR_WAKER)
		vgic_private_enable_wake[z->index][rv->id] = !!(val & GICR_WAKER_SLEEP);
	else if (roff >= GICR_SGI)
		common_write(z, rv, roff - GICR_SGI, width, val);
	vgic_changed(z);
	spin_unlock(&z->arch.vgic_lock);
	vgic_kick(rv);
	return 0;
}

MMIO_OPS(gicd, "emulated GIC distributor");

MMIO_OPS(gicr, "emulated GIC redistributor");

int vgic_regs_attach(struct zone *z)
{
	int err = mmio_attach(z, BOARD_VGICD_GPA, GICD_SIZE, &gicd_ops, z);

	return err ? err : mmio_attach(z, BOARD_VGICR_GPA, GICR_STRIDE * z->nr_vcpus, &gicr_ops, z);
}
