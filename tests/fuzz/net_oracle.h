/* SPDX-License-Identifier: MIT */
/* The virtio-net fuzzer's oracle (net_oracle.c). hdr is a 12-byte
 * virtio-net header, feat a zone's negotiated features. */
#ifndef ZV_FUZZ_NET_ORACLE_H
#define ZV_FUZZ_NET_ORACLE_H

#include <stdbool.h>

#include <zv/types.h>

#define NET_ORACLE_MAX_GSO (65536u + 18u) /* the documented TSO frame limit */

u32 net_oracle_le16(const u8 *p);
/* The TSO kind of the header: 4 or 6, 0 for none, -1 for another. */
int net_oracle_tso_kind(const u8 *hdr);
u64 net_oracle_max_len(u64 feat, const u8 *hdr);
bool net_oracle_hdr_valid(u64 feat, const u8 *hdr, u64 len);
bool net_oracle_rx_offload(u64 feat, const u8 *hdr);
/* The one's-complement sum of f[start, len), folded (RFC 1071). */
u32 net_oracle_sum16(const u8 *f, u32 start, u32 len);

#endif
