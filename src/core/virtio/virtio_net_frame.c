/* SPDX-License-Identifier: MIT */
/*
 * virtio-net frames as the switch (virtio_net.c) sees them: the sender's
 * virtio-net header checked against what it negotiated, a partial
 * checksum completed for a receiver without GUEST_CSUM, the header each
 * receiver gets, and the rate-limited drop reports naming the zone.
 */
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/virtio.h>
#include <zv/virtio_net.h>
#include <zv/zone.h>

bool virtio_net_mac_eq(const u8 *a, const u8 *b)
{
	u8 diff = 0;

	for (u32 i = 0; i < 6; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

/* Little-endian u16 of the virtio-net header (5.1.6). */
static u32 hdr_u16(const u8 *hdr, u32 off)
{
	return hdr[off] | (u32)hdr[off + 1] << 8;
}

/* The HOST_TSO* feature a gso_type (without its ECN bit) needs, or -1. */
static int gso_host_feature(u32 type)
{
	if (type == VIRTIO_NET_HDR_GSO_TCPV4)
		return VIRTIO_NET_F_HOST_TSO4;
	if (type == VIRTIO_NET_HDR_GSO_TCPV6)
		return VIRTIO_NET_F_HOST_TSO6;
	return -1;
}

u64 virtio_net_max_frame(u64 features, const u8 *hdr)
{
	int f = gso_host_feature(hdr[NET_HDR_GSO_TYPE] & ~VIRTIO_NET_HDR_GSO_ECN);

	return f >= 0 && (features >> f & 1) ? VIRTIO_NET_MAX_GSO_FRAME : VIRTIO_NET_MAX_FRAME;
}

/* Is the sender's header valid and within what it negotiated? Every
 * offset is checked against the frame's length len. */
static bool net_hdr_ok(u64 features, const u8 *hdr, u64 len)
{
	u32 flags = hdr[NET_HDR_FLAGS], type = hdr[NET_HDR_GSO_TYPE];
	u32 start = hdr_u16(hdr, NET_HDR_CSUM_START), off = hdr_u16(hdr, NET_HDR_CSUM_OFFSET);
	int f = gso_host_feature(type & ~VIRTIO_NET_HDR_GSO_ECN);

	if (flags & ~VIRTIO_NET_HDR_F_NEEDS_CSUM)
		return false; /* DATA_VALID and RSC_INFO are the device's */
	if (flags && (!(features >> VIRTIO_NET_F_CSUM & 1) || (u64)start + off + 2 > len))
		return false;
	if (type == VIRTIO_NET_HDR_GSO_NONE)
		return true;
	if (f < 0 || !(features >> f & 1) || !flags)
		return false; /* UDP, unknown, not negotiated, or no checksum */
	if ((type & VIRTIO_NET_HDR_GSO_ECN) && !(features >> VIRTIO_NET_F_HOST_ECN & 1))
		return false;
	return hdr_u16(hdr, NET_HDR_GSO_SIZE) && hdr_u16(hdr, NET_HDR_GSO_SIZE) <= len &&
	       hdr_u16(hdr, NET_HDR_HDR_LEN) <= len;
}

enum virtio_net_verdict virtio_net_check_tx(u64 features, const u8 *mac, const u8 *hdr, u64 len)
{
	if (len < VIRTIO_NET_MIN_FRAME || len > virtio_net_max_frame(features, hdr))
		return NET_BAD_LEN;
	if (!net_hdr_ok(features, hdr, len))
		return NET_BAD_HDR;
	if (!virtio_net_mac_eq(hdr + VIRTIO_NET_HDR_LEN + 6, mac))
		return NET_SPOOFED;
	return NET_DELIVER;
}

/* Complete a partial checksum (NEEDS_CSUM) in the frame itself, for a
 * receiver that did not negotiate GUEST_CSUM: the one's-complement sum
 * from csum_start to the end (the driver left the pseudo-header's sum in
 * the field, RFC 1071), stored at csum_start + csum_offset. Offsets were
 * checked against len by net_hdr_ok(). */
static void net_csum_complete(u8 *hdr, u64 len)
{
	u8 *f = hdr + VIRTIO_NET_HDR_LEN;
	u32 start = hdr_u16(hdr, NET_HDR_CSUM_START),
	    at = start + hdr_u16(hdr, NET_HDR_CSUM_OFFSET);
	u64 sum = 0;

	for (u64 i = start; i < len; i += 2)
		sum += (u32)f[i] << 8 | (i + 1 < len ? f[i + 1] : 0);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	if (!sum)
		sum = 0xffff; /* 0 and 0xffff are the same sum; UDP reserves 0 */
	f[at] = (u8)(sum >> 8);
	f[at + 1] = (u8)sum;
	hdr[NET_HDR_FLAGS] = 0;
	memset(hdr + NET_HDR_CSUM_START, 0, 4); /* csum_start, csum_offset */
}

/* Can receiver d take a frame with this header as it is? A partial
 * checksum it did not negotiate is completed first (for every receiver:
 * a complete checksum suits all). */
bool virtio_net_rx_offload_ok(const struct virtio_dev *d, u8 *hdr, u64 len)
{
	u32 type = hdr[NET_HDR_GSO_TYPE], base = type & ~VIRTIO_NET_HDR_GSO_ECN;

	if (type != VIRTIO_NET_HDR_GSO_NONE) {
		u32 f = base == VIRTIO_NET_HDR_GSO_TCPV4 ? VIRTIO_NET_F_GUEST_TSO4
							 : VIRTIO_NET_F_GUEST_TSO6;

		return virtio_has(d, f) && virtio_has(d, VIRTIO_NET_F_GUEST_CSUM) &&
		       (!(type & VIRTIO_NET_HDR_GSO_ECN) || virtio_has(d, VIRTIO_NET_F_GUEST_ECN));
	}
	if ((hdr[NET_HDR_FLAGS] & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	    !virtio_has(d, VIRTIO_NET_F_GUEST_CSUM))
		net_csum_complete(hdr, len);
	return true;
}

void virtio_net_report_spoof(struct virtio_net *s)
{
	const u8 *m = s->frame + VIRTIO_NET_HDR_LEN + 6;

	if (zone_msg_ok(s->dev->zone))
		printk("zone %s: virtio-net: dropped frame from %02x:%02x:%02x:%02x:%02x:%02x, "
		       "not its MAC (%llu spoofed)\n",
		       zone_name(s->dev->zone), m[0], m[1], m[2], m[3], m[4], m[5],
		       (unsigned long long)s->st.spoofed);
}

void virtio_net_report_len(struct virtio_net *s, u64 len, u64 max)
{
	if (zone_msg_ok(s->dev->zone))
		printk("zone %s: virtio-net: dropped frame of %llu bytes, not %u-%llu (%llu bad "
		       "length)\n",
		       zone_name(s->dev->zone), (unsigned long long)len, VIRTIO_NET_MIN_FRAME,
		       (unsigned long long)max, (unsigned long long)s->st.bad_len);
}

void virtio_net_report_hdr(struct virtio_net *s)
{
	const u8 *h = s->frame;

	if (zone_msg_ok(s->dev->zone))
		printk("zone %s: virtio-net: dropped frame with header flags %u gso %u, not valid "
		       "or not negotiated (%llu bad header)\n",
		       zone_name(s->dev->zone), h[NET_HDR_FLAGS], h[NET_HDR_GSO_TYPE],
		       (unsigned long long)s->st.bad_hdr);
}

/* The header the receivers see: the sender's offload fields, checked,
 * and one buffer; a frame without TSO carries no GSO fields. */
void virtio_net_rx_header(u8 *hdr)
{
	if (hdr[NET_HDR_GSO_TYPE] == VIRTIO_NET_HDR_GSO_NONE)
		memset(hdr + NET_HDR_HDR_LEN, 0, 4); /* hdr_len, gso_size */
	if (!hdr[NET_HDR_FLAGS])
		memset(hdr + NET_HDR_CSUM_START, 0, 4); /* csum_start, csum_offset */
	hdr[NET_HDR_NUM_BUFFERS] = 1;			/* little-endian u16 */
	hdr[NET_HDR_NUM_BUFFERS + 1] = 0;
}
