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
 *     VIRTIO_NET_MAX_FRAME (VIRTIO_NET_MAX_GSO_FRAME for a TSO frame of a
 *     negotiated kind) is dropped and counted (bad_len) with one
 *     rate-limited message naming the zone; so is a virtio-net header
 *     that is not valid or asks for an offload not negotiated (bad_hdr);
 *     a TX chain with writable buffers or without the 12-byte header
 *     breaks the rules and fails the sender's device (docs/virtio.md);
 *   - backpressure for unicast: a frame for a running receiver without a
 *     posted RX buffer stays staged, its TX chain is not given back and
 *     the sender's queue waits, until the receiver posts buffers (its RX
 *     notify wakes the sender), or for at most VIRTIO_NET_HOLD_MS, checked
 *     whenever the sender notifies either queue; then it is dropped
 *     (no_buffer, held_drop). Broadcast and multicast never wait: a
 *     receiver without a buffer loses them (no_buffer).
 *
 * Features: VERSION_1, MAC, STATUS (link always up), MRG_RXBUF, EVENT_IDX
 * (virtq.c), and the offloads CSUM, GUEST_CSUM, HOST/GUEST_TSO4, TSO6
 * and ECN: the switch passes a frame's header (partial checksum, TSO)
 * through to its receivers and never segments. A receiver without
 * GUEST_CSUM gets a partial checksum completed by the switch; one without
 * the GUEST_TSO* of a TSO frame loses it (no_offload). With MRG_RXBUF a
 * frame is spread over as many RX chains as it needs (num_buffers in the
 * first); without it every RX chain must hold a whole frame and its
 * header. The header checks and the drop reports are in
 * virtio_net_frame.c.
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
 * the TX queue size times the members, times the senders an RX notify
 * wakes (at most one per zone).
 */
#include <zv/arch.h>
#include <zv/config_abi.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/virtio.h>
#include <zv/virtio_net.h>
#include <zv/zone.h>

#define VIRTIO_ID_NET 1
#define VIRTIO_NET_S_LINK_UP 1

#define NET_RXQ 0
#define NET_TXQ 1
#define NET_QUEUE_SIZE 128
#define NET_DEFER_TX 1u
#define NET_DEFER_WAKE 8 /* bits 8..8+ZV_MAX_ZONES: senders to wake */

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

enum net_give { NET_GIVEN, NET_WAIT };

/* Return the k chains r's frame took, each with what was written to it
 * (0: dropped), num_buffers already in the first; r's lock held. */
static void net_rx_return(struct virtio_net *r, u16 k)
{
	struct virtio_dev *d = r->dev;

	virtq_push_n(&d->vq[NET_RXQ], r->mrg_head, r->mrg_len, k);
	virtio_dev_used_irq(d, NET_RXQ);
}

/*
 * Give buf (header + frame, len bytes) to receiver r over as many RX
 * chains as it takes (MRG_RXBUF, virtio 1.2 5.1.6.4): the header in the
 * first, num_buffers the number of chains, their used entries published
 * at once. Each chain must be device-writable and hold at least the
 * 12-byte header (5.1.6.3.1), and the chains of one frame at most a
 * queue's worth of descriptors in all; else the frame is dropped and the
 * chains taken come back empty (short_buffer). r's lock held. Returns
 * true when r has too few buffers posted: none is taken (the ones popped
 * are given back to the ring), the caller waits or drops.
 */
static bool net_rx_mrg(struct virtio_net *r, const u8 *buf, u64 len)
{
	struct virtio_dev *d = r->dev;
	struct virtq *q = &d->vq[NET_RXQ];
	struct virtq_chain *c = &d->chain;
	volatile u8 *nb[2] = {NULL, NULL};
	const char *why = NULL;
	u32 descs = 0;
	u64 off = 0;
	u16 k = 0;

	while (off < len) {
		int got = virtq_pop(d->zone, q, c, &why);
		u64 n;

		if (got < 0) {
			virtio_dev_fail(d, why); /* the chains taken are lost with it */
			return false;
		}
		if (got == 0) {
			virtq_unpop(q, k);
			if (k < q->num)
				return true;
			r->st.short_buffer++; /* a full queue cannot hold it */
			return false;
		}
		r->mrg_head[k] = c->head;
		r->mrg_len[k++] = 0;
		descs += c->nr;
		if (c->nr_out || c->in_bytes < VIRTIO_NET_HDR_LEN || descs > q->num) {
			for (u16 i = 0; i < k; i++)
				r->mrg_len[i] = 0;
			r->st.short_buffer++;
			net_rx_return(r, k);
			return false;
		}
		if (k == 1) {
			nb[0] = virtq_write_byte(c, NET_HDR_NUM_BUFFERS);
			nb[1] = virtq_write_byte(c, NET_HDR_NUM_BUFFERS + 1);
		}
		n = c->in_bytes < len - off ? c->in_bytes : len - off;
		virtq_copy_to(c, 0, buf + off, n);
		r->mrg_len[k - 1] = (u32)n;
		off += n;
	}
	/* The first chain held at least the header, so both bytes exist. */
	*nb[0] = (u8)k;
	*nb[1] = (u8)(k >> 8);
	r->st.rx++;
	net_rx_return(r, k);
	return false;
}

