/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 vGIC of a zone with three vCPUs owning the emulated uart and
 * testdev SPIs (80, 81) and passthrough SPIs 40, 100 and 287, under random
 * distributor and redistributor accesses, device lines, passthrough
 * arrivals, SGIs, list-register flushes, guest acknowledges/EOIs, vCPU
 * resets and zone restarts. The list registers and ICH_HCR_EL2 are
 * modelled per vCPU (a64_host.h). After every step:
 *  - an SPI the zone does not own keeps its reset state and never reaches
 *    a list register, a register read or the physical GIC;
 *  - only owned passthrough SPIs are enabled, routed (to the zone's CPUs)
 *    or deactivated physically, and only they (and the timer PPI) appear
 *    in a list register with the HW bit;
 *  - list registers and the model agree: each used one holds the INTID it
 *    is recorded with and that interrupt knows it is there; unused ones
 *    are empty; none beyond ICH_VTR_EL2.ListRegs is touched;
 *  - after a flush, nothing deliverable is left while a list register is
 *    free.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zv/arch.h>
#include <zv/board.h>
#include <zv/zone.h>

#include "a64.h"
#include "board.h"
#include "fuzz_input.h"
#include "fuzz_zone.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define NR_VCPUS 3
#define NR_LRS 4
#define GICR_STRIDE 0x20000
#define LR_STATE(lr) ((lr) >> 62)
#define LR_HW (1UL << 61)

static struct zv_zone_cfg cfg;
static struct zone zone;
static struct vcpu vcpus[NR_VCPUS];
static struct vcpu *current; /* the vCPU whose CPU the code runs on */
static uint64_t lrs[NR_VCPUS][NR_LRS];

static bool passthrough(u32 intid)
{
	return intid == 40 || intid == 100 || intid == 287;
}

static bool owned(u32 intid)
{
	return intid == BOARD_VUART_IRQ || intid == BOARD_TESTDEV_IRQ || passthrough(intid);
}

static bool zone_pcpu(u32 cpu)
{
	for (u32 i = 0; i < NR_VCPUS; i++)
		if (vcpus[i].pcpu == cpu)
			return true;
	return false;
}

/* ---- Stubs: system registers, physical GIC, core (the rest of what
 * zone.c calls: stubs.c) ---- */

unsigned long a64_host_sysreg_read(const char *name)
{
	unsigned n;

	CHECK(current);
	if (sscanf(name, "ich_lr%u_el2", &n) == 1) {
		CHECK(n < NR_LRS);
		return lrs[current->id][n];
	}
	return 0;
}

void a64_host_sysreg_write(const char *name, unsigned long val)
{
	unsigned n;

	CHECK(current);
	if (sscanf(name, "ich_lr%u_el2", &n) == 1) {
		CHECK(n < NR_LRS);
		lrs[current->id][n] = val;
	}
}

u32 gic_nr_lrs(void)
{
	return NR_LRS;
}

void gic_spi_route(u32 intid, u32 cpu)
{
	CHECK(passthrough(intid) && zone_pcpu(cpu));
}

void gic_spi_enable(u32 intid, bool on)
{
	CHECK(passthrough(intid));
}

void gic_deactivate(u32 intid)
{
	CHECK(passthrough(intid) || intid == BOARD_TIMER_PPI);
}

u64 a64_cpu_affinity(u32 cpu)
{
	return ((u64)(cpu / 16) << 8) | (cpu % 16);
}

struct vcpu *vcpu_current(void)
{
	return current;
}

void vcpu_kick(struct vcpu *v, u32 requests)
{
	CHECK(v >= vcpus && v < vcpus + NR_VCPUS);
}

/* ---- Input ---- */

/* An INTID: mostly one the zone owns or a neighbour of one. */
static u32 pick_intid(struct fuzz_input *in)
{
	static const u32 near[] = {40, 41, 100, 287, 288, 80, 81, 82, 33, 27, 0, 1023};
	u32 sel = (u32)fuzz_take(in, 1);

	if (sel < 0xc0)
		return near[sel % (sizeof(near) / sizeof(near[0]))];
	return (u32)fuzz_take(in, 2) % 1100;
}

/* Offsets shared by GICD and the GICR SGI frame, mostly at registers. */
static u64 pick_common(struct fuzz_input *in, u32 sel)
{
	u32 a = (u32)fuzz_take(in, 1), b = (u32)fuzz_take(in, 1);

	switch (sel % 5) {
	case 0:
		return 0x80 * (1 + a % 7) + 4 * (b % 12); /* IGROUPR .. ICACTIVER */
	case 1:
		return 0x400 + (a | b << 8) % 1024; /* IPRIORITYR */
	case 2:
		return 0xc00 + 4 * (a % 20); /* ICFGR */
	case 3:
		return (a | b << 8) % 0x1000;
	default:
		return 0;
	}
}

static u64 pick_gicd(struct fuzz_input *in)
{
	u32 sel = (u32)fuzz_take(in, 1);

	if (sel < 0x80)
		return pick_common(in, sel);
	if (sel < 0xd0) /* IROUTER, either half */
		return 0x6000 + 8 * (fuzz_take(in, 2) % 300) + (sel & 4);
	if (sel < 0xe0)
		return sel & 1 ? 0xffe8 : 4 * (sel & 3);
	return fuzz_take(in, 2);
}

static u64 pick_gicr(struct fuzz_input *in)
{
	u32 sel = (u32)fuzz_take(in, 1);
	u64 frame = GICR_STRIDE * (fuzz_take(in, 1) % NR_VCPUS);

	if (sel < 0xa0)
		return frame + 0x10000 + pick_common(in, sel);
	if (sel < 0xe0)
		return frame + (sel & 1 ? 0xffe8 : 4 * (sel % 6));
	return fuzz_take(in, 3) % (GICR_STRIDE * NR_VCPUS);
}

/* ---- Checks ---- */

static struct vgic_irq *model(struct vcpu *v, u32 intid)
{
	return intid < 32 ? &v->arch.priv[intid] : &zone.arch.spi[intid - 32];
}

/* Reads of bit arrays, priorities and routes show nothing unowned. */
static void check_read(bool gicd, u64 off, u8 width, u64 val)
{
	u64 roff;

	if (!gicd && off % GICR_STRIDE < 0x10000)
		return;
	roff = gicd ? off : off % GICR_STRIDE - 0x10000;
	if (width == 4 && !(roff & 3) && roff >= 0x80 && roff < 0x400)
		for (u32 i = 0; i < 32; i++) {
			u32 intid = (u32)(roff % 0x80) * 8 + i;

			if (intid >= 32 && !owned(intid) && roff >= 0x100)
				CHECK(!(val & (1u << i)));
		}
	if (roff >= 0x400 && roff < 0x400 + 1020 && !(roff & (width - 1)))
		for (u32 i = 0; i < width; i++) {
			u32 intid = (u32)(roff - 0x400) + i;

			if (intid >= 32 && !owned(intid))
				CHECK(!((val >> (8 * i)) & 0xff));
		}
}

static void mmio_step(struct fuzz_input *in, bool gicd, bool write)
{
	static const u8 widths[8] = {4, 4, 4, 4, 1, 2, 8, 8};
	u64 off = gicd ? pick_gicd(in) : pick_gicr(in);
	u64 base = gicd ? BOARD_VGICD_GPA : BOARD_VGICR_GPA;
	u64 size = gicd ? 0x10000 : GICR_STRIDE * NR_VCPUS;
	u8 width = widths[fuzz_take(in, 1) & 7];
	u64 data = fuzz_take(in, 8);
	struct vcpu *v = &vcpus[fuzz_take(in, 1) % NR_VCPUS];
	int err;

	struct vgic_irq spi[A64_VGIC_SPIS], priv[NR_VCPUS][A64_NR_PRIV];

	memcpy(spi, zone.arch.spi, sizeof(spi));
	for (u32 i = 0; i < NR_VCPUS; i++)
		memcpy(priv[i], vcpus[i].arch.priv, sizeof(priv[i]));
	current = v;
	err = mmio_dispatch(v, base + off, width, write, &data);
	CHECK(err == 0 || off + width > size);
	if (!err && !write)
		check_read(gicd, off, width, data);
	/* The distributor shows no SGIs/PPIs, a redistributor no SPIs. */
	if (!gicd)
		CHECK(!memcmp(spi, zone.arch.spi, sizeof(spi)));
	for (u32 i = 0; gicd && i < NR_VCPUS; i++)
		CHECK(!memcmp(priv[i], vcpus[i].arch.priv, sizeof(priv[i])));
}

/* The guest acknowledges (pending -> active) or completes an interrupt. */
static void guest_step(struct fuzz_input *in)
{
	u32 sel = (u32)fuzz_take(in, 1);
	uint64_t *lr = &lrs[sel % NR_VCPUS][(sel >> 2) % NR_LRS];

	if (sel & 0x80)
		*lr &= ~(3UL << 62);
	else if (LR_STATE(*lr) == 1)
		*lr = (*lr & ~(3UL << 62)) | 2UL << 62;
}

static bool deliverable_left(struct vcpu *v)
{
	for (u32 intid = 0; intid < 32 + A64_VGIC_SPIS; intid++) {
		const struct vgic_irq *irq = model(v, intid);

		if (intid >= 32 && (!(zone.arch.gicd_ctlr & 2) || irq->target != v->id))
			continue;
		if (irq->enabled && irq->pending && !irq->in_lr && (intid < 32 || owned(intid)))
			return true;
	}
	return false;
}

static void flush_step(struct fuzz_input *in)
{
	struct vcpu *v = &vcpus[fuzz_take(in, 1) % NR_VCPUS];

	current = v;
	vgic_flush(v);
	if (v->arch.lr_used != (1u << NR_LRS) - 1)
		CHECK(!deliverable_left(v));
}

/* Some vCPU holds intid in list register slot - 1. */
static bool held(u32 intid, u32 slot, struct vcpu *only)
{
	for (u32 i = 0; i < NR_VCPUS; i++) {
		struct vcpu *w = &vcpus[i];

		if ((!only || only == w) && (w->arch.lr_used & (1u << (slot - 1))) &&
		    w->arch.lr_intid[slot - 1] == intid)
			return true;
	}
	return false;
}

static void check_lrs(struct vcpu *v)
{
	CHECK(v->arch.nr_lrs == NR_LRS && !(v->arch.lr_used >> NR_LRS));
	for (u32 i = 0; i < NR_LRS; i++) {
		uint64_t lr = lrs[v->id][i];
		u32 intid = v->arch.lr_intid[i];

		if (!(v->arch.lr_used & (1u << i))) {
			CHECK(LR_STATE(lr) == 0);
			continue;
		}
		CHECK(intid < 32 || owned(intid));
		CHECK((u32)lr == intid && model(v, intid)->in_lr == i + 1);
		if (lr & LR_HW)
			CHECK(((lr >> 32) & 0x1fff) == intid &&
			      (passthrough(intid) || intid == BOARD_TIMER_PPI));
	}
	for (u32 i = 0; i < 32; i++)
		CHECK(!v->arch.priv[i].in_lr || held(i, v->arch.priv[i].in_lr, v));
}

static void check_state(void)
{
	for (u32 i = 0; i < A64_VGIC_SPIS; i++) {
		const struct vgic_irq *irq = &zone.arch.spi[i];
		u32 intid = i + 32;

		if (!owned(intid)) {
			const struct vgic_irq reset = {.prio = 0xa0};

			CHECK(!memcmp(irq, &reset, sizeof(reset)) && zone.arch.irouter[i] == 0);
			continue;
		}
		CHECK(irq->target < NR_VCPUS && irq->hw == passthrough(intid));
		CHECK(!irq->in_lr || held(intid, irq->in_lr, NULL));
	}
	for (u32 i = 0; i < NR_VCPUS; i++)
		check_lrs(&vcpus[i]);
}

/* ---- Driver ---- */

static void reset_vcpu(struct vcpu *v)
{
	current = v;
	vgic_vcpu_reset(v);
}

static void setup(void)
{
	static const u32 irqs[] = {40, 100, 287};

	memset(lrs, 0, sizeof(lrs));
	fuzz_zone_init(&cfg, &zone, vcpus, NR_VCPUS, irqs, 3);
	zone.index = 1;
	for (u32 i = 0; i < NR_VCPUS; i++)
		vcpus[i].state = VCPU_RUNNING;
	current = &vcpus[0];
	CHECK(arch_zone_irq_init(&zone) == 0);
	for (u32 i = 0; i < NR_VCPUS; i++)
		reset_vcpu(&vcpus[i]);
}

static void other_step(struct fuzz_input *in, u32 op)
{
	struct vcpu *v = &vcpus[fuzz_take(in, 1) % NR_VCPUS];

	current = v;
	switch ((op >> 3) & 7) {
	case 0: /* plic-like forwarding: gic.c passes only the zone's own SPIs */
		vgic_inject_spi_hw(&zone, op & 0x40 ? 40 : op & 0x80 ? 100 : 287);
		break;
	case 1:
		vgic_inject_ppi_hw(v, BOARD_TIMER_PPI);
		break;
	case 2:
		vgic_maintenance();
		break;
	case 3: /* a vCPU (re)started by PSCI CPU_ON */
		reset_vcpu(v);
		break;
	case 4: /* the zone restarts: vCPU 0 of a new boot first */
		zone.boots++;
		for (u32 i = 0; i < NR_VCPUS; i++)
			reset_vcpu(&vcpus[i]);
		break;
	default:
		vgic_send_sgi(v, fuzz_take(in, 8), op & 0x40);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	setup();
	while (in.left) {
		u32 op = (u32)fuzz_take(&in, 1);

		switch (op & 7) {
		case 0:
		case 1:
			mmio_step(&in, true, op & 1);
			break;
		case 2:
			mmio_step(&in, false, op & 8);
			break;
		case 3: /* an emulated device line, or any number at all */
			arch_zone_irq_set(&zone, pick_intid(&in), op & 8);
			break;
		case 4:
			flush_step(&in);
			break;
		case 5:
			guest_step(&in);
			break;
		default:
			other_step(&in, op);
			break;
		}
		check_state();
	}
	return 0;
}
