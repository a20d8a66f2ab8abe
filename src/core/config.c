/* SPDX-License-Identifier: MIT */
/*
 * Zone table validation against the board's facts. Shared by the host tool
 * and the hypervisor, so it only uses the freestanding subset in zv/lib.h.
 * Every error names the zone and the zone-description property at fault.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <zv/types.h>

#include <zv/config.h>
#include <zv/lib.h>

typedef unsigned long long ull; /* for printing */

const char *const config_image_names[ZV_IMG_COUNT] = {"kernel", "initrd", "dtb"};
const char *const config_mem_names[ZV_MEM_KINDS] = {"memory", "flash", "rom"};
const char *const config_uart_names[ZV_UART_MODELS] = {"none", "ns16550", "pl011"};

struct chk {
	const struct zv_config *c;
	const struct zv_board *b;
	config_report_fn report;
	void *ctx;
	int errors;
	char names[ZV_MAX_ZONES][ZV_NAME_LEN]; /* printable zone names */
};

/* Report one error against zone index 'zone' (-1: the whole table). */
__attribute__((format(printf, 4, 5))) static void fail(struct chk *k, int zone, const char *field,
						       const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	k->errors++;
	if (k->report)
		k->report(k->ctx, zone < 0 ? NULL : k->names[zone], field, msg);
}

static u32 clamp(u32 n, u32 max)
{
	return n < max ? n : max;
}

/* Length of s, or max when it is not NUL-terminated within max bytes. */
static size_t str_len(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static bool wraps(u64 base, u64 size)
{
	return size && base + size - 1 < base;
}

static u64 last(u64 base, u64 size)
{
	return base + size - 1;
}

/* Ranges that are empty or wrap never overlap: they are reported apart. */
static bool overlaps(u64 a, u64 as, u64 b, u64 bs)
{
	if (!as || !bs || wraps(a, as) || wraps(b, bs))
		return false;
	return a <= last(b, bs) && b <= last(a, as);
}

static bool inside(u64 base, u64 size, u64 rbase, u64 rsize)
{
	if (!size || wraps(base, size) || !rsize)
		return false;
	return base >= rbase && last(base, size) <= last(rbase, rsize);
}

static bool aligned(u64 v, u64 page)
{
	return (v & (page - 1)) == 0;
}

/* Is [gpa, gpa+size) inside a single memory region (of any kind) of the zone? */
static bool in_guest_ram(const struct zv_zone_cfg *z, u64 gpa, u64 size)
{
	for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++)
		if (inside(gpa, size, z->ram[n].gpa, z->ram[n].size) &&
		    !wraps(z->ram[n].hpa, z->ram[n].size))
			return true;
	return false;
}

static const char *mem_name(u32 kind)
{
	return kind < ZV_MEM_KINDS ? config_mem_names[kind] : "memory";
}

/* The property and index ram[n] was written as: "flash[0]" is the zone's
 * first flash region, wherever it lies in ram[]. */
static void region_field(const struct zv_zone_cfg *z, u32 n, char *buf, size_t size)
{
	u32 kind = z->ram_kind[n], idx = 0;

	for (u32 m = 0; m < n; m++)
		idx += z->ram_kind[m] == kind;
	snprintf(buf, size, "%s[%u]", mem_name(kind), idx);
}

/* The first window the board emulates in every zone that [base, base+size)
 * overlaps, or NULL. */
static const struct zv_window *emulated_hit(const struct zv_board *b, u64 base, u64 size)
{
	for (size_t w = 0; w < sizeof(b->emulated) / sizeof(b->emulated[0]); w++)
		if (b->emulated[w].name &&
		    overlaps(base, size, b->emulated[w].base, b->emulated[w].size))
			return &b->emulated[w];
	return NULL;
}

