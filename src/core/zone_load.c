/* SPDX-License-Identifier: MIT */
/*
 * A zone's memory made ready for a start: its RAM scrubbed, its
 * configured images copied in from their staging copies, and all of it
 * pushed out of the hypervisor's caches. Called by zone.c.
 */
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/lib.h>
#include <zv/rng.h>
#include <zv/zone.h>

#include "zone_int.h"

/* Zero [hpa, hpa + size): the aligned middle with the CPU's cache-block
 * zero instruction where it has one, else with memzero_wide(); the edges
 * with memset. */
static void zone_zero(u64 hpa, u64 size)
{
	u64 block = arch_zero_block();
	u64 start = block ? ALIGN_UP(hpa, block) : hpa;
	u64 end = block ? ALIGN_DOWN(hpa + size, block) : hpa + size;

	if (!block || start >= end) {
		memzero_wide((void *)(uintptr_t)hpa, size);
		return;
	}
	memset((void *)(uintptr_t)hpa, 0, start - hpa);
	arch_zero_blocks(start, end - start);
	memset((void *)(uintptr_t)end, 0, hpa + size - end);
}

/* Where image i goes in host memory, false if it is not loaded: the one
 * test zone_load_memory() uses both to copy it and to leave its range unscrubbed. */
static bool zone_image_hpa(const struct zone *z, u32 i, u64 *hpa)
{
	const struct zv_image *img = &z->cfg->image[i];

	return zv_image_present(img) && zone_gpa_to_hpa(z, img->gpa, img->size, hpa);
}

/* Zero the RAM region [hpa, end) but the images about to be copied into it
 * (with 'images'): every byte is then written once, by the scrub or by a
 * copy. Overlapping images are fine: the next gap starts after the image
 * that begins first. */
static void zone_scrub(const struct zone *z, u64 hpa, u64 end, bool images)
{
	while (hpa < end) {
		u64 next = end, next_end = end;

		for (u32 i = 0; images && i < ZV_IMG_COUNT; i++) {
			u64 at, top;

			if (!zone_image_hpa(z, i, &at))
				continue;
			top = at + z->cfg->image[i].size;
			if (top > hpa && at < end && (at > hpa ? at : hpa) < next) {
				next = at > hpa ? at : hpa;
				next_end = top < end ? top : end;
			}
		}
		zone_zero(hpa, next - hpa);
		hpa = next_end;
	}
}

/* Push the zone's memory out of the hypervisor's caches and out of every
 * instruction cache: the zone starts with its caches and MMU off. */
void zone_sync_memory(const struct zone *z)
{
	for (u32 i = 0; i < z->cfg->nr_ram; i++)
		arch_cache_sync_range(z->cfg->ram[i].hpa, z->cfg->ram[i].size);
}

/*
 * Scrub the zone's RAM and, with 'images', copy its images in from their
 * staging copies: nothing of a previous run survives into the next. Every
 * byte is written (zeroed or copied) and none is read, so what the
 * hypervisor's caches held of the zone's RAM before does not matter: a
 * store replaces a line's data whether the line was stale, dirty or
 * absent. The zone then starts with its caches and MMU off, so all of it
 * (the zeroes too, or the previous run's data would show through) is
 * pushed out of the hypervisor's caches and out of every instruction
 * cache, in one pass after the writes. Zeroing writes every page: where
 * QEMU backs RAM lazily, its host now allocates all of a zone's RAM at
 * the zone's first start (docs/isolation.md, "Zone RAM scrub").
 */
void zone_load_memory(const struct zone *z, bool images)
{
	const struct zv_zone_cfg *c = z->cfg;

	for (u32 i = 0; i < c->nr_ram; i++)
		zone_scrub(z, c->ram[i].hpa, c->ram[i].hpa + c->ram[i].size, images);
	for (u32 i = 0; images && i < ZV_IMG_COUNT; i++) {
		const struct zv_image *img = &c->image[i];
		u64 hpa;

		if (!zone_image_hpa(z, i, &hpa))
			continue;
		memcpy_wide((void *)(uintptr_t)hpa, (const void *)(uintptr_t)img->src, img->size);
		if (i == ZV_IMG_DTB) /* a fresh /chosen/rng-seed each load */
			rng_seed_dt((void *)(uintptr_t)hpa, img->size);
	}
	zone_sync_memory(z);
}
