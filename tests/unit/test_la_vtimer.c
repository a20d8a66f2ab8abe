/* SPDX-License-Identifier: MIT */
/*
 * loongarch64 guest timer kept by root while the vCPU idles: ticks left
 * from guest TCFG/TVAL, and the timer after time spent in root (one-shot
 * expiry turns it off, periodic keeps its phase, TVAL never 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arch/la_vtimer.h>

#define ONESHOT(init) ((uint64_t)(init) | LA_TCFG_EN)
#define PERIODIC(init) ((uint64_t)(init) | LA_TCFG_EN | LA_TCFG_PERIODIC)

static void test_left(void **state)
{
	assert_int_equal(la_vtimer_left(0x1000, 0x800), 0); /* off */
	assert_int_equal(la_vtimer_left(ONESHOT(0x1000), 0x800), 0x800);
	assert_int_equal(la_vtimer_left(ONESHOT(0x1000), 0x1000), 0x1000);
	assert_int_equal(la_vtimer_left(ONESHOT(0x1000), 0), 1);     /* due */
	assert_int_equal(la_vtimer_left(ONESHOT(0x1000), ~0ull), 1); /* wrapped */
	assert_int_equal(la_vtimer_left(ONESHOT(0x1000), 0x1001), 1);
}

static void test_not_yet(void **state)
{
	struct la_vtimer_next n;

	la_vtimer_advance(ONESHOT(0x1000), 0x800, 0x300, &n);
	assert_false(n.fire);
	assert_int_equal(n.tcfg, ONESHOT(0x1000));
	assert_int_equal(n.tval, 0x500);
	la_vtimer_advance(PERIODIC(0x1000), 0x800, 0x7ff, &n);
	assert_false(n.fire);
	assert_int_equal(n.tval, 1);
}

static void test_oneshot_expiry(void **state)
{
	struct la_vtimer_next n;

	la_vtimer_advance(ONESHOT(0x1000), 0x800, 0x800, &n);
	assert_true(n.fire);
	assert_int_equal(n.tcfg, 0x1000); /* EN cleared, InitVal kept */
	assert_int_not_equal(n.tval, 0);
	la_vtimer_advance(ONESHOT(0x1000), 1, 123456789, &n);
	assert_true(n.fire);
	assert_int_equal(n.tcfg & LA_TCFG_EN, 0);
}

static void test_periodic_phase(void **state)
{
	struct la_vtimer_next n;

	la_vtimer_advance(PERIODIC(0x1000), 0x800, 0x800, &n);
	assert_true(n.fire);
	assert_int_equal(n.tcfg, PERIODIC(0x1000));
	assert_int_equal(n.tval, 0x1000);
	/* 3 periods and 0x10 ticks past the first expiry: 0x10 into the period. */
	la_vtimer_advance(PERIODIC(0x1000), 0x800, 0x800 + 3 * 0x1000 + 0x10, &n);
	assert_true(n.fire);
	assert_int_equal(n.tval, 0x1000 - 0x10);
	/* Periodic with InitVal 0 behaves as one-shot rather than dividing by 0. */
	la_vtimer_advance(PERIODIC(0), 1, 5, &n);
	assert_true(n.fire);
	assert_int_equal(n.tcfg & LA_TCFG_EN, 0);
	assert_int_not_equal(n.tval, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_left),
	    cmocka_unit_test(test_not_yet),
	    cmocka_unit_test(test_oneshot_expiry),
	    cmocka_unit_test(test_periodic_phase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
