/* SPDX-License-Identifier: MIT */
/*
 * Two Linux zones on one channel (src/core/chan_port.c, included here to
 * see its state): both members are ports, so ringing the peer marks its
 * port and kicks its zone's vCPU 0 (VCPU_REQ_CHAN), served later. The
 * input interleaves both guests' writes and receive buffers, opens and
 * closes, and when each kick is served. Checked: each stream arrives
 * whole and in order; and no wake-up is lost: once every posted kick has
 * been served, no byte waits in a ring while its reader has buffers free.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/chan_port.c"
#include "fuzz_input.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define HALF (CP_HDR + VCON_TX_MAX + 64)

const struct zv_config *zv_config;
static struct zv_config cfg;
static struct virtio_console con[2];
static const struct vcon_port_ops *ops[2];
static void *ctx[2];
static struct zone zs[2];
static struct vcpu vc[2];
static bool kick[2];		 /* VCPU_REQ_CHAN posted to zone k */
static u32 budget[2];		 /* receive buffer bytes zone k has given */
static u32 rx_seq[2], tx_seq[2]; /* bytes zone k got / wrote */

void printk(const char *fmt, ...)
{
}

bool chan_raise(u32 ch, u32 t)
{
	abort(); /* both members are ports: no doorbell interrupt is raised */
}

void vcpu_kick(struct vcpu *v, u32 requests)
{
	CHECK(requests == VCPU_REQ_CHAN && (v == &vc[0] || v == &vc[1]));
	kick[v - vc] = true;
}

static u32 con_index(const struct virtio_console *c)
{
	CHECK(c == &con[0] || c == &con[1]);
	return (u32)(c - con);
}

int virtio_console_add_port(struct virtio_console *c, const char *name,
			    const struct vcon_port_ops *o, void *x)
{
	u32 k = con_index(c);

	ops[k] = o;
	ctx[k] = x;
	return 1;
}

static u8 pattern(u32 k, u32 n)
{
	return (u8)(n * 7u + 1 + k * 0x55u);
}

u32 virtio_console_send_locked(struct virtio_console *c, u32 port, const u8 *buf, u32 len)
{
	u32 k = con_index(c), n = len < budget[k] ? len : budget[k];

	CHECK(port == 1);
	for (u32 i = 0; i < n; i++, rx_seq[k]++)
		CHECK(buf[i] == pattern(1 - k, rx_seq[k]));
	budget[k] -= n;
	return n;
}

void virtio_console_poll(struct virtio_console *c, u32 port)
{
	u32 k = con_index(c);

	ops[k]->room(ctx[k]);
}

static void guest_write(u32 k, u32 len)
{
	static u8 buf[VCON_TX_MAX];

	if (ops[k]->space(ctx[k]) < VCON_TX_MAX)
		return; /* the chain waits in the guest's queue */
	for (u32 i = 0; i < len; i++)
		buf[i] = pattern(k, tx_seq[k] + i);
	tx_seq[k] += len;
	ops[k]->write(ctx[k], buf, len);
}

static void serve(u32 k)
{
	if (kick[k]) {
		kick[k] = false;
		chan_port_kicked(&zs[k]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	u8 *region = calloc(1, 2 * (size_t)HALF);

	memset(&cfg, 0, sizeof(cfg));
	memset(chan_ports, 0, sizeof(chan_ports));
	memset(kick, 0, sizeof(kick));
	memset(budget, 0, sizeof(budget));
	memset(rx_seq, 0, sizeof(rx_seq));
	memset(tx_seq, 0, sizeof(tx_seq));
	cfg.nr_channels = 1;
	strcpy(cfg.channels[0].name, "pair");
	cfg.channels[0].nr_members = 2;
	cfg.channels[0].hpa = (uintptr_t)region;
	cfg.channels[0].size = 2 * (u64)HALF;
	zv_config = &cfg;
	for (u32 k = 0; k < 2; k++) {
		zs[k] = (struct zone){.index = k, .nr_vcpus = 1};
		vc[k] = (struct vcpu){.zone = &zs[k]};
		zs[k].vcpus[0] = &vc[k];
		cfg.channels[0].members[k].zone = k;
		cfg.channels[0].members[k].rights = ZV_CHAN_RW;
	}
	for (u32 k = 0; k < 2; k++) {
		CHECK(chan_port_attach(&zs[k], &con[k]) == 0 && chan_port_owns(0, k));
		ops[k]->open(ctx[k], true);
	}
	while (in.left) {
		u32 op = (u32)fuzz_take(&in, 1), k = op & 1, arg = (u32)fuzz_take(&in, 2);

		switch (op / 2 % 4) {
		case 0:
			guest_write(k, arg % (VCON_TX_MAX + 1));
			break;
		case 1: /* new receive buffers: the driver notifies */
			budget[k] += arg % 9000;
			ops[k]->room(ctx[k]);
			break;
		case 2:
			serve(k);
			break;
		default: /* closed, bytes wait in the ring; reopened, they flow */
			ops[k]->open(ctx[k], false);
			ops[k]->open(ctx[k], true);
			break;
		}
		for (u32 j = 0; j < 2; j++) {
			struct chan_port *p = &chan_ports[0][j];

			CHECK(!p->broken && p->head < p->cap && p->tail < p->cap);
			CHECK(rx_seq[j] <= tx_seq[1 - j]);
		}
	}
	/* Serve what is posted (each service may post more, boundedly). */
	for (u32 round = 0; round < 64 && (kick[0] || kick[1]); round++) {
		serve(0);
		serve(1);
	}
	CHECK(!kick[0] && !kick[1]);
	for (u32 k = 0; k < 2; k++)
		CHECK(rx_seq[k] == tx_seq[1 - k] || budget[k] == 0);
	free(region);
	return 0;
}
