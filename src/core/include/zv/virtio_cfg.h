/* SPDX-License-Identifier: MIT */
/* The zone-table side of virtio: which slots a zone uses and their checks
 * (src/core/virtio/virtio_config.c), shared by zvcfg and the hypervisor. */
#ifndef ZV_VIRTIO_CFG_H
#define ZV_VIRTIO_CFG_H

#include <zv/board.h>
#include <zv/config.h>
#include <zv/config_abi.h>

#define VIRTIO_SECTOR 512

/* Bit s set: the zone has a device in slot s (enum zv_virtio_slot). */
static inline u32 virtio_cfg_slots(const struct zv_zone_cfg *z)
{
	u32 slots = 0;

	if (z->disk.size)
		slots |= 1u << ZV_VIRTIO_SLOT_BLK;
	if (z->devices & ZV_DEV_VIRTIO_CONSOLE)
		slots |= 1u << ZV_VIRTIO_SLOT_CONSOLE;
	if (z->network[0])
		slots |= 1u << ZV_VIRTIO_SLOT_NET;
	return slots;
}

/* Guest-physical window and interrupt of slot s on board b. */
static inline u64 virtio_slot_gpa(const struct zv_board *b, u32 s)
{
	return b->virtio_gpa + (u64)s * ZV_VIRTIO_SLOT_SIZE;
}

static inline u32 virtio_slot_irq(const struct zv_board *b, u32 s)
{
	return b->virtio_irq + s;
}

/* Is irq the line of one of the zone's virtio devices on board b? The
 * ports' interrupt models let a zone see exactly these besides its other
 * emulated devices' and its passthrough lines. */
static inline bool virtio_cfg_owns_irq(const struct zv_board *b, const struct zv_zone_cfg *z,
				       u32 irq)
{
	u32 s = irq - b->virtio_irq;

	return b->virtio_gpa && irq >= b->virtio_irq && s < ZV_VIRTIO_SLOTS &&
	       (virtio_cfg_slots(z) & (1u << s));
}

/* The virtio part of config_check(): errors reported as it does, against
 * names[zone]; returns their number. */
int config_check_virtio(const struct zv_config *c, const struct zv_board *b,
			const char (*names)[ZV_NAME_LEN], config_report_fn report, void *ctx);

#endif
