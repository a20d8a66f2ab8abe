/* SPDX-License-Identifier: MIT */
/*
 * src/core/fdt_initrd.c: /chosen's initrd range set in place in a tree
 * built here with libfdt as zvcfg builds a zone's (zvctl load
 * --generate-dtb), or removed; and malformed trees refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include <zv/fdt_initrd.h>

static uint8_t tree[4096];

/* A small tree: a node with the same property names outside /chosen
 * first, then /chosen with bootargs and (with_initrd) the range. */
static uint32_t build(bool with_initrd)
{
	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	assert_int_equal(fdt_begin_node(tree, "decoy"), 0);
	assert_int_equal(fdt_property_u64(tree, "linux,initrd-start", 0x1111), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_begin_node(tree, "chosen"), 0);
	assert_int_equal(fdt_property_string(tree, "bootargs", "console=hvc0"), 0);
	if (with_initrd) {
		assert_int_equal(fdt_property_u64(tree, "linux,initrd-start", 0x9c000000), 0);
		assert_int_equal(fdt_property_u64(tree, "linux,initrd-end", 0x9c100000), 0);
	}
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
	return fdt_totalsize(tree);
}

static uint64_t prop_u64(const char *node, const char *name, bool *found)
{
	int off = fdt_path_offset(tree, node), len;
	const uint8_t *v = fdt_getprop(tree, off, name, &len);
	uint64_t x = 0;

	*found = v && len == 8;
	for (int i = 0; *found && i < 8; i++)
		x = x << 8 | v[i];
	return x;
}

static void test_set_range(void **state)
{
	struct fdt_initrd at;
	uint32_t size = build(true);
	bool f;

	assert_true(fdt_initrd_find(tree, size, &at));
	fdt_initrd_set(tree, &at, true, 0x9d000000, 0x9d000123);
	assert_int_equal(fdt_check_full(tree, size), 0);
	assert_int_equal(prop_u64("/chosen", "linux,initrd-start", &f), 0x9d000000);
	assert_true(f);
	assert_int_equal(prop_u64("/chosen", "linux,initrd-end", &f), 0x9d000123);
	assert_true(f);
	assert_int_equal(prop_u64("/decoy", "linux,initrd-start", &f), 0x1111); /* untouched */
	assert_int_equal(
	    strcmp(fdt_getprop(tree, fdt_path_offset(tree, "/chosen"), "bootargs", NULL),
		   "console=hvc0"),
	    0);
}

static void test_remove_range(void **state)
{
	struct fdt_initrd at;
	uint32_t size = build(true);
	bool f;

	assert_true(fdt_initrd_find(tree, size, &at));
	fdt_initrd_set(tree, &at, false, 0, 0);
	assert_int_equal(fdt_check_full(tree, size), 0);
	prop_u64("/chosen", "linux,initrd-start", &f);
	assert_false(f);
	prop_u64("/chosen", "linux,initrd-end", &f);
	assert_false(f);
	assert_non_null(fdt_getprop(tree, fdt_path_offset(tree, "/chosen"), "bootargs", NULL));
}

static void test_refusals(void **state)
{
	struct fdt_initrd at;
	uint32_t size = build(false);

	assert_false(fdt_initrd_find(tree, size, &at)); /* no range in /chosen */
	size = build(true);
	assert_false(fdt_initrd_find(tree, size - 1, &at)); /* totalsize beyond the bytes */
	assert_false(fdt_initrd_find(tree, 16, &at));
	tree[0] ^= 1; /* magic */
	assert_false(fdt_initrd_find(tree, size, &at));
	tree[0] ^= 1;
	fdt_set_size_dt_struct(tree, fdt_size_dt_struct(tree) + 0x1000); /* past the end */
	assert_false(fdt_initrd_find(tree, size, &at));
	build(true);
	fdt_set_off_dt_strings(tree, size - 4); /* names cut off: not found */
	assert_false(fdt_initrd_find(tree, size, &at));
	for (uint32_t cut = 40; cut < size; cut += 4) { /* every truncation: no crash */
		build(true);
		fdt_set_totalsize(tree, cut);
		fdt_initrd_find(tree, cut, &at);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_set_range),
	    cmocka_unit_test(test_remove_range),
	    cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
