/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio version 2 transport (virtio 1.2, 4.2.2), modern only.
 * Registers are 32 bits wide: other widths read 0 and are ignored on
 * write, except in the device config space, which takes 1, 2, 4 and 8.
 * Queue registers change only while the selected queue is not ready (a
 * driver cannot move a running queue), and QueueReady=1 checks the whole
 * of its rings against the zone's memory first (virtq_setup).
 */
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/mmio.h>
#include <zv/virtio.h>
#include <zv/zone.h>

static u64 virtio_offered(const struct virtio_dev *d)
{
	return d->ops->features | BIT(VIRTIO_F_VERSION_1);
}

static void virtio_irq_update(struct virtio_dev *d)
{
	arch_zone_irq_set(d->zone, d->irq, d->int_status != 0);
}

bool virtio_queue_live(const struct virtio_dev *d, u32 q)
{
	return q < d->ops->nr_queues && d->vq[q].ready &&
	       (d->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_NEEDS_RESET)) ==
		   VIRTIO_STATUS_DRIVER_OK;
}

void virtio_dev_fail(struct virtio_dev *d, const char *why)
{
	bool first = !(d->status & VIRTIO_STATUS_NEEDS_RESET);

	d->failures++;
	d->status |= VIRTIO_STATUS_NEEDS_RESET;
	d->int_status |= VIRTIO_INT_CONFIG;
	virtio_irq_update(d);
	if (first && zone_msg_ok(d->zone))
		printk("zone %s: %s: %s: device needs reset\n", zone_name(d->zone), d->ops->name,
		       why);
}

void virtio_dev_used_irq(struct virtio_dev *d, u32 q)
{
	if (!virtq_should_signal(&d->vq[q]))
		return;
	d->int_status |= VIRTIO_INT_USED;
	virtio_irq_update(d);
}

void virtio_dev_config_irq(struct virtio_dev *d)
{
	d->config_gen++;
	d->int_status |= VIRTIO_INT_CONFIG;
	virtio_irq_update(d);
}

/* Everything back to the state after attach; lock held (or not shared). */
static void virtio_reset_locked(struct virtio_dev *d)
{
	d->status = 0;
	d->dev_features_sel = d->drv_features_sel = 0;
	d->drv_features = 0;
	d->queue_sel = 0;
	d->int_status = 0;
	memset(d->vq, 0, sizeof(d->vq));
	if (d->ops->reset)
		d->ops->reset(d);
	virtio_irq_update(d);
}

void virtio_dev_reset(struct virtio_dev *d)
{
	spin_lock(&d->lock);
	virtio_reset_locked(d);
	d->failures = 0;
	spin_unlock(&d->lock);
}

/* The queue QueueSel names, or NULL past the device's queues. */
static struct virtq *virtio_sel_queue(struct virtio_dev *d)
{
	return d->queue_sel < d->ops->nr_queues ? &d->vq[d->queue_sel] : NULL;
}

static u32 virtio_queue_read(struct virtio_dev *d, u32 off)
{
	struct virtq *q = virtio_sel_queue(d);

	if (!q)
		return 0; /* QueueNumMax 0: no such queue */
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return d->ops->queue_max;
	case VIRTIO_MMIO_QUEUE_READY:
		return q->ready;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		return (u32)q->desc_gpa;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		return (u32)(q->desc_gpa >> 32);
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		return (u32)q->avail_gpa;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		return (u32)(q->avail_gpa >> 32);
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
		return (u32)q->used_gpa;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		return (u32)(q->used_gpa >> 32);
	}
	return 0;
}

static u32 virtio_reg_read(struct virtio_dev *d, u32 off)
{
	switch (off) {
	case VIRTIO_MMIO_MAGIC:
		return VIRTIO_MMIO_MAGIC_VALUE;
	case VIRTIO_MMIO_VERSION:
		return 2;
	case VIRTIO_MMIO_DEVICE_ID:
		return d->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_VENDOR_ZV;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return d->dev_features_sel < 2
			   ? (u32)(virtio_offered(d) >> (32 * d->dev_features_sel))
			   : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return d->int_status;
	case VIRTIO_MMIO_STATUS:
		return d->status;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return d->config_gen;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
		return 0xffffffff; /* no shared memory regions */
	}
	return virtio_queue_read(d, off);
}

/* A 32-bit half of a 64-bit ring address. */
static void set_half(u64 *addr, bool high, u32 val)
{
	if (high)
		*addr = (*addr & 0xffffffffull) | (u64)val << 32;
	else
		*addr = (*addr & ~0xffffffffull) | val;
}

static void virtio_queue_ready(struct virtio_dev *d, struct virtq *q, u32 val)
{
	if (!val) {
		q->ready = false;
		return;
	}
	if (q->ready)
		return;
	if (!virtq_setup(d->zone, q)) {
		virtio_dev_fail(d, "queue size or rings outside the zone's RAM");
		return;
	}
	q->event_idx = virtio_has(d, VIRTIO_F_EVENT_IDX);
	q->ready = true;
}

static void virtio_queue_write(struct virtio_dev *d, u32 off, u32 val)
{
	struct virtq *q = virtio_sel_queue(d);

	if (!q)
		return;
	if (off == VIRTIO_MMIO_QUEUE_READY) {
		virtio_queue_ready(d, q, val);
		return;
	}
	if (q->ready)
		return; /* a running queue is not reconfigured */
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		q->num = val <= d->ops->queue_max ? (u16)val : 0;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc_gpa, off == VIRTIO_MMIO_QUEUE_DESC_HIGH, val);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&q->avail_gpa, off == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, val);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&q->used_gpa, off == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, val);
		break;
	}
}

