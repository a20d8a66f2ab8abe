/* SPDX-License-Identifier: MIT */
/* virtio-net on a switch in the hypervisor (src/core/virtio/virtio_net.c). */
#ifndef ZV_VIRTIO_NET_H
#define ZV_VIRTIO_NET_H

#include <zv/spinlock.h>
#include <zv/types.h>

struct zone;
struct virtio_dev;

#define VIRTIO_NET_HDR_LEN 12	  /* struct virtio_net_hdr with num_buffers (5.1.6) */
#define VIRTIO_NET_MAX_FRAME 1518 /* Ethernet header, VLAN tag and 1500 bytes */
#define VIRTIO_NET_MIN_FRAME 14	  /* an Ethernet header */

/* Drops and deliveries since attach; the drops never block a sender. */
struct virtio_net_stats {
	u64 tx, rx;	  /* frames taken from the zone, frames given to it */
	u64 spoofed;	  /* source MAC not the zone's own */
	u64 unknown;	  /* unicast to no member */
	u64 bad_len;	  /* shorter than a header or longer than VIRTIO_NET_MAX_FRAME */
	u64 no_buffer;	  /* a receiver had no RX buffer posted (counted at the receiver) */
	u64 short_buffer; /* a receiver's RX buffer too small (counted at the receiver) */
};

struct virtio_net {
	struct virtio_dev *dev;
	u8 mac[6];
	u32 net;	    /* network number: order of first use in the zone table */
	spinlock_t tx_lock; /* one sender pass at a time; taken before any dev lock */
	u8 frame[VIRTIO_NET_HDR_LEN + VIRTIO_NET_MAX_FRAME]; /* staging, under tx_lock */
	struct virtio_net_stats st;
};

int virtio_net_attach(struct zone *z, struct virtio_dev *d, struct virtio_net *n, u64 gpa, u32 irq);

/* The TX frame parser's verdict, exposed for the fuzzer. */
enum virtio_net_verdict { NET_DELIVER, NET_SPOOFED, NET_BAD_LEN };
enum virtio_net_verdict virtio_net_check_frame(const u8 *mac, const u8 *frame, u64 len);

#endif
