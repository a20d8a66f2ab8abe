/* SPDX-License-Identifier: MIT */
/*
 * Zone table validation, one zone at a time: its console UART, CPUs,
 * memory regions, passthrough devices, interrupts and images against the
 * board's facts. Across zones: config.c.
 */
#include <zv/lib.h>

#include "config_check.h"

/* Is [gpa, gpa+size) inside a single memory region (of any kind) of the zone? */
static bool in_guest_ram(const struct zv_zone_cfg *z, u64 gpa, u64 size)
{
	for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++)
		if (inside(gpa, size, z->ram[n].gpa, z->ram[n].size) &&
		    !wraps(z->ram[n].hpa, z->ram[n].size))
			return true;
	return false;
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
		config_fail(k, i, "devices",
			    "more than one console UART ('uart', 'ns16550', 'pl011')");
		return;
	}
	if (m <= ZV_UART_NONE || m >= ZV_UART_MODELS || !(b->uart_models & ZV_UART_BIT(m)))
		config_fail(k, i, "devices", "platform '%s' offers no %s console UART", b->name,
			    m > ZV_UART_NONE && m < ZV_UART_MODELS ? config_uart_names[m] : "such");
}

static void check_cpus(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	u32 nr = clamp(z->nr_cpus, ZV_MAX_VCPUS);

	if (z->nr_cpus == 0)
		config_fail(k, i, "cpus", "no CPUs");
	else if (z->nr_cpus > ZV_MAX_VCPUS)
		config_fail(k, i, "cpus", "%u CPUs, at most %u", z->nr_cpus, ZV_MAX_VCPUS);
	for (u32 n = 0; n < nr; n++) {
		if (z->cpus[n] >= k->b->nr_cpus)
			config_fail(k, i, "cpus", "CPU %u does not exist (platform has %u)",
				    z->cpus[n], k->b->nr_cpus);
		for (u32 m = 0; m < n; m++)
			if (z->cpus[m] == z->cpus[n])
				config_fail(k, i, "cpus", "CPU %u listed twice", z->cpus[n]);
	}
}

