/* SPDX-License-Identifier: MIT */
/*
 * The riscv64 per-zone PLIC model, through the zone's MMIO table: a zone
 * sees only its own sources (emulated uart 10 and testdev 12, passthrough 3
 * and 33), priorities/enables of other sources stay 0, claim/complete,
 * threshold, per-context routing, and the vCPU external-interrupt line.
 * zone.c and mmio.c are the real ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <zv/arch.h>
#include <zv/board.h>
#include <zv/console.h>
#include <zv/zone.h>

#include "board.h"

#define UART 10
#define TESTDEV 12
#define PT_LOW 3
#define PT_HIGH 33

#define PRIO(irq) (4ULL * (irq))
#define PENDING(w) (0x1000ULL + 4 * (w))
#define ENABLE(ctx, w) (0x2000ULL + 0x80 * (ctx) + 4 * (w))
#define THRESHOLD(ctx) (0x200000ULL + 0x1000 * (ctx))
#define CLAIM(ctx) (THRESHOLD(ctx) + 4)
#define SEIP 10 /* hvip bit of the VS external interrupt */

void rv_vplic_raise_hw(struct zone *z, u32 irq); /* plic.c's way in */
void rv_vplic_reset(struct zone *z);

/* ---- Stubs: the port's vCPU and physical PLIC, recorded (zone.c's other
 * calls: stubs.c). ---- */

static int vsip_calls;
static int plic_completed[8], nr_plic_completed;
static u32 plic_completed_cpu[8];
static u32 plic_enabled[8][2], nr_plic_enabled;

void rv_vcpu_set_vsip(struct vcpu *v, u32 irq_bit, bool level)
{
	assert_int_equal(irq_bit, SEIP);
	vsip_calls++;
	if (level)
		v->arch.hvip |= BIT(irq_bit);
	else
		v->arch.hvip &= ~BIT(irq_bit);
}

void rv_plic_complete(u32 irq, u32 cpu)
{
	assert_true(nr_plic_completed < 8);
	plic_completed_cpu[nr_plic_completed] = cpu;
	plic_completed[nr_plic_completed++] = (int)irq;
}

void rv_plic_enable(u32 irq, u32 cpu)
{
	assert_true(nr_plic_enabled < 8);
	plic_enabled[nr_plic_enabled][0] = irq;
	plic_enabled[nr_plic_enabled++][1] = cpu;
}

/* ---- The zone ---- */

static struct zv_zone_cfg cfg;
static struct zone zone;
static struct vcpu vcpus[2];

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(&zone, 0, sizeof(zone));
	memset(vcpus, 0, sizeof(vcpus));
	strcpy(cfg.name, "z");
	cfg.nr_cpus = 2, cfg.cpus[0] = 2, cfg.cpus[1] = 3;
	cfg.devices = ZV_DEV_UART | ZV_DEV_TESTDEV;
	cfg.nr_irqs = 2, cfg.irqs[0] = PT_LOW, cfg.irqs[1] = PT_HIGH;
	zone.cfg = &cfg;
	zone.nr_vcpus = 2;
	for (u32 i = 0; i < 2; i++) {
		vcpus[i].id = i, vcpus[i].pcpu = cfg.cpus[i], vcpus[i].zone = &zone;
		zone.vcpus[i] = &vcpus[i];
	}
	vsip_calls = nr_plic_completed = 0;
	nr_plic_enabled = 0;
	assert_int_equal(arch_zone_irq_init(&zone), 0);
	return 0;
}

static u32 rd(u64 off)
{
	u64 v = 0xdeadbeef;

	assert_int_equal(mmio_dispatch(&vcpus[0], BOARD_PLIC_BASE + off, 4, false, &v), 0);
	return (u32)v;
}

static void wr(u64 off, u32 val)
{
	u64 v = val;

	assert_int_equal(mmio_dispatch(&vcpus[0], BOARD_PLIC_BASE + off, 4, true, &v), 0);
}

static bool seip(int vcpu)
{
	return vcpus[vcpu].arch.hvip & BIT(SEIP);
}

/* Priority 'prio' and enabled in vCPU 0's S-mode context (1). */
static void arm(u32 irq, u32 prio)
{
	wr(PRIO(irq), prio);
	wr(ENABLE(1, irq / 32), rd(ENABLE(1, irq / 32)) | 1u << (irq % 32));
}

/* ---- Tests ---- */

