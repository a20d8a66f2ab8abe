/* SPDX-License-Identifier: MIT */
/*
 * virtio-net's transmit path and switch (src/core/virtio/virtio_net.c)
 * under hostile drivers, through the real transport and walker: zones a
 * and b on network "lan0", zone c alone on "wan0", each with RAM an
 * exactly sized heap buffer. Steps: a zone posts a receive buffer (one or
 * two segments, any size), a zone transmits a frame (any length, split
 * over one to three buffers, destination a member, itself, broadcast,
 * multicast or anything, source its own MAC, another's or anything), or a
 * hostile step (virtio_driver.h) or device reset, after which every NIC
 * is brought up afresh with offload features the input picks. A frame's
 * virtio-net header is random bytes or built from valid-looking fields
 * (partial checksum, TSO4/TSO6, ECN, UDP, offsets in or past the frame).
 * Checks against an oracle from docs/virtio.md: a frame shorter than 14
 * or longer than 1518 bytes (65554 for a TSO frame whose HOST_TSO* the
 * sender negotiated) is dropped (bad_len), one whose header is not valid
 * or asks for an offload not negotiated too (bad_hdr), one with another
 * source MAC too (spoofed); broadcast and multicast reach every other
 * member of the sender's network, unicast only the member with that MAC,
 * unknown unicast no one (unknown); a TSO frame skips a receiver without
 * the matching GUEST_* features (no_offload); a receiver takes its oldest
 * posted buffer, gets the header (the sender's offload fields, num_buffers
 * 1) and the frame byte for byte and the used length, or an empty buffer
 * back when it is too small; one with MRG_RXBUF (picked per zone, as is
 * EVENT_IDX) gets it over its oldest buffers, num_buffers their count,
 * each used length what it holds, or all of them back empty when one is
 * under the 12-byte header, or none taken when they are too few (a
 * unicast frame then waits as for an empty queue); a partial checksum
 * for a receiver without GUEST_CSUM arrives completed (RFC 1071 from csum_start, in the field);
 * no zone off the network ever gets a frame; no device fails; the
 * sender's buffer comes back at once, except for a unicast frame to a
 * receiver without a posted buffer (and with the offloads it needs): that
 * one waits (held), the sender's buffer stays with the device, and the
 * receiver's next posted buffer gets the frame and gives the sender its
 * buffer back (the stubbed clock never lets a hold expire).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zv/virtio_net.h>

#define VF_RAM_SIZE 0x30000u /* room for a 64 KiB TSO frame */
#include "net_oracle.h"
#include "virtio_driver.h"

#define NZ 3
#define RXQ 0
#define TXQ 1
#define RX_SLOTS 8
#define RX_SLOT 8192u
#define RX_BUF(k) (VF_DATA + (k)*RX_SLOT)
#define TX_BUF (VF_DATA + RX_SLOTS * RX_SLOT)
#define MAX_TX (VIRTIO_NET_MAX_GSO_FRAME + 64u)

/* Offload features the input may negotiate, one per bit of a byte. */
static const u8 offloads[8] = {
    VIRTIO_NET_F_CSUM,	     VIRTIO_NET_F_GUEST_CSUM, VIRTIO_NET_F_GUEST_TSO4,
    VIRTIO_NET_F_GUEST_TSO6, VIRTIO_NET_F_GUEST_ECN,  VIRTIO_NET_F_HOST_TSO4,
    VIRTIO_NET_F_HOST_TSO6,  VIRTIO_NET_F_HOST_ECN,
};
static u64 feat[NZ];

static struct vf_zone vz[NZ];
static struct virtio_net nic[NZ];
static const char *const nets[NZ] = {"lan0", "lan0", "wan0"};

/* Receive buffers posted and not yet used, oldest first. */
static struct {
	u32 slot[RX_SLOTS], len[RX_SLOTS];
	u32 head, tail;
} rx[NZ];

static u8 frame[MAX_TX];
static u8 hdr[VIRTIO_NET_HDR_LEN];

/* A unicast frame waiting for its receiver's buffer, per sender. */
static struct {
	bool on;
	u32 to, len;
	u8 hdr[VIRTIO_NET_HDR_LEN], frame[MAX_TX];
} held[NZ];

