/* SPDX-License-Identifier: MIT */
/* Zone rng-seeds (src/core/rng.c, src/core/fdt_chosen.c): ChaCha20 against
 * RFC 8439's test vector, the /chosen walker on trees libfdt builds and on
 * broken ones, and rng_seed_dt with and without entropy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>
#include <zv/arch.h>
#include <zv/fdt.h>
#include <zv/rng.h>

static size_t entropy_len; /* what arch_boot_entropy gives */

size_t arch_boot_entropy(void *buf, size_t len)
{
	size_t n = entropy_len < len ? entropy_len : len;

	for (size_t i = 0; i < n; i++)
		((u8 *)buf)[i] = (u8)(0xa5 ^ i);
	return n;
}

u64 arch_time_ms(void)
{
	return 1234;
}

/* RFC 8439 section 2.3.2. */
static void chacha20_rfc8439(void **state)
{
	u32 key[8], nonce[3] = {0x09000000, 0x4a000000, 0x00000000};
	static const u8 expect[16] = {0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15,
				      0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4};
	static const u8 expect_end[4] = {0xa2, 0x50, 0x3c, 0x4e};
	u8 out[64];

	for (int i = 0; i < 8; i++)
		key[i] = (u32)(4 * i) | (u32)(4 * i + 1) << 8 | (u32)(4 * i + 2) << 16 |
			 (u32)(4 * i + 3) << 24;
	chacha20_block(key, 1, nonce, out);
	assert_memory_equal(out, expect, sizeof(expect));
	assert_memory_equal(out + 60, expect_end, sizeof(expect_end));
}

/* A tree with /chosen { bootargs; rng-seed (32 zero bytes) } and, as a
 * decoy, a rng-seed at the root and in /other/chosen. */
static size_t build_tree(u8 *buf, size_t size, bool with_seed)
{
	static const u8 zero[32];

	assert_int_equal(fdt_create(buf, (int)size), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property(buf, "rng-seed", zero, 8), 0);
	assert_int_equal(fdt_begin_node(buf, "other"), 0);
	assert_int_equal(fdt_begin_node(buf, "chosen"), 0);
	assert_int_equal(fdt_property(buf, "rng-seed", zero, 8), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "chosen"), 0);
	assert_int_equal(fdt_property_string(buf, "bootargs", "console=ttyS0"), 0);
	if (with_seed)
		assert_int_equal(fdt_property(buf, "rng-seed", zero, sizeof(zero)), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	return fdt_totalsize(buf);
}

static const u8 *seed_of(const u8 *buf, int *len)
{
	int off = fdt_path_offset(buf, "/chosen");

	assert_true(off >= 0);
	return fdt_getprop(buf, off, "rng-seed", len);
}

static void walker_finds_chosen_only(void **state)
{
	u8 buf[1024];
	size_t n = build_tree(buf, sizeof(buf), true);
	struct fdt_prop_loc loc;
	int len;
	const u8 *want = seed_of(buf, &len);

	assert_int_equal(fdt_chosen_prop(buf, n, "rng-seed", &loc), 0);
	assert_int_equal(loc.len, 32);
	assert_ptr_equal(buf + loc.value, want);
	assert_int_equal(fdt_chosen_prop(buf, n, "rng-see", &loc), -1);
	build_tree(buf, sizeof(buf), false);
	assert_int_equal(fdt_chosen_prop(buf, n, "rng-seed", &loc), -1);
}

/* fdt_cpu_prop (riscv64's Zicboz probe): the property of the first
 * /cpus/cpu@ node that has it, not of /cpus itself, cpu-map or a later
 * CPU. */
static void walker_finds_first_cpu(void **state)
{
	u8 buf[1024];
	struct fdt_prop_loc loc;

	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_begin_node(buf, "cpus"), 0);
	assert_int_equal(fdt_property_u32(buf, "riscv,cboz-block-size", 1), 0);
	assert_int_equal(fdt_begin_node(buf, "cpu-map"), 0);
	assert_int_equal(fdt_property_u32(buf, "riscv,cboz-block-size", 2), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "cpu@0"), 0);
	assert_int_equal(fdt_property_string(buf, "riscv,isa", "rv64gc_zicboz"), 0);
	assert_int_equal(fdt_property_u32(buf, "riscv,cboz-block-size", 64), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "cpu@1"), 0);
	assert_int_equal(fdt_property_u32(buf, "riscv,cboz-block-size", 4), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);

	assert_int_equal(fdt_cpu_prop(buf, fdt_totalsize(buf), "riscv,cboz-block-size", &loc), 0);
	assert_int_equal(loc.len, 4);
	assert_int_equal(buf[loc.value + 3], 64);
	assert_int_equal(fdt_chosen_prop(buf, fdt_totalsize(buf), "riscv,isa", &loc), -1);
	assert_int_equal(fdt_cpu_prop(buf, fdt_totalsize(buf), "absent", &loc), -1);
}