static void test_init(void **state)
{
	(void)state;
	assert_int_equal(zone.nr_mmio, 1);
	assert_int_equal(zone.mmio[0].base, BOARD_PLIC_BASE);
	assert_int_equal(zone.mmio[0].size, BOARD_PLIC_SIZE);
	assert_int_equal(zone.arch.vplic.nr_ctx, 4);
	assert_false(seip(0) || seip(1));
	/* The physical PLIC routes the passthrough sources to vCPU 0's CPU
	 * when the zone starts there, not before (that CPU's firmware clears
	 * them when it starts the CPU), and once per run. */
	assert_int_equal(nr_plic_enabled, 0);
	zone.boots++;
	rv_vplic_reset(&zone);
	rv_vplic_reset(&zone);
	assert_int_equal(nr_plic_enabled, 2);
	assert_int_equal(plic_enabled[0][0], PT_LOW);
	assert_int_equal(plic_enabled[0][1], 2);
	assert_int_equal(plic_enabled[1][0], PT_HIGH);
	assert_int_equal(plic_enabled[1][1], 2);
}

static void test_priority_only_owned(void **state)
{
	(void)state;
	for (u32 irq = 0; irq < 0x400; irq++)
		wr(PRIO(irq), 0xffffffff);
	for (u32 irq = 0; irq < 0x400; irq++) {
		bool owned = irq == UART || irq == TESTDEV || irq == PT_LOW || irq == PT_HIGH;

		if (rd(PRIO(irq)) != (owned ? 7u : 0u))
			fail_msg("source %u priority %u", irq, rd(PRIO(irq)));
	}
	wr(PRIO(UART), 0x0a); /* three bits */
	assert_int_equal(rd(PRIO(UART)), 2);
}

static void test_priority_without_devices(void **state)
{
	(void)state;
	/* Emulated-device sources belong to the zone only if it has them. */
	cfg.devices = 0;
	wr(PRIO(UART), 5);
	wr(PRIO(TESTDEV), 5);
	wr(PRIO(PT_LOW), 5);
	assert_int_equal(rd(PRIO(UART)), 0);
	assert_int_equal(rd(PRIO(TESTDEV)), 0);
	assert_int_equal(rd(PRIO(PT_LOW)), 5);
}

static void test_enable_only_owned(void **state)
{
	(void)state;
	for (u32 ctx = 0; ctx < 4; ctx++)
		for (u32 w = 0; w < 32; w++)
			wr(ENABLE(ctx, w), 0xffffffff);
	for (u32 ctx = 0; ctx < 4; ctx++) {
		assert_int_equal(rd(ENABLE(ctx, 0)), 1u << UART | 1u << TESTDEV | 1u << PT_LOW);
		assert_int_equal(rd(ENABLE(ctx, 1)), 1u << (PT_HIGH - 32));
		for (u32 w = 2; w < 32; w++)
			assert_int_equal(rd(ENABLE(ctx, w)), 0);
	}
	/* Source 0 does not exist. */
	wr(ENABLE(1, 0), 1);
	assert_int_equal(rd(ENABLE(1, 0)), 0);
}

static void test_contexts_out_of_range(void **state)
{
	(void)state;
	/* Two vCPUs: contexts 0..3. The rest reads 0 and ignores writes. */
	wr(ENABLE(4, 0), 0xffffffff);
	wr(THRESHOLD(4), 3);
	wr(CLAIM(4), UART);
	wr(ENABLE(0x3fbf, 0), 0xffffffff); /* the last enable slot */
	wr(THRESHOLD(1023), 3);            /* the last context slot */
	assert_int_equal(rd(ENABLE(4, 0)), 0);
	assert_int_equal(rd(THRESHOLD(4)), 0);
	assert_int_equal(rd(CLAIM(4)), 0);
	assert_int_equal(rd(ENABLE(0x3fbf, 0)), 0);
	assert_int_equal(rd(THRESHOLD(1023)), 0);
	assert_int_equal(rd(CLAIM(1023)), 0);
	assert_int_equal(rd(0x5ffffc), 0);
}