static void up_all(struct fuzz_input *in)
{
	for (u32 i = 0; i < NZ; i++) {
		u8 pick = (u8)fuzz_take(in, 1), more = (u8)fuzz_take(in, 1);

		feat[i] = BIT(VIRTIO_NET_F_MAC);
		for (u32 b = 0; b < 8; b++)
			if (pick >> b & 1)
				feat[i] |= BIT(offloads[b]);
		if (more & 1)
			feat[i] |= BIT(VIRTIO_NET_F_MRG_RXBUF);
		if (more & 2)
			feat[i] |= BIT(VIRTIO_F_EVENT_IDX);
		vf_up(&vz[i], feat[i], 2);
		rx[i].head = rx[i].tail = 0;
		held[i].on = false; /* the reset took the chain back */
	}
}

static bool has(u32 z, u32 bit)
{
	return feat[z] >> bit & 1;
}

static void check_rx(u32 r, bool want, u16 used_before, u32 len);

/* What receiver r's posted buffers do with a frame of len bytes under
 * MRG_RXBUF (oracle, docs/virtio.md): it takes *k of them, oldest first,
 * and is placed (MRG_FIT), or dropped with the *k back empty because the
 * last is under the header (MRG_BAD), or none is taken (MRG_SHORT; the
 * queue of VF_QN entries never fills with RX_SLOTS buffers, and their
 * at most 2 * RX_SLOTS descriptors never pass VF_QN). */
enum mrg { MRG_FIT, MRG_BAD, MRG_SHORT };

static enum mrg mrg_plan(u32 r, u32 len, u32 *k)
{
	u32 need = VIRTIO_NET_HDR_LEN + len, got = 0;

	for (*k = 0; rx[r].tail + *k != rx[r].head;) {
		u32 blen = rx[r].len[(rx[r].tail + *k) % RX_SLOTS];

		(*k)++;
		if (blen < VIRTIO_NET_HDR_LEN)
			return MRG_BAD;
		got += blen;
		if (got >= need)
			return MRG_FIT;
	}
	return MRG_SHORT;
}

/* Does a unicast frame of len bytes wait for receiver r's buffers? */
static bool rx_waits(u32 r, u32 len)
{
	u32 k;

	if (has(r, VIRTIO_NET_F_MRG_RXBUF))
		return mrg_plan(r, len, &k) == MRG_SHORT;
	return rx[r].head == rx[r].tail;
}

/* The first sender holding a frame for z (oracle), or NZ. */
static u32 holder(u32 z)
{
	for (u32 s = 0; s < NZ; s++)
		if (held[s].on && held[s].to == z)
			return s;
	return NZ;
}

static void post_rx(struct fuzz_input *in, u32 z)
{
	/* Buffers are used oldest first: slot head % RX_SLOTS is free. */
	u32 k = rx[z].head % RX_SLOTS, len = 1 + (u32)fuzz_take(in, 2) % RX_SLOT;
	u32 seg0 = fuzz_take(in, 1) & 1 ? len : 1 + (u32)fuzz_take(in, 2) % len;
	u16 d = (u16)(2 * k);

	if (rx[z].head - rx[z].tail >= RX_SLOTS)
		return;
	memset(vz[z].ram + RX_BUF(k), 0xcc, RX_SLOT);
	if (seg0 < len) {
		vf_set_desc(&vz[z], RXQ, d, vf_gpa(RX_BUF(k)), seg0,
			    VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, d + 1);
		vf_set_desc(&vz[z], RXQ, d + 1, vf_gpa(RX_BUF(k) + seg0), len - seg0,
			    VIRTQ_DESC_F_WRITE, 0);
	} else {
		vf_set_desc(&vz[z], RXQ, d, vf_gpa(RX_BUF(k)), len, VIRTQ_DESC_F_WRITE, 0);
	}
	rx[z].slot[rx[z].head % RX_SLOTS] = k;
	rx[z].len[rx[z].head % RX_SLOTS] = len;
	rx[z].head++;
	{
		u16 rx_used = vf_used_idx(&vz[z], RXQ), tx_used[NZ];

		for (u32 s = 0; s < NZ; s++)
			tx_used[s] = vf_used_idx(&vz[s], TXQ);
		vf_offer(&vz[z], RXQ, d);
		vf_notify(&vz[z], RXQ);
		/* The notify wakes the senders holding a frame for z, in
		 * zone order: a frame that now fits takes the buffers, its
		 * TX chain comes back, its queue runs again; one that still
		 * does not (MRG_RXBUF) waits on. Without MRG_RXBUF the one
		 * buffer goes to the first. */
		for (u32 s = holder(z); s < NZ; s++) {
			if (!held[s].on || held[s].to != z)
				continue;
			memcpy(hdr, held[s].hdr, sizeof(hdr));
			memcpy(frame, held[s].frame, held[s].len);
			if (rx_waits(z, held[s].len)) {
				CHECK(vf_used_idx(&vz[s], TXQ) == tx_used[s]);
				continue;
			}
			check_rx(z, true, rx_used, held[s].len);
			rx_used = vf_used_idx(&vz[z], RXQ);
			CHECK(vf_used_idx(&vz[s], TXQ) == (u16)(tx_used[s] + 1));
			held[s].on = false;
		}
		CHECK(vf_used_idx(&vz[z], RXQ) == rx_used);
	}
}