/* Size, alignment and wrap-around of a region; true when usable. */
static bool check_region(struct chk *k, u32 i, const char *f, const struct zv_region *r)
{
	u64 page = k->b->page_size;

	if (r->size == 0) {
		config_fail(k, i, f, "zero size");
		return false;
	}
	if (!aligned(r->gpa, page) || !aligned(r->hpa, page) || !aligned(r->size, page)) {
		config_fail(k, i, f, "base or size not aligned to the page size 0x%llx", (ull)page);
		return false;
	}
	if (wraps(r->gpa, r->size) || wraps(r->hpa, r->size)) {
		config_fail(k, i, f, "range wraps around the address space");
		return false;
	}
	if (r->gpa + r->size > 1ULL << k->b->gpa_bits) {
		config_fail(
		    k, i, f,
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
		config_fail(k, i, "memory", "no RAM");
	else if (z->nr_ram > ZV_MAX_RAM)
		config_fail(k, i, "memory",
			    "%u regions (memory, flash and rom together), at most %u", z->nr_ram,
			    ZV_MAX_RAM);
	else if (z->ram_kind[0] != ZV_MEM_RAM && z->ram_kind[0] < ZV_MEM_KINDS)
		config_fail(k, i, "memory", "the first region is %s, not RAM",
			    mem_name(z->ram_kind[0]));
	for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++)
		if (z->ram_kind[n] >= ZV_MEM_KINDS) {
			snprintf(f, sizeof(f), "memory[%u]", n);
			config_fail(k, i, f, "unknown region kind %u", z->ram_kind[n]);
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

		config_region_field(z, n, f, sizeof(f));
		if (!check_region(k, i, f, r))
			continue;
		if ((w = emulated_hit(b, r->gpa, r->size)))
			config_fail(
			    k, i, f,
			    "guest range 0x%llx-0x%llx overlaps the emulated %s (0x%llx-0x%llx)",
			    (ull)r->gpa, (ull)last(r->gpa, r->size), w->name, (ull)w->base,
			    (ull)last(w->base, w->size));
		if (!inside(r->hpa, r->size, b->ram.base, b->ram.size))
			config_fail(k, i, f,
				    "host range 0x%llx-0x%llx outside platform RAM (0x%llx-0x%llx)",
				    (ull)r->hpa, (ull)last(r->hpa, r->size), (ull)b->ram.base,
				    (ull)last(b->ram.base, b->ram.size));
		else if (overlaps(r->hpa, r->size, b->hv.base, b->hv.size))
			config_fail(
			    k, i, f,
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
		config_fail(k, i, "passthrough", "%u regions, at most %u", z->nr_passthru,
			    ZV_MAX_PASSTHRU);
	for (u32 n = 0; n < clamp(z->nr_passthru, ZV_MAX_PASSTHRU); n++) {
		const struct zv_region *r = &z->passthru[n];

		snprintf(f, sizeof(f), "passthrough[%u]", n);
		if (!check_region(k, i, f, r))
			continue;
		if (r->gpa != r->hpa)
			config_fail(k, i, f, "not identity-mapped");
		else if (!inside(r->hpa, r->size, b->mmio.base, b->mmio.size))
			config_fail(
			    k, i, f,
			    "0x%llx-0x%llx outside the platform device window (0x%llx-0x%llx)",
			    (ull)r->hpa, (ull)last(r->hpa, r->size), (ull)b->mmio.base,
			    (ull)last(b->mmio.base, b->mmio.size));
		else if ((hit = hv_device_hit(b, r)))
			config_fail(k, i, f,
				    "overlaps a device the hypervisor keeps (0x%llx-0x%llx)",
				    (ull)hit->base, (ull)last(hit->base, hit->size));
		else if ((w = emulated_hit(b, r->gpa, r->size)))
			config_fail(k, i, f, "overlaps the emulated %s (0x%llx-0x%llx)", w->name,
				    (ull)w->base, (ull)last(w->base, w->size));
	}
}

/* Why a zone may not own 'irq', or NULL when it may (duplicates aside). */
static const char *irq_conflict(const struct zv_board *b, const struct zv_zone_cfg *z, u32 irq)
{
	if (irq == 0 || irq > b->max_irq)
		return "is out of range";
	return config_irq_taken(b, z, irq);
}

const char *config_irq_taken(const struct zv_board *b, const struct zv_zone_cfg *z, u32 irq)
{
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
		config_fail(k, i, "interrupts", "%u interrupts, at most %u", z->nr_irqs,
			    ZV_MAX_IRQS);
	for (u32 n = 0; n < clamp(z->nr_irqs, ZV_MAX_IRQS); n++) {
		if ((why = irq_conflict(k->b, z, z->irqs[n])))
			config_fail(k, i, "interrupts", "interrupt %u %s (platform range 1..%u)",
				    z->irqs[n], why, k->b->max_irq);
		for (u32 m = 0; m < n; m++)
			if (z->irqs[m] == z->irqs[n])
				config_fail(k, i, "interrupts", "interrupt %u listed twice",
					    z->irqs[n]);
	}
}

static void check_images(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	const struct zv_range *st = &k->b->staging;

	if (!zv_image_present(&z->image[ZV_IMG_KERNEL]) && !z->image[ZV_IMG_KERNEL].gpa &&
	    !z->image[ZV_IMG_KERNEL].src)
		config_fail(k, i, "kernel", "no kernel image");
	/* The first instruction (4 bytes) must lie in RAM, as zone_vcpu_start
	 * checks at run time. */
	if (!in_guest_ram(z, z->entry, 4))
		config_fail(k, i, "entry", "0x%llx is outside the zone's RAM", (ull)z->entry);
	for (int n = 0; n < ZV_IMG_COUNT; n++) {
		const struct zv_image *im = &z->image[n];
		const char *f = config_image_names[n];

		/* Absent is all zero; a size of 0 with an address is an
		 * empty file given as an image, never loaded: refused. */
		if (!zv_image_present(im)) {
			if (im->gpa || im->src)
				config_fail(k, i, f, "empty image");
			continue;
		}
		if (!in_guest_ram(z, im->gpa, im->size))
			config_fail(k, i, f,
				    "image at 0x%llx (0x%llx bytes) does not fit in the zone's RAM",
				    (ull)im->gpa, (ull)im->size);
		if (!inside(im->src, im->size, st->base, st->size))
			config_fail(
			    k, i, f,
			    "staging copy at 0x%llx (0x%llx bytes) outside the staging area "
			    "(0x%llx-0x%llx)",
			    (ull)im->src, (ull)im->size, (ull)st->base,
			    (ull)last(st->base, st->size));
	}
}

static bool irq_owned(const struct zv_zone_cfg *z, u32 irq)
{
	for (u32 n = 0; n < clamp(z->nr_irqs, ZV_MAX_IRQS); n++)
		if (z->irqs[n] == irq)
			return true;
	return false;
}

static bool in_passthru(const struct zv_zone_cfg *z, u64 gpa, u64 size)
{
	for (u32 n = 0; n < clamp(z->nr_passthru, ZV_MAX_PASSTHRU); n++)
		if (inside(gpa, size, z->passthru[n].gpa, z->passthru[n].size))
			return true;
	return false;
}

/* A passed-through virtio device does DMA to the guest-physical addresses
 * its driver gives it, which without an IOMMU are host-physical: so every
 * RAM region must be identity-mapped, or the device writes elsewhere. */
static bool ram_identity(const struct zv_zone_cfg *z)
{
	for (u32 n = 0; n < clamp(z->nr_ram, ZV_MAX_RAM); n++)
		if (z->ram[n].gpa != z->ram[n].hpa)
			return false;
	return true;
}

static void check_pt_virtio(struct chk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	const char *f = "passthrough-virtio";

	if (!z->nr_pt_virtio)
		return;
	if (z->nr_pt_virtio > ZV_MAX_PT_VIRTIO)
		config_fail(k, i, f, "%u devices, at most %u", z->nr_pt_virtio, ZV_MAX_PT_VIRTIO);
	if (!ram_identity(z))
		config_fail(k, i, f,
			    "needs identity-mapped RAM (memory gpa == hpa) for the "
			    "device's DMA");
	for (u32 n = 0; n < clamp(z->nr_pt_virtio, ZV_MAX_PT_VIRTIO); n++) {
		u64 gpa = z->pt_virtio_gpa[n];

		if (!aligned(gpa, ZV_VIRTIO_SLOT_SIZE) || !in_passthru(z, gpa, ZV_VIRTIO_SLOT_SIZE))
			config_fail(k, i, f,
				    "0x%llx: not a 0x%x-byte window inside the zone's "
				    "passthrough regions",
				    (ull)gpa, ZV_VIRTIO_SLOT_SIZE);
		if (!irq_owned(z, z->pt_virtio_irq[n]))
			config_fail(k, i, f, "0x%llx: interrupt %u is not in the zone's interrupts",
				    (ull)gpa, z->pt_virtio_irq[n]);
		for (u32 m = 0; m < n; m++)
			if (z->pt_virtio_gpa[m] == gpa)
				config_fail(k, i, f, "0x%llx listed twice", (ull)gpa);
	}
}

void config_check_zone(struct chk *k, u32 i)
{
	check_uart(k, i);
	check_cpus(k, i);
	check_ram(k, i);
	check_passthru(k, i);
	check_irqs(k, i);
	check_pt_virtio(k, i);
	check_images(k, i);
}
