/* SPDX-License-Identifier: MIT */
/*
 * The management service: a root zone lists, stops, loads, starts and
 * restarts the zones it manages over its control port (docs/management.md).
 * The transport (the root's virtio-console control port) hands it the
 * bytes the root writes and sends its answers back; nothing here knows
 * the transport, so host tests and the fuzzer drive it directly.
 */
#ifndef ZV_MGMT_H
#define ZV_MGMT_H

#include <zv/mgmt_abi.h>
#include <zv/types.h>

struct zone;

/* ---- Framing (mgmt_proto.c): a byte stream cut into frames ---- */

struct mgmt_frame {
	u8 op, seq;
	u32 len;
	const u8 *payload;
};

/* Called once per complete frame (error 0), or once per framing error
 * (error MGMT_EPROTO: bytes that are not a frame, dropped up to the next
 * "ZV"; MGMT_ETOOBIG: a header announcing more than MGMT_MAX_PAYLOAD,
 * dropped with what follows up to the next "ZV"; frame->op and seq are
 * then the offending header's, or 0). */
typedef void (*mgmt_frame_fn)(void *ctx, const struct mgmt_frame *f, u32 error);

struct mgmt_parser {
	u32 have;    /* bytes of the current frame collected */
	u32 len;     /* its payload length, once the header is in */
	bool resync; /* dropping bytes after a framing error */
	u8 hdr[MGMT_HDR_SIZE];
	u8 payload[MGMT_MAX_PAYLOAD];
};

void mgmt_parser_reset(struct mgmt_parser *p);
void mgmt_parser_feed(struct mgmt_parser *p, const u8 *data, u32 len, mgmt_frame_fn fn, void *ctx);

/* Little-endian field access on byte buffers of any alignment. */
u32 mgmt_get32(const u8 *p);
u64 mgmt_get64(const u8 *p);
void mgmt_put32(u8 *p, u32 v);
void mgmt_put64(u8 *p, u64 v);

/* ---- The service (mgmt.c) ---- */

/* How answers leave: the transport's write to the root's control port. */
typedef void (*mgmt_tx_fn)(void *ctx, const u8 *data, u32 len);

/* At boot: the root zone (NULL: none, the service refuses everything) and
 * the transport's sender. */
void mgmt_init(struct zone *root, mgmt_tx_fn tx, void *tx_ctx);
/* At boot, once the zones are set up: name the root zone of the table, if
 * any, to the service (no sender yet) and say what it manages. */
void mgmt_boot(void);
/* The transport, once the root's control port exists: where answers go. */
void mgmt_set_tx(mgmt_tx_fn tx, void *tx_ctx);
/* Bytes the root wrote to its control port (from one of its vCPUs). */
void mgmt_rx(const u8 *data, u32 len);
/* The control port was opened or closed: drop a partial frame and a load
 * under way. */
void mgmt_reset(void);

/* The console port name of managed zone z, "zv-console-<name>", for the
 * transport to create and for MGMT_OP_CONSOLE to answer. */
void mgmt_console_port_name(const struct zone *z, char *buf, u32 size);

/* ---- The hypercall pipe (mgmt_hc.c): HC_MGMT_WRITE / HC_MGMT_READ ---- */

struct vcpu;
/* Answers queue in a pipe the root reads with HC_MGMT_READ; the sender
 * mgmt_boot() names until a port's transport replaces it. */
void mgmt_hc_tx(void *ctx, const u8 *data, u32 len);
s64 mgmt_hc_write(struct vcpu *v, u64 gpa, u64 len);
s64 mgmt_hc_read(struct vcpu *v, u64 gpa, u64 size, u64 *value);
#define MGMT_HC_PIPE 8192 /* answer bytes the pipe holds */

#endif
