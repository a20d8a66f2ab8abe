/* SPDX-License-Identifier: MIT */
/*
 * loongarch64 stage-2 tables: built by la_pt_map, read back the way the
 * root refill handler reads them (lddir 2, lddir 1, ldpte 0/1 following
 * root PWCL). Empty slots must lead to invalid entries through the shared
 * empty tables, never to physical address 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arch/la_pt.h>
#include <zv/types.h>

#define POOL_PAGES 64
#define FAKE_PA_BASE 0x40000000ULL /* "physical" address of the pool */

static uint64_t (*pool)[LA_PT_ENTRIES];
static unsigned used, limit;

static uint64_t *t_alloc(void *ctx)
{
	if (used >= limit)
		return NULL;
	memset(pool[used], 0xa5, 4096); /* contents are undefined for la_pt */
	return pool[used++];
}

static uint64_t t_to_phys(void *ctx, const uint64_t *t)
{
	return FAKE_PA_BASE + (uint64_t)((const char *)t - (const char *)pool);
}

static uint64_t *t_to_virt(void *ctx, uint64_t pa)
{
	/* A walk through PA 0 (an empty directory entry) would land here. */
	assert_true(pa >= FAKE_PA_BASE && pa < FAKE_PA_BASE + POOL_PAGES * 4096ULL);
	assert_int_equal(pa & 0xfff, 0);
	return (uint64_t *)((char *)pool + (pa - FAKE_PA_BASE));
}

static const struct la_pt_ops ops = {t_alloc, t_to_phys, t_to_virt, NULL};
static struct la_pt pt;

static int setup(void **state)
{
	pool = aligned_alloc(4096, POOL_PAGES * 4096);
	used = 0;
	limit = POOL_PAGES;
	return la_pt_init(&pt, &ops);
}

static int teardown(void **state)
{
	free(pool);
	return 0;
}

static void test_pwcl_layout(void **state)
{
	uint32_t w = LA_PT_PWCL;

	assert_int_equal(w & 0x1f, 12);		/* PTbase */
	assert_int_equal((w >> 5) & 0x1f, 9);	/* PTwidth */
	assert_int_equal((w >> 10) & 0x1f, 21); /* Dir1_base */
	assert_int_equal((w >> 15) & 0x1f, 9);	/* Dir1_width */
	assert_int_equal((w >> 20) & 0x1f, 30); /* Dir2_base */
	assert_int_equal((w >> 25) & 0x1f, 9);	/* Dir2_width */
	assert_int_equal(w >> 30, 0);		/* 64-bit entries */
	assert_int_equal(30 + 9, LA_PT_GPA_BITS);
}

static void test_empty_walks_invalid(void **state)
{
	static const uint64_t gpas[] = {0, 0x1000, 0x1fe001e0, 0x80000000, 0x7fffffffff};
	uint64_t pair[2];

	assert_int_equal(used, 3); /* empty PT, empty Dir1, root */
	for (size_t i = 0; i < sizeof(gpas) / sizeof(gpas[0]); i++) {
		assert_int_equal(la_pt_walk(&pt, LA_PT_PWCL, gpas[i], pair), 0);
		assert_int_equal(pair[0] | pair[1], 0);
	}
}

static void test_map_ram(void **state)
{
	uint64_t pair[2], e;

	assert_int_equal(
	    la_pt_map(&pt, 0x200000, 0x90200000, 0x4000, LA_PT_READ | LA_PT_WRITE | LA_PT_EXEC), 0);
	e = la_pt_walk(&pt, LA_PT_PWCL, 0x201234, pair);
	assert_int_equal(e & LA_PTE_PFN_MASK, 0x90201000);
	assert_true(e & LA_PTE_V);
	assert_true(e & LA_PTE_D);
	assert_int_equal(e & LA_PTE_MAT_MASK, LA_PTE_MAT_CC);
	assert_false(e & (LA_PTE_NR | LA_PTE_NX | LA_PTE_HUGE));
	assert_int_equal(e & 0xc, 0); /* PLV 0 */
	/* ldpte 0/1: the even/odd pair around the address. */
	assert_int_equal(pair[0] & LA_PTE_PFN_MASK, 0x90200000);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x90201000);
	/* Just past the mapping: invalid, and the neighbour pair too. */
	assert_int_equal(la_pt_walk(&pt, LA_PT_PWCL, 0x204000, pair), 0);
	assert_int_equal(la_pt_walk(&pt, LA_PT_PWCL, 0x1ff000, pair), 0);
}

static void test_map_device_and_ro(void **state)
{
	uint64_t pair[2], e;

	assert_int_equal(
	    la_pt_map(&pt, 0x20000000, 0x20000000, 0x1000, LA_PT_READ | LA_PT_WRITE | LA_PT_DEVICE),
	    0);
	e = la_pt_walk(&pt, LA_PT_PWCL, 0x20000010, pair);
	assert_int_equal(e & LA_PTE_MAT_MASK, LA_PTE_MAT_SUC);
	assert_true(e & LA_PTE_NX);
	assert_true(e & LA_PTE_D);
	assert_int_equal(la_pt_map(&pt, 0x30000000, 0x30000000, 0x1000, LA_PT_READ), 0);
	e = la_pt_walk(&pt, LA_PT_PWCL, 0x30000000, pair);
	assert_false(e & LA_PTE_D);
	assert_true(e & LA_PTE_V);
}

