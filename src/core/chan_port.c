/* SPDX-License-Identifier: MIT */
/*
 * Channel ports: the Linux end of an inter-zone channel (docs/channels.md).
 *
 * A member zone with the virtio console gets, per two-member channel, a
 * console port named after the channel. What the guest writes to the port
 * goes into the member's zvchan transmit ring in the shared region; what
 * the peer puts in the member's receive ring goes to the port's receive
 * queue. The ring layout is the bare-metal library's (guests/include/
 * zvchan.h): the member with index m in the channel node takes side m.
 *
 * The hypervisor owns the member's doorbell: a ring from the peer moves
 * bytes both ways at once instead of raising the interrupt. When both
 * members are such ports (two Linux zones), ringing the peer cannot poll
 * its device here, under this device's lock: the peer port is marked and
 * one of its zone's vCPUs is kicked (VCPU_REQ_CHAN), which serves it on
 * its own CPU with no lock held (chan_port_kicked); a mark already set
 * coalesces further rings. Every index
 * the peer writes is checked against the capacity computed here from the
 * configured size; a bad one stops the port (bytes written are dropped and
 * counted) until the guest reopens it. Work per event is bounded by the
 * ring capacity; everything lives in static per-channel state and all of
 * it is touched under the console device's lock.
 */
#include <zv/chan.h>
#include <zv/chan_port.h>
#include <zv/config_abi.h>
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/vcpu.h>
#include <zv/virtio.h>
#include <zv/virtio_console.h>
#include <zv/zone.h>

#define CP_MAGIC 0x3152565au /* "ZVR1", as zvchan */
#define CP_HDR 192u
#define CP_OFF_CAP 4u
#define CP_OFF_HEAD 64u
#define CP_OFF_TAIL 128u

struct chan_port {
	struct virtio_console *con; /* NULL: channel not bridged */
	u32 port;		    /* console port number */
	u32 member, peer;	    /* member indices */
	u8 *tx, *rx;		    /* ring halves, hypervisor addresses */
	u32 cap;
	u32 head, tail; /* own: tx head, rx tail */
	bool ready;	/* ring taken up (at the guest's open) */
	bool broken;	/* the peer corrupted an index */
	bool kicked;	/* rung by a peer port, not served yet (atomic) */
	struct zone *zone;
	u64 dropped;
};

/* One per channel member: a two-member channel may join two ports. */
static struct chan_port chan_ports[ZV_MAX_CHANNELS][2];

static u32 cp_ld(const u8 *p)
{
	return __atomic_load_n((const u32 *)p, __ATOMIC_ACQUIRE);
}

static void cp_st(u8 *p, u32 v)
{
	__atomic_store_n((u32 *)p, v, __ATOMIC_RELEASE);
}

static u32 cp_index(const struct chan_port *p)
{
	return (u32)(p - &chan_ports[0][0]) / 2;
}

/* The peer's index at off of ring r, or false (and the port stops). */
static bool cp_peer_index(struct chan_port *p, const u8 *r, u32 off, u32 *v)
{
	*v = cp_ld(r + off);
	if (*v < p->cap)
		return true;
	if (!p->broken)
		printk("channel %s: peer wrote index %u outside the ring (capacity %u): "
		       "port stopped\n",
		       zv_config->channels[cp_index(p)].name, *v, p->cap);
	p->broken = true;
	return false;
}

/* Take up our halves as zvchan_open does: keep a valid index of ours. */
static void cp_open_rings(struct chan_port *p)
{
	u32 h = cp_ld(p->tx + CP_OFF_HEAD), t = cp_ld(p->rx + CP_OFF_TAIL);

	if (cp_ld(p->tx) != CP_MAGIC || cp_ld(p->tx + CP_OFF_CAP) != p->cap || h >= p->cap)
		h = 0;
	if (t >= p->cap)
		t = 0;
	p->head = h;
	p->tail = t;
	cp_st(p->tx + CP_OFF_HEAD, h);
	cp_st(p->rx + CP_OFF_TAIL, t);
	cp_st(p->tx + CP_OFF_CAP, p->cap);
	cp_st(p->tx, CP_MAGIC);
	p->ready = true;
	p->broken = false;
}

/* Ring the peer: its doorbell, or, when a port serves it, a mark and a
 * kick of its zone (that port's device lock cannot be taken under ours). */
static void cp_ring_peer(struct chan_port *p)
{
	struct chan_port *q = &chan_ports[cp_index(p)][p->peer];

	if (!q->con) {
		chan_raise(cp_index(p), p->peer);
		return;
	}
	if (!__atomic_exchange_n(&q->kicked, true, __ATOMIC_ACQ_REL))
		vcpu_kick(q->zone->vcpus[0], VCPU_REQ_CHAN);
}

