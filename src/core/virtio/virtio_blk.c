/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk (virtio 1.2, 5.2) over a disk image in host RAM no zone maps
 * (the board's disk store): read, write, flush and the device ID, one
 * request queue. The image is never reloaded, so what a zone writes
 * survives its restarts.
 *
 * Policy on bad requests (docs/virtio.md): a request whose chain has no
 * 16-byte header or no status byte cannot be answered at all, and fails
 * the device (NEEDS_RESET); a request the device can answer gets a status:
 * IOERR for sectors past the disk's end, a data length that is not whole
 * sectors or larger than VIRTIO_BLK_MAX_DATA (the work one request may
 * cost); UNSUPP for an unknown type. Work per notify is bounded by the queue size.
 */
#include <zv/lib.h>
#include <zv/virtio.h>
#include <zv/virtio_blk.h>
#include <zv/virtio_cfg.h>
#include <zv/zone.h>

#define VIRTIO_ID_BLOCK 2
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_FLUSH 9

#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2
#define VIRTIO_BLK_ID_BYTES 20

#define BLK_QUEUE_SIZE 128
#define BLK_SIZE_MAX (64 * 1024)	 /* bytes per segment the driver may use */
#define BLK_SEG_MAX (BLK_QUEUE_SIZE - 2) /* data segments: header and status aside */

struct blk_hdr {
	u32 type;
	u32 reserved;
	u64 sector;
};

/* Config space (5.2.4): capacity, size_max, seg_max, then fields this
 * device does not offer (read as 0). */
struct blk_config {
	u64 capacity;
	u32 size_max;
	u32 seg_max;
	u8 rest[16];
};

static int blk_config_read(struct virtio_dev *d, u32 off, u8 width, u64 *val)
{
	const struct virtio_blk *b = d->priv;
	struct blk_config cfg = {
	    .capacity = b->size / VIRTIO_SECTOR,
	    .size_max = BLK_SIZE_MAX,
	    .seg_max = BLK_SEG_MAX,
	};

	memcpy(val, (const u8 *)&cfg + off, width);
	return 0;
}

/* The device ID string: "zv-<zone>", NUL-padded, not terminated at 20. */
static u32 blk_get_id(const struct virtio_dev *d, const struct virtq_chain *c, u64 len)
{
	char id[VIRTIO_BLK_ID_BYTES] = "zv-";
	const char *name = zone_name(d->zone);

	for (u32 i = 3; i < VIRTIO_BLK_ID_BYTES && *name; i++)
		id[i] = *name++;
	return (u32)virtq_copy_to(c, 0, id, len < sizeof(id) ? len : sizeof(id));
}

/* Sectors [sector, sector + len / 512) on the disk, len whole sectors
 * within the per-request bound. */
static bool blk_range_ok(const struct virtio_blk *b, u64 sector, u64 len)
{
	return len % VIRTIO_SECTOR == 0 && len <= VIRTIO_BLK_MAX_DATA &&
	       sector <= b->size / VIRTIO_SECTOR && len <= b->size - sector * VIRTIO_SECTOR;
}

/* Serve one well-formed request; returns its status, *written the data
 * bytes put into the driver's buffers. */
static u8 blk_serve(struct virtio_dev *d, const struct virtq_chain *c, const struct blk_hdr *h,
		    u32 *written)
{
	struct virtio_blk *b = d->priv;
	u8 *disk = (u8 *)(uintptr_t)b->hpa;
	u64 in_len = c->in_bytes - 1, out_len = c->out_bytes - sizeof(*h);

	*written = 0;
	switch (h->type) {
	case VIRTIO_BLK_T_IN:
		if (!blk_range_ok(b, h->sector, in_len))
			return VIRTIO_BLK_S_IOERR;
		*written = (u32)virtq_copy_to(c, 0, disk + h->sector * VIRTIO_SECTOR, in_len);
		b->reads++;
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_OUT:
		if (!blk_range_ok(b, h->sector, out_len))
			return VIRTIO_BLK_S_IOERR;
		virtq_copy_from(c, sizeof(*h), disk + h->sector * VIRTIO_SECTOR, out_len);
		b->writes++;
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_FLUSH:
		/* The image is RAM the hypervisor writes at once: nothing to push. */
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID:
		*written = blk_get_id(d, c, in_len);
		return VIRTIO_BLK_S_OK;
	}
	return VIRTIO_BLK_S_UNSUPP;
}

/* One chain: 0, or an error string when it cannot be answered. */
static const char *blk_request(struct virtio_dev *d, struct virtq *q, const struct virtq_chain *c)
{
	struct blk_hdr h;
	u32 written;
	u8 status;

	if (c->out_bytes < sizeof(h) || c->in_bytes < 1)
		return "block request without header or status byte";
	virtq_copy_from(c, 0, &h, sizeof(h));
	status = blk_serve(d, c, &h, &written);
	virtq_copy_to(c, c->in_bytes - 1, &status, 1);
	virtq_push(q, c->head, written + 1);
	return NULL;
}

static void blk_notify(struct virtio_dev *d, u32 qi)
{
	struct virtq *q = &d->vq[qi];
	const char *why = NULL;
	u32 done = 0;
	int r = 0;

	/* At most one queue's worth per notify: virtq_pop refuses an avail
	 * index more than num ahead, so this drains what was offered. */
	while (done < q->num && (r = virtq_pop(d->zone, q, &d->chain, &why)) == 1) {
		why = blk_request(d, q, &d->chain);
		if (why)
			break;
		done++;
	}
	if (done)
		virtio_dev_used_irq(d, qi);
	if (done == q->num)
		virtq_event_arm(q); /* more may wait: EVENT_IDX's next notify */
	if (r < 0 || why)
		virtio_dev_fail(d, why);
}

static const struct virtio_ops blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .nr_queues = 1,
    .queue_max = BLK_QUEUE_SIZE,
    .features = BIT(VIRTIO_BLK_F_SIZE_MAX) | BIT(VIRTIO_BLK_F_SEG_MAX) | BIT(VIRTIO_BLK_F_FLUSH) |
		BIT(VIRTIO_F_EVENT_IDX),
    .config_size = sizeof(struct blk_config),
    .config_read = blk_config_read,
    .notify = blk_notify,
};

int virtio_blk_attach(struct zone *z, struct virtio_dev *d, struct virtio_blk *b, u64 gpa, u32 irq,
		      u64 hpa, u64 size)
{
	b->hpa = hpa;
	b->size = size;
	b->reads = b->writes = 0;
	return virtio_mmio_attach(z, d, gpa, irq, &blk_ops, b);
}
