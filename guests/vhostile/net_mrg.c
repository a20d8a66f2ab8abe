/* SPDX-License-Identifier: MIT */
/*
 * The hostile virtio driver's cases for mergeable receive buffers
 * (VIRTIO_NET_F_MRG_RXBUF) and event indexes (VIRTIO_F_EVENT_IDX) on
 * virtio-net (docs/virtio.md): RX chains too small for a frame, or for
 * its header, used_event anywhere, avail_event scribbled over. The frames
 * are the victim's broadcast answers to this zone's markers (net.c).
 */
#include "vdrv.h"

#define MRG_FEATURES (F_VERSION_1 | F_NET_MAC | F_NET_MRG_RXBUF | F_EVENT_IDX)
#define SMALL_STRIDE 256 /* small RX chains: chain i at rxbuf[1] + i * 256 */

static const u8 bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static u8 frame[256];
/* Where RX chain i's buffer is: base + i * stride. */
static volatile u8 *rx_base;
static u32 rx_stride;

/* Post RX chains 0..n-1 from 'from', 'size' bytes each, small layout. */
static void mrg_post(u16 from, u16 n, u32 size)
{
	rx_base = rxbuf[1];
	rx_stride = SMALL_STRIDE;
	for (u16 i = from; i < n; i++) {
		q_desc(&rxq, i, gpa(rx_base + i * SMALL_STRIDE), size, D_WRITE, 0);
		q_offer(&rxq, i);
	}
}

/* The next used RX entry within ms; false on timeout. */
static bool used_next(u64 end, u32 *id, u32 *len)
{
	volatile struct used_elem *e;

	while (rxq.used_seen == q_used(&rxq))
		if (g_arch_time() >= end)
			return false;
	e = &rxq.m->used.ring[rxq.used_seen % QN];
	*id = e->id % QN;
	*len = e->len;
	rxq.used_seen++;
	return true;
}

/* The next received frame, its chains gathered in order into frame:
 * its bytes (header included), -1 on timeout; *nb num_buffers from its
 * header (0 for an entry shorter than the header: a dropped frame's
 * chain), *first its first chain. */
static s64 mrg_take(u32 ms, u32 *nb, u32 *first)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 1000 * ms;
	u32 id, len, total = 0;

	if (!used_next(end, &id, &len))
		return -1;
	*first = id;
	*nb = 0;
	if (len < NET_HDR)
		return len;
	*nb = rx_base[id * rx_stride + 10] | (u32)rx_base[id * rx_stride + 11] << 8;
	for (u32 k = 0; k < *nb && k < QN; k++) {
		if (k && !used_next(end, &id, &len))
			return -1;
		if (len > sizeof(frame) - total)
			len = sizeof(frame) - total;
		bytes_copy(frame + total, rx_base + id * rx_stride, len);
		total += len;
	}
	return total;
}

/* Wait for the victim's "ack:<tag>" (other frames are skipped). */
static bool mrg_wait_ack(const char *tag, u32 ms, u32 *nb, u32 *first, s64 *len)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 1000 * ms;

	while (g_arch_time() < end) {
		const u8 *t = frame + NET_HDR + 14;

		*len = mrg_take(ms, nb, first);
		if (*len >= NET_HDR + 14 + 5 && t[0] == 'a' && t[1] == 'c' && t[2] == 'k' &&
		    t[3] == ':' && str_eq(t + 4, tag))
			return true;
	}
	return false;
}

static bool live(void)
{
	return !(rd(rxq.dev, R_STATUS) & S_NEEDS_RESET);
}

/* A 76-byte frame (header + 64) over chains of 16 bytes: 5 of them. */
static void mrg_spread(void)
{
	u32 nb = 0, first = 0;
	s64 len = 0;
	bool ok;

	trying("net-mrg-spread");
	ok = net_up_f(MRG_FEATURES, false);
	mrg_post(0, QN, 16);
	net_send(bcast, mac, "mrg16", 64);
	ok = ok && mrg_wait_ack("mrg16", 3000, &nb, &first, &len) && nb == 5 &&
	     len == NET_HDR + 64 && live();
	g_printf("VNET mrg16: num_buffers %u, %d bytes\n", (u64)nb, (long)len);
	verdict("net-mrg-spread", ok,
		ok ? "one frame over 5 chains of 16 bytes, num_buffers 5, intact"
		   : "not spread as the header says");
}

/* Chains under the 12-byte header: the frame is dropped, the chain comes
 * back empty, the device runs on. */
