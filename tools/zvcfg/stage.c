/* SPDX-License-Identifier: MIT */
/*
 * zvcfg's stager: resolve the image files a parsed description names,
 * generate guest device trees, give each image its staging address, and
 * check the finished table as the hypervisor will.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libfdt.h>

#include <zv/config.h>

#include "zvcfg.h"

/* cache:X -> $ZV_CACHE/X, build:X -> <build dir>/X, else as is. */
void tool_expand_spec(struct tool *t, const char *spec, char *out, size_t size)
{
	if (!strncmp(spec, "cache:", 6))
		snprintf(out, size, "%s/%s", t->cache_dir, spec + 6);
	else if (!strncmp(spec, "build:", 6))
		snprintf(out, size, "%s/%s", t->build_dir, spec + 6);
	else
		snprintf(out, size, "%s", spec);
}

static void resolve_file(struct tool *t, unsigned i, int k)
{
	struct img *im = &t->img[i][k];
	const char *zone = t->cfg.zones[i].name, *field = config_image_names[k];
	char want[PATH_MAX];
	struct stat st;
	int fd;

	tool_expand_spec(t, im->spec, want, sizeof(want));
	if (!realpath(want, im->path)) {
		tool_error(t, zone, field, "cannot find '%s' (%s): %s", im->spec, want, strerror(errno));
		return;
	}
	if ((fd = open(im->path, O_RDONLY)) < 0) {
		tool_error(t, zone, field, "cannot read '%s': %s", im->path, strerror(errno));
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		tool_error(t, zone, field, "'%s' is not a regular file", im->path);
	else if (st.st_size == 0) /* the zone table's mark of an absent image */
		tool_error(t, zone, field, "'%s' is empty", im->path);
	else
		t->cfg.zones[i].image[k].size = st.st_size;
	close(fd);
}

static void resolve_images(struct tool *t)
{
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		for (int k = 0; k < ZV_IMG_COUNT; k++)
			if (t->img[i][k].spec && !t->img[i][k].generate)
				resolve_file(t, i, k);
}

static uint64_t le_at(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/*
 * entry = "kernel-header": the entry point a Linux image header gives when
 * the image is loaded at kernel-addr. riscv64 ("RSC\x05" at 0x30) and arm64
 * ("ARM\x64" at 0x38) start at the image's first byte; a LoongArch image
 * ("MZ", PE magic 0x818223cd at 0x38) names its physical entry at 0x8 and
 * the load offset it was linked for at 0x18.
 */
static void entry_from_header(struct tool *t, unsigned i)
{
	struct zv_zone_cfg *z = &t->cfg.zones[i];
	const struct zv_image *k = &z->image[ZV_IMG_KERNEL];
	uint8_t h[64] = {0};
	FILE *f = fopen(t->img[i][ZV_IMG_KERNEL].path, "rb");
	uint64_t entry, load;

	if (!f || fread(h, 1, sizeof(h), f) != sizeof(h)) {
		if (f)
			fclose(f);
		tool_error(t, z->name, "entry", "kernel too short for a Linux image header");
		return;
	}
	fclose(f);
	if (!memcmp(h + 0x30, "RSC\x05", 4) || !memcmp(h + 0x38, "ARM\x64", 4)) {
		z->entry = k->gpa;
		return;
	}
	entry = le_at(h + 8, 8);
	load = le_at(h + 0x18, 8);
	if (h[0] != 'M' || h[1] != 'Z' || le_at(h + 0x38, 4) != 0x818223cd) {
		tool_error(t, z->name, "entry", "\"kernel-header\" but the kernel has no Linux image header");
		return;
	}
	if (entry < load || entry - load >= k->size) {
		tool_error(t, z->name, "entry", "image header entry 0x%llx outside the image", (ull)entry);
		return;
	}
	z->entry = k->gpa + (entry - load);
}

static void generate_dts(struct tool *t)
{
	for (unsigned i = 0; i < t->cfg.nr_zones; i++) {
		struct img *im = &t->img[i][ZV_IMG_DTB];

		if (im->generate && (im->data = guest_dt_generate(t, i)))
			t->cfg.zones[i].image[ZV_IMG_DTB].size = fdt_totalsize(im->data);
	}
}

/* Give every image a page-aligned staging address, in order. */
static void stage_images(struct tool *t)
{
	const struct zv_range *st = &t->board->staging;
	uint64_t next = st->base, page = t->board->page_size;

	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		for (int k = 0; k < ZV_IMG_COUNT; k++) {
			struct zv_image *im = &t->cfg.zones[i].image[k];
			uint64_t src = (next + page - 1) & ~(page - 1);

			if (!t->img[i][k].spec)
				continue;
			if (im->size > st->base + st->size - src) {
				tool_error(t, t->cfg.zones[i].name, config_image_names[k],
					   "%llu bytes do not fit in the staging area (0x%llx-0x%llx)",
					   (ull)im->size, (ull)st->base, (ull)(st->base + st->size - 1));
				continue;
			}
			im->src = src;
			next = src + im->size;
		}
}

static void report_check(void *ctx, const char *zone, const char *field, const char *msg)
{
	tool_error(ctx, zone, field, "%s", msg);
}

/* Parse, resolve, stage and check; true when the table is sound. */
bool compile(struct tool *t, const void *fdt)
{
	parse_description(t, fdt);
	if (t->errors || !t->board)
		return false;
	resolve_images(t);
	virtio_place_disks(t); /* before the guest DTs, which describe the disk */
	if (t->errors)
		return false;
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		if (t->entry_from_header[i])
			entry_from_header(t, i);
	generate_dts(t);
	stage_images(t);
	if (t->errors)
		return false;
	t->cfg.checksum = zv_cfg_checksum(&t->cfg);
	return config_check(&t->cfg, t->board, report_check, t) == 0;
}