static void pick_mac(struct fuzz_input *in, u8 *mac, u32 self)
{
	u8 c = (u8)fuzz_take(in, 1);

	switch (c % 6) {
	case 0:
	case 1:
		memcpy(mac, nic[c / 6 % NZ].mac, 6);
		break;
	case 2:
		memcpy(mac, nic[self].mac, 6);
		break;
	case 3:
		memset(mac, 0xff, 6);
		break;
	case 4:
		memcpy(mac, (u8[]){0x01, 0x00, 0x5e, 0x00, 0x00, c}, 6);
		break;
	default:
		for (u32 i = 0; i < 6; i++)
			mac[i] = (u8)fuzz_take(in, 1);
	}
}

/* Largest frame, header validity and receiver offloads for zone z's
 * negotiated features (the oracle, net_oracle.c). */
static u64 max_len(u32 s)
{
	return net_oracle_max_len(feat[s], hdr);
}

static bool hdr_valid(u32 s, u64 len)
{
	return net_oracle_hdr_valid(feat[s], hdr, len);
}

static bool rx_offload(u32 r)
{
	return net_oracle_rx_offload(feat[r], hdr);
}

/* Who must get a frame of len bytes from zone s (oracle). */
static u32 receivers(u32 s, u64 len)
{
	const u8 *dst = frame, *src = frame + 6;
	u32 to = 0;

	if (len < 14 || len > max_len(s) || !hdr_valid(s, len) || memcmp(src, nic[s].mac, 6))
		return 0;
	for (u32 r = 0; r < NZ; r++)
		if (r != s && !strcmp(nets[r], nets[s]) &&
		    ((dst[0] & 1) || !memcmp(dst, nic[r].mac, 6)))
			to |= 1u << r;
	return to;
}

/* The received header and frame are the sent ones, the partial checksum
 * completed when r did not negotiate GUEST_CSUM. */
static void check_frame(u32 r, const u8 *buf, u32 len, u32 nbufs)
{
	bool done = hdr[0] && !has(r, VIRTIO_NET_F_GUEST_CSUM);
	u32 at = net_oracle_le16(hdr + 6) + net_oracle_le16(hdr + 8), want;

	CHECK(buf[0] == (done ? 0 : hdr[0]) && buf[1] == hdr[1]);
	CHECK(net_oracle_le16(buf + 2) == (hdr[1] ? net_oracle_le16(hdr + 2) : 0));
	CHECK(net_oracle_le16(buf + 4) == (hdr[1] ? net_oracle_le16(hdr + 4) : 0));
	CHECK(net_oracle_le16(buf + 6) == (hdr[0] && !done ? net_oracle_le16(hdr + 6) : 0));
	CHECK(net_oracle_le16(buf + 8) == (hdr[0] && !done ? net_oracle_le16(hdr + 8) : 0));
	CHECK(net_oracle_le16(buf + 10) == nbufs);
	buf += VIRTIO_NET_HDR_LEN;
	if (!done) {
		CHECK(!memcmp(buf, frame, len));
		return;
	}
	CHECK(!memcmp(buf, frame, at) && !memcmp(buf + at + 2, frame + at + 2, len - at - 2));
	/* The field held the pseudo-header's sum; it now holds the complement
	 * of the sum from csum_start with that in it (0 sent as 0xffff). */
	want = ~net_oracle_sum16(frame, net_oracle_le16(hdr + 6), len) & 0xffff;
	want = want ? want : 0xffff;
	CHECK(buf[at] == (u8)(want >> 8) && buf[at + 1] == (u8)want);
}

