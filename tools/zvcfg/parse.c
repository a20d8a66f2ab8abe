/* SPDX-License-Identifier: MIT */
/*
 * zvcfg's parser: a zone description blob into the zone table's header and
 * zones, the board it names and the image specs of each zone.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include <zv/config.h>

#include "zvcfg.h"

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

/* passthrough-virtio: (address, interrupt) pairs, a 64-bit address and a
 * 32-bit interrupt each; checked by config_zone.c like the rest. */
static void h_pt_virtio(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	c->z->nr_pt_virtio = list_len(c, prop, len, 12, ZV_MAX_PT_VIRTIO,
				      "(address, interrupt) pairs: 64-bit address, 32-bit number");
	for (unsigned n = 0; n < c->z->nr_pt_virtio; n++) {
		c->z->pt_virtio_gpa[n] = (uint64_t)be32_at(d, 3 * n) << 32 | be32_at(d, 3 * n + 1);
		c->z->pt_virtio_irq[n] = be32_at(d, 3 * n + 2);
	}
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
		else if (!strcmp(s, "virtio-console") && (c->z->devices & ZV_DEV_VIRTIO_CONSOLE))
			tool_error(c->t, c->name, prop, "virtio-console listed twice");
		else if (!strcmp(s, "virtio-console"))
			c->z->devices |= ZV_DEV_VIRTIO_CONSOLE;
		else
			tool_error(c->t, c->name, prop,
				   "unknown device '%s' (known: uart, ns16550, pl011, testdev, "
				   "virtio-console)",
				   s);
	}
}

static void h_disk(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	c->t->disk[c->idx].spec = prop_str(c, prop, d, len, PATH_MAX);
}

static void h_network(struct zctx *c, const char *prop, const uint8_t *d, int len)
{
	const char *s = prop_str(c, prop, d, len, ZV_NAME_LEN);

	if (s && !*s)
		tool_error(c->t, c->name, prop, "empty network name");
	else if (s)
		strncpy(c->z->network, s, ZV_NAME_LEN - 1);
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
	{"passthrough-virtio", h_pt_virtio, false},
	{"devices", h_devices, false},
	{"kernel", h_image, true},
	{"kernel-addr", h_image_addr, true},
	{"initrd", h_image, false},
	{"initrd-addr", h_image_addr, false},
	{"dtb", h_image, false},
	{"dtb-addr", h_image_addr, false},
	{"entry", h_entry, true},
	{"bootargs", h_bootargs, false},
	{"disk", h_disk, false},
	{"network", h_network, false},
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
		if (strcmp(fdt_get_name(fdt, node, NULL), "zones") &&
		    strcmp(fdt_get_name(fdt, node, NULL), "channels"))
			tool_error(t, NULL, fdt_get_name(fdt, node, NULL),
				   "unknown node (only 'zones' and 'channels')");
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
	parse_channels(t, fdt);
	parse_console_focus(t, fdt);
	mgmt_resolve(t);
}
