/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (virtio 1.2, 5.1) on a learning-free switch in the
 * hypervisor: the zones naming the same network each get a NIC with a
 * fixed MAC, 02:7a:76:<network>:00:<zone index>, and a frame one sends is
 * copied into the RX buffers of the others:
 *
 *   - its source MAC must be the sender's own, else it is dropped and
 *     counted (spoofed) with one rate-limited message naming the zone;
 *   - unicast goes to the member whose MAC it is, and nowhere else;
 *     unicast to no member is dropped (unknown) -- there is no uplink;
 *   - broadcast and multicast go to every other member;
 *   - a frame shorter than an Ethernet header or longer than
 *     VIRTIO_NET_MAX_FRAME is dropped and counted (bad_len) with one
 *     rate-limited message naming the zone; a TX chain with writable
 *     buffers or without the 12-byte header breaks the rules and fails the
 *     sender's device (docs/virtio.md);
 *   - a receiver without a posted RX buffer loses the frame (no_buffer):
 *     a sender never waits for a receiver.
 *
 * Features: VERSION_1, MAC, STATUS (link always up); no offloads, no
 * mergeable buffers, so every RX chain holds a whole frame and its header.
 *
 * Locking: the transport calls notify with the sender's device lock held.
 * Delivery needs the receivers' locks, so notify only marks the work, and
 * the deferred hook (no device lock held) does it under the sender's
 * tx_lock: pop one TX chain under the sender's lock into the staging
 * frame, drop that lock, then take each receiver's lock in turn. A CPU
 * holds at most one device lock at a time, and tx_lock is only ever taken
 * before one, so two zones sending to each other cannot deadlock. A
 * receiver being reset or restarted is seen under its lock: its queue is
 * no longer live and the frame is dropped. Work per notify is bounded by
 * the TX queue size times the members.
 */
#include <zv/config_abi.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/virtio.h>
#include <zv/virtio_net.h>
#include <zv/zone.h>

#define VIRTIO_ID_NET 1
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1

#define NET_RXQ 0
#define NET_TXQ 1
#define NET_QUEUE_SIZE 128
#define NET_DEFER_TX 1u