/* Receiver r with MRG_RXBUF got the frame over its buffers (or not). */
static void check_rx_mrg(u32 r, u16 used_before, u32 len)
{
	static u8 got[VIRTIO_NET_HDR_LEN + MAX_TX];
	u32 k, off = 0, need = VIRTIO_NET_HDR_LEN + len;
	enum mrg plan = mrg_plan(r, len, &k);

	if (plan == MRG_SHORT) {
		CHECK(vf_used_idx(&vz[r], RXQ) == used_before);
		return;
	}
	CHECK(vf_used_idx(&vz[r], RXQ) == (u16)(used_before + k));
	for (u32 i = 0; i < k; i++) {
		u32 slot = rx[r].slot[(rx[r].tail + i) % RX_SLOTS];
		u32 blen = rx[r].len[(rx[r].tail + i) % RX_SLOTS], id, ulen;

		vf_used(&vz[r], RXQ, (u16)(used_before + i), &id, &ulen);
		CHECK(id == 2 * slot);
		if (plan == MRG_BAD) {
			CHECK(ulen == 0);
			continue;
		}
		CHECK(ulen == (blen < need - off ? blen : need - off));
		memcpy(got + off, vz[r].ram + RX_BUF(slot), ulen);
		off += ulen;
	}
	rx[r].tail += k;
	if (plan == MRG_FIT) {
		CHECK(off == need);
		check_frame(r, got, len, k);
	}
}

/* Receiver r got the frame (or not) as the oracle says. */
static void check_rx(u32 r, bool want, u16 used_before, u32 len)
{
	u32 id, ulen, k, blen;
	const u8 *buf;

	if (want && rx_offload(r) && has(r, VIRTIO_NET_F_MRG_RXBUF)) {
		check_rx_mrg(r, used_before, len);
		return;
	}
	if (!want || rx[r].head == rx[r].tail || !rx_offload(r)) {
		CHECK(vf_used_idx(&vz[r], RXQ) == used_before);
		return;
	}
	CHECK(vf_used_idx(&vz[r], RXQ) == (u16)(used_before + 1));
	k = rx[r].slot[rx[r].tail % RX_SLOTS];
	blen = rx[r].len[rx[r].tail % RX_SLOTS];
	rx[r].tail++;
	vf_used(&vz[r], RXQ, used_before, &id, &ulen);
	CHECK(id == 2 * k);
	buf = vz[r].ram + RX_BUF(k);
	if (blen < VIRTIO_NET_HDR_LEN + len) {
		CHECK(ulen == 0);
		return;
	}
	CHECK(ulen == VIRTIO_NET_HDR_LEN + len);
	check_frame(r, buf, len, 1);
}

/* A header of random bytes, or of fields near the rules' edges. */
static void make_hdr(struct fuzz_input *in, u32 len)
{
	static const u8 types[8] = {0, 0, 1, 4, 0x81, 0x84, 3, 0x80};
	u8 how = (u8)fuzz_take(in, 1);

	for (u32 i = 0; i < VIRTIO_NET_HDR_LEN; i++)
		hdr[i] = how & 1 ? (u8)fuzz_take(in, 1) : 0;
	if (how & 1)
		return;
	hdr[0] = how >> 1 & 1;
	hdr[1] = types[how >> 2 & 7];
	for (u32 f = 2; f < 10; f += 2) {
		u32 v = (u32)fuzz_take(in, 2) % (len + 8);

		hdr[f] = (u8)v;
		hdr[f + 1] = (u8)(v >> 8);
	}
	if (how & 0x20) /* mostly a checksum field at its place */
		hdr[8] = 16, hdr[9] = 0, hdr[6] = 34, hdr[7] = 0;
}