static void mrg_under_header(void)
{
	u32 nb = 0, first = 0;
	s64 len;
	bool ok;

	trying("net-mrg-chain-under-header");
	ok = net_up_f(MRG_FEATURES, false);
	mrg_post(0, QN, 8);
	net_send(bcast, mac, "mrg8", 64);
	len = mrg_take(3000, &nb, &first);
	ok = ok && len == 0 && live();
	/* Proper chains again (the 8-byte ones are still posted: reset
	 * first): the next frame arrives, over 2 chains of 64 bytes. */
	ok = ok && net_up_f(MRG_FEATURES, false);
	mrg_post(0, QN, 64);
	net_send(bcast, mac, "after-mrg8", 64);
	ok = ok && mrg_wait_ack("after-mrg8", 3000, &nb, &first, &len) && nb == 2 && live();
	verdict("net-mrg-chain-under-header", ok,
		ok ? "chain of 8 bytes given back empty, frame dropped, device live"
		   : "taken, stuck or failed");
}

/* Fewer bytes posted than a frame needs: nothing is taken (the chains
 * popped go back to the ring), the broadcast is lost; with more chains
 * the next frame starts in the first of them again. */
static void mrg_too_few(void)
{
	u32 nb = 0, first = 9;
	s64 len;
	bool ok;

	trying("net-mrg-too-few-buffers");
	ok = net_up_f(MRG_FEATURES, false);
	mrg_post(0, 2, 16);
	net_send(bcast, mac, "mrg-few", 64);
	pause_ms(500);
	ok = ok && q_used(&rxq) == 0 && live();
	mrg_post(2, QN, 16);
	net_send(bcast, mac, "mrg-more", 64);
	ok = ok && mrg_wait_ack("mrg-more", 3000, &nb, &first, &len) && nb == 5 && first == 0;
	g_printf("VNET mrg-more: num_buffers %u, first chain %u\n", (u64)nb, (u64)first);
	verdict("net-mrg-too-few-buffers", ok,
		ok ? "no chain taken for a frame that did not fit, the next one fits from chain 0"
		   : "chains lost or frame cut");
}

/* used_event (avail->ring[num]) far away: no interrupt; at the next used
 * entry: the interrupt. Any value is only a request. */
static void used_event_anywhere(void)
{
	volatile u16 *rx_ue = &rxq.m->avail[2 + QN], *tx_ue = &txq.m->avail[2 + QN];
	u32 nb, first;
	s64 len;
	bool ok, quiet, rang;

	trying("net-used-event-anywhere");
	ok = net_up_f(MRG_FEATURES, false);
	rx_base = rxbuf[0];
	rx_stride = RXBUF;
	*rx_ue = 0x8000;
	*tx_ue = 0x8000;
	fence();
	for (u16 i = 0; i < QN; i++) {
		q_desc(&rxq, i, gpa(rxbuf[i]), RXBUF, D_WRITE, 0);
		q_offer(&rxq, i);
	}
	wr(rxq.dev, R_INT_ACK, INT_USED);
	net_send(bcast, mac, "ue-far", 64);
	quiet = mrg_wait_ack("ue-far", 3000, &nb, &first, &len) &&
		!(rd(rxq.dev, R_INT_STATUS) & INT_USED);
	*rx_ue = q_used(&rxq); /* the next entry the device uses */
	fence();
	wr(rxq.dev, R_INT_ACK, INT_USED);
	net_send(bcast, mac, "ue-next", 64);
	rang = mrg_wait_ack("ue-next", 3000, &nb, &first, &len) &&
	       (rd(rxq.dev, R_INT_STATUS) & INT_USED);
	ok = ok && quiet && rang && live();
	g_printf("VNET used_event: quiet %u, interrupt at the event %u\n", (u64)quiet, (u64)rang);
	verdict("net-used-event-anywhere", ok,
		ok ? "no interrupt before used_event, one at it, device live"
		   : "interrupt not as used_event asks");
}

/* avail_event (used->ring[num]) is the device's: what the driver writes
 * there is overwritten with the device's own request, never read. */
static void avail_event_scribbled(void)
{
	u32 nb, first;
	s64 len;
	bool ok;

	trying("net-avail-event-scribbled");
	txq.m->used.event = 0xdead;
	rxq.m->used.event = 0xbeef;
	fence();
	net_send(bcast, mac, "ae", 64);
	ok = txq.m->used.event == txq.next_avail;
	ok = ok && mrg_wait_ack("ae", 3000, &nb, &first, &len) && live();
	g_printf("VNET avail_event %u, next avail %u\n", (u64)txq.m->used.event,
		 (u64)txq.next_avail);
	verdict("net-avail-event-scribbled", ok,
		ok ? "the device wrote its avail_event back, runs on"
		   : "avail_event not the device's");
}

void attacks_net_mrg(void)
{
	mrg_spread();
	mrg_under_header();
	mrg_too_few();
	used_event_anywhere();
	avail_event_scribbled();
}