/* Status (2.1.2): 0 resets; FEATURES_OK sticks only if the driver took
 * VERSION_1 and nothing that was not offered (which also refuses
 * RING_PACKED and INDIRECT_DESC); NEEDS_RESET stays until the reset. */
static void virtio_status_write(struct virtio_dev *d, u32 val)
{
	if (!val) {
		virtio_reset_locked(d);
		return;
	}
	val &= 0xff & ~VIRTIO_STATUS_NEEDS_RESET;
	if ((val & VIRTIO_STATUS_FEATURES_OK) && !(d->status & VIRTIO_STATUS_FEATURES_OK) &&
	    ((d->drv_features & ~virtio_offered(d)) || !virtio_has(d, VIRTIO_F_VERSION_1)))
		val &= ~VIRTIO_STATUS_FEATURES_OK;
	/* DRIVER_OK needs FEATURES_OK: a legacy or failed negotiation gets
	 * no working device. */
	if (!(val & VIRTIO_STATUS_FEATURES_OK))
		val &= ~VIRTIO_STATUS_DRIVER_OK;
	d->status = val | (d->status & VIRTIO_STATUS_NEEDS_RESET);
	/* Features are final once FEATURES_OK sticks, and no queue is live
	 * before DRIVER_OK: the last of these writes sets what counts. */
	for (u32 i = 0; i < VIRTIO_MAX_QUEUES; i++)
		d->vq[i].event_idx = virtio_has(d, VIRTIO_F_EVENT_IDX);
}

static void virtio_notify(struct virtio_dev *d, u32 q)
{
	if (virtio_queue_live(d, q) && d->ops->notify)
		d->ops->notify(d, q);
}

static void virtio_reg_write(struct virtio_dev *d, u32 off, u32 val)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		d->dev_features_sel = val;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		d->drv_features_sel = val;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		/* Only while negotiating (before FEATURES_OK). */
		if (d->drv_features_sel < 2 && !(d->status & VIRTIO_STATUS_FEATURES_OK))
			set_half(&d->drv_features, d->drv_features_sel == 1, val);
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		d->queue_sel = val;
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		virtio_notify(d, val);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		d->int_status &= ~val;
		virtio_irq_update(d);
		break;
	case VIRTIO_MMIO_STATUS:
		virtio_status_write(d, val);
		break;
	default:
		virtio_queue_write(d, off, val);
	}
}

static bool virtio_config_fits(const struct virtio_dev *d, u32 off, u8 width)
{
	return off >= VIRTIO_MMIO_CONFIG && off - VIRTIO_MMIO_CONFIG < d->ops->config_size &&
	       width <= d->ops->config_size - (off - VIRTIO_MMIO_CONFIG);
}

u64 virtio_mmio_read(struct virtio_dev *d, u32 off, u8 width)
{
	u64 val = 0;

	spin_lock(&d->lock);
	if (virtio_config_fits(d, off, width)) {
		if (d->ops->config_read)
			d->ops->config_read(d, off - VIRTIO_MMIO_CONFIG, width, &val);
	} else if (width == 4 && off < VIRTIO_MMIO_CONFIG) {
		val = virtio_reg_read(d, off);
	}
	spin_unlock(&d->lock);
	return val;
}

void virtio_mmio_write(struct virtio_dev *d, u32 off, u8 width, u64 val)
{
	u32 deferred;

	spin_lock(&d->lock);
	if (virtio_config_fits(d, off, width)) {
		if (d->ops->config_write)
			d->ops->config_write(d, off - VIRTIO_MMIO_CONFIG, width, val);
	} else if (width == 4 && off < VIRTIO_MMIO_CONFIG) {
		virtio_reg_write(d, off, (u32)val);
	}
	deferred = d->deferred;
	d->deferred = 0;
	spin_unlock(&d->lock);
	if (deferred && d->ops->deferred)
		d->ops->deferred(d, deferred);
}

static int virtio_mmio_dev_read(struct mmio_dev *m, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	*val = virtio_mmio_read(m->priv, (u32)off, width);
	return 0;
}

static int virtio_mmio_dev_write(struct mmio_dev *m, struct vcpu *v, u64 off, u8 width, u64 val)
{
	virtio_mmio_write(m->priv, (u32)off, width, val);
	return 0;
}

int virtio_mmio_attach(struct zone *z, struct virtio_dev *d, u64 gpa, u32 irq,
		       const struct virtio_ops *ops, void *priv)
{
	struct mmio_dev m = {
	    .base = gpa,
	    .size = VIRTIO_MMIO_SIZE,
	    .read = virtio_mmio_dev_read,
	    .write = virtio_mmio_dev_write,
	    .priv = d,
	    .name = ops->name,
	};

	if (ops->nr_queues > VIRTIO_MAX_QUEUES || ops->queue_max > VIRTQ_MAX_SIZE ||
	    !ops->queue_max || (ops->queue_max & (ops->queue_max - 1)) ||
	    ops->config_size > VIRTIO_MMIO_SIZE - VIRTIO_MMIO_CONFIG)
		return -ZV_EINVAL;
	memset(d, 0, sizeof(*d));
	d->zone = z;
	d->ops = ops;
	d->priv = priv;
	d->gpa = gpa;
	d->irq = irq;
	virtio_reset_locked(d);
	return mmio_register(z, &m);
}
