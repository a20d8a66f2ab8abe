/* SPDX-License-Identifier: MIT */
/*
 * The channel port bridge (src/core/chan_port.c, included here to see its
 * state) against a peer that follows the zvchan protocol or writes any
 * value into either ring header, and a guest that writes, gives receive
 * buffers, opens and closes the port. The region is allocated to its exact
 * size, so ASan catches any access outside it; the bridge's own indices
 * must stay below the capacity; while the peer has not lied, both byte
 * streams must arrive whole and in order; a lie may stop the port.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/chan_port.c"
#include "fuzz_input.h"

#define CHECK(x) ((x) ? (void)0 : abort())

const struct zv_config *zv_config;
static struct zv_config cfg;
static struct virtio_console con;
static const struct vcon_port_ops *ops;
static void *ops_ctx;
static u32 rx_budget;	   /* bytes the guest's receive buffers take now */
static u32 rx_seq, tx_seq; /* next byte expected by the guest / the peer */
static u32 peer_sent;	   /* bytes the peer produced */
static bool lied;	   /* the peer wrote a header field out of protocol */

void printk(const char *fmt, ...)
{
}

/* Only the bridged member has a port here: the peer is rung, never kicked. */
void vcpu_kick(struct vcpu *v, u32 requests)
{
	abort();
}

bool chan_raise(u32 ch, u32 t)
{
	CHECK(ch == 0 && t == 1);
	return false;
}

int virtio_console_add_port(struct virtio_console *c, const char *name,
			    const struct vcon_port_ops *o, void *ctx)
{
	ops = o;
	ops_ctx = ctx;
	return 1;
}

u32 virtio_console_send_locked(struct virtio_console *c, u32 port, const u8 *buf, u32 len)
{
	u32 n = len < rx_budget ? len : rx_budget;

	CHECK(c == &con && port == 1);
	for (u32 i = 0; i < n; i++, rx_seq++) {
		u8 b = buf[i]; /* read every byte: ASan sees one outside the region */

		CHECK(lied || b == (u8)(rx_seq * 7u + 1));
	}
	rx_budget -= n;
	return n;
}

/* The guest's transmit queue: one write of len bytes if a chain fits. */
static void guest_write(u32 len)
{
	static u8 buf[VCON_TX_MAX];

	if (!ops->space || ops->space(ops_ctx) < VCON_TX_MAX)
		return;
	for (u32 i = 0; i < len; i++)
		buf[i] = (u8)(tx_seq + i);
	tx_seq += len;
	ops->write(ops_ctx, buf, len);
}

void virtio_console_poll(struct virtio_console *c, u32 port)
{
	ops->room(ops_ctx);
}

static u32 rd(u8 *p)
{
	return *(u32 *)p;
}
static void wr(u8 *p, u32 v)
{
	*(u32 *)p = v;
}

/* The peer as zvchan side 1 would act, from its own copies of indices. */
static u32 peer_head, peer_tail, peer_rx_seq;

static void peer_send(struct chan_port *p, u32 len)
{
	u8 *r = p->rx;
	u32 tail = rd(r + CP_OFF_TAIL);

	if (tail >= p->cap)
		return;
	for (u32 i = 0; i < len && (peer_head + 1) % p->cap != tail; i++, peer_sent++) {
		r[CP_HDR + peer_head] = (u8)(peer_sent * 7u + 1);
		peer_head = (peer_head + 1) % p->cap;
	}
	wr(r + CP_OFF_HEAD, peer_head);
}

static void peer_recv(struct chan_port *p, u32 len)
{
	u8 *t = p->tx;
	u32 head = rd(t + CP_OFF_HEAD);

	if (head >= p->cap) { /* the bridge only publishes indices in range */
		CHECK(lied);
		return;
	}
	for (u32 i = 0; i < len && peer_tail != head; i++, peer_rx_seq++) {
		CHECK(lied || p->broken || t[CP_HDR + peer_tail] == (u8)peer_rx_seq);
		peer_tail = (peer_tail + 1) % p->cap;
	}
	wr(t + CP_OFF_TAIL, peer_tail);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	u32 half = CP_HDR + VCON_TX_MAX + 8 + (u32)fuzz_take(&in, 2) % 4096 * 8;
	u8 *region = calloc(1, 2 * (size_t)half);
	struct chan_port *p = &chan_ports[0][0];
	struct zone z = {.index = 0};

	memset(&cfg, 0, sizeof(cfg));
	memset(chan_ports, 0, sizeof(chan_ports));
	cfg.nr_channels = 1;
	strcpy(cfg.channels[0].name, "fz");
	cfg.channels[0].nr_members = 2;
	cfg.channels[0].hpa = (uintptr_t)region;
	cfg.channels[0].size = 2 * (u64)half;
	cfg.channels[0].members[0].zone = 0;
	cfg.channels[0].members[0].rights = ZV_CHAN_RW;
	cfg.channels[0].members[1].zone = 1;
	cfg.channels[0].members[1].rights = ZV_CHAN_RW;
	zv_config = &cfg;
	rx_budget = rx_seq = tx_seq = peer_sent = peer_head = peer_tail = peer_rx_seq = 0;
	lied = false;
	CHECK(chan_port_attach(&z, &con) == 0 && chan_port_owns(0, 0) && !chan_port_owns(0, 1));
	ops->open(ops_ctx, true);
	while (in.left) {
		u32 op = (u32)fuzz_take(&in, 1) % 8, arg = (u32)fuzz_take(&in, 2);

		switch (op) {
		case 0: /* the peer lies in a header field */
			wr((arg & 1 ? p->rx : p->tx) + (arg >> 1) % 3 * 64, (u32)fuzz_take(&in, 4));
			lied = true;
			break;
		case 1:
			peer_send(p, arg % 9000);
			break;
		case 2:
			peer_recv(p, arg % 9000);
			break;
		case 3:
			guest_write(arg % (VCON_TX_MAX + 1));
			break;
		case 4: /* the peer rings the Linux member */
			chan_port_doorbell(0, 0);
			break;
		case 5: /* new receive buffers */
			rx_budget += arg % 9000;
			ops->room(ops_ctx);
			break;
		case 6: /* close and reopen: the bridge takes up the rings again */
			ops->open(ops_ctx, false);
			ops->open(ops_ctx, true);
			if (!lied) {
				/* a valid header is kept, so the streams go on */
				CHECK(p->head == rd(p->tx + CP_OFF_HEAD));
			}
			break;
		default: {
			u32 before = rx_seq;

			ops->open(ops_ctx, false);
			chan_port_doorbell(0, 0); /* closed: nothing moves to the guest */
			CHECK(rx_seq == before);
			ops->open(ops_ctx, true);
			break;
		}
		}
		CHECK(p->head < p->cap && p->tail < p->cap);
		CHECK(lied || !p->broken);
		CHECK(lied || rx_seq <= peer_sent);
	}
	free(region);
	return 0;
}