static bool check_header(struct chk *k)
{
	const struct zv_config *c = k->c;
	bool ok = true;

	if (c->magic != ZV_CFG_MAGIC) {
		fail(k, -1, "magic", "bad magic 0x%llx", (ull)c->magic);
		return false;
	}
	if (c->version != ZV_CFG_VERSION) {
		fail(k, -1, "version", "version %u, expected %u", c->version, ZV_CFG_VERSION);
		ok = false;
	}
	if (c->size != sizeof(*c)) {
		fail(k, -1, "size", "table size %u, expected %u", c->size, (unsigned)sizeof(*c));
		ok = false;
	}
	if (c->checksum != zv_cfg_checksum(c))
		fail(k, -1, "checksum", "checksum mismatch");
	if (str_len(c->platform, ZV_NAME_LEN) == ZV_NAME_LEN ||
	    strncmp(c->platform, k->b->name, ZV_NAME_LEN) != 0)
		fail(k, -1, "platform", "table is not for platform '%s'", k->b->name);
	if (c->nr_zones < 1 || c->nr_zones > ZV_MAX_ZONES) {
		fail(k, -1, "zones", "%u zones, must be 1..%u", c->nr_zones, ZV_MAX_ZONES);
		return false;
	}
	if (c->console_focus >= c->nr_zones)
		fail(k, -1, "console-focus", "zone index %u out of range", c->console_focus);
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
		fail(k, i, "name", "empty zone name");
	else if (len == ZV_NAME_LEN)
		fail(k, i, "name", "zone name longer than %u characters", ZV_NAME_LEN - 1);
	if (str_len(z->bootargs, ZV_ARGS_LEN) == ZV_ARGS_LEN)
		fail(k, i, "bootargs", "longer than %u characters", ZV_ARGS_LEN - 1);
	if (z->flags & ~ZV_ZONE_FLAGS)
		fail(k, i, "flags", "unknown flag bits 0x%x", z->flags & ~ZV_ZONE_FLAGS);
	if (z->devices & ~ZV_DEV_KNOWN)
		fail(k, i, "devices", "unknown device bits 0x%x", z->devices & ~ZV_DEV_KNOWN);
}

static bool one_bit(u32 v)
{
	return v && !(v & (v - 1));
}

/* One console UART at most, of a model the board offers. */
static void check_uart(struct chk *k, u32 i)
{
	const struct zv_board *b = k->b;
	u32 uarts = k->c->zones[i].devices & ZV_DEV_UARTS;
	enum zv_uart_model m = config_uart_model(b, uarts);

	if (!uarts)
		return;
	if (!one_bit(uarts)) {
		fail(k, i, "devices", "more than one console UART ('uart', 'ns16550', 'pl011')");
		return;
	}
	if (m <= ZV_UART_NONE || m >= ZV_UART_MODELS || !(b->uart_models & ZV_UART_BIT(m)))
		fail(k, i, "devices", "platform '%s' offers no %s console UART", b->name,
		     m > ZV_UART_NONE && m < ZV_UART_MODELS ? config_uart_names[m] : "such");
}

static void check_cpus(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	u32 nr = clamp(z->nr_cpus, ZV_MAX_VCPUS);

	if (z->nr_cpus == 0)
		fail(k, i, "cpus", "no CPUs");
	else if (z->nr_cpus > ZV_MAX_VCPUS)
		fail(k, i, "cpus", "%u CPUs, at most %u", z->nr_cpus, ZV_MAX_VCPUS);
	for (u32 n = 0; n < nr; n++) {
		if (z->cpus[n] >= k->b->nr_cpus)
			fail(k, i, "cpus", "CPU %u does not exist (platform has %u)", z->cpus[n],
			     k->b->nr_cpus);
		for (u32 m = 0; m < n; m++)
			if (z->cpus[m] == z->cpus[n])
				fail(k, i, "cpus", "CPU %u listed twice", z->cpus[n]);
	}
}

/* Size, alignment and wrap-around of a region; true when usable. */
static bool check_region(struct chk *k, u32 i, const char *f, const struct zv_region *r)
{
	u64 page = k->b->page_size;

	if (r->size == 0) {
		fail(k, i, f, "zero size");
		return false;
	}
	if (!aligned(r->gpa, page) || !aligned(r->hpa, page) || !aligned(r->size, page)) {
		fail(k, i, f, "base or size not aligned to the page size 0x%llx", (ull)page);
		return false;
	}
	if (wraps(r->gpa, r->size) || wraps(r->hpa, r->size)) {
		fail(k, i, f, "range wraps around the address space");
		return false;
	}
	if (r->gpa + r->size > 1ULL << k->b->gpa_bits) {
		fail(k, i, f,
		     "guest range 0x%llx-0x%llx beyond the platform's %u-bit guest-physical space",
		     (ull)r->gpa, (ull)last(r->gpa, r->size), k->b->gpa_bits);
		return false;
	}
	return true;
}

/* ram[0] is RAM: the ports put boot data at its start (LoongArch's EFI
 * tables), which a ROM would not take and a flash must not lose. */
static void check_ram_kinds(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	char f[24];

	if (z->nr_ram == 0)
		fail(k, i, "memory", "no RAM");
	else if (z->nr_ram > ZV_MAX_RAM)
		fail(k, i, "memory", "%u regions (memory, flash and rom together), at most %u",
		     z->nr_ram, ZV_MAX_RAM);
	else if (z->ram_kind[0] != ZV_MEM_RAM && z->ram_kind[0] < ZV_MEM_KINDS)
		fail(k, i, "memory", "the first region is %s, not RAM", mem_name(z->ram_kind[0]));
	for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++)
		if (z->ram_kind[n] >= ZV_MEM_KINDS) {
			snprintf(f, sizeof(f), "memory[%u]", n);
			fail(k, i, f, "unknown region kind %u", z->ram_kind[n]);
		}
}

