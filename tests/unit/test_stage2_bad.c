/* SPDX-License-Identifier: MIT */
/*
 * The core's stage-2 builder in each port's format, on the refusing side:
 * overlapping and bad ranges, an exhausted pool, the root's alignment,
 * and the loongarch64 directory layout, read back through the reference
 * walks of stage2_fixture.h.
 */
#include "stage2_fixture.h"

/* Nothing replaces what is mapped: a page on a page, a page inside a
 * larger leaf, a larger leaf over a table of pages. */
static void test_overlap(void **state)
{
	struct tcase *c = *state;

	assert_int_equal(s2_map(&c->t, 0x1000, 0x2000, 0x1000, S2_READ), 0);
	assert_int_equal(s2_map(&c->t, 0x1000, 0x3000, 0x1000, S2_RWX), -ZV_EBUSY);
	assert_int_equal(s2_map(&c->t, 0, 0, MIB2, S2_RWX), -ZV_EBUSY);
	expect_mapped(c, 0x1000, 0x2000, 0x1000, S2_READ, KIB4, KIB4);
	expect_unmapped(c, 0x2000);
	if (c->ram_2m == MIB2) {
		assert_int_equal(s2_map(&c->t, 0x40000000, 0x40000000, MIB2, S2_RWX), 0);
		assert_int_equal(s2_map(&c->t, 0x40100000, 0x1000, 0x1000, S2_READ), -ZV_EBUSY);
		expect_mapped(c, 0x40000000, 0x40000000, MIB2, S2_RWX, MIB2, KIB4);
	}
	if (c->ram_1g == GIB1) {
		assert_int_equal(s2_map(&c->t, 0x80000000, 0x80000000, GIB1, S2_RWX), 0);
		assert_int_equal(s2_map(&c->t, 0x80200000, 0x0, MIB2, S2_RWX), -ZV_EBUSY);
		assert_int_equal(s2_map(&c->t, 0xc0000000 - KIB4, 0x0, 2 * KIB4, S2_RWX),
				 -ZV_EBUSY);
		expect_unmapped(c, 0xc0000000);
	}
}

static void test_bad_ranges(void **state)
{
	struct tcase *c = *state;
	u64 end = 1ULL << c->gpa_bits;

	assert_int_equal(s2_map(&c->t, 0x1800, 0x2000, 0x1000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x2000, 0x2800, 0x1000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x2000, 0x2000, 0x800, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, end, 0, 0x1000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, end - 0x1000, 0, 0x2000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, ~0xfffULL, 0, 0x2000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x3000, 1ULL << c->fmt.pa_bits, 0x1000, S2_READ),
			 -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x3000, ~0xfffULL, 0x2000, S2_READ), -ZV_EINVAL);
	assert_int_equal(s2_map(&c->t, 0x4000, 0x4000, 0, S2_READ), 0);
	expect_unmapped(c, 0x2000);
	expect_unmapped(c, end - 0x1000);
	/* The last page of the space is fine. */
	assert_int_equal(s2_map(&c->t, end - 0x1000, 0x5000, 0x1000, S2_READ), 0);
	expect_mapped(c, end - 0x1000, 0x5000, 0x1000, S2_READ, KIB4, KIB4);
}

static void test_pool_exhausted(void **state)
{
	struct tcase *c = *state;
	struct s2_pool small;
	struct s2_table t;

	u64 gpa = 1ULL << (c->gpa_bits - 1);
	u32 empties = c->fmt.empty_tables ? c->fmt.levels : 0;
	u32 root_pages = (1u << c->fmt.bits[0]) / 512 ? (1u << c->fmt.bits[0]) / 512 : 1;

	/* Room for one table: a page under a new root entry needs levels - 1. */
	c->pool.nr = c->pool.used + (c->fmt.levels > 2 ? 1 : 0);
	assert_int_equal(s2_map(&c->t, gpa, 0, 0x1000, S2_READ), -ZV_ENOMEM);
	expect_unmapped(c, gpa);
	assert_int_equal(s2_table_init(&t, &c->pool), -ZV_ENOMEM);
	/* Pages mapped before the pool ran out stay mapped. */
	c->pool.nr = POOL_PAGES;
	assert_int_equal(s2_map(&c->t, 0x1000, 0x1000, 0x1000, S2_READ), 0);
	c->pool.nr = c->pool.used;
	assert_int_equal(s2_map(&c->t, 0x200000 - 0x1000, 0x1000, 0x2000, S2_READ), -ZV_ENOMEM);
	expect_mapped(c, 0x200000 - 0x1000, 0x1000, 0x1000, S2_READ, KIB4, KIB4);
	/* Room for the shared empty tables but not the root; none for them. */
	memset(&small, 0, sizeof(small));
	assert_int_equal(s2_pool_init(&small, c->mem, empties + root_pages - 1, FAKE_PA, &c->fmt),
			 0);
	assert_int_equal(s2_table_init(&t, &small), -ZV_ENOMEM);
	if (empties)
		assert_int_equal(s2_pool_init(&small, c->mem, empties - 1, FAKE_PA, &c->fmt),
				 -ZV_ENOMEM);
}

