/* SPDX-License-Identifier: MIT */
/*
 * A driver for the virtio device harnesses (fuzz_virtio_blk.c,
 * fuzz_virtio_net.c, fuzz_virtio_console.c): zones whose only RAM is an
 * exactly sized heap buffer (so any access outside it is an ASan report),
 * the driver's bring-up through the real transport, queues at fixed
 * places, and chains written into the zone's RAM.
 *
 * RAM layout of every zone: queue q's rings at q * VF_QSTRIDE (descriptor
 * table, avail ring at +0x100, used ring at +0x200), then the data area
 * from VF_DATA, where the harnesses put the buffers of their chains.
 */
#ifndef TESTS_FUZZ_VIRTIO_DRIVER_H
#define TESTS_FUZZ_VIRTIO_DRIVER_H

#include <stdlib.h>
#include <string.h>

#include <zv/config_abi.h>
#include <zv/virtio.h>
#include <zv/zone.h>

#include "fuzz_input.h"

#define CHECK(x) ((x) ? (void)0 : abort())

#define VF_RAM_GPA 0x80000000ULL
#ifndef VF_RAM_SIZE /* a harness may ask for more */
#define VF_RAM_SIZE 0x10000u
#endif
#define VF_QN 16 /* entries of every queue the driver sets up */
#define VF_QSTRIDE 0x400u
#define VF_DATA (VIRTIO_MAX_QUEUES * VF_QSTRIDE)
#define VF_DATA_SIZE (VF_RAM_SIZE - VF_DATA)
#define VF_DEV_GPA 0x0a000000ULL

struct vf_zone {
	struct zone zone;
	u8 *ram;
	struct virtio_dev dev;
	u16 avail[VIRTIO_MAX_QUEUES]; /* the driver's avail index per queue */
	u16 used_seen[VIRTIO_MAX_QUEUES];
	bool dirty; /* a hostile step ran since vf_up */
};

/* The zone table every harness shares (virtio-net reads networks there). */
static struct zv_config vf_table;

static inline void vf_zone_init(struct vf_zone *v, u32 index, const char *name, const char *net)
{
	struct zv_zone_cfg *c = &vf_table.zones[index];

	if (!v->ram)
		v->ram = malloc(VF_RAM_SIZE);
	memset(v->ram, 0, VF_RAM_SIZE);
	memset(&v->zone, 0, sizeof(v->zone));
	memset(c, 0, sizeof(*c));
	strcpy(c->name, name);
	strcpy(c->network, net);
	c->nr_ram = 1;
	c->ram[0] = (struct zv_region){VF_RAM_GPA, (u64)(uintptr_t)v->ram, VF_RAM_SIZE};
	c->ram_kind[0] = ZV_MEM_RAM;
	v->zone.cfg = c;
	v->zone.index = index;
	if (vf_table.nr_zones <= index)
		vf_table.nr_zones = index + 1;
	zv_config = &vf_table;
	memset(v->avail, 0, sizeof(v->avail));
	memset(v->used_seen, 0, sizeof(v->used_seen));
}

static inline u64 vf_gpa(u32 off)
{
	return VF_RAM_GPA + off;
}

static inline void vf_w(struct vf_zone *v, u32 reg, u32 val)
{
	virtio_mmio_write(&v->dev, reg, 4, val);
}