static void check_ram(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	const struct zv_board *b = k->b;
	const struct zv_window *w;
	char f[24];

	check_ram_kinds(k, i);
	for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++) {
		const struct zv_region *r = &z->ram[n];

		region_field(z, n, f, sizeof(f));
		if (!check_region(k, i, f, r))
			continue;
		if ((w = emulated_hit(b, r->gpa, r->size)))
			fail(k, i, f,
			     "guest range 0x%llx-0x%llx overlaps the emulated %s (0x%llx-0x%llx)",
			     (ull)r->gpa, (ull)last(r->gpa, r->size), w->name, (ull)w->base,
			     (ull)last(w->base, w->size));
		if (!inside(r->hpa, r->size, b->ram.base, b->ram.size))
			fail(k, i, f,
			     "host range 0x%llx-0x%llx outside platform RAM (0x%llx-0x%llx)",
			     (ull)r->hpa, (ull)last(r->hpa, r->size), (ull)b->ram.base,
			     (ull)last(b->ram.base, b->ram.size));
		else if (overlaps(r->hpa, r->size, b->hv.base, b->hv.size))
			fail(k, i, f,
			     "host range 0x%llx-0x%llx overlaps the hypervisor (0x%llx-0x%llx)",
			     (ull)r->hpa, (ull)last(r->hpa, r->size), (ull)b->hv.base,
			     (ull)last(b->hv.base, b->hv.size));
	}
}

/* The first hypervisor-owned device range overlapping r, or NULL. */
static const struct zv_range *hv_device_hit(const struct zv_board *b, const struct zv_region *r)
{
	for (size_t d = 0; d < sizeof(b->hv_devices) / sizeof(b->hv_devices[0]); d++)
		if (overlaps(r->hpa, r->size, b->hv_devices[d].base, b->hv_devices[d].size))
			return &b->hv_devices[d];
	return NULL;
}

static void check_passthru(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	const struct zv_board *b = k->b;
	const struct zv_range *hit;
	const struct zv_window *w;
	char f[24];

	if (z->nr_passthru > ZV_MAX_PASSTHRU)
		fail(k, i, "passthrough", "%u regions, at most %u", z->nr_passthru,
		     ZV_MAX_PASSTHRU);
	for (u32 n = 0; n < clamp(z->nr_passthru, ZV_MAX_PASSTHRU); n++) {
		const struct zv_region *r = &z->passthru[n];

		snprintf(f, sizeof(f), "passthrough[%u]", n);
		if (!check_region(k, i, f, r))
			continue;
		if (r->gpa != r->hpa)
			fail(k, i, f, "not identity-mapped");
		else if (!inside(r->hpa, r->size, b->mmio.base, b->mmio.size))
			fail(k, i, f,
			     "0x%llx-0x%llx outside the platform device window (0x%llx-0x%llx)",
			     (ull)r->hpa, (ull)last(r->hpa, r->size), (ull)b->mmio.base,
			     (ull)last(b->mmio.base, b->mmio.size));
		else if ((hit = hv_device_hit(b, r)))
			fail(k, i, f, "overlaps a device the hypervisor keeps (0x%llx-0x%llx)",
			     (ull)hit->base, (ull)last(hit->base, hit->size));
		else if ((w = emulated_hit(b, r->gpa, r->size)))
			fail(k, i, f, "overlaps the emulated %s (0x%llx-0x%llx)", w->name,
			     (ull)w->base, (ull)last(w->base, w->size));
	}
}

/* Why a zone may not own 'irq', or NULL when it may (duplicates aside). */
static const char *irq_conflict(const struct zv_board *b, const struct zv_zone_cfg *z, u32 irq)
{
	if (irq == 0 || irq > b->max_irq)
		return "is out of range";
	for (size_t n = 0; n < sizeof(b->hv_irqs) / sizeof(b->hv_irqs[0]); n++)
		if (b->hv_irqs[n] && b->hv_irqs[n] == irq)
			return "belongs to the hypervisor";
	if ((z->devices & ZV_DEV_UARTS) && irq == b->uart_irq)
		return "is the emulated uart's";
	if ((z->devices & ZV_DEV_TESTDEV) && irq == b->testdev_irq)
		return "is the emulated testdev's";
	return NULL;
}

