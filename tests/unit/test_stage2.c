/* SPDX-License-Identifier: MIT */
/*
 * The core's stage-2 builder (src/core/stage2.c) in each port's format:
 * riscv64 Sv39x4, aarch64 (walks from level 2 and from level 1, blocks up
 * to 1 GiB or none), loongarch64 lddir/ldpte. Every mapping is read back
 * by a reference walk (stage2_fixture.h) written from the ISA's manual (not from the
 * port's encoder), through "physical" addresses that differ from the
 * host's, so a walk through an empty entry (PA 0) or outside the pool
 * fails the test. Refusals, pool exhaustion, root alignment and the
 * loongarch64 layout: test_stage2_bad.c; the fixture: stage2_fixture.h.
 */
#include "stage2_fixture.h"

static void test_empty(void **state)
{
	const struct tcase *c = *state;
	const u64 gpas[] = {0, KIB4, 0x1fe001e0 & ~0xfffULL, 0x80000000,
			    (1ULL << c->gpa_bits) - KIB4};

	for (size_t i = 0; i < sizeof(gpas) / sizeof(gpas[0]); i++)
		expect_unmapped(c, gpas[i]);
}

/* RAM 1 GiB aligned: the largest leaf the format allows, then the next
 * sizes down for the tail; unaligned HPA: pages only. */
static void test_leaf_sizes(void **state)
{
	struct tcase *c = *state;
	const u64 g = GIB1, h = 2 * GIB1, size = GIB1 + MIB2 + KIB4;

	assert_int_equal(s2_map(&c->t, g, h, size, S2_RWX), 0);
	expect_mapped(c, g, h, GIB1, S2_RWX, c->ram_1g, c->ram_1g < MIB2 ? 0x3f000 : c->ram_1g / 4);
	expect_mapped(c, g + GIB1, h + GIB1, MIB2, S2_RWX, c->ram_2m,
		      c->ram_2m < MIB2 ? KIB4 : MIB2);
	expect_mapped(c, g + GIB1 + MIB2, h + GIB1 + MIB2, KIB4, S2_RWX, KIB4, KIB4);
	expect_unmapped(c, g - KIB4);
	expect_unmapped(c, g + size);
	/* Same size, HPA only 4 KiB aligned. */
	assert_int_equal(s2_map(&c->t, 0xc0000000, 0x90001000, 4 * MIB2, S2_READ | S2_WRITE), 0);
	expect_mapped(c, 0xc0000000, 0x90001000, 4 * MIB2, S2_READ | S2_WRITE, KIB4, KIB4);
	/* A device window, 2 MiB aligned. */
	assert_int_equal(s2_map(&c->t, 0x10000000, 0x10000000, 2 * MIB2 + 3 * KIB4,
				S2_READ | S2_WRITE | S2_DEVICE),
			 0);
	expect_mapped(c, 0x10000000, 0x10000000, 2 * MIB2, S2_READ | S2_WRITE | S2_DEVICE,
		      c->dev_2m, KIB4);
	expect_mapped(c, 0x10000000 + 2 * MIB2, 0x10000000 + 2 * MIB2, 3 * KIB4,
		      S2_READ | S2_WRITE | S2_DEVICE, KIB4, KIB4);
}

/* Mixed sizes and alignments side by side, each page checked. */
static void test_mixed(void **state)
{
	struct tcase *c = *state;
	static const struct {
		u64 gpa, hpa, size;
		u32 flags;
	} m[] = {
	    {0x00001000, 0x50001000, 0x3000, S2_READ | S2_EXEC},
	    {0x00004000, 0x60000000, 0x1fc000, S2_RWX},
	    {0x00200000, 0x60200000, 0x600000, S2_RWX},
	    {0x00800000, 0x70000000 + 0x1000, 0x201000, S2_READ},
	    {0x0a000000, 0x0a000000, 0x1000, S2_READ | S2_WRITE | S2_DEVICE},
	    {0x0a001000, 0x0b000000, 0x2000, S2_READ | S2_DEVICE},
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		assert_int_equal(s2_map(&c->t, m[i].gpa, m[i].hpa, m[i].size, m[i].flags), 0);
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		for (u64 off = 0; off < m[i].size; off += KIB4) {
			struct ref r = c->walk(c, m[i].gpa + off);

			assert_true(r.ok);
			assert_int_equal(r.pa, m[i].hpa + off);
			assert_int_equal(r.w, !!(m[i].flags & S2_WRITE));
			assert_int_equal(r.x,
					 m[i].flags == (S2_READ | S2_EXEC) || m[i].flags == S2_RWX);
		}
	expect_unmapped(c, 0);
	expect_unmapped(c, 0xa01000 + KIB4);
	expect_unmapped(c, 0x0a003000);
}

static void test_permissions(void **state)
{
	struct tcase *c = *state;
	static const u32 flags[] = {
	    S2_READ,
	    S2_READ | S2_WRITE,
	    S2_READ | S2_EXEC,
	    S2_RWX,
	    S2_READ | S2_WRITE | S2_DEVICE,
	    S2_RWX | S2_DEVICE,
	    S2_WRITE | S2_EXEC,
	};

	for (u32 i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		u64 gpa = 0x20000000 + i * MIB2;

		assert_int_equal(s2_map(&c->t, gpa, 0x90000000 + i * MIB2, MIB2, flags[i]), 0);
		expect_mapped(c, gpa, 0x90000000 + i * MIB2, MIB2, flags[i],
			      (flags[i] & S2_DEVICE) ? c->dev_2m : c->ram_2m, KIB4);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    FOR_CASES(test_empty),
	    FOR_CASES(test_leaf_sizes),
	    FOR_CASES(test_mixed),
	    FOR_CASES(test_permissions),
	};

	formats_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
