/* SPDX-License-Identifier: MIT */
/*
 * zvcfg: compile a zone description (DTS/DTB) into the binary zone table
 * (zones.bin), generated guest device trees and the QEMU arguments that load
 * everything at the board's addresses.
 *
 *   zvcfg [-o OUTDIR] [--build DIR] [--check-only] CONFIG.dts|CONFIG.dtb
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include <zv/config.h>

#include "zvcfg.h"

extern char **environ;

typedef unsigned long long ull; /* for printing */

static struct tool tool;

void tool_error(struct tool *t, const char *zone, const char *field, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "zvcfg: %s: ", t->cfg_path);
	if (zone)
		fprintf(stderr, "zone '%s': ", zone);
	if (field)
		fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	t->errors++;
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc(len + 1)) && fread(buf, 1, len, f) == (size_t)len) {
		((char *)buf)[len] = 0;
		*size = len;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static bool write_file(struct tool *t, const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, size, f) == size;

	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		tool_error(t, NULL, NULL, "cannot write '%s': %s", path, strerror(errno));
	return ok;
}

/* ---- Loading the description: a DTB as is, a DTS through dtc. ---- */

/* Run dtc on the DTS into 'out'; on failure show dtc's messages. */
static bool run_dtc(struct tool *t, const char *out, const char *errpath)
{
	char *argv[] = {"dtc", "-q", "-I", "dts", "-O", "dtb", "-o", (char *)out, (char *)t->cfg_path, NULL};
	posix_spawn_file_actions_t fa;
	size_t len;
	char *msg, *line, *save;
	int status = -1;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ) != 0 || waitpid(pid, &status, 0) < 0) {
		posix_spawn_file_actions_destroy(&fa);
		tool_error(t, NULL, NULL, "cannot run dtc: %s", strerror(errno));
		return false;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	msg = read_file(errpath, &len);
	for (line = strtok_r(msg, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		tool_error(t, NULL, "syntax", "dtc: %s", line);
	if (!msg || !len)
		tool_error(t, NULL, "syntax", "dtc failed");
	free(msg);
	return false;
}

static void *compile_dts(struct tool *t, size_t *size)
{
	char dir[] = "/tmp/zvcfg.XXXXXX", out[64], err[64];
	void *blob = NULL;

	if (!mkdtemp(dir)) {
		tool_error(t, NULL, NULL, "cannot create a temporary directory: %s", strerror(errno));
		return NULL;
	}
	snprintf(out, sizeof(out), "%s/out.dtb", dir);
	snprintf(err, sizeof(err), "%s/dtc.err", dir);
	if (run_dtc(t, out, err) && !(blob = read_file(out, size)))
		tool_error(t, NULL, NULL, "cannot read dtc output: %s", strerror(errno));
	unlink(out);
	unlink(err);
	rmdir(dir);
	return blob;
}

/* libfdt's fdt_check_full() (1.6.1) crashes on some blobs older than
 * version 16, whose node names are full paths: take only version 17, what
 * dtc writes. */
bool description_blob_ok(const void *blob, size_t size)
{
	return size >= sizeof(struct fdt_header) && fdt_magic(blob) == FDT_MAGIC &&
	       fdt_version(blob) >= 17 && fdt_check_full(blob, size) == 0;
}

static void *load_description(struct tool *t)
{
	size_t size = 0;
	void *blob = read_file(t->cfg_path, &size);

	if (!blob) {
		tool_error(t, NULL, NULL, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (size < 4 || fdt_magic(blob) != FDT_MAGIC) {
		free(blob);
		blob = compile_dts(t, &size);
	}
	if (blob && !description_blob_ok(blob, size)) {
		tool_error(t, NULL, NULL, "not a valid device tree blob");
		free(blob);
		blob = NULL;
	}
	return blob;
}

/* ---- Zone properties ---- */

struct zctx {
	struct tool *t;
	unsigned idx;
	struct zv_zone_cfg *z;
	const char *name; /* for messages */
	/* memory, flash and rom as written, put together in ram[] at the end */
	struct zv_region mem[ZV_MEM_KINDS][ZV_MAX_RAM];
	unsigned nr_mem[ZV_MEM_KINDS];
};

static uint64_t be64_at(const uint8_t *d, unsigned n)
{
	return fdt64_ld((const fdt64_t *)(d + 8 * n));
}

static uint32_t be32_at(const uint8_t *d, unsigned n)
{
	return fdt32_ld((const fdt32_t *)(d + 4 * n));
}

/* Check a list of 1..max entries of 'unit' bytes; returns the count or 0. */
static unsigned list_len(struct zctx *c, const char *prop, int len, int unit, unsigned max,
			 const char *what)
{
	if (len <= 0 || len % unit || (unsigned)(len / unit) > max) {
		tool_error(c->t, c->name, prop, "expected 1..%u %s, got %d bytes", max, what, len);
		return 0;
	}
	return len / unit;
}

static const char *prop_str(struct zctx *c, const char *prop, const uint8_t *d, int len, size_t max)
{
	if (len <= 0 || d[len - 1] || strlen((const char *)d) != (size_t)len - 1) {
		tool_error(c->t, c->name, prop, "expected a string");
		return NULL;
	}
	if ((size_t)len > max) {
		tool_error(c->t, c->name, prop, "longer than %zu characters", max - 1);
		return NULL;
	}
	return (const char *)d;
}

static bool prop_u64(struct zctx *c, const char *prop, const uint8_t *d, int len, uint64_t *v)
{
	if (len != 8) {
		tool_error(c->t, c->name, prop, "expected one 64-bit value (2 cells), got %d bytes", len);
		return false;
	}
	*v = be64_at(d, 0);
	return true;
}

static int image_kind(const char *prop)
{
	for (int k = 0; k < ZV_IMG_COUNT; k++)
		if (!strncmp(prop, config_image_names[k], strlen(config_image_names[k])))
			return k;
	return ZV_IMG_KERNEL;
}

static void h_zone_name(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	prop_str(c, prop, d, len, INT_MAX); /* its length is checked as the name */
}

static void h_id(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	if (len != 4)
		tool_error(c->t, c->name, prop, "expected one 32-bit cell, got %d bytes", len);
	else
		c->z->id = be32_at(d, 0);
}

static void h_cpus(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	c->z->nr_cpus = list_len(c, prop, len, 4, ZV_MAX_VCPUS, "32-bit CPU numbers");
	for (unsigned n = 0; n < c->z->nr_cpus; n++)
		c->z->cpus[n] = be32_at(d, n);
}

static void h_interrupts(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	c->z->nr_irqs = list_len(c, prop, len, 4, ZV_MAX_IRQS, "32-bit interrupt numbers");
	for (unsigned n = 0; n < c->z->nr_irqs; n++)
		c->z->irqs[n] = be32_at(d, n);
}

static int mem_kind(const char *prop)
{
	for (int k = 0; k < ZV_MEM_KINDS; k++)
		if (!strcmp(prop, config_mem_names[k]))
			return k;
	return ZV_MEM_RAM;
}

/* memory, flash, rom: (gpa, hpa, size) triplets, one list per kind. */
static void h_memory(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	int kind = mem_kind(prop);

	c->nr_mem[kind] =
	    list_len(c, prop, len, 24, ZV_MAX_RAM, "(gpa, hpa, size) triplets of 64-bit values");
	for (unsigned n = 0; n < c->nr_mem[kind]; n++)
		c->mem[kind][n] = (struct zv_region){be64_at(d, 3 * n), be64_at(d, 3 * n + 1),
						     be64_at(d, 3 * n + 2)};
}

/* ram[]: the RAM regions first (ram[0] must be RAM), then flash, then rom,
 * each in the order written, so "flash[1]" in a message is the second
 * triplet of the flash property. */
static void gather_memory(struct zctx *c)
{
	unsigned total = 0;

	for (int k = 0; k < ZV_MEM_KINDS; k++)
		total += c->nr_mem[k];
	if (total > ZV_MAX_RAM) {
		tool_error(c->t, c->name, "memory",
			   "%u regions with flash and rom, at most %u together", total, ZV_MAX_RAM);
		return;
	}
	for (int k = 0; k < ZV_MEM_KINDS; k++)
		for (unsigned n = 0; n < c->nr_mem[k]; n++) {
			c->z->ram_kind[c->z->nr_ram] = k;
			c->z->ram[c->z->nr_ram++] = c->mem[k][n];
		}
}

static void h_passthrough(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	c->z->nr_passthru = list_len(c, prop, len, 16, ZV_MAX_PASSTHRU, "(base, size) pairs of 64-bit values");
	for (unsigned n = 0; n < c->z->nr_passthru; n++)
		c->z->passthru[n] = (struct zv_region){be64_at(d, 2 * n), be64_at(d, 2 * n), be64_at(d, 2 * n + 1)};
}

static void h_devices(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	const char *s = (const char *)d, *end = s + len;

	if (len <= 0 || d[len - 1]) {
		tool_error(c->t, c->name, prop, "expected a list of strings");
		return;
	}
	for (; s < end; s += strlen(s) + 1) {
		if (!strcmp(s, "uart"))
			c->z->devices |= ZV_DEV_UART;
		else if (!strcmp(s, "ns16550"))
			c->z->devices |= ZV_DEV_NS16550;
		else if (!strcmp(s, "pl011"))
			c->z->devices |= ZV_DEV_PL011;
		else if (!strcmp(s, "testdev"))
			c->z->devices |= ZV_DEV_TESTDEV;
		else
			tool_error(c->t, c->name, prop,
				   "unknown device '%s' (known: uart, ns16550, pl011, testdev)", s);
	}
}

static void h_image(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	struct img *im = &c->t->img[c->idx][image_kind(prop)];

	im->spec = prop_str(c, prop, d, len, PATH_MAX);
	im->generate = im->spec && image_kind(prop) == ZV_IMG_DTB && !strcmp(im->spec, "generate");
}

static void h_image_addr(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	prop_u64(c, prop, d, len, &c->z->image[image_kind(prop)].gpa); /* 0 is an address too */
}

/* Is the value one string of printable characters with its NUL? A 64-bit
 * address is not taken for one: it would have to be at least
 * 0x2020202020202000 (seven printable bytes, then 0), above any physical
 * address, so 8 bytes such as "vmlinux" are the string they look like. */
static bool prop_is_text(const uint8_t *d, int len)
{
	if (len <= 0 || d[len - 1])
		return false;
	for (int i = 0; i < len - 1; i++)
		if (d[i] < 0x20 || d[i] > 0x7e)
			return false;
	return true;
}

/* A 64-bit address, or "kernel-header": taken from the Linux image header
 * of the kernel once it is found (entry_from_header()). */
static void h_entry(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	if (!prop_is_text(d, len))
		prop_u64(c, prop, d, len, &c->z->entry);
	else if (!strcmp((const char *)d, "kernel-header"))
		c->t->entry_from_header[c->idx] = true;
	else
		tool_error(c->t, c->name, prop,
			   "expected an address or \"kernel-header\", got \"%s\"", (const char *)d);
}

static void h_bootargs(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	const char *s = prop_str(c, prop, d, len, ZV_ARGS_LEN);

	if (s)
		memcpy(c->z->bootargs, s, len);
}

static void h_mgmt(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	mgmt_parse_prop(c->t, c->idx, c->name, prop, d, len);
}

static const struct zprop {
	const char *name;
	void (*parse)(struct zctx *c, const char *prop, const uint8_t *d, int len);
	bool mandatory;
} zprops[] = {
	{"zone-name", h_zone_name, false},
	{"id", h_id, true},
	{"cpus", h_cpus, true},
	{"memory", h_memory, true},
	{"flash", h_memory, false},
	{"rom", h_memory, false},
	{"passthrough", h_passthrough, false},
	{"interrupts", h_interrupts, false},
	{"devices", h_devices, false},
	{"kernel", h_image, true},
	{"kernel-addr", h_image_addr, true},
	{"initrd", h_image, false},
	{"initrd-addr", h_image_addr, false},
	{"dtb", h_image, false},
	{"dtb-addr", h_image_addr, false},
	{"entry", h_entry, true},
	{"bootargs", h_bootargs, false},
	{"root", h_mgmt, false},
	{"manages", h_mgmt, false},
	{"boot-stopped", h_mgmt, false},
};
#define NR_ZPROPS (sizeof(zprops) / sizeof(zprops[0]))

static int zprop_index(const char *name)
{
	for (unsigned p = 0; p < NR_ZPROPS; p++)
		if (!strcmp(zprops[p].name, name))
			return p;
	return -1;
}

/* Mandatory properties, and an image needs its address and vice versa. */
static void check_presence(struct zctx *c, const bool *seen)
{
	char addr[32];

	for (unsigned p = 0; p < NR_ZPROPS; p++)
		if (zprops[p].mandatory && !seen[p])
			tool_error(c->t, c->name, zprops[p].name, "missing mandatory property");
	for (int k = ZV_IMG_INITRD; k < ZV_IMG_COUNT; k++) {
		const char *img = config_image_names[k];

		snprintf(addr, sizeof(addr), "%s-addr", img);
		if (seen[zprop_index(img)] && !seen[zprop_index(addr)])
			tool_error(c->t, c->name, addr, "missing (needed by '%s')", img);
		if (!seen[zprop_index(img)] && seen[zprop_index(addr)])
			tool_error(c->t, c->name, img, "missing (%s is set)", addr);
	}
}

/* The zone's name: its node name unless a zone-name property overrides it
 * (dtc reserves 'name' itself, and duplicate node names cannot exist). */
static const char *zone_display_name(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "zone-name", &len);

	if (s && len > 1 && !s[len - 1] && strlen(s) == (size_t)len - 1)
		return s;
	return fdt_get_name(fdt, node, NULL);
}

static void parse_zone(struct tool *t, const void *fdt, int node, unsigned idx)
{
	struct zctx c = {
	    .t = t, .idx = idx, .z = &t->cfg.zones[idx], .name = zone_display_name(fdt, node)};
	bool seen[NR_ZPROPS] = {false};
	const char *prop;
	const uint8_t *d;
	int po, len, p;

	if (strlen(c.name) >= ZV_NAME_LEN)
		tool_error(t, c.name, "name", "longer than %u characters", ZV_NAME_LEN - 1);
	snprintf(c.z->name, ZV_NAME_LEN, "%s", c.name);
	fdt_for_each_property_offset(po, fdt, node) {
		d = fdt_getprop_by_offset(fdt, po, &prop, &len);
		if ((p = zprop_index(prop)) < 0) {
			tool_error(t, c.name, prop, "unknown property");
			continue;
		}
		seen[p] = true;
		zprops[p].parse(&c, prop, d, len);
	}
	if (fdt_first_subnode(fdt, node) >= 0)
		tool_error(t, c.name, fdt_get_name(fdt, fdt_first_subnode(fdt, node), NULL),
			   "unexpected node inside a zone");
	check_presence(&c, seen);
	gather_memory(&c);
	if (t->img[idx][ZV_IMG_DTB].spec)
		c.z->flags |= ZV_ZONE_LINUX;
}

/* ---- The root node: platform, console-focus, /zones ---- */

static const char *root_str(struct tool *t, const void *fdt, const char *prop, bool mandatory)
{
	int len;
	const char *s = fdt_getprop(fdt, 0, prop, &len);

	if (!s) {
		if (mandatory)
			tool_error(t, NULL, prop, "missing mandatory property");
		return NULL;
	}
	if (len < 1 || s[len - 1] || strlen(s) != (size_t)len - 1) {
		tool_error(t, NULL, prop, "expected a string");
		return NULL;
	}
	return s;
}

static void check_root_names(struct tool *t, const void *fdt)
{
	static const char *const known[] = {"compatible", "platform", "console-focus"};
	const char *prop;
	int po, node, len;
	size_t k;

	fdt_for_each_property_offset(po, fdt, 0) {
		fdt_getprop_by_offset(fdt, po, &prop, &len);
		for (k = 0; k < sizeof(known) / sizeof(known[0]) && strcmp(known[k], prop); k++)
			;
		if (k == sizeof(known) / sizeof(known[0]))
			tool_error(t, NULL, prop, "unknown property");
	}
	fdt_for_each_subnode(node, fdt, 0)
		if (strcmp(fdt_get_name(fdt, node, NULL), "zones"))
			tool_error(t, NULL, fdt_get_name(fdt, node, NULL), "unknown node (only 'zones')");
}

static void parse_platform(struct tool *t, const void *fdt)
{
	const char *compat = root_str(t, fdt, "compatible", false);
	const char *name = root_str(t, fdt, "platform", true);

	if (compat && strcmp(compat, "zonevisor,config-v1"))
		tool_error(t, NULL, "compatible", "'%s', expected 'zonevisor,config-v1'", compat);
	if (!name)
		return;
	for (const struct zv_board *const *b = zv_boards; *b; b++)
		if (!strcmp((*b)->name, name))
			t->board = *b;
	if (!t->board)
		tool_error(t, NULL, "platform", "unknown platform '%s'", name);
	snprintf(t->cfg.platform, ZV_NAME_LEN, "%s", name);
}

static void parse_zones(struct tool *t, const void *fdt)
{
	int zones = fdt_subnode_offset(fdt, 0, "zones"), node, po;
	const char *prop;

	if (zones < 0) {
		tool_error(t, NULL, "zones", "missing node /zones");
		return;
	}
	fdt_for_each_property_offset(po, fdt, zones) {
		fdt_getprop_by_offset(fdt, po, &prop, NULL);
		tool_error(t, NULL, prop, "unknown property in /zones");
	}
	fdt_for_each_subnode(node, fdt, zones) {
		if (t->cfg.nr_zones == ZV_MAX_ZONES) {
			tool_error(t, NULL, "zones", "more than %u zones", ZV_MAX_ZONES);
			return;
		}
		parse_zone(t, fdt, node, t->cfg.nr_zones++);
	}
	if (!t->cfg.nr_zones)
		tool_error(t, NULL, "zones", "no zones");
}

static void parse_console_focus(struct tool *t, const void *fdt)
{
	const char *focus = root_str(t, fdt, "console-focus", false);

	if (!focus)
		return;
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		if (!strncmp(t->cfg.zones[i].name, focus, ZV_NAME_LEN)) {
			t->cfg.console_focus = i;
			return;
		}
	tool_error(t, NULL, "console-focus", "no zone named '%s'", focus);
}

void parse_description(struct tool *t, const void *fdt)
{
	t->cfg.magic = ZV_CFG_MAGIC;
	t->cfg.version = ZV_CFG_VERSION;
	t->cfg.size = sizeof(t->cfg);
	check_root_names(t, fdt);
	parse_platform(t, fdt);
	parse_zones(t, fdt);
	parse_console_focus(t, fdt);
	mgmt_resolve(t);
}

/* ---- Images: resolve files, generate device trees, stage ---- */

/* cache:X -> $ZV_CACHE/X, build:X -> <build dir>/X, else as is. */
static void expand_spec(struct tool *t, const char *spec, char *out, size_t size)
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

	expand_spec(t, im->spec, want, sizeof(want));
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

/* ---- Output ---- */

static void fmt_size(char *buf, size_t size, uint64_t n)
{
	if (n && !(n & 0xfffff))
		snprintf(buf, size, "%lluM", (ull)(n >> 20));
	else if (n && !(n & 0x3ff))
		snprintf(buf, size, "%lluK", (ull)(n >> 10));
	else
		snprintf(buf, size, "%llu", (ull)n);
}

static void print_zone(const struct zv_zone_cfg *z)
{
	char cpus[64] = "", sz[32];
	size_t o = 0;

	for (unsigned n = 0; n < z->nr_cpus; n++)
		o += snprintf(cpus + o, sizeof(cpus) - o, "%s%u", n ? "," : "", z->cpus[n]);
	printf("%-12s %3u  %-8s", z->name, z->id, cpus);
	for (unsigned n = 0; n < z->nr_ram; n++) {
		fmt_size(sz, sizeof(sz), z->ram[n].size);
		printf(" %s%s%s%#llx->%#llx %s", n ? "+ " : "",
		       z->ram_kind[n] == ZV_MEM_RAM ? "" : config_mem_names[z->ram_kind[n]],
		       z->ram_kind[n] == ZV_MEM_RAM ? "" : " ", (ull)z->ram[n].gpa,
		       (ull)z->ram[n].hpa, sz);
	}
	for (int k = 0; k < ZV_IMG_COUNT; k++) {
		if (!zv_image_present(&z->image[k]))
			continue;
		fmt_size(sz, sizeof(sz), z->image[k].size);
		printf("  %s %s@%#llx", config_image_names[k], sz, (ull)z->image[k].gpa);
	}
	putchar('\n');
}

static void print_table(const struct tool *t)
{
	printf("%-12s %3s  %-8s %s\n", "zone", "id", "cpus", "RAM (gpa->hpa size), images (size@gpa)");
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		print_zone(&t->cfg.zones[i]);
}

static bool mkdir_p(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(path, 0755) == 0 || errno == EEXIST;
}

/* QEMU splits option values at ',': a literal comma is written twice. */
static void put_loader(FILE *f, const char *sep, const char *path, uint64_t addr)
{
	fprintf(f, "%s-device loader,file=", sep);
	for (; *path; path++)
		fputs(*path == ',' ? ",," : (char[2]){*path, 0}, f);
	fprintf(f, ",addr=%#llx,force-raw=on", (ull)addr);
}

static bool write_qemu_args(struct tool *t, const char *dir)
{
	char path[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/qemu-args", dir);
	if (!(f = fopen(path, "w"))) {
		tool_error(t, NULL, NULL, "cannot write '%s': %s", path, strerror(errno));
		return false;
	}
	snprintf(path, sizeof(path), "%s/zones.bin", dir);
	put_loader(f, "", path, t->board->config_addr);
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		for (int k = 0; k < ZV_IMG_COUNT; k++)
			if (t->img[i][k].spec)
				put_loader(f, " ", t->img[i][k].path, t->cfg.zones[i].image[k].src);
	fputc('\n', f);
	if (fclose(f) == 0)
		return true;
	tool_error(t, NULL, NULL, "cannot write qemu-args: %s", strerror(errno));
	return false;
}

static bool write_outputs(struct tool *t)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];

	if (!mkdir_p(t->out_dir) || !realpath(t->out_dir, dir)) {
		tool_error(t, NULL, NULL, "cannot create '%s': %s", t->out_dir, strerror(errno));
		return false;
	}
	for (unsigned i = 0; i < t->cfg.nr_zones; i++) {
		struct img *im = &t->img[i][ZV_IMG_DTB];

		if (!im->data)
			continue;
		snprintf(im->path, sizeof(im->path), "%s/%s.dtb", dir, t->cfg.zones[i].name);
		if (!write_file(t, im->path, im->data, fdt_totalsize(im->data)))
			return false;
	}
	snprintf(path, sizeof(path), "%s/zones.bin", dir);
	return write_file(t, path, &t->cfg, sizeof(t->cfg)) && write_qemu_args(t, dir);
}

/* ---- main ---- */

static void usage(FILE *f)
{
	fprintf(f, "usage: zvcfg [-o OUTDIR] [--build DIR] [--check-only] CONFIG.dts|CONFIG.dtb\n"
		   "  -o OUTDIR      where zones.bin, <zone>.dtb and qemu-args go (default .)\n"
		   "  --build DIR    what 'build:' image paths are relative to (default build)\n"
		   "  --check-only   validate, write nothing\n"
		   "  'cache:' image paths are relative to $ZV_CACHE (default ~/.cache/zonevisor)\n");
}

static bool parse_args(struct tool *t, int argc, char **argv)
{
	static const struct option opts[] = {
		{"check-only", no_argument, NULL, 'c'},
		{"build", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	t->out_dir = ".";
	t->build_dir = "build";
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (opt == 'o')
			t->out_dir = optarg;
		else if (opt == 'b')
			t->build_dir = optarg;
		else if (opt == 'c')
			t->check_only = true;
		else
			return false;
	}
	if (optind != argc - 1)
		return false;
	t->cfg_path = argv[optind];
	return true;
}

static void set_cache_dir(struct tool *t)
{
	static char dflt[PATH_MAX];
	const char *env = getenv("ZV_CACHE"), *home = getenv("HOME");

	snprintf(dflt, sizeof(dflt), "%s/.cache/zonevisor", home ? home : "");
	t->cache_dir = env && *env ? env : dflt;
}

static void release(struct tool *t, void *fdt)
{
	for (unsigned i = 0; i < ZV_MAX_ZONES; i++)
		free(t->img[i][ZV_IMG_DTB].data);
	free(fdt);
}

/* Parse, resolve, stage and check; true when the table is sound. */
static bool compile(struct tool *t, const void *fdt)
{
	parse_description(t, fdt);
	if (t->errors || !t->board)
		return false;
	resolve_images(t);
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

int main(int argc, char **argv)
{
	struct tool *t = &tool;
	void *fdt;
	bool ok;

	if (!parse_args(t, argc, argv)) {
		usage(stderr);
		return 2;
	}
	set_cache_dir(t);
	if (!(fdt = load_description(t)))
		return 1;
	ok = compile(t, fdt);
	if (ok) {
		print_table(t);
		ok = t->check_only || write_outputs(t);
	}
	release(t, fdt);
	return ok ? 0 : 1;
}
