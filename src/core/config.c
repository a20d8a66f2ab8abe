/* SPDX-License-Identifier: MIT */
/*
 * Zone table validation against the board's facts. Shared by the host tool
 * and the hypervisor, so it only uses the freestanding subset in zv/lib.h.
 * Every error names the zone and the zone-description property at fault.
 * Here: the table's header, zone names and ids, what two zones may not
 * share, and ranges that may not overlap; one zone's own resources are
 * checked in config_zone.c.
 */
#include <zv/lib.h>
#include <zv/virtio_cfg.h>

#include "config_check.h"

const char *const config_image_names[ZV_IMG_COUNT] = {"kernel", "initrd", "dtb"};
const char *const config_mem_names[ZV_MEM_KINDS] = {"memory", "flash", "rom"};
const char *const config_uart_names[ZV_UART_MODELS] = {"none", "ns16550", "pl011"};

/* Length of s, or max when it is not NUL-terminated within max bytes. */
static size_t str_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* The property and index ram[n] was written as: "flash[0]" is the zone's
 * first flash region, wherever it lies in ram[]. */
void config_region_field(const struct zv_zone_cfg *z, u32 n, char *buf, size_t size)
{
	u32 kind = z->ram_kind[n], idx = 0;

	for (u32 m = 0; m < n; m++)
		idx += z->ram_kind[m] == kind;
	snprintf(buf, size, "%s[%u]", mem_name(kind), idx);
}

static bool check_header(struct chk *k)
{
	const struct zv_config *c = k->c;
	bool ok = true;

	if (c->magic != ZV_CFG_MAGIC) {
		config_fail(k, -1, "magic", "bad magic 0x%llx", (ull)c->magic);
		return false;
	}
	if (c->version != ZV_CFG_VERSION) {
		config_fail(k, -1, "version", "version %u, expected %u", c->version,
			    ZV_CFG_VERSION);
		ok = false;
	}
	if (c->size != sizeof(*c)) {
		config_fail(k, -1, "size", "table size %u, expected %u", c->size,
			    (unsigned)sizeof(*c));
		ok = false;
	}
	if (c->checksum != zv_cfg_checksum(c))
		config_fail(k, -1, "checksum", "checksum mismatch");
	if (str_len(c->platform, ZV_NAME_LEN) == ZV_NAME_LEN ||
	    strncmp(c->platform, k->b->name, ZV_NAME_LEN) != 0)
		config_fail(k, -1, "platform", "table is not for platform '%s'", k->b->name);
	if (c->nr_zones < 1 || c->nr_zones > ZV_MAX_ZONES) {
		config_fail(k, -1, "zones", "%u zones, must be 1..%u", c->nr_zones, ZV_MAX_ZONES);
		return false;
	}
	if (c->console_focus >= c->nr_zones)
		config_fail(k, -1, "console-focus", "zone index %u out of range", c->console_focus);
	return ok;
}

static void set_name(struct chk *k, u32 i)
{
	const char *name = k->c->zones[i].name;
	size_t len = str_len(name, ZV_NAME_LEN);

	if (len == 0 || len == ZV_NAME_LEN)
		snprintf(k->names[i], ZV_NAME_LEN, "#%u", i);
	else
		memcpy(k->names[i], name, len + 1);
}

static void check_strings(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	size_t len = str_len(z->name, ZV_NAME_LEN);

	if (len == 0)
		config_fail(k, i, "name", "empty zone name");
	else if (len == ZV_NAME_LEN)
		config_fail(k, i, "name", "zone name longer than %u characters", ZV_NAME_LEN - 1);
	if (str_len(z->bootargs, ZV_ARGS_LEN) == ZV_ARGS_LEN)
		config_fail(k, i, "bootargs", "longer than %u characters", ZV_ARGS_LEN - 1);
	if (z->flags & ~ZV_ZONE_FLAGS)
		config_fail(k, i, "flags", "unknown flag bits 0x%x", z->flags & ~ZV_ZONE_FLAGS);
	if (z->devices & ~ZV_DEV_KNOWN)
		config_fail(k, i, "devices", "unknown device bits 0x%x",
			    z->devices & ~ZV_DEV_KNOWN);
}