/* Peer's ring to the guest's receive buffers; device lock held. Bounded by
 * the capacity: at most two contiguous pieces. */
static void cp_pump_rx(struct chan_port *p)
{
	u32 head, moved = 0;

	if (!p->ready || p->broken || !cp_peer_index(p, p->rx, CP_OFF_HEAD, &head))
		return;
	for (int piece = 0; piece < 2 && p->tail != head; piece++) {
		u32 n = head > p->tail ? head - p->tail : p->cap - p->tail;
		u32 got = virtio_console_send_locked(p->con, p->port, p->rx + CP_HDR + p->tail, n);

		moved += got;
		p->tail = p->tail + got == p->cap ? 0 : p->tail + got;
		if (got < n)
			break;
	}
	if (moved) {
		cp_st(p->rx + CP_OFF_TAIL, p->tail);
		cp_ring_peer(p);
	}
}

static u32 cp_space(void *ctx)
{
	struct chan_port *p = ctx;
	u32 tail;

	if (!p->ready || p->broken)
		return ~0u; /* take and drop: the writer never blocks on a dead ring */
	if (!cp_peer_index(p, p->tx, CP_OFF_TAIL, &tail))
		return ~0u;
	return (tail + p->cap - p->head - 1) % p->cap;
}

static void cp_write(void *ctx, const u8 *buf, u32 len)
{
	struct chan_port *p = ctx;
	u32 space = cp_space(p), n = 0;

	if (space == ~0u || len > space) {
		p->dropped += len;
		return;
	}
	while (n < len) {
		u32 run = p->cap - p->head < len - n ? p->cap - p->head : len - n;

		memcpy(p->tx + CP_HDR + p->head, buf + n, run);
		n += run;
		p->head = p->head + run == p->cap ? 0 : p->head + run;
	}
	cp_st(p->tx + CP_OFF_HEAD, p->head); /* release: the data first */
	cp_ring_peer(p);
}

static void cp_open(void *ctx, bool open)
{
	struct chan_port *p = ctx;

	/* Closed, the driver would drop what it receives: leave it in the ring. */
	p->ready = false;
	__atomic_store_n(&p->kicked, false, __ATOMIC_RELEASE);
	if (open) {
		cp_open_rings(p);
		cp_pump_rx(p);
	}
}

static void cp_room(void *ctx)
{
	cp_pump_rx(ctx);
}

static const struct vcon_port_ops cp_ops = {
    .write = cp_write,
    .open = cp_open,
    .room = cp_room,
    .space = cp_space,
};

int chan_port_attach(struct zone *z, struct virtio_console *c)
{
	for (u32 ch = 0; ch < zv_config->nr_channels; ch++) {
		const struct zv_chan_cfg *cc = &zv_config->channels[ch];
		u32 half = (u32)(cc->size / 2);
		int port;

		if (cc->nr_members != 2)
			continue;
		for (u32 m = 0; m < 2; m++) {
			struct chan_port *p = &chan_ports[ch][m];

			if (cc->members[m].zone != z->index ||
			    cc->members[m].rights != ZV_CHAN_RW || p->con)
				continue;
			if (half < CP_HDR + VCON_TX_MAX + 1) {
				/* A transmit buffer is taken only when a whole one fits. */
				printk("channel %s: region too small for a console port\n",
				       cc->name);
				continue;
			}
			port = virtio_console_add_port(c, cc->name, &cp_ops, p);
			if (port < 0)
				return port;
			p->con = c;
			p->zone = z;
			p->port = (u32)port;
			p->member = m;
			p->peer = 1 - m;
			p->tx = (u8 *)(uintptr_t)(cc->hpa + (m ? half : 0));
			p->rx = (u8 *)(uintptr_t)(cc->hpa + (m ? 0 : half));
			p->cap = half - CP_HDR;
		}
	}
	return 0;
}

bool chan_port_owns(u32 ch, u32 m)
{
	return ch < ZV_MAX_CHANNELS && m < 2 && chan_ports[ch][m].con;
}

void chan_port_doorbell(u32 ch, u32 m)
{
	if (chan_port_owns(ch, m))
		virtio_console_poll(chan_ports[ch][m].con, chan_ports[ch][m].port);
}

void chan_port_kicked(struct zone *z)
{
	for (u32 ch = 0; ch < ZV_MAX_CHANNELS; ch++)
		for (u32 m = 0; m < 2; m++) {
			struct chan_port *p = &chan_ports[ch][m];

			if (p->zone == z &&
			    __atomic_exchange_n(&p->kicked, false, __ATOMIC_ACQ_REL))
				virtio_console_poll(p->con, p->port);
		}
}
