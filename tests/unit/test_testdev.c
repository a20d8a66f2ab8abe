/* SPDX-License-Identifier: MIT */
/* The test device's registers, through the zone's MMIO table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zv/arch.h>
#include <zv/mmio.h>
#include <zv/testdev.h>
#include <zv/zone.h>

#include "stubs.h"

#define TD_GPA 0x10010000ULL
#define TD_IRQ 12

static struct zone zone;
static struct vcpu vcpu;
static struct testdev td;

static int setup(void **state)
{
	(void)state;
	memset(&zone, 0, sizeof(zone));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&td, 0x5a, sizeof(td)); /* attach must reset it */
	vcpu.zone = &zone;
	memset(&stub_irq, 0, sizeof(stub_irq));
	assert_int_equal(testdev_attach(&zone, &td, TD_GPA, 0x1000, TD_IRQ), 0);
	return 0;
}

static u64 rd(u64 off, u8 width)
{
	u64 v = 0xabababababababab;

	assert_int_equal(mmio_dispatch(&vcpu, TD_GPA + off, width, false, &v), 0);
	return v;
}

static void wr(u64 off, u8 width, u64 val)
{
	assert_int_equal(mmio_dispatch(&vcpu, TD_GPA + off, width, true, &val), 0);
}

static void test_attach_resets(void **state)
{
	(void)state;
	assert_ptr_equal(td.zone, &zone);
	assert_int_equal(td.irq, TD_IRQ);
	assert_int_equal(td.scratch, 0);
	assert_int_equal(td.counter, 0);
	assert_int_equal(td.irq_level, 0);
	assert_int_equal(zone.nr_mmio, 1);
}

static void test_id(void **state)
{
	(void)state;
	assert_int_equal(rd(TESTDEV_REG_ID, 4), TESTDEV_ID);
	assert_int_equal(rd(TESTDEV_REG_ID, 8), TESTDEV_ID);
	wr(TESTDEV_REG_ID, 4, 0); /* read-only */
	assert_int_equal(rd(TESTDEV_REG_ID, 4), TESTDEV_ID);
}

static void test_scratch_widths(void **state)
{
	(void)state;
	wr(TESTDEV_REG_SCRATCH, 8, 0x0123456789abcdefULL);
	assert_int_equal(rd(TESTDEV_REG_SCRATCH, 8), 0x0123456789abcdefULL);
	assert_int_equal(rd(TESTDEV_REG_SCRATCH, 4), 0x89abcdef);
	assert_int_equal(rd(TESTDEV_REG_SCRATCH, 2), 0xcdef);
	assert_int_equal(rd(TESTDEV_REG_SCRATCH, 1), 0xef);
	/* A narrower write replaces only the low bytes. */
	wr(TESTDEV_REG_SCRATCH, 1, 0x11);
	assert_int_equal(rd(TESTDEV_REG_SCRATCH, 8), 0x0123456789abcd11ULL);
	wr(TESTDEV_REG_SCRATCH, 2, 0xffff2222);
	assert_int_equal(rd(TESTDEV_REG_SCRATCH, 8), 0x0123456789ab2222ULL);
	wr(TESTDEV_REG_SCRATCH, 4, 0xffffffff33333333ULL);
	assert_int_equal(rd(TESTDEV_REG_SCRATCH, 8), 0x0123456733333333ULL);
}

static void test_counter(void **state)
{
	(void)state;
	assert_int_equal(rd(TESTDEV_REG_COUNTER, 8), 1);
	assert_int_equal(rd(TESTDEV_REG_COUNTER, 4), 2);
	wr(TESTDEV_REG_COUNTER, 8, 100); /* read-only */
	assert_int_equal(rd(TESTDEV_REG_COUNTER, 8), 3);
	/* Other registers do not count. */
	rd(TESTDEV_REG_ID, 4);
	rd(TESTDEV_REG_SCRATCH, 8);
	assert_int_equal(rd(TESTDEV_REG_COUNTER, 8), 4);
}

static void test_irq(void **state)
{
	(void)state;
	wr(TESTDEV_REG_IRQ, 4, 1);
	assert_int_equal(stub_irq.calls, 1);
	assert_ptr_equal(stub_irq.zone, &zone);
	assert_int_equal(stub_irq.irq, TD_IRQ);
	assert_true(stub_irq.level);
	assert_int_equal(rd(TESTDEV_REG_IRQ, 4), 1);
	wr(TESTDEV_REG_IRQ, 4, 2); /* only bit 0 counts */
	assert_false(stub_irq.level);
	assert_int_equal(rd(TESTDEV_REG_IRQ, 4), 0);
	wr(TESTDEV_REG_IRQ, 8, 0xffffffffffffffffULL);
	assert_true(stub_irq.level);
	assert_int_equal(rd(TESTDEV_REG_IRQ, 8), 1);
	wr(TESTDEV_REG_IRQ, 1, 0);
	assert_false(stub_irq.level);
	assert_int_equal(stub_irq.calls, 4);
}

/* Unaligned and unknown offsets read 0 and ignore writes. */
static void test_other_offsets(void **state)
{
	(void)state;
	static const u64 offs[] = {0x4, 0x9, 0x11, 0x19, 0x20, 0x800, 0xff8};
	u64 v;

	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		wr(offs[i], 1, 1);
		assert_int_equal(rd(offs[i], 1), 0);
	}
	assert_int_equal(stub_irq.calls, 0);
	assert_int_equal(td.scratch, 0);
	assert_int_equal(td.counter, 0);
	/* Past the device: not its business. */
	assert_int_equal(mmio_dispatch(&vcpu, TD_GPA + 0x1000, 4, false, &v), -ZV_EFAULT);
}

static void test_attach_table_full(void **state)
{
	struct testdev other;

	(void)state;
	zone.nr_mmio = ZONE_MAX_MMIO;
	assert_int_equal(testdev_attach(&zone, &other, 0x20000000, 0x1000, 13), -ZV_ENOMEM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_attach_resets, setup),
		cmocka_unit_test_setup(test_id, setup),
		cmocka_unit_test_setup(test_scratch_widths, setup),
		cmocka_unit_test_setup(test_counter, setup),
		cmocka_unit_test_setup(test_irq, setup),
		cmocka_unit_test_setup(test_other_offsets, setup),
		cmocka_unit_test_setup(test_attach_table_full, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