/* Checks between zone j and an earlier zone i, reported against j. */
static void check_pair(struct chk *k, u32 i, u32 j)
{
	const struct zv_zone_cfg *a = &k->c->zones[i], *z = &k->c->zones[j];

	if (z->name[0] && strncmp(a->name, z->name, ZV_NAME_LEN) == 0)
		config_fail(k, j, "name", "zone name '%s' used twice", k->names[j]);
	if (a->id == z->id)
		config_fail(k, j, "id", "id %u already used by zone '%s'", z->id, k->names[i]);
	for (u32 n = 0; n < clamp(z->nr_cpus, ZV_MAX_VCPUS); n++)
		for (u32 m = 0; m < clamp(a->nr_cpus, ZV_MAX_VCPUS); m++)
			if (z->cpus[n] == a->cpus[m])
				config_fail(k, j, "cpus", "CPU %u already belongs to zone '%s'",
					    z->cpus[n], k->names[i]);
	for (u32 n = 0; n < clamp(z->nr_irqs, ZV_MAX_IRQS); n++)
		for (u32 m = 0; m < clamp(a->nr_irqs, ZV_MAX_IRQS); m++)
			if (z->irqs[n] == a->irqs[m])
				config_fail(k, j, "interrupts",
					    "interrupt %u already belongs to zone '%s'", z->irqs[n],
					    k->names[i]);
}

/*
 * Address ranges that must not overlap: host RAM and staging copies across
 * all zones, passthrough across zones (within a zone it is a guest range
 * too), guest ranges and guest images within one zone.
 */
enum span_kind { SPAN_HOST_RAM, SPAN_PASSTHRU, SPAN_STAGING, SPAN_GUEST, SPAN_IMAGE, SPAN_KINDS };
enum span_scope { SAME_ZONE, OTHER_ZONES, ALL_ZONES };

static const struct {
	const char *what; /* message prefix */
	enum span_scope scope;
} span_kinds[SPAN_KINDS] = {
    [SPAN_HOST_RAM] = {"", ALL_ZONES},
    [SPAN_PASSTHRU] = {"", OTHER_ZONES},
    [SPAN_STAGING] = {"staging copy ", ALL_ZONES},
    [SPAN_GUEST] = {"guest range ", SAME_ZONE},
    [SPAN_IMAGE] = {"", SAME_ZONE},
};

struct span {
	char field[24];
	u64 base, size;
};

static u32 span_count(const struct zv_zone_cfg *z, enum span_kind kind)
{
	u32 ram = clamp(z->nr_ram, ZV_MAX_RAM), pt = clamp(z->nr_passthru, ZV_MAX_PASSTHRU);

	switch (kind) {
	case SPAN_HOST_RAM:
		return ram;
	case SPAN_PASSTHRU:
		return pt;
	case SPAN_GUEST:
		return ram + pt + 2; /* + uart, testdev */
	default:
		return ZV_IMG_COUNT;
	}
}

/* The n-th guest range of a zone: RAM, passthrough, emulated devices. */
static bool guest_span(const struct chk *k, const struct zv_zone_cfg *z, u32 n, struct span *s)
{
	u32 ram = clamp(z->nr_ram, ZV_MAX_RAM), pt = clamp(z->nr_passthru, ZV_MAX_PASSTHRU);

	if (n < ram) {
		config_region_field(z, n, s->field, sizeof(s->field));
		s->base = z->ram[n].gpa, s->size = z->ram[n].size;
	} else if (n < ram + pt) {
		snprintf(s->field, sizeof(s->field), "passthrough[%u]", n - ram);
		s->base = z->passthru[n - ram].gpa, s->size = z->passthru[n - ram].size;
	} else if (n == ram + pt) {
		snprintf(s->field, sizeof(s->field), "uart");
		s->base = k->b->uart_gpa, s->size = k->b->uart_size;
		return z->devices & ZV_DEV_UARTS;
	} else {
		snprintf(s->field, sizeof(s->field), "testdev");
		s->base = k->b->testdev_gpa, s->size = k->b->testdev_size;
		return z->devices & ZV_DEV_TESTDEV;
	}
	return true;
}