/* Roots wider than a page (riscv64's 16 KiB, aarch64's concatenated
 * level 2) are aligned to their size. */
static void test_root_alignment(void **state)
{
	struct tcase *c = *state;
	u64 root_bytes = (1ULL << c->fmt.bits[0]) * 8;
	struct s2_table t;

	assert_int_equal(s2_map(&c->t, 0, 0, KIB4, S2_READ), 0); /* one page used more */
	assert_int_equal(s2_table_init(&t, &c->pool), 0);
	if (root_bytes > KIB4)
		assert_int_equal(t.root_pa & (root_bytes - 1), 0);
	assert_int_not_equal(t.root_pa, c->t.root_pa);
}

/* loongarch64: what root PWCL tells the refill, the ldpte pairs, shared
 * empty tables (3 pages before any zone) and how tables are shared. */
static void test_la_layout(void **state)
{
	struct tcase *c = *state;
	u64 pair[2], e;
	u32 before;

	assert_int_equal(pwcl_field(0, 5), 12);
	assert_int_equal(pwcl_field(5, 5), 9);
	assert_int_equal(pwcl_field(10, 5), 21);
	assert_int_equal(pwcl_field(15, 5), 9);
	assert_int_equal(pwcl_field(20, 5), 30);
	assert_int_equal(pwcl_field(25, 5), 9);
	assert_int_equal(LA_PT_PWCL >> 30, 0);
	assert_int_equal(c->pool.used, 4); /* empty PT, Dir1, root; the zone's root */
	assert_int_not_equal(c->pool.empty_root_pa, 0);
	assert_int_equal(s2_map(&c->t, 0x200000, 0x90200000, 0x4000, S2_RWX), 0);
	e = la_refill(c, 0x201234, pair);
	assert_int_equal(e & LA_PTE_PFN_MASK, 0x90201000);
	assert_int_equal(pair[0] & LA_PTE_PFN_MASK, 0x90200000);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x90201000);
	assert_true((e & LA_PTE_P) && (e & LA_PTE_W) && !(e & LA_PTE_HUGE));
	assert_int_equal(la_refill(c, 0x204000, pair), 0);
	/* 2 MiB of device pages in one Dir1 slot: one Dir1 + one PT; the
	 * next 2 MiB a PT only. */
	before = c->pool.used;
	assert_int_equal(s2_map(&c->t, 0x40000000, 0xa0000000, MIB2, S2_READ | S2_DEVICE), 0);
	assert_int_equal(c->pool.used, before + 2);
	assert_int_equal(s2_map(&c->t, 0x40200000, 0xa0200000, MIB2, S2_READ | S2_DEVICE), 0);
	assert_int_equal(c->pool.used, before + 3);
	/* Two 2 MiB leaves in one new Dir1, a PT for the tail page. */
	before = c->pool.used;
	assert_int_equal(s2_map(&c->t, 0x90000000, 0x90000000, 2 * MIB2 + 0x2000, S2_RWX), 0);
	assert_int_equal(c->pool.used, before + 2);
	e = la_refill(c, 0x90312345, pair);
	assert_int_equal(pair[0] & LA_PTE_PFN_MASK, 0x90200000);
	assert_int_equal(pair[1] & LA_PTE_PFN_MASK, 0x90300000);
	assert_int_equal(e, pair[1]);
	assert_false(e & LA_PTE_HUGE);
	/* The empty root walks to invalid entries, never through PA 0. */
	c->t.root_pa = c->pool.empty_root_pa;
	assert_int_equal(la_refill(c, 0x90000000, pair), 0);
	assert_int_equal(pair[0] | pair[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FOR_CASES(test_overlap),	    FOR_CASES(test_bad_ranges),
	    FOR_CASES(test_pool_exhausted), FOR_CASES(test_root_alignment),
	    CASE(test_la_layout, 4),
	};

	formats_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
