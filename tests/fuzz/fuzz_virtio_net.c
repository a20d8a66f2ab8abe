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
 * is brought up afresh.
 * Checks against an oracle from docs/virtio.md: a frame shorter than 14
 * or longer than 1518 bytes is dropped (bad_len), one with another source
 * MAC too (spoofed); broadcast and multicast reach every other member of
 * the sender's network, unicast only the member with that MAC, unknown
 * unicast no one (unknown); a receiver takes its oldest posted buffer,
 * gets the header (num_buffers 1) and the frame byte for byte and the
 * used length, or an empty buffer back when it is too small; no zone off
 * the network ever gets a frame; the sender's buffer always comes back
 * and no device fails.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zv/virtio_net.h>

#include "virtio_driver.h"

#define NZ 3
#define RXQ 0
#define TXQ 1
#define RX_SLOTS 8
#define RX_BUF(k) (VF_DATA + (k) * 2048u)
#define TX_BUF (VF_DATA + RX_SLOTS * 2048u)
#define MAX_TX 4096u

static struct vf_zone vz[NZ];
static struct virtio_net nic[NZ];
static const char *const nets[NZ] = {"lan0", "lan0", "wan0"};

/* Receive buffers posted and not yet used, oldest first. */
static struct {
	u32 slot[RX_SLOTS], len[RX_SLOTS];
	u32 head, tail;
} rx[NZ];

static u8 frame[MAX_TX];

static void up_all(void)
{
	for (u32 i = 0; i < NZ; i++) {
		vf_up(&vz[i], BIT(5), 2);
		rx[i].head = rx[i].tail = 0;
	}
}

static void post_rx(struct fuzz_input *in, u32 z)
{
	/* Buffers are used oldest first: slot head % RX_SLOTS is free. */
	u32 k = rx[z].head % RX_SLOTS, len = 1 + (u32)fuzz_take(in, 2) % 2048;
	u32 seg0 = fuzz_take(in, 1) & 1 ? len : 1 + (u32)fuzz_take(in, 2) % len;
	u16 d = (u16)(2 * k);

	if (rx[z].head - rx[z].tail >= RX_SLOTS)
		return;
	memset(vz[z].ram + RX_BUF(k), 0xcc, 2048);
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
	vf_offer(&vz[z], RXQ, d);
	vf_notify(&vz[z], RXQ);
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

/* Who must get a frame of len bytes from zone s (oracle). */
static u32 receivers(u32 s, u64 len)
{
	const u8 *dst = frame, *src = frame + 6;
	u32 to = 0;

	if (len < 14 || len > 1518 || memcmp(src, nic[s].mac, 6))
		return 0;
	for (u32 r = 0; r < NZ; r++)
		if (r != s && !strcmp(nets[r], nets[s]) &&
		    ((dst[0] & 1) || !memcmp(dst, nic[r].mac, 6)))
			to |= 1u << r;
	return to;
}

/* Receiver r got the frame (or not) as the oracle says. */
static void check_rx(u32 r, bool want, u16 used_before, u32 len)
{
	u32 id, ulen, k, blen;
	const u8 *buf;

	if (!want || rx[r].head == rx[r].tail) {
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
	for (u32 i = 0; i < VIRTIO_NET_HDR_LEN; i++)
		CHECK(buf[i] == (i == 10));
	CHECK(!memcmp(buf + VIRTIO_NET_HDR_LEN, frame, len));
}

static void transmit(struct fuzz_input *in, u32 s)
{
	u8 l = (u8)fuzz_take(in, 1), fill = (u8)fuzz_take(in, 1);
	u32 len = l & 0x80 ? (u32)fuzz_take(in, 2) % MAX_TX : 14 + (u32)fuzz_take(in, 2) % 1505;
	u32 cut1 = (u32)fuzz_take(in, 2) % (VIRTIO_NET_HDR_LEN + len + 1), cut2, to;
	u16 used[NZ], tx_used = vf_used_idx(&vz[s], TXQ);
	u8 *tx = vz[s].ram + TX_BUF;
	struct virtio_net_stats st = nic[s].st;
	u64 total = VIRTIO_NET_HDR_LEN + len;

	cut2 = cut1 + (u32)fuzz_take(in, 2) % (u32)(total - cut1 + 1);
	for (u32 i = 0; i < len; i++)
		frame[i] = (u8)(fill + i * 13);
	if (len >= 12) {
		pick_mac(in, frame, s);
		pick_mac(in, frame + 6, s);
		if (!(l & 0x40))
			memcpy(frame + 6, nic[s].mac, 6); /* mostly its own */
	}
	memset(tx, (u8)fuzz_take(in, 1), VIRTIO_NET_HDR_LEN);
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
	for (u32 r = 0; r < NZ; r++)
		used[r] = vf_used_idx(&vz[r], RXQ);
	vf_offer(&vz[s], TXQ, 0);
	vf_notify(&vz[s], TXQ);
	for (u32 r = 0; r < NZ; r++) {
		CHECK(!vf_failed(&vz[r]));
		if (r != s)
			check_rx(r, to >> r & 1, used[r], len);
	}
	CHECK(vf_used_idx(&vz[s], TXQ) == (u16)(tx_used + 1));
	CHECK(nic[s].st.tx == st.tx + 1);
	if (len < 14 || len > 1518)
		CHECK(nic[s].st.bad_len == st.bad_len + 1);
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
	up_all();
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
			transmit(&in, z);
			break;
		case 6:
			vf_hostile(&vz[z], &in, 2);
			up_all();
			break;
		default:
			virtio_dev_reset(&vz[z].dev);
			up_all();
		}
	}
	return 0;
}
