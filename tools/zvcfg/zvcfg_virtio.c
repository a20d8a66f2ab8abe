/* SPDX-License-Identifier: MIT */
/*
 * zvcfg's side of virtio-blk: a zone's disk = "<image>" is found like the
 * other images (cache:, build:, or a path), must be a whole number of
 * 512-byte sectors, and is given a page-aligned place in the board's disk
 * store, where QEMU loads it (qemu-args) and the hypervisor serves it from;
 * config_check() then checks the result again. Errors name zone and field.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zv/virtio_cfg.h>

#include "zvcfg.h"

typedef unsigned long long ull;

/* The disk's file: its absolute path and size, or 0 after an error. */
static uint64_t disk_file(struct tool *t, unsigned i)
{
	struct img *im = &t->disk[i];
	const char *zone = t->cfg.zones[i].name;
	char want[PATH_MAX];
	struct stat st;

	tool_expand_spec(t, im->spec, want, sizeof(want));
	if (!realpath(want, im->path)) {
		tool_error(t, zone, "disk", "cannot find '%s' (%s): %s", im->spec, want,
			   strerror(errno));
		return 0;
	}
	if (stat(im->path, &st) != 0 || !S_ISREG(st.st_mode)) {
		tool_error(t, zone, "disk", "'%s' is not a regular file", im->path);
		return 0;
	}
	if (st.st_size == 0 || st.st_size % VIRTIO_SECTOR) {
		tool_error(t, zone, "disk",
			   "'%s' is %llu bytes: not a whole number of %u-byte sectors", im->path,
			   (ull)st.st_size, VIRTIO_SECTOR);
		return 0;
	}
	return (uint64_t)st.st_size;
}

void virtio_place_disks(struct tool *t)
{
	const struct zv_range *st = &t->board->disk_store;
	uint64_t next = st->base, page = t->board->page_size;

	for (unsigned i = 0; i < t->cfg.nr_zones; i++) {
		struct zv_zone_cfg *z = &t->cfg.zones[i];
		uint64_t size, at = (next + page - 1) & ~(page - 1);

		if (!t->disk[i].spec || !(size = disk_file(t, i)))
			continue;
		if (!st->size) {
			tool_error(t, z->name, "disk", "board %s has no disk store",
				   t->board->name);
			continue;
		}
		if (at > st->base + st->size || size > st->base + st->size - at) {
			tool_error(
			    t, z->name, "disk",
			    "%llu bytes do not fit in the board's disk store (0x%llx-0x%llx, "
			    "%llu bytes left)",
			    (ull)size, (ull)st->base, (ull)(st->base + st->size - 1),
			    (ull)(at < st->base + st->size ? st->base + st->size - at : 0));
			continue;
		}
		z->disk = (struct zv_region){0, at, size};
		next = at + size;
	}
}
