/* SPDX-License-Identifier: MIT */
/*
 * virtio served by the hypervisor itself: the virtio-mmio version 2
 * transport (modern only, VIRTIO_F_VERSION_1) and the split-virtqueue
 * walker, arch-neutral, one instance per device per zone, all static.
 *
 * A device model (blk, console, net, ...) fills a const struct virtio_ops
 * and attaches with virtio_mmio_attach(). The transport owns the register
 * model, feature negotiation, queue setup and the interrupt; the device
 * sees only its callbacks, always called with the device's lock held:
 *
 *   config_read/config_write  device config space, offset and width
 *                             already checked against config_size
 *   notify                    the driver kicked queue q (DRIVER_OK set, q
 *                             ready, device not failed); pop chains with
 *                             virtq_pop(), answer with virtq_push()
 *   reset                     the driver wrote 0 to Status or the zone
 *                             restarts: forget everything
 *   deferred                  (optional) work for after the lock
 *
 * Every guest address is checked against the zone's own read/write memory
 * (RAM or flash, never a ROM, an emulated or passthrough window) before it
 * is used, and guest memory is read once into hypervisor copies before any
 * check. A driver that breaks the rules gets the policy in docs/virtio.md:
 * the device sets DEVICE_NEEDS_RESET, raises a config-change interrupt
 * and does nothing more until the driver resets it.
 */
#ifndef ZV_VIRTIO_H
#define ZV_VIRTIO_H

#include <zv/spinlock.h>
#include <zv/types.h>

struct zone;

/* virtio-mmio registers (virtio 1.2, 4.2.2). */
#define VIRTIO_MMIO_MAGIC 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_SHM_SEL 0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW 0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH 0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW 0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH 0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100
#define VIRTIO_MMIO_SIZE 0x200 /* the window of one device */

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976 /* "virt" */
#define VIRTIO_VENDOR_ZV 0x5a56		   /* "ZV" */

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 0x01
#define VIRTIO_STATUS_DRIVER 0x02
#define VIRTIO_STATUS_DRIVER_OK 0x04
#define VIRTIO_STATUS_FEATURES_OK 0x08
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

/* InterruptStatus bits. */
#define VIRTIO_INT_USED 0x1
#define VIRTIO_INT_CONFIG 0x2

/* Transport feature bits (6). VERSION_1 is offered by the core for every
 * device; EVENT_IDX by the devices that keep avail_event (net, blk). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_RING_PACKED 34

/* Split virtqueue layout (2.7). */
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

/* Largest queue any device offers, and so the longest chain walked. */
#define VIRTQ_MAX_SIZE 128
#define VIRTIO_MAX_QUEUES 16

struct virtq {
	u16 num;    /* power of two, <= the device's queue_max */
	bool ready; /* QueueReady: rings checked, in use */
	u64 desc_gpa, avail_gpa, used_gpa;
	/* Hypervisor addresses of the rings, set once QueueReady checked
	 * the whole of each against the zone's memory. */
	struct virtq_desc *desc;
	volatile u16 *avail; /* flags, idx, ring[num] */
	volatile u16 *used;  /* flags, idx, then ring[num] of {u32 id, u32 len} */
	u16 last_avail;	     /* next avail entry the device takes */
	u16 used_idx;	     /* the device's own copy of used->idx */
	/* VIRTIO_F_EVENT_IDX (2.7.7, 2.7.10): used_event (avail->ring[num])
	 * decides the used-buffer interrupt, the device writes avail_event
	 * (used->ring[num]) to ask for notifies. Set from the negotiated
	 * features when the queue is made ready and at every Status write. */
	bool event_idx;
	u16 signalled_used; /* used_idx when the interrupt was last decided */
};

/* One buffer of a chain, checked: [hpa, hpa + len) is the zone's memory. */
struct virtq_seg {
	u64 hpa;
	u32 len;
	bool write; /* device-writable */
};

struct virtq_chain {
	u16 head;
	u16 nr;	       /* segments */
	u16 nr_out;    /* the first nr_out are device-readable, the rest writable */
	u64 out_bytes; /* total of the readable ones */
	u64 in_bytes;  /* total of the writable ones */
	struct virtq_seg seg[VIRTQ_MAX_SIZE];
};

struct virtio_dev;

struct virtio_ops {
	const char *name; /* "virtio-blk", for messages */
	u32 device_id;	  /* virtio device type (5) */
	u32 nr_queues;	  /* <= VIRTIO_MAX_QUEUES */
	u16 queue_max;	  /* <= VIRTQ_MAX_SIZE, a power of two */
	u64 features;	  /* device feature bits offered (VERSION_1 is added) */
	u32 config_size;  /* bytes of device config space */
	int (*config_read)(struct virtio_dev *d, u32 off, u8 width, u64 *val);
	void (*config_write)(struct virtio_dev *d, u32 off, u8 width, u64 val);
	void (*notify)(struct virtio_dev *d, u32 q);
	void (*reset)(struct virtio_dev *d);
	/* Work the device left in d->deferred (a bit mask of its own) for
	 * after the lock is dropped, e.g. telling the console mux there is
	 * room; called by the transport once the MMIO access is done. */
	void (*deferred)(struct virtio_dev *d, u32 bits);
};