static void walker_refuses_broken(void **state)
{
	u8 buf[1024], bad[1024];
	size_t n = build_tree(buf, sizeof(buf), true);
	struct fdt_prop_loc loc;

	/* Shorter than the blob says it is. */
	assert_int_equal(fdt_chosen_prop(buf, n - 1, "rng-seed", &loc), -1);
	assert_int_equal(fdt_chosen_prop(buf, 8, "rng-seed", &loc), -1);
	assert_int_equal(fdt_chosen_prop(NULL, n, "rng-seed", &loc), -1);
	/* Bad magic. */
	memcpy(bad, buf, n);
	bad[0] ^= 1;
	assert_int_equal(fdt_chosen_prop(bad, n, "rng-seed", &loc), -1);
	/* The property's length runs past the structure block. */
	memcpy(bad, buf, n);
	assert_int_equal(fdt_chosen_prop(bad, n, "rng-seed", &loc), 0);
	bad[loc.token + 4] = 0x7f;
	assert_int_equal(fdt_chosen_prop(bad, n, "rng-seed", &loc), -1);
	/* A name offset past the strings block. */
	memcpy(bad, buf, n);
	assert_int_equal(fdt_chosen_prop(bad, n, "rng-seed", &loc), 0);
	bad[loc.token + 8] = 0x7f;
	assert_int_equal(fdt_chosen_prop(bad, n, "rng-seed", &loc), -1);
	/* Every single-byte corruption of the structure block: no crash, and
	 * a hit only ever points inside the blob. */
	for (size_t i = fdt_off_dt_struct(buf); i < n; i++) {
		memcpy(bad, buf, n);
		bad[i] ^= 0xff;
		if (!fdt_chosen_prop(bad, n, "rng-seed", &loc))
			assert_true((size_t)loc.value + loc.len <= n);
	}
}

/* Runs first: no entropy was ever credited. */
static void seed_removed_without_entropy(void **state)
{
	u8 a[1024];
	size_t n = build_tree(a, sizeof(a), true);
	int len;

	entropy_len = 8; /* too little to be credited */
	rng_boot();
	rng_seed_dt(a, n);
	assert_int_equal(fdt_check_header(a), 0);
	assert_null(seed_of(a, &len));
	assert_string_equal(fdt_getprop(a, fdt_path_offset(a, "/chosen"), "bootargs", &len),
			    "console=ttyS0");
}

static void seed_filled_fresh_each_time(void **state)
{
	u8 a[1024], b[1024];
	size_t n = build_tree(a, sizeof(a), true);
	static const u8 zero[32];
	const u8 *sa, *sb;
	int la, lb;

	entropy_len = 32;
	rng_boot();
	build_tree(b, sizeof(b), true);
	rng_seed_dt(a, n);
	rng_seed_dt(b, n);
	sa = seed_of(a, &la);
	sb = seed_of(b, &lb);
	assert_int_equal(la, 32);
	assert_int_equal(lb, 32);
	assert_memory_not_equal(sa, zero, 32);
	assert_memory_not_equal(sb, zero, 32);
	assert_memory_not_equal(sa, sb, 32);
	assert_int_equal(fdt_check_header(a), 0);
	/* The decoys are untouched. */
	assert_memory_equal(fdt_getprop(a, 0, "rng-seed", &la), zero, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(chacha20_rfc8439),
	    cmocka_unit_test(walker_finds_chosen_only),
	    cmocka_unit_test(walker_finds_first_cpu),
	    cmocka_unit_test(walker_refuses_broken),
	    cmocka_unit_test(seed_removed_without_entropy),
	    cmocka_unit_test(seed_filled_fresh_each_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