static void test_claim_complete_level(void **state)
{
	(void)state;
	arm(UART, 1);
	arch_zone_irq_set(&zone, UART, true);
	assert_true(seip(0));
	assert_false(seip(1)); /* not enabled in vCPU 1's context */
	assert_int_equal(rd(PENDING(0)), 1u << UART);
	assert_int_equal(rd(CLAIM(1)), UART);
	assert_false(seip(0));
	assert_int_equal(rd(PENDING(0)), 0);
	assert_int_equal(rd(CLAIM(1)), 0); /* claimed: not again until complete */
	/* The line is still high at completion: pending again at once. */
	wr(CLAIM(1), UART);
	assert_true(seip(0));
	assert_int_equal(rd(CLAIM(1)), UART);
	arch_zone_irq_set(&zone, UART, false); /* the guest served the device */
	wr(CLAIM(1), UART);
	assert_false(seip(0));
	assert_int_equal(rd(CLAIM(1)), 0);
	assert_int_equal(nr_plic_completed, 0); /* emulated: nothing physical */
}

static void test_level_dropped_before_claim(void **state)
{
	(void)state;
	arm(TESTDEV, 1);
	arch_zone_irq_set(&zone, TESTDEV, true);
	assert_true(seip(0));
	arch_zone_irq_set(&zone, TESTDEV, false);
	assert_false(seip(0));
	assert_int_equal(rd(CLAIM(1)), 0);
}

static void test_passthrough_completes_physically(void **state)
{
	(void)state;
	arm(PT_HIGH, 3);
	rv_vplic_raise_hw(&zone, PT_HIGH);
	assert_true(seip(0));
	assert_int_equal(rd(PENDING(1)), 1u << (PT_HIGH - 32));
	assert_int_equal(rd(CLAIM(1)), PT_HIGH);
	assert_false(seip(0));
	wr(CLAIM(1), PT_HIGH);
	assert_int_equal(nr_plic_completed, 1);
	assert_int_equal(plic_completed[0], PT_HIGH);
	/* On the context it is routed to: the CPU of the zone's vCPU 0. */
	assert_int_equal(plic_completed_cpu[0], zone.vcpus[0]->pcpu);
	assert_false(seip(0)); /* edge-like: the device raises it again */
	/* Completing what is not claimed does nothing. */
	wr(CLAIM(1), PT_HIGH);
	assert_int_equal(nr_plic_completed, 1);
}

/* A zone restart hands a claimed-but-never-completed passthrough source
 * back to the physical PLIC and forgets every line and enable. */
static void test_restart_resets(void **state)
{
	(void)state;
	arm(PT_HIGH, 3);
	arm(TESTDEV, 2);
	rv_vplic_raise_hw(&zone, PT_HIGH);
	assert_int_equal(rd(CLAIM(1)), PT_HIGH);
	arch_zone_irq_set(&zone, TESTDEV, true);
	zone.boots++;
	rv_vplic_reset(&zone);
	assert_int_equal(nr_plic_completed, 1);
	assert_int_equal(plic_completed[0], PT_HIGH);
	assert_int_equal(rd(ENABLE(1, 0)), 0);
	assert_int_equal(rd(PENDING(0)), 0);
	assert_int_equal(rd(PRIO(TESTDEV)), 0);
	/* Only once per run: a second call changes nothing. */
	rv_vplic_raise_hw(&zone, PT_HIGH);
	rv_vplic_reset(&zone);
	assert_int_equal(rd(PENDING(1)), 1u << (PT_HIGH - 32));
}

static void test_complete_unowned_ignored(void **state)
{
	static const u32 bad[] = {0, 1, 11, 31, 34, 95, 96, 1000, 0xffffffff};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		wr(CLAIM(1), bad[i]);
	assert_int_equal(nr_plic_completed, 0);
	assert_int_equal(vsip_calls, 0);
}

static void test_priority_order(void **state)
{
	(void)state;
	arm(PT_LOW, 2);
	arm(UART, 5);
	arm(TESTDEV, 2);
	rv_vplic_raise_hw(&zone, PT_LOW);
	arch_zone_irq_set(&zone, TESTDEV, true);
	arch_zone_irq_set(&zone, UART, true);
	/* Highest priority first; among equals, the lowest number. */
	assert_int_equal(rd(CLAIM(1)), UART);
	assert_int_equal(rd(CLAIM(1)), PT_LOW);
	assert_int_equal(rd(CLAIM(1)), TESTDEV);
	assert_int_equal(rd(CLAIM(1)), 0);
	assert_false(seip(0));
}

