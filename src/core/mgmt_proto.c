/* SPDX-License-Identifier: MIT */
/*
 * The management protocol's framing: the root's control port is a byte
 * stream, cut here into frames of a fixed header and a bounded payload
 * (zv/mgmt_abi.h). Whatever arrives, the parser keeps at most one frame's
 * bytes and never reads or writes outside its own buffers; bytes that are
 * not a frame are reported once and dropped up to the next "ZV".
 */
#include <zv/lib.h>
#include <zv/mgmt.h>

u32 mgmt_get32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

u64 mgmt_get64(const u8 *p)
{
	return (u64)mgmt_get32(p) | (u64)mgmt_get32(p + 4) << 32;
}

void mgmt_put32(u8 *p, u32 v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (u8)(v >> (8 * i));
}

void mgmt_put64(u8 *p, u64 v)
{
	mgmt_put32(p, (u32)v);
	mgmt_put32(p + 4, (u32)(v >> 32));
}

void mgmt_parser_reset(struct mgmt_parser *p)
{
	p->have = 0;
	p->len = 0;
	p->resync = false;
}

/* A framing error: report it once per run of bad bytes. */
static void mgmt_bad(struct mgmt_parser *p, u32 error, const struct mgmt_frame *f, mgmt_frame_fn fn,
		     void *ctx)
{
	struct mgmt_frame none = {0};

	p->have = 0;
	if (!p->resync || error != MGMT_EPROTO)
		fn(ctx, f ? f : &none, error);
	p->resync = true;
}

/* One header byte; the magic is checked as it arrives, so a stray byte
 * costs one byte, and "ZZV" still finds its frame. */
static void mgmt_hdr_byte(struct mgmt_parser *p, u8 b, mgmt_frame_fn fn, void *ctx)
{
	struct mgmt_frame f;

	if (p->have == 0 && b != MGMT_MAGIC0) {
		mgmt_bad(p, MGMT_EPROTO, NULL, fn, ctx);
		return;
	}
	if (p->have == 1 && b != MGMT_MAGIC1) {
		mgmt_bad(p, MGMT_EPROTO, NULL, fn, ctx);
		if (b == MGMT_MAGIC0)
			p->hdr[p->have++] = b;
		return;
	}
	p->hdr[p->have++] = b;
	if (p->have < MGMT_HDR_SIZE)
		return;
	p->len = mgmt_get32(p->hdr + 4);
	if (p->len > MGMT_MAX_PAYLOAD) {
		f = (struct mgmt_frame){.op = p->hdr[2], .seq = p->hdr[3], .len = p->len};
		mgmt_bad(p, MGMT_ETOOBIG, &f, fn, ctx);
	} else {
		p->resync = false;
	}
}

static void mgmt_emit(struct mgmt_parser *p, mgmt_frame_fn fn, void *ctx)
{
	struct mgmt_frame f = {
	    .op = p->hdr[2], .seq = p->hdr[3], .len = p->len, .payload = p->payload};

	p->have = 0;
	fn(ctx, &f, 0);
}

void mgmt_parser_feed(struct mgmt_parser *p, const u8 *data, u32 len, mgmt_frame_fn fn, void *ctx)
{
	u32 i = 0, take, got;

	while (i < len) {
		if (p->have < MGMT_HDR_SIZE) {
			mgmt_hdr_byte(p, data[i++], fn, ctx);
			if (p->have == MGMT_HDR_SIZE && p->len == 0)
				mgmt_emit(p, fn, ctx);
			continue;
		}
		got = p->have - MGMT_HDR_SIZE;
		take = p->len - got < len - i ? p->len - got : len - i;
		memcpy(p->payload + got, data + i, take);
		p->have += take;
		i += take;
		if (p->have - MGMT_HDR_SIZE == p->len)
			mgmt_emit(p, fn, ctx);
	}
}