static bool mac_eq(const u8 *a, const u8 *b)
{
	u8 diff = 0;

	for (u32 i = 0; i < 6; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

/* Every attached NIC, by zone index: the switch's ports. */
static struct virtio_net *net_ports[ZV_MAX_ZONES];

struct net_config {
	u8 mac[6];
	u16 status;
};

static int net_config_read(struct virtio_dev *d, u32 off, u8 width, u64 *val)
{
	const struct virtio_net *n = d->priv;
	struct net_config cfg = {.status = VIRTIO_NET_S_LINK_UP};

	memcpy(cfg.mac, n->mac, sizeof(cfg.mac));
	*val = 0;
	memcpy(val, (const u8 *)&cfg + off, width);
	return 0;
}

enum virtio_net_verdict virtio_net_check_frame(const u8 *mac, const u8 *frame, u64 len)
{
	if (len < VIRTIO_NET_MIN_FRAME || len > VIRTIO_NET_MAX_FRAME)
		return NET_BAD_LEN;
	if (!mac_eq(frame + 6, mac))
		return NET_SPOOFED;
	return NET_DELIVER;
}

/* Give the staged frame to receiver r; called with no device lock held. */
static void net_give(struct virtio_net *r, const u8 *buf, u64 len)
{
	struct virtio_dev *d = r->dev;
	struct virtq *q = &d->vq[NET_RXQ];
	const char *why = NULL;
	int got;

	spin_lock(&d->lock);
	if (!virtio_queue_live(d, NET_RXQ)) {
		r->st.no_buffer++;
		goto out;
	}
	got = virtq_pop(d->zone, q, &d->chain, &why);
	if (got < 0) {
		virtio_dev_fail(d, why);
	} else if (got == 0) {
		r->st.no_buffer++;
	} else if (d->chain.nr_out || d->chain.in_bytes < len) {
		/* Linux posts header + 1518 bytes at least without mergeable
		 * buffers; anything less loses this frame, returned empty. */
		r->st.short_buffer++;
		virtq_push(q, d->chain.head, 0);
		virtio_dev_used_irq(d, NET_RXQ);
	} else {
		virtq_copy_to(&d->chain, 0, buf, len);
		virtq_push(q, d->chain.head, (u32)len);
		r->st.rx++;
		virtio_dev_used_irq(d, NET_RXQ);
	}
out:
	spin_unlock(&d->lock);
}

static bool net_member(const struct virtio_net *a, const struct virtio_net *b)
{
	return b && b != a && b->net == a->net;
}

/* Switch the staged frame of s (header + len bytes of frame). */
static void net_switch(struct virtio_net *s, u64 len)
{
	const u8 *dst = s->frame + VIRTIO_NET_HDR_LEN;
	bool flood = dst[0] & 1; /* group bit: broadcast or multicast */
	bool found = false;

	for (u32 i = 0; i < ZV_MAX_ZONES; i++) {
		struct virtio_net *r = net_ports[i];

		if (!net_member(s, r) || (!flood && !mac_eq(dst, r->mac)))
			continue;
		net_give(r, s->frame, VIRTIO_NET_HDR_LEN + len);
		found = true;
	}
	if (!found && !flood)
		s->st.unknown++;
}

/* Take one TX chain of s into its staging frame under the sender's lock.
 * Returns the frame's length, 0 when there is nothing to send now or the
 * frame was dropped, -1 when the queue is empty or the device failed. */
static s64 net_take(struct virtio_net *s, bool *used)
{
	struct virtio_dev *d = s->dev;
	struct virtq *q = &d->vq[NET_TXQ];
	struct virtq_chain *c = &d->chain;
	const char *why = NULL;
	s64 len = 0;
	int got;

	spin_lock(&d->lock);
	if (!virtio_queue_live(d, NET_TXQ) || (got = virtq_pop(d->zone, q, c, &why)) == 0) {
		spin_unlock(&d->lock);
		return -1;
	}
	if (got < 0 || c->nr_out != c->nr || c->out_bytes < VIRTIO_NET_HDR_LEN) {
		virtio_dev_fail(d, got < 0 ? why : "transmit chain without header or writable");
		spin_unlock(&d->lock);
		return -1;
	}
	len = (s64)(c->out_bytes - VIRTIO_NET_HDR_LEN);
	if (len >= VIRTIO_NET_MIN_FRAME && len <= VIRTIO_NET_MAX_FRAME)
		virtq_copy_from(c, 0, s->frame, VIRTIO_NET_HDR_LEN + (u64)len);
	virtq_push(q, c->head, 0);
	*used = true;
	spin_unlock(&d->lock);
	return len;
}

static void net_report_spoof(struct virtio_net *s)
{
	const u8 *m = s->frame + VIRTIO_NET_HDR_LEN + 6;

	if (zone_msg_ok(s->dev->zone))
		printk("zone %s: virtio-net: dropped frame from %02x:%02x:%02x:%02x:%02x:%02x, "
		       "not its MAC (%llu spoofed)\n",
		       zone_name(s->dev->zone), m[0], m[1], m[2], m[3], m[4], m[5],
		       (unsigned long long)s->st.spoofed);
}

static void net_report_len(struct virtio_net *s, u64 len)
{
	if (zone_msg_ok(s->dev->zone))
		printk("zone %s: virtio-net: dropped frame of %llu bytes, not %u-%u (%llu bad "
		       "length)\n",
		       zone_name(s->dev->zone), (unsigned long long)len, VIRTIO_NET_MIN_FRAME,
		       VIRTIO_NET_MAX_FRAME, (unsigned long long)s->st.bad_len);
}

/* The header the receiver sees: no offload flags, one buffer. */
static void net_rx_header(u8 *hdr)
{
	memset(hdr, 0, VIRTIO_NET_HDR_LEN);
	hdr[10] = 1; /* num_buffers, little-endian u16 */
}

static void net_tx(struct virtio_net *s)
{
	bool used = false;
	s64 len;

	spin_lock(&s->tx_lock);
	for (u32 n = 0; n < NET_QUEUE_SIZE && (len = net_take(s, &used)) >= 0; n++) {
		s->st.tx++;
		switch (virtio_net_check_frame(s->mac, s->frame + VIRTIO_NET_HDR_LEN, (u64)len)) {
		case NET_BAD_LEN:
			s->st.bad_len++;
			net_report_len(s, (u64)len);
			break;
		case NET_SPOOFED:
			s->st.spoofed++;
			net_report_spoof(s);
			break;
		case NET_DELIVER:
			net_rx_header(s->frame);
			net_switch(s, (u64)len);
			break;
		}
	}
	spin_unlock(&s->tx_lock);
	if (used) {
		spin_lock(&s->dev->lock);
		if (virtio_queue_live(s->dev, NET_TXQ))
			virtio_dev_used_irq(s->dev, NET_TXQ);
		spin_unlock(&s->dev->lock);
	}
}

static void net_notify(struct virtio_dev *d, u32 q)
{
	/* RX: buffers are taken when a frame arrives. TX: after the lock. */
	if (q == NET_TXQ)
		d->deferred |= NET_DEFER_TX;
}

static void net_deferred(struct virtio_dev *d, u32 bits)
{
	if (bits & NET_DEFER_TX)
		net_tx(d->priv);
}

static void net_reset(struct virtio_dev *d)
{
	(void)d; /* no state besides the transport's; counters run on */
}

static const struct virtio_ops net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .nr_queues = 2,
    .queue_max = NET_QUEUE_SIZE,
    .features = BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_STATUS),
    .config_size = sizeof(struct net_config),
    .config_read = net_config_read,
    .notify = net_notify,
    .reset = net_reset,
    .deferred = net_deferred,
};

/* Network number: index of the first zone naming the same network. */
static u32 net_number(const struct zone *z)
{
	const char *name = z->cfg->network;

	for (u32 i = 0; i < z->index && i < zv_config->nr_zones; i++)
		if (!strncmp(zv_config->zones[i].network, name, ZV_NAME_LEN))
			return i;
	return z->index;
}

int virtio_net_attach(struct zone *z, struct virtio_dev *d, struct virtio_net *n, u64 gpa, u32 irq)
{
	static const u8 oui[3] = {0x02, 0x7a, 0x76}; /* locally administered, "zv" */

	memset(n, 0, sizeof(*n));
	n->dev = d;
	n->net = net_number(z);
	memcpy(n->mac, oui, 3);
	n->mac[3] = (u8)n->net;
	n->mac[5] = (u8)z->index;
	if (z->index < ZV_MAX_ZONES)
		net_ports[z->index] = n;
	return virtio_mmio_attach(z, d, gpa, irq, &net_ops, n);
}