static void test_threshold(void **state)
{
	(void)state;
	arm(UART, 3);
	wr(THRESHOLD(1), 3);
	assert_int_equal(rd(THRESHOLD(1)), 3);
	arch_zone_irq_set(&zone, UART, true);
	assert_false(seip(0)); /* priority must exceed the threshold */
	assert_int_equal(rd(CLAIM(1)), 0);
	wr(THRESHOLD(1), 2);
	assert_true(seip(0));
	wr(THRESHOLD(1), 0xff); /* three bits */
	assert_int_equal(rd(THRESHOLD(1)), 7);
	assert_false(seip(0));
	wr(THRESHOLD(1), 0);
	wr(PRIO(UART), 0); /* priority 0 never interrupts */
	assert_false(seip(0));
}

static void test_per_vcpu_routing(void **state)
{
	(void)state;
	wr(PRIO(PT_LOW), 1);
	wr(ENABLE(3, 0), 1u << PT_LOW); /* vCPU 1's S-mode context */
	rv_vplic_raise_hw(&zone, PT_LOW);
	assert_false(seip(0));
	assert_true(seip(1));
	assert_int_equal(rd(CLAIM(1)), 0); /* not enabled for vCPU 0 */
	assert_int_equal(rd(CLAIM(3)), PT_LOW);
	assert_false(seip(1));
}

static void test_mmode_contexts_inert(void **state)
{
	(void)state;
	wr(PRIO(UART), 1);
	wr(ENABLE(0, 0), 1u << UART);
	wr(ENABLE(2, 0), 1u << UART);
	arch_zone_irq_set(&zone, UART, true);
	assert_false(seip(0) || seip(1));
	assert_int_equal(rd(CLAIM(0)), 0);
	assert_int_equal(rd(CLAIM(2)), 0);
	assert_int_equal(rd(PENDING(0)), 1u << UART); /* still pending */
}

static void test_bad_widths_and_alignment(void **state)
{
	u64 v;

	(void)state;
	arm(UART, 1);
	arch_zone_irq_set(&zone, UART, true);
	/* Only aligned 32-bit accesses do anything. */
	for (u8 w = 1; w <= 8; w *= 2) {
		if (w == 4)
			continue;
		v = 7;
		assert_int_equal(mmio_dispatch(&vcpus[0], BOARD_PLIC_BASE + PRIO(TESTDEV), w, true, &v), 0);
		v = 0x1234;
		assert_int_equal(mmio_dispatch(&vcpus[0], BOARD_PLIC_BASE + CLAIM(1), w, false, &v), 0);
		assert_int_equal(v, 0);
	}
	v = 7;
	assert_int_equal(mmio_dispatch(&vcpus[0], BOARD_PLIC_BASE + PRIO(TESTDEV) + 1, 4, true, &v), 0);
	v = 0x1234;
	assert_int_equal(mmio_dispatch(&vcpus[0], BOARD_PLIC_BASE + CLAIM(1) + 2, 4, false, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(rd(PRIO(TESTDEV)), 0);
	assert_true(seip(0)); /* no claim happened */
}

static void test_irq_set_out_of_range(void **state)
{
	(void)state;
	arch_zone_irq_set(&zone, RV_PLIC_MAX_SRC, true);
	arch_zone_irq_set(&zone, 0xffffffff, true);
	for (u32 w = 0; w < RV_PLIC_WORDS; w++)
		assert_int_equal(rd(PENDING(w)), 0);
	assert_int_equal(vsip_calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init, setup),
		cmocka_unit_test_setup(test_priority_only_owned, setup),
		cmocka_unit_test_setup(test_priority_without_devices, setup),
		cmocka_unit_test_setup(test_enable_only_owned, setup),
		cmocka_unit_test_setup(test_contexts_out_of_range, setup),
		cmocka_unit_test_setup(test_claim_complete_level, setup),
		cmocka_unit_test_setup(test_level_dropped_before_claim, setup),
		cmocka_unit_test_setup(test_passthrough_completes_physically, setup),
		cmocka_unit_test_setup(test_restart_resets, setup),
		cmocka_unit_test_setup(test_complete_unowned_ignored, setup),
		cmocka_unit_test_setup(test_priority_order, setup),
		cmocka_unit_test_setup(test_threshold, setup),
		cmocka_unit_test_setup(test_per_vcpu_routing, setup),
		cmocka_unit_test_setup(test_mmode_contexts_inert, setup),
		cmocka_unit_test_setup(test_bad_widths_and_alignment, setup),
		cmocka_unit_test_setup(test_irq_set_out_of_range, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