/* Give the staged frame (header + len bytes) to receiver r; called with
 * no device lock held. With waiter < ZV_MAX_ZONES, a running receiver
 * without a buffer notes zone 'waiter' to wake and NET_WAIT is returned;
 * otherwise the frame is given, or dropped and counted. */
static enum net_give net_give(struct virtio_net *r, u8 *buf, u64 len, u32 waiter)
{
	struct virtio_dev *d = r->dev;
	struct virtq *q = &d->vq[NET_RXQ];
	enum net_give ret = NET_GIVEN;
	const char *why = NULL;
	int got;

	spin_lock(&d->lock);
	if (!virtio_queue_live(d, NET_RXQ)) {
		r->st.no_buffer++;
		goto out;
	}
	if (!virtio_net_rx_offload_ok(d, buf, len - VIRTIO_NET_HDR_LEN)) {
		r->st.no_offload++;
		goto out;
	}
	if (virtio_has(d, VIRTIO_NET_F_MRG_RXBUF)) {
		if (!net_rx_mrg(r, buf, len))
			goto out;
		if (waiter < ZV_MAX_ZONES) {
			r->waiters |= 1u << waiter;
			ret = NET_WAIT;
		} else {
			r->st.no_buffer++;
		}
		goto out;
	}
	got = virtq_pop(d->zone, q, &d->chain, &why);
	if (got < 0) {
		virtio_dev_fail(d, why);
	} else if (got == 0 && waiter < ZV_MAX_ZONES) {
		r->waiters |= 1u << waiter;
		ret = NET_WAIT;
	} else if (got == 0) {
		r->st.no_buffer++;
	} else if (d->chain.nr_out || d->chain.in_bytes < len) {
		/* Linux posts header + 1518 bytes at least without mergeable
		 * buffers, 64 KiB chains with GUEST_TSO*; anything less loses
		 * this frame, returned empty. */
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
	return ret;
}

static bool net_member(const struct virtio_net *a, const struct virtio_net *b)
{
	return b && b != a && b->net == a->net;
}

/* Switch the staged frame of s (header + len bytes of frame). Returns the
 * zone index of a unicast receiver that has no buffer yet, else
 * ZV_MAX_ZONES. */
static u32 net_switch(struct virtio_net *s, u64 len)
{
	const u8 *dst = s->frame + VIRTIO_NET_HDR_LEN;
	bool flood = dst[0] & 1; /* group bit: broadcast or multicast */
	u32 self = s->dev->zone->index;
	bool found = false;

	for (u32 i = 0; i < ZV_MAX_ZONES; i++) {
		struct virtio_net *r = net_ports[i];

		if (!net_member(s, r) || (!flood && !virtio_net_mac_eq(dst, r->mac)))
			continue;
		if (net_give(r, s->frame, VIRTIO_NET_HDR_LEN + len, flood ? ZV_MAX_ZONES : self) ==
		    NET_WAIT)
			return i;
		found = true;
	}
	if (!found && !flood)
		s->st.unknown++;
	return ZV_MAX_ZONES;
}

/* Give TX chain 'head', taken at device generation gen, back to s's
 * driver, unless the device was reset since. */
static void net_tx_done(struct virtio_net *s, u16 head, u32 gen, bool *used)
{
	struct virtio_dev *d = s->dev;

	spin_lock(&d->lock);
	if (gen == s->gen && virtio_queue_live(d, NET_TXQ)) {
		virtq_push(&d->vq[NET_TXQ], head, 0);
		*used = true;
	}
	spin_unlock(&d->lock);
}

/* Is s's held frame still s's to send (no reset since it was taken)? */
static bool net_held_valid(struct virtio_net *s)
{
	bool ok;

	spin_lock(&s->dev->lock);
	ok = s->held.gen == s->gen && virtio_queue_live(s->dev, NET_TXQ);
	spin_unlock(&s->dev->lock);
	return ok;
}

/* Try the held frame of s again; false while it still waits. */
static bool net_retry_held(struct virtio_net *s, bool *used)
{
	struct virtio_net *r = net_ports[s->held.to];
	bool expired = arch_time_ms() - s->held.since >= VIRTIO_NET_HOLD_MS;

	if (!net_held_valid(s)) {
		s->held.on = false; /* reset: the chain is no longer the device's */
		return true;
	}
	if (r && net_member(s, r) &&
	    net_give(r, s->frame, s->held.len, expired ? ZV_MAX_ZONES : s->dev->zone->index) ==
		NET_WAIT)
		return false;
	if (expired)
		s->st.held_drop++;
	s->held.on = false;
	net_tx_done(s, s->held.head, s->held.gen, used);
	return true;
}

/* Take one TX chain of s into its staging frame under the sender's lock
 * (only the header when the frame is too long for it), the sender's
 * negotiated features into *features, the chain's head and the device's
 * generation into *head and *gen. Returns the frame's length, -1 when the
 * queue is empty or the device failed. */
static s64 net_take(struct virtio_net *s, u64 *features, u16 *head, u32 *gen)
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
	*features = d->drv_features;
	virtq_copy_from(c, 0, s->frame, VIRTIO_NET_HDR_LEN);
	if (len >= VIRTIO_NET_MIN_FRAME && (u64)len <= virtio_net_max_frame(*features, s->frame))
		virtq_copy_from(c, VIRTIO_NET_HDR_LEN, s->frame + VIRTIO_NET_HDR_LEN, (u64)len);
	*head = c->head;
	*gen = s->gen;
	spin_unlock(&d->lock);
	return len;
}

