/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 vGIC's pure decisions: the vCPUs a guest's trapped SGI write
 * reaches (only its own zone's, whatever the value names) and where
 * private interrupts that became pending go without a scan (all into
 * free list registers of their own, or none).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/a64_vgic.h>

/* ICC_SGI1R_EL1 fields: Aff3 [55:48], RS [47:44], IRM [40], Aff2 [39:32],
 * INTID [27:24], Aff1 [23:16], TargetList [15:0]. */
static uint64_t sgir(uint64_t aff1, uint64_t list)
{
	return (1UL << 24) | (aff1 << 16) | list;
}
#define IRM (1UL << 40)

static void test_sgi_target_list(void **state)
{
	assert_int_equal(a64_sgi_targets(sgir(0, 0x2), 2, 0), 0x2);
	assert_int_equal(a64_sgi_targets(sgir(0, 0x3), 2, 0), 0x3); /* itself too */
	assert_int_equal(a64_sgi_targets(sgir(0, 0), 2, 0), 0);
	/* Aff0 beyond the zone's vCPUs names nobody. */
	assert_int_equal(a64_sgi_targets(sgir(0, 0xfffc), 2, 0), 0);
	assert_int_equal(a64_sgi_targets(sgir(0, 0xffff), 8, 3), 0xff);
	assert_int_equal(a64_sgi_targets(sgir(0, 0xffff), 1, 0), 0x1);
}

static void test_sgi_other_affinities(void **state)
{
	/* Aff1, Aff2, Aff3 or RS naming another cluster: none of ours. */
	assert_int_equal(a64_sgi_targets(sgir(1, 0xffff), 8, 0), 0);
	assert_int_equal(a64_sgi_targets(sgir(0, 0xffff) | (1UL << 32), 8, 0), 0);
	assert_int_equal(a64_sgi_targets(sgir(0, 0xffff) | (1UL << 48), 8, 0), 0);
	assert_int_equal(a64_sgi_targets(sgir(0, 0xffff) | (1UL << 44), 8, 0), 0);
	/* vCPUs 16 and up are Aff1 = 1: a zone of at most 32 is tracked. */
	assert_int_equal(a64_sgi_targets(sgir(1, 0x3), 18, 0), 0x30000);
	assert_int_equal(a64_sgi_targets(sgir(0, 0xffff), 64, 0), 0xffff);
	/* Aff1 2 and up: vCPUs 32 and up, which no zone has. */
	assert_int_equal(a64_sgi_targets(sgir(2, 0xffff), 64, 0), 0);
	assert_int_equal(a64_sgi_targets(sgir(0xff, 0xffff), 64, 0), 0);
}

static void test_sgi_irm(void **state)
{
	/* IRM: every vCPU of the zone but the sender, affinity fields ignored. */
	assert_int_equal(a64_sgi_targets(IRM, 4, 1), 0xd);
	assert_int_equal(a64_sgi_targets(IRM | (0xffUL << 48) | 0xffff, 4, 0), 0xe);
	assert_int_equal(a64_sgi_targets(IRM, 1, 0), 0);
	assert_int_equal(a64_sgi_targets(IRM, 2, 7), 0x3); /* not one of them */
}

static void test_lr_place_fits(void **state)
{
	uint8_t lr[32];

	memset(lr, 0xee, sizeof(lr));
	assert_int_equal(a64_lr_place(0, 0xf, lr), 0);
	assert_int_equal(lr[0], 0xee);
	/* INTID 27 into the only free one, LR 2. */
	assert_int_equal(a64_lr_place(1u << 27, 0x4, lr), 1);
	assert_int_equal(lr[0], 2);
	/* SGIs 1 and 8: lower INTID, lower list register, never a used one. */
	assert_int_equal(a64_lr_place(0x102, 0xa, lr), 2);
	assert_int_equal(lr[0], 1);
	assert_int_equal(lr[1], 3);
	/* All 16 list registers. */
	assert_int_equal(a64_lr_place(0xffff0000u, 0xffff, lr), 16);
	for (int k = 0; k < 16; k++)
		assert_int_equal(lr[k], k);
}

static void test_lr_place_no_fit(void **state)
{
	uint8_t lr[32];

	/* Not all fit: none is placed, the scan ranks them by priority. */
	assert_int_equal(a64_lr_place(0x3, 0x8, lr), A64_LR_NO_FIT);
	assert_int_equal(a64_lr_place(1u << 27, 0, lr), A64_LR_NO_FIT);
	assert_int_equal(a64_lr_place(0xffffffffu, 0xffff, lr), A64_LR_NO_FIT);
	assert_int_equal(a64_lr_place(0x80000001u, 0x80000000u, lr), A64_LR_NO_FIT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sgi_target_list), cmocka_unit_test(test_sgi_other_affinities),
	    cmocka_unit_test(test_sgi_irm),	    cmocka_unit_test(test_lr_place_fits),
	    cmocka_unit_test(test_lr_place_no_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
