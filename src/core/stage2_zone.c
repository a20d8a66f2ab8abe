/* SPDX-License-Identifier: MIT */
/*
 * The zones' stage-2 tables: one static pool of ARCH_S2_POOL_PAGES pages
 * (the port sizes it for its board) in the port's format, set up on first
 * use on the boot CPU. Nothing is freed: a zone builds its tables once.
 */
#include <zv/arch.h>
#include <zv/stage2.h>
#include <zv/zone.h>

static u64 s2_pages[ARCH_S2_POOL_PAGES][S2_PAGE_ENTRIES] __attribute__((aligned(4096)));
static struct s2_pool s2_hv_pool;
static bool s2_hv_ready;
static int s2_hv_err;

static int stage2_pool(void)
{
	if (!s2_hv_ready) {
		s2_hv_err = s2_pool_init(&s2_hv_pool, s2_pages, ARCH_S2_POOL_PAGES,
					 arch_hv_to_phys(s2_pages), arch_stage2_format());
		s2_hv_ready = true;
	}
	return s2_hv_err;
}

int stage2_zone_init(struct zone *z)
{
	int err = stage2_pool();

	return err ? err : s2_table_init(&z->s2, &s2_hv_pool);
}

u64 stage2_empty_root_pa(void)
{
	return stage2_pool() ? 0 : s2_hv_pool.empty_root_pa;
}