static void check_irqs(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	const char *why;

	if (z->nr_irqs > ZV_MAX_IRQS)
		fail(k, i, "interrupts", "%u interrupts, at most %u", z->nr_irqs, ZV_MAX_IRQS);
	for (u32 n = 0; n < clamp(z->nr_irqs, ZV_MAX_IRQS); n++) {
		if ((why = irq_conflict(k->b, z, z->irqs[n])))
			fail(k, i, "interrupts", "interrupt %u %s (platform range 1..%u)",
			     z->irqs[n], why, k->b->max_irq);
		for (u32 m = 0; m < n; m++)
			if (z->irqs[m] == z->irqs[n])
				fail(k, i, "interrupts", "interrupt %u listed twice", z->irqs[n]);
	}
}

static void check_images(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	const struct zv_range *st = &k->b->staging;

	if (!zv_image_present(&z->image[ZV_IMG_KERNEL]) && !z->image[ZV_IMG_KERNEL].gpa &&
	    !z->image[ZV_IMG_KERNEL].src)
		fail(k, i, "kernel", "no kernel image");
	/* The first instruction (4 bytes) must lie in RAM, as zone_vcpu_start
	 * checks at run time. */
	if (!in_guest_ram(z, z->entry, 4))
		fail(k, i, "entry", "0x%llx is outside the zone's RAM", (ull)z->entry);
	for (int n = 0; n < ZV_IMG_COUNT; n++) {
		const struct zv_image *im = &z->image[n];
		const char *f = config_image_names[n];

		/* Absent is all zero; a size of 0 with an address is an
		 * empty file given as an image, never loaded: refused. */
		if (!zv_image_present(im)) {
			if (im->gpa || im->src)
				fail(k, i, f, "empty image");
			continue;
		}
		if (!in_guest_ram(z, im->gpa, im->size))
			fail(k, i, f,
			     "image at 0x%llx (0x%llx bytes) does not fit in the zone's RAM",
			     (ull)im->gpa, (ull)im->size);
		if (!inside(im->src, im->size, st->base, st->size))
			fail(k, i, f,
			     "staging copy at 0x%llx (0x%llx bytes) outside the staging area "
			     "(0x%llx-0x%llx)",
			     (ull)im->src, (ull)im->size, (ull)st->base,
			     (ull)last(st->base, st->size));
	}
}

/* Checks between zone j and an earlier zone i, reported against j. */
static void check_pair(struct chk *k, u32 i, u32 j)
{
	const struct zv_zone_cfg *a = &k->c->zones[i], *z = &k->c->zones[j];

	if (z->name[0] && strncmp(a->name, z->name, ZV_NAME_LEN) == 0)
		fail(k, j, "name", "zone name '%s' used twice", k->names[j]);
	if (a->id == z->id)
		fail(k, j, "id", "id %u already used by zone '%s'", z->id, k->names[i]);
	for (u32 n = 0; n < clamp(z->nr_cpus, ZV_MAX_VCPUS); n++)
		for (u32 m = 0; m < clamp(a->nr_cpus, ZV_MAX_VCPUS); m++)
			if (z->cpus[n] == a->cpus[m])
				fail(k, j, "cpus", "CPU %u already belongs to zone '%s'",
				     z->cpus[n], k->names[i]);
	for (u32 n = 0; n < clamp(z->nr_irqs, ZV_MAX_IRQS); n++)
		for (u32 m = 0; m < clamp(a->nr_irqs, ZV_MAX_IRQS); m++)
			if (z->irqs[n] == a->irqs[m])
				fail(k, j, "interrupts",
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
		region_field(z, n, s->field, sizeof(s->field));
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
		region_field(z, n, s->field, sizeof(s->field));
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
			fail(k, j, s->field, "%soverlaps %s%s%s%s (0x%llx-0x%llx)",
			     span_kinds[kind].what, i == j ? "" : "zone '",
			     i == j ? "" : k->names[i], i == j ? "" : "' ", o.field, (ull)o.base,
			     (ull)last(o.base, o.size));
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
	struct chk k = {.c = c, .b = b, .report = report, .ctx = ctx};

	if (!check_header(&k))
		return k.errors;
	for (u32 i = 0; i < c->nr_zones; i++)
		set_name(&k, i);
	for (u32 i = 0; i < c->nr_zones; i++) {
		check_strings(&k, i);
		check_uart(&k, i);
		check_cpus(&k, i);
		check_ram(&k, i);
		check_passthru(&k, i);
		check_irqs(&k, i);
		check_images(&k, i);
		for (u32 a = 0; a < i; a++)
			check_pair(&k, a, i);
	}
	for (int kind = 0; kind < SPAN_KINDS; kind++)
		check_disjoint(&k, kind);
	k.errors += config_check_mgmt(c, report, ctx);
	return k.errors;
}
