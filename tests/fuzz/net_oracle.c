/* SPDX-License-Identifier: MIT */
/*
 * The virtio-net fuzzer's oracle for a frame's header, written from
 * docs/virtio.md and RFC 1071 rather than from virtio_net_frame.c: the
 * largest frame a sender may send, whether its header is valid for what it
 * negotiated, whether a receiver takes a TSO frame, and the checksum.
 */
#include <stdbool.h>

#include <zv/virtio_net.h>

#include "net_oracle.h"

#define HAS(bit) ((feat >> (bit)) & 1)

u32 net_oracle_le16(const u8 *p)
{
	return p[0] | (u32)p[1] << 8;
}

/* The TSO kind of the header: 4 or 6, 0 for none, -1 for another. */
int net_oracle_tso_kind(const u8 *hdr)
{
	u32 base = hdr[1] & 0x7f;

	return base == 0 ? 0 : base == 1 ? 4 : base == 4 ? 6 : -1;
}

/* Largest frame a sender with features feat may send with this header. */
u64 net_oracle_max_len(u64 feat, const u8 *hdr)
{
	int k = net_oracle_tso_kind(hdr);

	if ((k == 4 && HAS(VIRTIO_NET_F_HOST_TSO4)) || (k == 6 && HAS(VIRTIO_NET_F_HOST_TSO6)))
		return NET_ORACLE_MAX_GSO;
	return 1518;
}

/* Is the header valid for what the sender negotiated (feat)? */
bool net_oracle_hdr_valid(u64 feat, const u8 *hdr, u64 len)
{
	u32 flags = hdr[0], type = hdr[1];
	int k = net_oracle_tso_kind(hdr);

	if (flags > 1)
		return false;
	if (flags && (!HAS(VIRTIO_NET_F_CSUM) ||
		      net_oracle_le16(hdr + 6) + net_oracle_le16(hdr + 8) + 2 > len))
		return false;
	if (!type)
		return true;
	if (k <= 0 || !flags || (type & 0x80 && !HAS(VIRTIO_NET_F_HOST_ECN)))
		return false;
	if (!HAS(k == 4 ? VIRTIO_NET_F_HOST_TSO4 : VIRTIO_NET_F_HOST_TSO6))
		return false;
	return net_oracle_le16(hdr + 4) && net_oracle_le16(hdr + 4) <= len &&
	       net_oracle_le16(hdr + 2) <= len;
}

/* May a receiver with features feat take this TSO frame ? */
bool net_oracle_rx_offload(u64 feat, const u8 *hdr)
{
	int k = net_oracle_tso_kind(hdr);

	if (!hdr[1])
		return true;
	return HAS(k == 4 ? VIRTIO_NET_F_GUEST_TSO4 : VIRTIO_NET_F_GUEST_TSO6) &&
	       HAS(VIRTIO_NET_F_GUEST_CSUM) && (!(hdr[1] & 0x80) || HAS(VIRTIO_NET_F_GUEST_ECN));
}

/* The one's-complement sum of f[start, len), folded (RFC 1071). */
u32 net_oracle_sum16(const u8 *f, u32 start, u32 len)
{
	u32 sum = 0;

	for (u32 i = start; i < len; i++)
		sum += (i - start) & 1 ? f[i] : (u32)f[i] << 8;
	while (sum > 0xffff)
		sum = (sum >> 16) + (sum & 0xffff);
	return sum;
}