struct virtio_dev {
	struct zone *zone;
	const struct virtio_ops *ops;
	void *priv; /* the device model's state */
	u64 gpa;
	u32 irq;
	spinlock_t lock;
	u32 status;
	u32 dev_features_sel, drv_features_sel;
	u64 drv_features;
	u32 queue_sel;
	u32 int_status;
	u32 config_gen;
	u32 failures; /* times the policy was applied since the zone started */
	u32 deferred; /* for ops->deferred, set with the lock held */
	struct virtq vq[VIRTIO_MAX_QUEUES];
	struct virtq_chain chain; /* scratch for the device's notify */
};

/* Attach d at [gpa, gpa + VIRTIO_MMIO_SIZE) of z with interrupt irq. */
int virtio_mmio_attach(struct zone *z, struct virtio_dev *d, u64 gpa, u32 irq,
		       const struct virtio_ops *ops, void *priv);
/* Back to the state after attach (zone restart); calls ops->reset. */
void virtio_dev_reset(struct virtio_dev *d);
/* The register model, exposed for tests; takes the device's lock. */
u64 virtio_mmio_read(struct virtio_dev *d, u32 off, u8 width);
void virtio_mmio_write(struct virtio_dev *d, u32 off, u8 width, u64 val);

/* Did the driver accept feature bit 'bit'? */
static inline bool virtio_has(const struct virtio_dev *d, u32 bit)
{
	return (d->drv_features >> bit) & 1;
}
/* May the device work on queue q now (DRIVER_OK, q ready, not failed)? */
bool virtio_queue_live(const struct virtio_dev *d, u32 q);

/* The driver broke the rules: apply the policy (NEEDS_RESET, config
 * interrupt, one rate-limited message naming the zone and 'why'). */
void virtio_dev_fail(struct virtio_dev *d, const char *why);
/* Raise the used-buffer interrupt unless the driver suppressed it. */
void virtio_dev_used_irq(struct virtio_dev *d, u32 q);
/* Raise the config-change interrupt (config space changed). */
void virtio_dev_config_irq(struct virtio_dev *d);

/* The walker (virtq.c). */
/* Map [gpa, gpa + size) of the zone's read/write memory; false if any of
 * it is not (outside, in a ROM, wraps). */
bool virtio_gpa_rw(const struct zone *z, u64 gpa, u64 size, u64 *hpa);
/* Check a queue's rings when the driver sets QueueReady; false: refused. */
bool virtq_setup(const struct zone *z, struct virtq *q);
/*
 * Take the next available chain of q into c. Returns 1 with c filled, 0
 * when none is pending, or -ZV_EFAULT (a buffer outside the zone's
 * memory) / -ZV_EINVAL (head or next out of range, a loop or chain longer
 * than the queue, INDIRECT not negotiated, readable after writable, more
 * entries pending than the queue holds) with *why set: the caller applies
 * the policy (virtio_dev_fail). Reads each ring entry and descriptor once.
 */
int virtq_pop(const struct zone *z, struct virtq *q, struct virtq_chain *c, const char **why);
/* Return chain 'head' to the driver with 'len' bytes written. */
void virtq_push(struct virtq *q, u16 head, u32 len);
/* The same for n chains at once (mergeable receive buffers): the n
 * entries are written, then the used index is published once, so the
 * driver never sees the first without the others. */
void virtq_push_n(struct virtq *q, const u16 *head, const u32 *len, u16 n);
/* Give back the last n chains virtq_pop took, unused: the device takes
 * them again later (n at most what it took since its last push). */
void virtq_unpop(struct virtq *q, u16 n);
/* EVENT_IDX: ask for a notify when the driver adds its next buffer
 * (avail_event = the avail index now); nothing without EVENT_IDX. For a
 * device that stops taking a queue with entries still pending. */
void virtq_event_arm(struct virtq *q);
/* Should the used-buffer interrupt be raised for what was pushed since
 * the last decision? NO_INTERRUPT without EVENT_IDX, used_event with it. */
bool virtq_should_signal(struct virtq *q);

/*
 * vring_need_event (2.7.10): with EVENT_IDX, the side that moved an index
 * from old to new signals iff it passed the other side's event index:
 * event in [old, new), all mod 2^16. new - event - 1 < new - old is that
 * test with wrap-around; equal old and new never signal.
 */
static inline bool virtq_need_event(u16 event, u16 new_idx, u16 old_idx)
{
	return (u16)(new_idx - event - 1) < (u16)(new_idx - old_idx);
}
/* Entries pending in the avail ring (a hint; virtq_pop checks it). */
u16 virtq_pending(const struct virtq *q);

/* Copy between a chain's segments and hypervisor memory, starting 'off'
 * bytes into the readable (copy_from) or writable (copy_to) part; return
 * the bytes copied (short when the chain is). */
u64 virtq_copy_from(const struct virtq_chain *c, u64 off, void *dst, u64 len);
u64 virtq_copy_to(const struct virtq_chain *c, u64 off, const void *src, u64 len);
/* The byte 'off' bytes into c's writable part, or NULL past its end. */
volatile u8 *virtq_write_byte(const struct virtq_chain *c, u64 off);

#endif
