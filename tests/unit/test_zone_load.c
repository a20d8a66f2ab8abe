/* SPDX-License-Identifier: MIT */
/*
 * zone.c loading a zone: each RAM region's caches synced
 * (arch_cache_sync_range() with exactly its host range) before the scrub
 * reads it, RAM scrubbed, images copied in, then each region synced again
 * once it holds what the guest must see (the stub checks the bytes at the
 * time of the call). On restart again. The scrub writes only blocks that
 * are not zero yet, and leaves none that is not.
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

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(&zone, 0, sizeof(zone));
	memset(vcpus, 0, sizeof(vcpus));
	/* RAM full of a previous run's bytes, images with their own. */
	ram[0] = filled(R0_SIZE, 0x11);
	ram[1] = filled(R1_SIZE, 0x22);
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
 * the region held the loaded content (content_ok) or before the scrub,
 * while it still held the previous run's bytes (!content_ok). */
static void assert_region_syncs(u32 first, bool content_ok)
{
	assert_int_equal(calls[first].hpa, (uintptr_t)ram[0]);
	assert_int_equal(calls[first].size, R0_SIZE);
	assert_int_equal(calls[first].content_ok, content_ok);
	assert_int_equal(calls[first + 1].hpa, (uintptr_t)ram[1]);
	assert_int_equal(calls[first + 1].size, R1_SIZE);
	assert_int_equal(calls[first + 1].content_ok, content_ok);
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
	assert_int_equal(nr_calls, 4);
	assert_region_syncs(0, false);
	assert_region_syncs(2, true);
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
	assert_int_equal(nr_calls, 4);
	assert_region_syncs(2, true);
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
	assert_int_equal(nr_calls, 8);
	assert_region_syncs(4, false);
	assert_region_syncs(6, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_init_does_not_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_start_syncs_each_region_after_loading, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_scrub_clears_sparse_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_syncs_again, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
