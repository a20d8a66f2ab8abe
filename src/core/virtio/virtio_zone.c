/* SPDX-License-Identifier: MIT */
/*
 * A zone's virtio devices, from its zone-table entry: each in its slot of
 * the board's virtio window (virtio_cfg_slots()), state in static per-zone
 * slots. Attached once at boot, reset at every zone start.
 */
#include <zv/board.h>
#include <zv/chan_port.h>
#include <zv/virtio.h>
#include <zv/virtio_blk.h>
#include <zv/virtio_cfg.h>
#include <zv/virtio_console.h>
#include <zv/virtio_net.h>
#include <zv/virtio_zone.h>
#include <zv/zone.h>

static struct zone_virtio {
	struct virtio_dev blk_dev;
	struct virtio_blk blk;
	struct virtio_dev con_dev;
	struct virtio_console con;
	struct virtio_dev net_dev;
	struct virtio_net net;
} zone_virtio[ZV_MAX_ZONES];

struct virtio_console *virtio_zone_console(struct zone *z)
{
	return (virtio_cfg_slots(z->cfg) & (1u << ZV_VIRTIO_SLOT_CONSOLE))
		   ? &zone_virtio[z->index].con
		   : NULL;
}

int virtio_zone_attach(struct zone *z)
{
	const struct zv_board *b = &zv_board;
	const struct zv_zone_cfg *c = z->cfg;
	struct zone_virtio *v = &zone_virtio[z->index];
	u32 slots = virtio_cfg_slots(c);
	int err = 0;

	if (slots & (1u << ZV_VIRTIO_SLOT_BLK))
		err = virtio_blk_attach(
		    z, &v->blk_dev, &v->blk, virtio_slot_gpa(b, ZV_VIRTIO_SLOT_BLK),
		    virtio_slot_irq(b, ZV_VIRTIO_SLOT_BLK), c->disk.hpa, c->disk.size);
	if (!err && (slots & (1u << ZV_VIRTIO_SLOT_CONSOLE)))
		err = virtio_console_attach(z, &v->con_dev, &v->con,
					    virtio_slot_gpa(b, ZV_VIRTIO_SLOT_CONSOLE),
					    virtio_slot_irq(b, ZV_VIRTIO_SLOT_CONSOLE));
	if (!err && (slots & (1u << ZV_VIRTIO_SLOT_CONSOLE)))
		err = chan_port_attach(z, &v->con);
	if (!err && (slots & (1u << ZV_VIRTIO_SLOT_NET)))
		err = virtio_net_attach(z, &v->net_dev, &v->net,
					virtio_slot_gpa(b, ZV_VIRTIO_SLOT_NET),
					virtio_slot_irq(b, ZV_VIRTIO_SLOT_NET));
	return err;
}

void virtio_zone_reset(struct zone *z)
{
	const struct zv_zone_cfg *c = z->cfg;
	struct zone_virtio *v = &zone_virtio[z->index];
	u32 slots = virtio_cfg_slots(c);

	if (slots & (1u << ZV_VIRTIO_SLOT_BLK))
		virtio_dev_reset(&v->blk_dev);
	if (slots & (1u << ZV_VIRTIO_SLOT_CONSOLE))
		virtio_dev_reset(&v->con_dev);
	if (slots & (1u << ZV_VIRTIO_SLOT_NET))
		virtio_dev_reset(&v->net_dev);
}