/* Fill s with the n-th span of 'kind' in z; false when it is absent. */
static bool span_get(const struct chk *k, const struct zv_zone_cfg *z, enum span_kind kind, u32 n,
		     struct span *s)
{
	const struct zv_image *im = &z->image[n < ZV_IMG_COUNT ? n : 0];

	switch (kind) {
	case SPAN_HOST_RAM:
		config_region_field(z, n, s->field, sizeof(s->field));
		s->base = z->ram[n].hpa, s->size = z->ram[n].size;
		return true;
	case SPAN_PASSTHRU:
		snprintf(s->field, sizeof(s->field), "passthrough[%u]", n);
		s->base = z->passthru[n].hpa, s->size = z->passthru[n].size;
		return true;
	case SPAN_GUEST:
		return guest_span(k, z, n, s);
	default:
		snprintf(s->field, sizeof(s->field), "%s", config_image_names[n]);
		s->base = kind == SPAN_STAGING ? im->src : im->gpa, s->size = im->size;
		return zv_image_present(im);
	}
}

/* Report span s of zone j if it overlaps an earlier span (zone i, index < m). */
static void check_span(struct chk *k, enum span_kind kind, u32 j, u32 m, const struct span *s)
{
	enum span_scope scope = span_kinds[kind].scope;
	u32 end = scope == OTHER_ZONES ? j : j + 1;
	struct span o;

	for (u32 i = scope == SAME_ZONE ? j : 0; i < end; i++) {
		const struct zv_zone_cfg *z = &k->c->zones[i];
		u32 nr = i == j ? m : span_count(z, kind);

		for (u32 n = 0; n < nr; n++) {
			if (!span_get(k, z, kind, n, &o) ||
			    !overlaps(s->base, s->size, o.base, o.size))
				continue;
			config_fail(k, j, s->field, "%soverlaps %s%s%s%s (0x%llx-0x%llx)",
				    span_kinds[kind].what, i == j ? "" : "zone '",
				    i == j ? "" : k->names[i], i == j ? "" : "' ", o.field,
				    (ull)o.base, (ull)last(o.base, o.size));
			return;
		}
	}
}

static void check_disjoint(struct chk *k, enum span_kind kind)
{
	struct span s;

	for (u32 j = 0; j < k->c->nr_zones; j++) {
		const struct zv_zone_cfg *z = &k->c->zones[j];

		for (u32 m = 0; m < span_count(z, kind); m++)
			if (span_get(k, z, kind, m, &s))
				check_span(k, kind, j, m, &s);
	}
}

int config_check(const struct zv_config *c, const struct zv_board *b, config_report_fn report,
		 void *ctx)
{
	struct chk k = {.c = c, .b = b, .out = {.report = report, .ctx = ctx}};

	if (!check_header(&k))
		return k.out.errors;
	for (u32 i = 0; i < c->nr_zones; i++)
		set_name(&k, i);
	for (u32 i = 0; i < c->nr_zones; i++) {
		check_strings(&k, i);
		config_check_zone(&k, i);
		for (u32 a = 0; a < i; a++)
			check_pair(&k, a, i);
	}
	for (int kind = 0; kind < SPAN_KINDS; kind++)
		check_disjoint(&k, kind);
	k.out.errors +=
	    config_check_channels(c, b, (const char(*)[ZV_NAME_LEN])k.names, report, ctx);
	k.out.errors += config_check_virtio(c, b, (const char(*)[ZV_NAME_LEN])k.names, report, ctx);
	k.out.errors += config_check_mgmt(c, report, ctx);
	return k.out.errors;
}
