/* SPDX-License-Identifier: MIT */
/*
 * Zone-table checks for the virtio devices the hypervisor serves, part of
 * config_check() (shared by zvcfg and the hypervisor): a disk lies in the
 * board's disk store, whole sectors, apart from every other zone's disk;
 * no zone's memory covers the disk store; a zone's virtio slots do not
 * overlap its memory or passthrough windows, nor its passthrough
 * interrupts; a network has a plain name and two members at least.
 * Every error names the zone and the property.
 */
#include <zv/config.h>
#include <zv/lib.h>
#include <zv/virtio_cfg.h>

typedef unsigned long long ull; /* for printing */

struct vchk {
	const struct zv_config *c;
	const struct zv_board *b;
	const char (*names)[ZV_NAME_LEN];
	struct config_out out;
};

#define vfail(k, zone, field, ...) config_report(&(k)->out, (k)->names[zone], field, __VA_ARGS__)

static bool overlap(u64 a, u64 as, u64 b, u64 bs)
{
	return as && bs && a < b + bs && b < a + as;
}

static bool within(u64 base, u64 size, u64 rbase, u64 rsize)
{
	return base >= rbase && base - rbase <= rsize && size <= rsize - (base - rbase);
}

/* The property that asked for slot s, and the device's name. */
static const char *slot_field(u32 slot)
{
	return slot == ZV_VIRTIO_SLOT_BLK   ? "disk"
	       : slot == ZV_VIRTIO_SLOT_NET ? "network"
					    : "devices";
}

static const char *slot_device(u32 slot)
{
	return slot == ZV_VIRTIO_SLOT_BLK   ? "virtio-blk"
	       : slot == ZV_VIRTIO_SLOT_NET ? "virtio-net"
					    : "virtio-console";
}

static void check_disk(struct vchk *k, u32 i)
{
	const struct zv_region *d = &k->c->zones[i].disk;
	const struct zv_range *st = &k->b->disk_store;

	if (!d->size && !d->hpa && !d->gpa)
		return;
	if (!d->size || d->size % VIRTIO_SECTOR)
		vfail(k, i, "disk",
		      "disk image of %llu bytes: not a whole number of %u-byte sectors",
		      (ull)d->size, VIRTIO_SECTOR);
	if (!st->size)
		vfail(k, i, "disk", "board %s has no disk store", k->b->name);
	else if (!within(d->hpa, d->size, st->base, st->size))
		vfail(k, i, "disk",
		      "disk image at 0x%llx (0x%llx bytes) does not fit the board's disk store "
		      "(0x%llx-0x%llx)",
		      (ull)d->hpa, (ull)d->size, (ull)st->base, (ull)(st->base + st->size - 1));
	for (u32 j = 0; j < i; j++)
		if (overlap(d->hpa, d->size, k->c->zones[j].disk.hpa, k->c->zones[j].disk.size))
			vfail(k, i, "disk", "disk image overlaps zone '%s''s", k->names[j]);
}

/* No memory of any zone covers the disk store. */
static void check_store_unmapped(struct vchk *k, u32 i)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	const struct zv_range *st = &k->b->disk_store;

	for (u32 n = 0; n < z->nr_ram && n < ZV_MAX_RAM; n++)
		if (overlap(z->ram[n].hpa, z->ram[n].size, st->base, st->size))
			vfail(k, i, "memory",
			      "host range 0x%llx-0x%llx overlaps the disk store (0x%llx-0x%llx)",
			      (ull)z->ram[n].hpa, (ull)(z->ram[n].hpa + z->ram[n].size - 1),
			      (ull)st->base, (ull)(st->base + st->size - 1));
}

/* A slot's window and interrupt against the zone's own ranges and lines. */
static void check_slot(struct vchk *k, u32 i, u32 slot)
{
	const struct zv_zone_cfg *z = &k->c->zones[i];
	u64 gpa = k->b->virtio_gpa + slot * ZV_VIRTIO_SLOT_SIZE;
	u32 irq = k->b->virtio_irq + slot;

	if (!k->b->virtio_gpa) {
		vfail(k, i, slot_field(slot), "board %s serves no virtio devices", k->b->name);
		return;
	}
	for (u32 n = 0; n < z->nr_ram && n < ZV_MAX_RAM; n++)
		if (overlap(z->ram[n].gpa, z->ram[n].size, gpa, ZV_VIRTIO_SLOT_SIZE))
			vfail(k, i, slot_field(slot),
			      "%s window 0x%llx overlaps the zone's memory[%u]", slot_device(slot),
			      (ull)gpa, n);
	for (u32 n = 0; n < z->nr_passthru && n < ZV_MAX_PASSTHRU; n++)
		if (overlap(z->passthru[n].gpa, z->passthru[n].size, gpa, ZV_VIRTIO_SLOT_SIZE))
			vfail(k, i, slot_field(slot),
			      "%s window 0x%llx overlaps the zone's passthrough[%u]",
			      slot_device(slot), (ull)gpa, n);
	for (u32 n = 0; n < z->nr_irqs && n < ZV_MAX_IRQS; n++)
		if (z->irqs[n] == irq)
			vfail(k, i, "interrupts", "interrupt %u is the zone's %s's", irq,
			      slot_device(slot));
}

/* A network name: 1..ZV_NAME_LEN-1 of [a-z0-9_-], NUL-terminated; and
 * at least one other zone on it (a NIC alone could talk to no one). */
static void check_network(struct vchk *k, u32 i)
{
	const char *net = k->c->zones[i].network;
	u32 len = 0, peers = 0;

	if (!net[0])
		return;
	while (len < ZV_NAME_LEN && net[len])
		len++;
	if (len == ZV_NAME_LEN) {
		vfail(k, i, "network", "network name longer than %u characters", ZV_NAME_LEN - 1);
		return;
	}
	for (u32 n = 0; n < len; n++) {
		char ch = net[n];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		      ch == '-')) {
			vfail(k, i, "network", "network name '%s': only a-z, 0-9, '_' and '-'",
			      net);
			return;
		}
	}
	for (u32 j = 0; j < k->c->nr_zones && j < ZV_MAX_ZONES; j++)
		if (j != i && !strncmp(k->c->zones[j].network, net, ZV_NAME_LEN))
			peers++;
	if (!peers)
		vfail(k, i, "network", "network '%s' has no other member zone", net);
}

int config_check_virtio(const struct zv_config *c, const struct zv_board *b,
			const char (*names)[ZV_NAME_LEN], config_report_fn report, void *ctx)
{
	struct vchk k = {.c = c, .b = b, .names = names, .out = {.report = report, .ctx = ctx}};

	for (u32 i = 0; i < c->nr_zones && i < ZV_MAX_ZONES; i++) {
		u32 slots = virtio_cfg_slots(&c->zones[i]);

		check_disk(&k, i);
		check_store_unmapped(&k, i);
		check_network(&k, i);
		for (u32 s = 0; s < ZV_VIRTIO_SLOTS; s++)
			if (slots & (1u << s))
				check_slot(&k, i, s);
	}
	return k.out.errors;
}