/* Reset, features, queues 0..nq-1 at their places, DRIVER_OK. */
static inline void vf_up(struct vf_zone *v, u64 features, u32 nq)
{
	vf_w(v, VIRTIO_MMIO_STATUS, 0);
	vf_w(v, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vf_w(v, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vf_w(v, VIRTIO_MMIO_DRIVER_FEATURES, (u32)features);
	vf_w(v, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vf_w(v, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(features >> 32) | 1);
	vf_w(v, VIRTIO_MMIO_STATUS, 0x0b);
	for (u32 q = 0; q < nq; q++) {
		u32 base = q * VF_QSTRIDE;

		memset(v->ram + base, 0, VF_QSTRIDE);
		vf_w(v, VIRTIO_MMIO_QUEUE_SEL, q);
		vf_w(v, VIRTIO_MMIO_QUEUE_NUM, VF_QN);
		vf_w(v, VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)vf_gpa(base));
		vf_w(v, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (u32)vf_gpa(base + 0x100));
		vf_w(v, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (u32)vf_gpa(base + 0x200));
		vf_w(v, VIRTIO_MMIO_QUEUE_READY, 1);
		CHECK(v->dev.vq[q].ready);
		v->avail[q] = v->used_seen[q] = 0;
	}
	vf_w(v, VIRTIO_MMIO_STATUS, 0x0f);
	CHECK(v->dev.status == 0x0f);
	v->dirty = false;
}

static inline struct virtq_desc *vf_desc(struct vf_zone *v, u32 q, u16 i)
{
	return (struct virtq_desc *)(v->ram + q * VF_QSTRIDE) + i % VF_QN;
}

static inline void vf_set_desc(struct vf_zone *v, u32 q, u16 i, u64 addr, u32 len, u16 flags,
			       u16 next)
{
	*vf_desc(v, q, i) = (struct virtq_desc){addr, len, flags, next};
}

/* Offer chain 'head' on queue q (no notify). */
static inline void vf_offer(struct vf_zone *v, u32 q, u16 head)
{
	u16 *avail = (u16 *)(v->ram + q * VF_QSTRIDE + 0x100);

	avail[2 + v->avail[q] % VF_QN] = head;
	avail[1] = ++v->avail[q];
}

static inline void vf_notify(struct vf_zone *v, u32 q)
{
	vf_w(v, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

static inline u16 vf_used_idx(struct vf_zone *v, u32 q)
{
	return *(u16 *)(v->ram + q * VF_QSTRIDE + 0x202);
}

/* The used entry i of queue q: id and len. */
static inline void vf_used(struct vf_zone *v, u32 q, u16 i, u32 *id, u32 *len)
{
	u32 *e = (u32 *)(v->ram + q * VF_QSTRIDE + 0x204) + 2 * (i % VF_QN);

	*id = e[0];
	*len = e[1];
}

static inline bool vf_failed(struct vf_zone *v)
{
	return v->dev.status & VIRTIO_STATUS_NEEDS_RESET;
}

/* A hostile step any harness mixes in: a raw descriptor (anywhere, any
 * flags) offered and notified, a raw register write, or a ring word
 * rewritten. The caller brings the device up again if it failed. */
static inline void vf_hostile(struct vf_zone *v, struct fuzz_input *in, u32 nq)
{
	u32 q = (u32)fuzz_take(in, 1) % (nq + 1);
	u8 what = (u8)fuzz_take(in, 1);

	v->dirty = true;
	switch (what % 3) {
	case 0: {
		u16 i = (u16)fuzz_take(in, 1);
		u64 addr = fuzz_take(in, 1) & 1 ? fuzz_take(in, 8)
						: vf_gpa((u32)fuzz_take(in, 2) % VF_RAM_SIZE);

		if (q < nq) {
			vf_set_desc(v, q, i, addr, (u32)fuzz_take(in, 4), (u16)fuzz_take(in, 1),
				    (u16)fuzz_take(in, 1));
			vf_offer(v, q, (u16)fuzz_take(in, 1));
		}
		vf_notify(v, q);
		break;
	}
	case 1:
		vf_w(v, (u32)fuzz_take(in, 1) << 2, (u32)fuzz_take(in, 4));
		break;
	default: {
		u32 off = (u32)fuzz_take(in, 2) % (VF_RAM_SIZE - 2);

		*(u16 *)(v->ram + (off & ~1u)) = (u16)fuzz_take(in, 2);
	}
	}
}

#endif
