/* SPDX-License-Identifier: MIT */
/*
 * zvcfg's zone-description parser on arbitrary DTBs that pass the tool's
 * structural check (description_blob_ok, as zvcfg requires before parsing). A description
 * that parses cleanly then goes through what the tool does without touching
 * files: dummy image sizes, staging, guest DT generation, config_check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <zv/config.h>

#include "zvcfg.h"

#define CHECK(x) ((x) ? (void)0 : abort())

static struct tool tool;

static void report(void *ctx, const char *zone, const char *field, const char *msg)
{
	tool_error(ctx, zone, field, "%s", msg);
}

/* Sizes and staging addresses as resolve_images/stage_images would set them
 * for 4 KiB files; generated device trees are built for real. */
static void fake_images(struct tool *t)
{
	uint64_t next = t->board->staging.base;

	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		for (int k = 0; k < ZV_IMG_COUNT; k++) {
			struct img *im = &t->img[i][k];
			struct zv_image *zi = &t->cfg.zones[i].image[k];

			if (!im->spec)
				continue;
			if (im->generate && (im->data = guest_dt_generate(t, i))) {
				CHECK(fdt_check_full(im->data, fdt_totalsize(im->data)) == 0);
				zi->size = fdt_totalsize(im->data);
			} else {
				zi->size = 0x1000;
			}
			zi->src = next;
			next += (zi->size + 0xfff) & ~0xfffULL;
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tool *t = &tool;
	void *fdt;

	if (size < sizeof(struct fdt_header) || size > 256 * 1024)
		return -1;
	if (!(fdt = malloc(size)))
		return 0;
	memcpy(fdt, data, size);
	if (!description_blob_ok(fdt, size)) {
		free(fdt);
		return 0;
	}
	memset(t, 0, sizeof(*t));
	t->cfg_path = "fuzz.dtb";
	t->build_dir = "/nonexistent/build";
	t->cache_dir = "/nonexistent/cache";
	t->out_dir = "/nonexistent/out";
	parse_description(t, fdt);
	CHECK(t->cfg.nr_zones <= ZV_MAX_ZONES);
	if (!t->errors && t->board) {
		fake_images(t);
		t->cfg.checksum = zv_cfg_checksum(&t->cfg);
		config_check(&t->cfg, t->board, report, t);
	}
	for (unsigned i = 0; i < ZV_MAX_ZONES; i++)
		free(t->img[i][ZV_IMG_DTB].data);
	free(fdt);
	return 0;
}