static void transmit(struct fuzz_input *in, u32 s)
{
	u8 l = (u8)fuzz_take(in, 1), fill = (u8)fuzz_take(in, 1);
	u32 len = l & 0x80   ? (u32)fuzz_take(in, 3) % MAX_TX
		  : l & 0x20 ? 14 + (u32)fuzz_take(in, 2) % 8000
			     : 14 + (u32)fuzz_take(in, 2) % 1505;
	u32 cut1 = (u32)fuzz_take(in, 3) % (VIRTIO_NET_HDR_LEN + len + 1), cut2, to;
	u16 used[NZ], tx_used = vf_used_idx(&vz[s], TXQ);
	u8 *tx = vz[s].ram + TX_BUF;
	struct virtio_net_stats st = nic[s].st, rst[NZ];
	u64 total = VIRTIO_NET_HDR_LEN + len;
	u32 wait = NZ;

	cut2 = cut1 + (u32)fuzz_take(in, 3) % (u32)(total - cut1 + 1);
	for (u32 i = 0; i < len; i++)
		frame[i] = (u8)(fill + i * 13);
	if (len >= 12) {
		pick_mac(in, frame, s);
		pick_mac(in, frame + 6, s);
		if (!(l & 0x40))
			memcpy(frame + 6, nic[s].mac, 6); /* mostly its own */
	}
	make_hdr(in, len);
	memcpy(tx, hdr, VIRTIO_NET_HDR_LEN);
	memcpy(tx + VIRTIO_NET_HDR_LEN, frame, len);
	/* One to three readable buffers: [0, cut1), [cut1, cut2), [cut2, total). */
	{
		u32 at[4] = {0, cut1, cut2, (u32)total};
		u16 d = 0;

		for (u32 i = 0; i < 3; i++) {
			if (at[i + 1] == at[i] && !(i == 2 && d == 0))
				continue;
			vf_set_desc(&vz[s], TXQ, d, vf_gpa(TX_BUF + at[i]), at[i + 1] - at[i],
				    VIRTQ_DESC_F_NEXT, d + 1);
			d++;
		}
		vf_desc(&vz[s], TXQ, d - 1)->flags = 0;
	}
	to = receivers(s, len);
	/* Unicast to a receiver that could take it but has no buffer waits. */
	for (u32 r = 0; r < NZ; r++)
		if (to == 1u << r && !(frame[0] & 1) && rx_offload(r) && rx_waits(r, len))
			wait = r;
	for (u32 r = 0; r < NZ; r++) {
		used[r] = vf_used_idx(&vz[r], RXQ);
		rst[r] = nic[r].st;
	}
	vf_offer(&vz[s], TXQ, 0);
	vf_notify(&vz[s], TXQ);
	for (u32 r = 0; r < NZ; r++) {
		CHECK(!vf_failed(&vz[r]));
		if (r != s)
			check_rx(r, to >> r & 1, used[r], len);
		if (r != s && to >> r & 1 && !rx_offload(r))
			CHECK(nic[r].st.no_offload == rst[r].no_offload + 1);
	}
	CHECK(nic[s].st.tx == st.tx + 1);
	if (wait < NZ) {
		CHECK(vf_used_idx(&vz[s], TXQ) == tx_used);
		CHECK(nic[s].st.held == st.held + 1);
		held[s].on = true;
		held[s].to = wait;
		held[s].len = len;
		memcpy(held[s].hdr, hdr, sizeof(hdr));
		memcpy(held[s].frame, frame, len);
		return;
	}
	CHECK(vf_used_idx(&vz[s], TXQ) == (u16)(tx_used + 1));
	if (len < 14 || len > max_len(s))
		CHECK(nic[s].st.bad_len == st.bad_len + 1);
	else if (!hdr_valid(s, len))
		CHECK(nic[s].st.bad_hdr == st.bad_hdr + 1);
	else if (memcmp(frame + 6, nic[s].mac, 6))
		CHECK(nic[s].st.spoofed == st.spoofed + 1);
	else if (!(frame[0] & 1) && !to)
		CHECK(nic[s].st.unknown == st.unknown + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	memset(&vf_table, 0, sizeof(vf_table));
	for (u32 i = 0; i < NZ; i++) {
		vf_zone_init(&vz[i], i, i == 2 ? "c" : i ? "b" : "a", nets[i]);
		memset(&rx[i], 0, sizeof(rx[i]));
	}
	for (u32 i = 0; i < NZ; i++)
		CHECK(virtio_net_attach(&vz[i].zone, &vz[i].dev, &nic[i], VF_DEV_GPA, 9) == 0);
	CHECK(!memcmp(nic[0].mac, (u8[]){2, 0x7a, 0x76, 0, 0, 0}, 6));
	CHECK(nic[1].mac[3] == 0 && nic[1].mac[5] == 1 && nic[2].mac[3] == 2);
	up_all(&in);
	while (in.left) {
		u8 op = (u8)fuzz_take(&in, 1);
		u32 z = (op >> 4) % NZ;

		switch (op % 8) {
		case 0:
		case 1:
		case 2:
			post_rx(&in, z);
			break;
		case 3:
		case 4:
		case 5:
			if (!held[z].on) /* else the driver waits for its buffer */
				transmit(&in, z);
			break;
		case 6:
			vf_hostile(&vz[z], &in, 2);
			up_all(&in);
			break;
		default:
			virtio_dev_reset(&vz[z].dev);
			up_all(&in);
		}
	}
	return 0;
}
