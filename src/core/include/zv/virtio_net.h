/* SPDX-License-Identifier: MIT */
/* virtio-net on a switch in the hypervisor (src/core/virtio/virtio_net.c). */
#ifndef ZV_VIRTIO_NET_H
#define ZV_VIRTIO_NET_H

#include <zv/spinlock.h>
#include <zv/types.h>
#include <zv/virtio.h>

struct zone;
struct virtio_dev;

#define VIRTIO_NET_HDR_LEN 12	  /* struct virtio_net_hdr with num_buffers (5.1.6) */
#define VIRTIO_NET_MAX_FRAME 1518 /* Ethernet header, VLAN tag and 1500 bytes */
#define VIRTIO_NET_MIN_FRAME 14	  /* an Ethernet header */
/* A TSO frame (gso_type TCPV4/TCPV6, only with HOST_TSO4/6 negotiated):
 * 64 KiB of IP packet, its Ethernet header and a VLAN tag. */
#define VIRTIO_NET_MAX_GSO_FRAME (65536 + 18)

/* Feature bits (virtio 1.2, 5.1.3) and header fields (5.1.6). */
#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_GUEST_TSO4 7
#define VIRTIO_NET_F_GUEST_TSO6 8
#define VIRTIO_NET_F_GUEST_ECN 9
#define VIRTIO_NET_F_HOST_TSO4 11
#define VIRTIO_NET_F_HOST_TSO6 12
#define VIRTIO_NET_F_HOST_ECN 13
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1
#define VIRTIO_NET_HDR_GSO_NONE 0
#define VIRTIO_NET_HDR_GSO_TCPV4 1
#define VIRTIO_NET_HDR_GSO_TCPV6 4
#define VIRTIO_NET_HDR_GSO_ECN 0x80
/* Byte offsets of the header's fields (struct virtio_net_hdr, 5.1.6). */
#define NET_HDR_FLAGS 0
#define NET_HDR_GSO_TYPE 1
#define NET_HDR_HDR_LEN 2
#define NET_HDR_GSO_SIZE 4
#define NET_HDR_CSUM_START 6
#define NET_HDR_CSUM_OFFSET 8
#define NET_HDR_NUM_BUFFERS 10

/* Drops and deliveries since attach. */
struct virtio_net_stats {
	u64 tx, rx;	  /* frames taken from the zone, frames given to it */
	u64 spoofed;	  /* source MAC not the zone's own */
	u64 unknown;	  /* unicast to no member */
	u64 bad_len;	  /* shorter than a header or longer than its limit */
	u64 bad_hdr;	  /* virtio-net header not valid or not negotiated */
	u64 no_buffer;	  /* a receiver had no RX buffer posted (counted at the receiver) */
	u64 short_buffer; /* a receiver's RX buffer too small (counted at the receiver) */
	u64 no_offload;	  /* a TSO frame for a receiver without GUEST_TSO* (at the receiver) */
	u64 held;	  /* unicast frames that waited for the receiver's buffer */
	u64 held_drop;	  /* ... and were dropped after VIRTIO_NET_HOLD_MS (at the sender) */
};

/* How long a unicast frame waits for its receiver's buffer at most. */
#define VIRTIO_NET_HOLD_MS 250

struct virtio_net {
	struct virtio_dev *dev;
	u8 mac[6];
	u32 net;	    /* network number: order of first use in the zone table */
	u32 gen;	    /* device resets, under the device lock */
	u32 waiters;	    /* zones holding a frame for this one, under the device lock */
	spinlock_t tx_lock; /* one sender pass at a time; taken before any dev lock */
	struct {	    /* the staged frame waits for its receiver, under tx_lock */
		bool on;
		u16 head; /* its TX chain, not yet given back */
		u32 gen;  /* the device's gen when it was taken */
		u32 to;	  /* the receiver's zone index */
		u64 len;  /* header + frame */
		u64 since;
	} held;
	u8 frame[VIRTIO_NET_HDR_LEN + VIRTIO_NET_MAX_GSO_FRAME]; /* staging, under tx_lock */
	/* The RX chains one frame is spread over (MRG_RXBUF) and the bytes
	 * written to each, under the device lock. */
	u16 mrg_head[VIRTQ_MAX_SIZE];
	u32 mrg_len[VIRTQ_MAX_SIZE];
	struct virtio_net_stats st;
};

int virtio_net_attach(struct zone *z, struct virtio_dev *d, struct virtio_net *n, u64 gpa, u32 irq);

/* The TX frame parser's verdict, exposed for the fuzzer: hdr is the
 * virtio-net header followed by len bytes of frame, features the sender's
 * negotiated ones. */
enum virtio_net_verdict { NET_DELIVER, NET_SPOOFED, NET_BAD_LEN, NET_BAD_HDR };
enum virtio_net_verdict virtio_net_check_tx(u64 features, const u8 *mac, const u8 *hdr, u64 len);
/* Largest frame a sender with these features may send with this header. */
u64 virtio_net_max_frame(u64 features, const u8 *hdr);

/* Frame helpers of the switch (virtio_net_frame.c). */
bool virtio_net_mac_eq(const u8 *a, const u8 *b);
/* Can receiver d take a frame with this header (len bytes of frame)? A
 * partial checksum it did not negotiate is completed in place. */
bool virtio_net_rx_offload_ok(const struct virtio_dev *d, u8 *hdr, u64 len);
/* Turn a checked TX header into the one the receivers see. */
void virtio_net_rx_header(u8 *hdr);
void virtio_net_report_spoof(struct virtio_net *s);
void virtio_net_report_len(struct virtio_net *s, u64 len, u64 max);
void virtio_net_report_hdr(struct virtio_net *s);

#endif