static void net_tx(struct virtio_net *s)
{
	bool used = false, arm = true;
	u64 features = 0;
	u32 gen = 0;
	u16 head = 0;
	s64 len;

	spin_lock(&s->tx_lock);
	if (s->held.on && !net_retry_held(s, &used))
		goto out;
	for (u32 n = 0;; n++) {
		u32 to = ZV_MAX_ZONES;

		if (n == NET_QUEUE_SIZE)
			goto out; /* the rest at the next notify */
		if ((len = net_take(s, &features, &head, &gen)) < 0)
			break;

		s->st.tx++;
		switch (virtio_net_check_tx(features, s->mac, s->frame, (u64)len)) {
		case NET_BAD_LEN:
			s->st.bad_len++;
			virtio_net_report_len(s, (u64)len,
					      virtio_net_max_frame(features, s->frame));
			break;
		case NET_BAD_HDR:
			s->st.bad_hdr++;
			virtio_net_report_hdr(s);
			break;
		case NET_SPOOFED:
			s->st.spoofed++;
			virtio_net_report_spoof(s);
			break;
		case NET_DELIVER:
			virtio_net_rx_header(s->frame);
			to = net_switch(s, (u64)len);
			break;
		}
		if (to < ZV_MAX_ZONES) {
			/* Stop here: the chain stays the device's until r has
			 * a buffer or the hold expires (net_retry_held). */
			s->held.on = true;
			s->held.head = head;
			s->held.gen = gen;
			s->held.to = to;
			s->held.len = VIRTIO_NET_HDR_LEN + (u64)len;
			s->held.since = arch_time_ms();
			s->st.held++;
			goto out;
		}
		net_tx_done(s, head, gen, &used);
	}
	arm = false; /* drained: virtq_pop asked for the next notify */
out:
	spin_unlock(&s->tx_lock);
	if (used || arm) {
		spin_lock(&s->dev->lock);
		if (virtio_queue_live(s->dev, NET_TXQ)) {
			if (used)
				virtio_dev_used_irq(s->dev, NET_TXQ);
			/* Stopped with chains pending (held frame, or a
			 * queue's worth done): with EVENT_IDX the driver's
			 * next one must notify, to retry or go on. */
			if (arm)
				virtq_event_arm(&s->dev->vq[NET_TXQ]);
		}
		spin_unlock(&s->dev->lock);
	}
}

static void net_notify(struct virtio_dev *d, u32 q)
{
	struct virtio_net *n = d->priv;

	/* TX: after the lock. RX: buffers are taken when a frame arrives;
	 * wake the senders waiting for them, and retry this zone's own held
	 * frame (its expiry is checked at every notify of either queue). */
	if (q == NET_TXQ || n->held.on)
		d->deferred |= NET_DEFER_TX;
	if (q == NET_RXQ) {
		d->deferred |= n->waiters << NET_DEFER_WAKE;
		n->waiters = 0;
	}
}

static void net_deferred(struct virtio_dev *d, u32 bits)
{
	for (u32 i = 0; i < ZV_MAX_ZONES; i++)
		if ((bits >> (NET_DEFER_WAKE + i) & 1) && net_ports[i])
			net_tx(net_ports[i]);
	if (bits & NET_DEFER_TX)
		net_tx(d->priv);
}

static void net_reset(struct virtio_dev *d)
{
	struct virtio_net *n = d->priv;

	/* A frame held by this sender is no longer its to give back: its
	 * next pass sees the new generation and forgets it. Counters and
	 * the senders waiting for this receiver run on. */
	n->gen++;
}

static const struct virtio_ops net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .nr_queues = 2,
    .queue_max = NET_QUEUE_SIZE,
    .features = BIT(VIRTIO_NET_F_MAC) | BIT(VIRTIO_NET_F_STATUS) | BIT(VIRTIO_NET_F_CSUM) |
		BIT(VIRTIO_NET_F_GUEST_CSUM) | BIT(VIRTIO_NET_F_GUEST_TSO4) |
		BIT(VIRTIO_NET_F_GUEST_TSO6) | BIT(VIRTIO_NET_F_GUEST_ECN) |
		BIT(VIRTIO_NET_F_HOST_TSO4) | BIT(VIRTIO_NET_F_HOST_TSO6) |
		BIT(VIRTIO_NET_F_HOST_ECN) | BIT(VIRTIO_NET_F_MRG_RXBUF) | BIT(VIRTIO_F_EVENT_IDX),
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
