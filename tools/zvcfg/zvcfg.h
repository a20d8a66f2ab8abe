/* SPDX-License-Identifier: MIT */
/*
 * zvcfg internals shared by its parts: zvcfg.c (command line, loading the
 * description), parse.c, stage.c, output.c and the guest DT generators.
 */
#ifndef ZVCFG_H
#define ZVCFG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zv/board.h>
#include <zv/config_abi.h>

#define GUEST_DT_MAX (64 * 1024)

typedef unsigned long long ull; /* for printing */

/* One image of a zone as the tool sees it. */
struct img {
	const char *spec;     /* as written ("cache:riscv64/Image"), NULL if absent */
	char path[PATH_MAX];  /* absolute path QEMU loads it from */
	void *data;           /* generated device tree, else NULL */
	bool generate;        /* dtb = "generate" */
};

struct tool {
	const char *cfg_path; /* the description file, as named on the command line */
	const char *build_dir;
	const char *cache_dir;
	const char *out_dir;
	bool check_only;
	int errors;
	const struct zv_board *board;
	struct zv_config cfg;
	struct img img[ZV_MAX_ZONES][ZV_IMG_COUNT];
	bool entry_from_header[ZV_MAX_ZONES]; /* entry = "kernel-header" */
	struct img disk[ZV_MAX_ZONES];	      /* disk = "<image>" (virtio-blk) */
	const char *manages[ZV_MAX_ZONES];    /* 'manages' as written, NULL: none */
	int manages_len[ZV_MAX_ZONES];
};

/* Print "zvcfg: <file>: zone '<zone>': <field>: <msg>" and count it;
 * zone and field may be NULL. */
void tool_error(struct tool *t, const char *zone, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* An image spec as a path: cache:X -> $ZV_CACHE/X, build:X -> <build dir>/X. */
void tool_expand_spec(struct tool *t, const char *spec, char *out, size_t size);

/* Find every zone's disk image and place it in the board's disk store
 * (zvcfg_virtio.c). */
void virtio_place_disks(struct tool *t);

/* Is this a device tree blob the parser may be given? */
bool description_blob_ok(const void *blob, size_t size);

/* Fill t->cfg's header and zones, t->board and the image specs from a zone
 * description blob that passed description_blob_ok(); errors go to
 * tool_error. */
void parse_description(struct tool *t, const void *fdt);

/* The /channels node (chan.c), after the zones: members name them. */
void parse_channels(struct tool *t, const void *fdt);

/* Parse, resolve, stage and check; true when the table is sound. */
bool compile(struct tool *t, const void *fdt);

/* Print the zone table. */
void print_table(const struct tool *t);

/* Write zones.bin, the generated device trees and qemu-args to t->out_dir. */
bool write_outputs(struct tool *t);

/* Build zone i's guest device tree into a malloc'd GUEST_DT_MAX buffer;
 * returns it (packed) or NULL after reporting an error. */
void *guest_dt_generate(struct tool *t, unsigned i);

/* The management properties root, manages and boot-stopped of zone idx
 * (mgmt_props.c); mgmt_resolve() then turns 'manages' names into indices. */
void mgmt_parse_prop(struct tool *t, unsigned idx, const char *zone, const char *prop,
		     const uint8_t *d, int len);
void mgmt_resolve(struct tool *t);

#endif
