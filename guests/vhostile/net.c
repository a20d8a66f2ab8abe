/* SPDX-License-Identifier: MIT */
/* The hostile virtio driver's virtio-net attacks and its victim (vdrv.h). */
#include "vdrv.h"

/* ---- virtio-net: the attacker and its victim ---- */

/* Bring the NIC up with 'features'; post a 4 KiB buffer per RX entry
 * unless the caller posts its own (!post). */
bool net_up_f(u64 features, bool post)
{
	u64 dev = slot(SLOT_NET);

	if (!(dev_begin(dev, features) & S_FEATURES_OK) || !q_init(&rxq, dev, 0, &rings[1]) ||
	    !q_init(&txq, dev, 1, &rings[2]))
		return false;
	for (u32 i = 0; i < 6; i++)
		mac[i] = rd8(dev + R_CONFIG + i);
	wr(dev, R_STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
	for (u16 i = 0; post && i < QN; i++) {
		q_desc(&rxq, i, gpa(rxbuf[i]), RXBUF, D_WRITE, 0);
		q_offer(&rxq, i);
	}
	return true;
}

static bool net_up(void)
{
	return net_up_f(F_VERSION_1 | F_NET_MAC, true);
}

/* A TSO header for the next net_send (gso_type TCPV4, NEEDS_CSUM), an
 * offload this driver never negotiates. */
static bool next_tso;

/* Send one frame: 'len' bytes after the 12-byte header, to dst, from
 * src, payload the NUL-terminated tag (the rest zero). Returns whether
 * the device gave the buffer back. */
bool net_send(const u8 *dst, const u8 *src, const char *tag, u32 len)
{
	volatile u8 *f = txbuf + NET_HDR;
	u16 used = q_used(&txq);
	u32 n = 0;

	bytes_set(txbuf, 0, NET_HDR + 64);
	if (next_tso) {
		txbuf[0] = 1;		/* flags: NEEDS_CSUM */
		txbuf[1] = 1;		/* gso_type: TCPV4 */
		txbuf[4] = 1448 & 0xff; /* gso_size */
		txbuf[5] = 1448 >> 8;
		txbuf[6] = 34; /* csum_start */
		txbuf[8] = 16; /* csum_offset */
		next_tso = false;
	}
	bytes_copy(f, dst, 6);
	bytes_copy(f + 6, src, 6);
	f[12] = 0x88; /* EtherType 0x88b5: local experimental */
	f[13] = 0xb5;
	while (tag[n] && n < 40) {
		f[14 + n] = (u8)tag[n];
		n++;
	}
	q_desc(&txq, 0, gpa(txbuf), NET_HDR + len, 0, 0);
	q_offer(&txq, 0);
	return q_used(&txq) == (u16)(used + 1);
}

/* Received frames: call fn(tag, src) for each, give the buffer back. */
static void net_poll(void (*fn)(const volatile u8 *tag, const volatile u8 *src, u32 len))
{
	while (rxq.used_seen != q_used(&rxq)) {
		volatile struct used_elem *e = &rxq.m->used.ring[rxq.used_seen % QN];
		u32 id = e->id % QN, len = e->len;
		const volatile u8 *f = rxbuf[id] + NET_HDR;

		rxq.used_seen++;
		if (len >= NET_HDR + 14 + 1)
			fn(f + 14, f + 6, len - NET_HDR);
		else /* shorter than a header and a tag: reported as "short" */
			fn((const volatile u8 *)"short", f + 6, len - NET_HDR);
		q_offer(&rxq, (u16)id);
	}
}

static char acked[48];
static const char *dropped_tag; /* a frame the switch must drop */
static bool dropped_seen;	/* ... was acked anyway */

static void hostile_rx(const volatile u8 *tag, const volatile u8 *src, u32 len)
{
	u32 n = 0;

	if (!(tag[0] == 'a' && tag[1] == 'c' && tag[2] == 'k' && tag[3] == ':'))
		return;
	bytes_copy(peer, src, 6);
	have_peer = true;
	while (tag[4 + n] && n < sizeof(acked) - 1) {
		acked[n] = (char)tag[4 + n];
		n++;
	}
	acked[n] = 0;
	if (dropped_tag && str_eq((const u8 *)acked, dropped_tag))
		dropped_seen = true;
	g_printf("VNET acked %s\n", acked);
}

static const u8 bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Send a well-formed broadcast with tag, wait up to ms for its ack. */
static bool net_marker(const char *tag, u32 ms)
{
	u64 end = g_arch_time() + GUEST_TIMER_HZ / 1000 * ms;

	acked[0] = 0;
	net_send(bcast, mac, tag, 64);
	while (g_arch_time() < end) {
		net_poll(hostile_rx);
		if (str_eq((const u8 *)acked, tag))
			return true;
	}
	return false;
}

/* A frame the switch must drop, then a marker: only the marker may come
 * back acked, the device stays live and the frame was given back. */
static void net_dropped(const char *name, const u8 *src, const char *tag, u32 len,
			const char *marker)
{
	bool sent, ok;

	trying(name);
	dropped_tag = tag;
	dropped_seen = false;
	sent = net_send(bcast, src, tag, len);
	ok = sent && net_marker(marker, 3000) && !dropped_seen &&
	     !(rd(txq.dev, R_STATUS) & S_NEEDS_RESET);
	verdict(name, ok, ok ? "dropped, only the marker after it arrived" : "delivered or stuck");
}

void attacks_net(void)
{
	bool ok = false;

	trying("net-peer");
	if (!net_up()) {
		verdict("net-peer", false, "bring-up failed");
		return;
	}
	for (u32 i = 0; i < 50 && !ok; i++)
		ok = net_marker("hello", 200);
	verdict("net-peer", ok, ok ? "the victim answers" : "no answer");
	if (!ok)
		return;
	net_dropped("net-frame-over-1518", mac, "big1600", 1600, "after-big1600");
	net_dropped("net-frame-runt", mac, "short", 8, "after-runt");
	net_dropped("net-spoofed-mac", peer, "spoof", 64, "after-spoof");
	next_tso = true;
	net_dropped("net-tso-not-negotiated", mac, "tso", 64, "after-tso");
	/* A 64 KiB frame: the whole of it from one buffer in RAM. */
	trying("net-frame-64k");
	{
		u16 used = q_used(&txq);

		q_desc(&txq, 0, ram_base() + 0x400000, NET_HDR + 65536, 0, 0);
		q_offer(&txq, 0);
		ok = q_used(&txq) == (u16)(used + 1) && net_marker("after-64k", 3000) &&
		     !(rd(txq.dev, R_STATUS) & S_NEEDS_RESET);
		verdict("net-frame-64k", ok, ok ? "dropped, device live" : "delivered or stuck");
	}
	/* Rule breakers: TX chains the device cannot take. */
	trying("net-tx-writable");
	q_desc(&txq, 0, gpa(txbuf), NET_HDR + 64, D_WRITE, 0);
	q_offer(&txq, 0);
	ok = needs_reset(txq.dev);
	verdict("net-tx-writable", ok, ok ? "NEEDS_RESET" : "not refused");
	trying("net-tx-no-header");
	ok = net_up();
	q_desc(&txq, 0, gpa(txbuf), 8, 0, 0);
	q_offer(&txq, 0);
	ok = ok && needs_reset(txq.dev);
	verdict("net-tx-no-header", ok, ok ? "NEEDS_RESET" : "not refused");
	/* After a reset the NIC works again. */
	trying("net-after-reset");
	ok = net_up() && net_marker("after-reset", 3000);
	verdict("net-after-reset", ok, ok ? "the victim answers again" : "no answer");
	if (ok)
		attacks_net_mrg();
}

/* Every frame is answered by a broadcast "ack:<tag>" (so the attacker
 * sees the answer whatever source MAC it put in the frame). */
static void victim_rx(const volatile u8 *tag, const volatile u8 *src, u32 len)
{
	char ack[48];
	u32 n = 0;

	ack[0] = 'a';
	ack[1] = 'c';
	ack[2] = 'k';
	ack[3] = ':';
	while (tag[n] && n < 40) {
		ack[4 + n] = (char)tag[n];
		n++;
	}
	ack[4 + n] = 0;
	g_printf("VNET got %s len %u\n", ack + 4, (u64)len);
	net_send(bcast, mac, ack, 64);
}

void victim_main(void)
{
	if (!net_up()) {
		g_printf("VNET victim: no NIC\n");
		return;
	}
	g_printf("VNET victim ready\n");
	for (;;) {
		net_poll(victim_rx);
		/* A device the attacker's frames made fail would be a breach. */
		if (rd(rxq.dev, R_STATUS) & S_NEEDS_RESET) {
			g_printf("VNET victim: device failed\n");
			return;
		}
	}
}
