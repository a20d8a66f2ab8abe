/* SPDX-License-Identifier: MIT */
/*
 * The management service's transport for a Linux root: the root zone's
 * virtio-console gets a named port MGMT_CONTROL_PORT_NAME ("zv-control",
 * /dev/vportNpM in the guest). What the root writes there goes to the
 * service (mgmt_rx); the service's answers queue, whole, in a ring here and
 * go out into the port's receive buffers once the guest's writes are taken
 * (the port's done op), or when the guest gives more (its room op). Only the root zone gets the port: no other
 * zone's device has it, so no other zone can reach the service this way.
 *
 * Locks: a port's ops run with the device lock held; they take mgmt.lock
 * (mgmt_rx) and the ring's lock. The service's sender runs under
 * mgmt.lock and takes only the ring's lock. Nothing allocates; a notify
 * moves at most the ring (MGMT_PORT_RING bytes) into the guest.
 */
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/mgmt.h>
#include <zv/mgmt_port.h>
#include <zv/spinlock.h>
#include <zv/virtio_console.h>
#include <zv/virtio_zone.h>
#include <zv/zone.h>

#include "mgmt_int.h"

#define MGMT_PORT_RING 8192u /* answer bytes waiting for the guest */

static struct {
	spinlock_t lock;
	struct virtio_console *con;
	u32 port;
	u8 ring[MGMT_PORT_RING];
	u32 head, len; /* oldest byte, bytes queued */
	u32 dropped;   /* answers that did not fit */
} mp;

/* The service's sender: whole answers only; one that does not fit (the
 * root stopped reading) is dropped and counted. */
static void mgmt_port_tx(void *ctx, const u8 *data, u32 len)
{
	spin_lock(&mp.lock);
	if (len > MGMT_PORT_RING - mp.len) {
		mp.dropped++;
	} else {
		for (u32 i = 0; i < len; i++)
			mp.ring[(mp.head + mp.len + i) % MGMT_PORT_RING] = data[i];
		mp.len += len;
	}
	spin_unlock(&mp.lock);
}

/* Move queued answers into the port's receive buffers (device lock held). */
static void mgmt_port_flush(void)
{
	spin_lock(&mp.lock);
	while (mp.len) {
		u32 seg = MGMT_PORT_RING - mp.head < mp.len ? MGMT_PORT_RING - mp.head : mp.len;
		u32 n = virtio_console_send_locked(mp.con, mp.port, mp.ring + mp.head, seg);

		mp.head = (mp.head + n) % MGMT_PORT_RING;
		mp.len -= n;
		if (n < seg)
			break; /* no more receive buffers: wait for room */
	}
	spin_unlock(&mp.lock);
}

static void mgmt_port_write(void *ctx, const u8 *buf, u32 len)
{
	mgmt_rx(buf, len);
}

/* A new opener starts clean: no partial frame, no stale answers. */
static void mgmt_port_open(void *ctx, bool open)
{
	mgmt_reset();
	spin_lock(&mp.lock);
	mp.head = mp.len = 0;
	spin_unlock(&mp.lock);
}

/* Room for answers, or the guest's writes are in: send what waits. */
static void mgmt_port_room(void *ctx)
{
	mgmt_port_flush();
}

static const struct vcon_port_ops mgmt_port_ops = {
    .write = mgmt_port_write,
    .open = mgmt_port_open,
    .room = mgmt_port_room,
    .done = mgmt_port_room,
};

void mgmt_port_boot(void)
{
	struct virtio_console *c;
	int port;

	if (!mgmt.root || !(c = virtio_zone_console(mgmt.root)))
		return; /* no root, or a root without virtio-console: the pipe */
	port = virtio_console_add_port(c, MGMT_CONTROL_PORT_NAME, &mgmt_port_ops, NULL);
	if (port < 0) {
		printk("mgmt: no control port for %s (%d)\n", zone_name(mgmt.root), port);
		return;
	}
	mp.con = c;
	mp.port = (u32)port;
	mgmt_set_tx(mgmt_port_tx, NULL);
	printk("mgmt: control port %s on %s's virtio-console (port %d)\n", MGMT_CONTROL_PORT_NAME,
	       zone_name(mgmt.root), port);
}
