/* SPDX-License-Identifier: MIT */
/*
 * The riscv64 vPLIC of a zone with three vCPUs owning uart 10, testdev 12
 * and passthrough 3, 33 and 70, under random MMIO accesses, device line
 * changes and passthrough arrivals. After every step: no unowned source has
 * a priority, an enable bit or a claim; every claim returns an owned,
 * enabled source; only claimed passthrough sources are completed on the
 * physical PLIC; each vCPU's external-interrupt line matches the state.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/arch.h>
#include <zv/board.h>
#include <zv/zone.h>

#include "board.h"
#include "fuzz_input.h"
#include "fuzz_zone.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define NR_VCPUS 3
#define NR_CTX (2 * NR_VCPUS)
#define SEIP 10

void rv_vplic_raise_hw(struct zone *z, u32 irq);

static struct zv_zone_cfg cfg;
static struct zone zone;
static struct vcpu vcpus[NR_VCPUS];
static uint32_t hw_claimed[RV_PLIC_WORDS]; /* passthrough claimed by the guest */

static bool owned(u32 irq)
{
	return irq == 10 || irq == 12 || irq == 3 || irq == 33 || irq == 70;
}

static bool passthrough(u32 irq)
{
	return irq == 3 || irq == 33 || irq == 70;
}

static bool bit(const u32 *map, u32 irq)
{
	return map[irq / 32] & (1u << (irq % 32));
}

/* ---- Stubs: the port's vCPU and physical PLIC (zone.c's other calls:
 * stubs.c) ---- */

void rv_vcpu_set_vsip(struct vcpu *v, u32 irq_bit, bool level)
{
	CHECK(irq_bit == SEIP && v >= vcpus && v < vcpus + NR_VCPUS);
	if (level)
		v->arch.hvip |= BIT(irq_bit);
	else
		v->arch.hvip &= ~BIT(irq_bit);
}

void rv_plic_complete(u32 irq, u32 cpu)
{
	CHECK(irq < RV_PLIC_MAX_SRC && passthrough(irq) && bit(hw_claimed, irq));
	hw_claimed[irq / 32] &= ~(1u << (irq % 32));
}

void rv_plic_enable(u32 irq, u32 cpu)
{
	CHECK(passthrough(irq) && cpu == vcpus[0].pcpu);
}

/* ---- Input ---- */

/* An offset in the 6 MiB window, mostly at registers that exist. */
static u64 pick_offset(struct fuzz_input *in)
{
	u32 sel = fuzz_take(in, 1), a = fuzz_take(in, 1), b = fuzz_take(in, 1);

	switch (sel & 7) {
	case 0:
		return 4 * (a % 128); /* priority */
	case 1:
		return 0x1000 + 4 * (a % 5); /* pending */
	case 2:
		return 0x2000 + 0x80 * (a % (NR_CTX + 2)) + 4 * (b % 5); /* enable */
	case 3:
	case 4:
		return 0x200000 + 0x1000 * (a % (NR_CTX + 2)) + 4 * (b & 1); /* threshold/claim */
	default:
		return (a | b << 8 | (sel >> 3) << 16) % 0x600000; /* anywhere */
	}
}

/* A read of a claim register: returns an owned source enabled in an odd
 * context, pending, above the threshold, and not already claimed. */
static void check_claim(u32 ctx, u32 irq, const struct vplic *before)
{
	if (!irq)
		return;
	CHECK(irq < RV_PLIC_MAX_SRC && owned(irq) && (ctx & 1) && ctx < NR_CTX);
	CHECK(bit(before->enable[ctx], irq) && bit(before->pending, irq));
	CHECK(!bit(before->active, irq) && before->prio[irq] > before->threshold[ctx]);
	if (passthrough(irq))
		hw_claimed[irq / 32] |= 1u << (irq % 32);
}

static void mmio_step(struct fuzz_input *in, bool write)
{
	static const u8 widths[8] = {4, 4, 4, 4, 4, 1, 2, 8};
	u64 off = pick_offset(in), data;
	u8 width = widths[fuzz_take(in, 1) & 7];
	struct vplic before = zone.arch.vplic;

	if (fuzz_take(in, 1) == 0xff)
		off |= 1 + (fuzz_take(in, 1) & 2); /* misaligned */
	if (off + width > BOARD_PLIC_SIZE)
		return;
	data = fuzz_take(in, 4);
	CHECK(mmio_dispatch(&vcpus[fuzz_take(in, 1) % NR_VCPUS], BOARD_PLIC_BASE + off, width,
			    write, &data) == 0);
	if (!write && width == 4 && !(off & 3) && off >= 0x200000 && (off & 0xfff) == 4)
		check_claim((u32)((off - 0x200000) / 0x1000), (u32)data, &before);
}

/* The state invariants. */
static void check_state(void)
{
	const struct vplic *p = &zone.arch.vplic;

	for (u32 irq = 0; irq < RV_PLIC_MAX_SRC; irq++) {
		if (owned(irq))
			continue;
		CHECK(p->prio[irq] == 0 && !bit(p->active, irq));
		for (u32 ctx = 0; ctx < 2 * RV_MAX_VCPUS; ctx++)
			CHECK(!bit(p->enable[ctx], irq));
	}
	for (u32 i = 0; i < NR_VCPUS; i++) {
		u32 ctx = 2 * i + 1;
		bool want = false;

		for (u32 irq = 1; irq < RV_PLIC_MAX_SRC; irq++)
			want |= bit(p->pending, irq) && bit(p->enable[ctx], irq) &&
				!bit(p->active, irq) && p->prio[irq] > p->threshold[ctx];
		CHECK(want == !!(vcpus[i].arch.hvip & BIT(SEIP)));
	}
}

static void setup(void)
{
	static const u32 irqs[] = {3, 33, 70};

	memset(hw_claimed, 0, sizeof(hw_claimed));
	fuzz_zone_init(&cfg, &zone, vcpus, NR_VCPUS, irqs, 3);
	CHECK(arch_zone_irq_init(&zone) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	setup();
	while (in.left) {
		u32 op = fuzz_take(&in, 1), irq;

		switch (op & 3) {
		case 0:
			mmio_step(&in, false);
			break;
		case 1:
			mmio_step(&in, true);
			break;
		case 2: /* an emulated device line, or any number at all */
			irq = op & 4 ? (op & 8 ? 10 : 12) : fuzz_take(&in, 1);
			arch_zone_irq_set(&zone, irq, op & 0x10);
			break;
		case 3: /* plic.c forwards only sources the zone owns */
			rv_vplic_raise_hw(&zone, (op >> 2) % 3 == 0   ? 3
						 : (op >> 2) % 3 == 1 ? 33
								      : 70);
			break;
		}
		check_state();
	}
	return 0;
}
