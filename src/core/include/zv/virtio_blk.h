/* SPDX-License-Identifier: MIT */
/* virtio-blk served from a disk image in the board's disk store. */
#ifndef ZV_VIRTIO_BLK_H
#define ZV_VIRTIO_BLK_H

#include <zv/types.h>

struct zone;
struct virtio_dev;

/* Bytes of data one request may move: more gets IOERR (bounded work). */
#define VIRTIO_BLK_MAX_DATA (4u << 20)

struct virtio_blk {
	u64 hpa; /* the image: hypervisor address, bytes */
	u64 size;
	u64 reads, writes; /* requests served since attach */
};

int virtio_blk_attach(struct zone *z, struct virtio_dev *d, struct virtio_blk *b, u64 gpa, u32 irq,
		      u64 hpa, u64 size);

#endif
