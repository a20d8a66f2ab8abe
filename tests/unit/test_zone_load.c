/* SPDX-License-Identifier: MIT */
/*
 * zone.c loading a zone: RAM scrubbed, images copied in, then each RAM
 * region's caches synced once (arch_cache_sync_range() with exactly its
 * host range) when it holds what the guest must see (the stub checks the
 * bytes at the time of the call). On restart again. The scrub zeroes the
 * aligned middle of each gap with the port's block zero (here 64-byte
 * blocks, checked for alignment), the edges otherwise, and leaves the
 * images' ranges to their copies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <zv/arch.h>
#include <zv/console.h>
#include <zv/zone.h>

/* ---- The fake zone: two RAM regions apart on the host ---- */

#define R0_GPA 0x80000000ULL
#define R0_SIZE 0x3000ULL
#define R1_GPA 0x90000000ULL
#define R1_SIZE 0x1000ULL
#define KERNEL_OFF 0x100ULL /* in region 0 */
#define KERNEL_SIZE 0x1234ULL
#define DTB_OFF 0x80ULL /* in region 1 */
#define DTB_SIZE 0x40ULL

static struct zv_zone_cfg cfg;
static struct zone zone;
static struct vcpu vcpus[1];
static unsigned char *ram[2], *kernel, *dtb;

/* ---- The cache hook, recorded; stubs.c has the rest of what zone.c calls ---- */

struct sync_call {
	u64 hpa, size;
	bool content_ok; /* the region held its final bytes at the call */
};
static struct sync_call calls[8];
static u32 nr_calls;

/* ---- The port's block zero: 64-byte blocks, calls checked ---- */

#define ZERO_BLOCK 64ULL
static u32 nr_block_calls;
static bool block_misaligned, block_on_image;

/* [hpa, hpa + size) overlaps image bytes (kernel in region 0, DTB in 1). */
static bool overlaps_image(u64 hpa, u64 size)
{
	u64 k = (uintptr_t)ram[0] + KERNEL_OFF, d = (uintptr_t)ram[1] + DTB_OFF;

	return (hpa < k + KERNEL_SIZE && k < hpa + size) || (hpa < d + DTB_SIZE && d < hpa + size);
}

u64 arch_zero_block(void)
{
	return ZERO_BLOCK;
}

void arch_zero_blocks(u64 hpa, u64 size)
{
	nr_block_calls++;
	if (hpa % ZERO_BLOCK || size % ZERO_BLOCK)
		block_misaligned = true;
	if (overlaps_image(hpa, size))
		block_on_image = true;
	memset((void *)(uintptr_t)hpa, 0, size);
}

/* The bytes a region must hold when the guest starts: zero, but where an
 * image lies. */
static bool region_final(const unsigned char *r, u64 size, u64 img_off, const unsigned char *img,
			 u64 img_size)
{
	for (u64 b = 0; b < size; b++) {
		unsigned char want = b >= img_off && b < img_off + img_size ? img[b - img_off] : 0;

		if (r[b] != want)
			return false;
	}
	return true;
}

void arch_cache_sync_range(u64 hpa, u64 size)
{
	struct sync_call *c = &calls[nr_calls < 8 ? nr_calls : 7];

	nr_calls++;
	c->hpa = hpa;
	c->size = size;
	if (hpa == (uintptr_t)ram[0] && size == R0_SIZE)
		c->content_ok = region_final(ram[0], R0_SIZE, KERNEL_OFF, kernel, KERNEL_SIZE);
	else if (hpa == (uintptr_t)ram[1] && size == R1_SIZE)
		c->content_ok = region_final(ram[1], R1_SIZE, DTB_OFF, dtb, DTB_SIZE);
	else
		c->content_ok = false;
}

static unsigned char *filled(u64 size, unsigned char seed)
{
	unsigned char *p = malloc(size);

	assert_non_null(p);
	for (u64 b = 0; b < size; b++)
		p[b] = (unsigned char)(seed + b * 7);
	return p;
}