static void test_tables_shared(void **state)
{
	unsigned before;

	/* 2 MiB of device pages within one Dir1 slot: one new Dir1 + one PT. */
	assert_int_equal(
	    la_pt_map(&pt, 0x40000000, 0xa0000000, 0x200000, LA_PT_READ | LA_PT_DEVICE), 0);
	assert_int_equal(used, 3 + 2);
	before = used;
	/* Next 2 MiB: a new PT only. */
	assert_int_equal(
	    la_pt_map(&pt, 0x40200000, 0xa0200000, 0x200000, LA_PT_READ | LA_PT_DEVICE), 0);
	assert_int_equal(used, before + 1);
}

static void test_map_huge(void **state)
{
	const uint32_t rwx = LA_PT_READ | LA_PT_WRITE | LA_PT_EXEC;
	uint64_t pair[2], e;
	unsigned before = used;

	/* 4 MiB + 8 KiB of aligned RAM: two 2 MiB leaves in one new Dir1, no
	 * PT, then one PT for the 4 KiB tail. */
	assert_int_equal(la_pt_map(&pt, 0x10000000, 0x90000000, 0x402000, rwx), 0);
	assert_int_equal(used, before + 2);
	e = la_pt_walk(&pt, LA_PT_PWCL, 0x10312345, pair);
	/* ldpte's halves: 1 MiB each, the second 1 MiB above the first. */
	assert_int_equal(pair[0] & LA_PTE_PFN_MASK, 0x90200000);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x90300000);
	assert_int_equal(e, pair[1]);
	assert_false(e & LA_PTE_HUGE);
	assert_true((e & LA_PTE_V) && (e & LA_PTE_D));
	assert_int_equal(e & LA_PTE_MAT_MASK, LA_PTE_MAT_CC);
	e = la_pt_walk(&pt, LA_PT_PWCL, 0x10401000, pair);
	assert_int_equal(e & LA_PTE_PFN_MASK, 0x90401000);
	/* A page inside a 2 MiB leaf, or a 2 MiB leaf over pages, is taken. */
	assert_int_equal(la_pt_map(&pt, 0x10100000, 0x1000, 0x1000, LA_PT_READ), -ZV_EBUSY);
	assert_int_equal(la_pt_map(&pt, 0x10400000, 0xa0000000, 0x200000, rwx), -ZV_EBUSY);
	/* HPA not 2 MiB aligned, or a device: 4 KiB pages. */
	assert_int_equal(la_pt_map(&pt, 0x20000000, 0x90801000, 0x200000, rwx), 0);
	e = la_pt_walk(&pt, LA_PT_PWCL, 0x20000000, pair);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x90802000);
	assert_int_equal(
	    la_pt_map(&pt, 0x20200000, 0x20200000, 0x200000, LA_PT_READ | LA_PT_DEVICE), 0);
	e = la_pt_walk(&pt, LA_PT_PWCL, 0x20201000, pair);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x20201000);
	assert_int_equal(e & LA_PTE_MAT_MASK, LA_PTE_MAT_SUC);
}

static void test_errors(void **state)
{
	assert_int_equal(la_pt_map(&pt, 0x1000, 0x2000, 0x1000, LA_PT_READ), 0);
	assert_int_equal(la_pt_map(&pt, 0x1000, 0x3000, 0x1000, LA_PT_READ), -ZV_EBUSY);
	assert_int_equal(la_pt_map(&pt, 0x1800, 0x2000, 0x1000, LA_PT_READ), -ZV_EINVAL);
	assert_int_equal(la_pt_map(&pt, 0x2000, 0x2800, 0x1000, LA_PT_READ), -ZV_EINVAL);
	assert_int_equal(la_pt_map(&pt, 0x2000, 0x2000, 0x800, LA_PT_READ), -ZV_EINVAL);
	assert_int_equal(la_pt_map(&pt, 1ULL << 39, 0, 0x1000, LA_PT_READ), -ZV_EINVAL);
	assert_int_equal(la_pt_map(&pt, (1ULL << 39) - 0x1000, 0, 0x2000, LA_PT_READ), -ZV_EINVAL);
	assert_int_equal(la_pt_map(&pt, 0x3000, 1ULL << 48, 0x1000, LA_PT_READ), -ZV_EINVAL);
	assert_int_equal(la_pt_map(&pt, ~0xfffULL, 0, 0x2000, LA_PT_READ), -ZV_EINVAL);
	assert_int_equal(la_pt_map(&pt, 0x4000, 0x4000, 0, LA_PT_READ), 0);
}

static void test_pool_exhausted(void **state)
{
	limit = used + 1; /* room for a Dir1 but not its PT */
	assert_int_equal(la_pt_map(&pt, 0x5000000000ULL, 0, 0x1000, LA_PT_READ), -ZV_ENOMEM);
	limit = 2;
	assert_int_equal(la_pt_init(&(struct la_pt){0}, &ops), -ZV_ENOMEM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pwcl_layout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_empty_walks_invalid, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_ram, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_device_and_ro, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tables_shared, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_huge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pool_exhausted, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