/* filled() into a buffer freed at the next call. */
static unsigned char *filled_tmp(u64 size, unsigned char seed)
{
	static unsigned char *last;

	free(last);
	last = filled(size, seed);
	return last;
}

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(&zone, 0, sizeof(zone));
	memset(vcpus, 0, sizeof(vcpus));
	/* RAM full of a previous run's bytes, images with their own. */
	ram[0] = aligned_alloc(ZERO_BLOCK, R0_SIZE);
	ram[1] = aligned_alloc(ZERO_BLOCK, R1_SIZE);
	assert_non_null(ram[0]);
	assert_non_null(ram[1]);
	memcpy(ram[0], filled_tmp(R0_SIZE, 0x11), R0_SIZE);
	memcpy(ram[1], filled_tmp(R1_SIZE, 0x22), R1_SIZE);
	kernel = filled(KERNEL_SIZE, 0x33);
	dtb = filled(DTB_SIZE, 0x44);
	strcpy(cfg.name, "fake");
	cfg.nr_cpus = 1;
	cfg.nr_ram = 2;
	cfg.ram[0] = (struct zv_region){R0_GPA, (uintptr_t)ram[0], R0_SIZE};
	cfg.ram[1] = (struct zv_region){R1_GPA, (uintptr_t)ram[1], R1_SIZE};
	cfg.image[ZV_IMG_KERNEL] =
	    (struct zv_image){R0_GPA + KERNEL_OFF, (uintptr_t)kernel, KERNEL_SIZE};
	cfg.image[ZV_IMG_DTB] = (struct zv_image){R1_GPA + DTB_OFF, (uintptr_t)dtb, DTB_SIZE};
	cfg.entry = R0_GPA + KERNEL_OFF;
	nr_calls = 0;
	memset(calls, 0, sizeof(calls));
	nr_block_calls = 0;
	block_misaligned = block_on_image = false;
	assert_int_equal(zone_init(&zone, 0, &cfg, vcpus), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram[0]);
	free(ram[1]);
	free(kernel);
	free(dtb);
	return 0;
}

/* calls[first], calls[first + 1]: one sync of each RAM region, made while
 * the region held the loaded content. */
static void assert_region_syncs(u32 first)
{
	assert_int_equal(calls[first].hpa, (uintptr_t)ram[0]);
	assert_int_equal(calls[first].size, R0_SIZE);
	assert_true(calls[first].content_ok);
	assert_int_equal(calls[first + 1].hpa, (uintptr_t)ram[1]);
	assert_int_equal(calls[first + 1].size, R1_SIZE);
	assert_true(calls[first + 1].content_ok);
}

/* The block zero ran, aligned, and never over an image's range. */
static void assert_blocks_ok(void)
{
	assert_true(nr_block_calls > 0);
	assert_false(block_misaligned);
	assert_false(block_on_image);
}

static void test_init_does_not_sync(void **state)
{
	(void)state;
	assert_int_equal(nr_calls, 0);
}

static void test_start_syncs_each_region_after_loading(void **state)
{
	(void)state;
	zone_start(&zone);
	assert_int_equal(nr_calls, 2);
	assert_region_syncs(0);
	assert_blocks_ok();
}

/* RAM mostly zero already: the few bytes that are not (first block, one in
 * the middle, the last byte) are cleared all the same. */
static void test_scrub_clears_sparse_bytes(void **state)
{
	(void)state;
	memset(ram[0], 0, R0_SIZE);
	memset(ram[1], 0, R1_SIZE);
	ram[0][0] = 1;
	ram[0][0x1801] = 2;
	ram[0][R0_SIZE - 1] = 3;
	ram[1][0x7c0] = 4;
	zone_start(&zone);
	assert_int_equal(nr_calls, 2);
	assert_region_syncs(0);
}

/* Without images (a wipe: mgmt's stop and load) every byte is zeroed, the
 * images' old ranges too. */
static void test_wipe_zeroes_everything(void **state)
{
	(void)state;
	zone_wipe(&zone);
	for (u64 b = 0; b < R0_SIZE; b++)
		assert_int_equal(ram[0][b], 0);
	for (u64 b = 0; b < R1_SIZE; b++)
		assert_int_equal(ram[1][b], 0);
	assert_false(block_misaligned);
}

static void test_restart_syncs_again(void **state)
{
	(void)state;
	zone_start(&zone);
	/* The guest scribbles over its RAM, then resets. */
	memset(ram[0], 0x5a, R0_SIZE);
	memset(ram[1], 0xa5, R1_SIZE);
	vcpus[0].state = VCPU_OFF;
	zone_restart(&zone, "test");
	assert_int_equal(nr_calls, 4);
	assert_region_syncs(2);
	assert_blocks_ok();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_init_does_not_sync, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_start_syncs_each_region_after_loading, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_scrub_clears_sparse_bytes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wipe_zeroes_everything, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restart_syncs_again, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
