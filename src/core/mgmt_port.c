/* SPDX-License-Identifier: MIT */
/*
 * The management service's transport for a Linux root: the root zone's
 * virtio-console gets a named port MGMT_CONTROL_PORT_NAME ("zv-control",
 * /dev/vportNpM in the guest). What the root writes there goes to the
 * service (mgmt_rx); the service's answers queue, whole, in a ring here and
 * go out into the port's receive buffers once the guest's writes are taken
 * (the port's done op), or when the guest gives more (its room op). Only
 * the root zone gets the port: no other zone's device has it, so no other
 * zone can reach the service this way.
 *
 * Locks: a port's ops run with the device lock held; they take mgmt.lock
 * (mgmt_rx) and the ring's lock. The service's sender runs under
 * mgmt.lock and takes only the ring's lock. Nothing allocates; a notify
 * moves at most the ring (MGMT_PORT_RING bytes) into the guest.
 *
 * Each zone the root manages also gets a port "zv-console-<zone>" on the
 * root's device (zvctl console): a tap on that zone's console output
 * (console_set_tap) copies its bytes into a small ring, sent to the root
 * at each line end or when the ring is half full, while the root has the
 * port open; what the root writes there is that zone's console input.
 * The tap runs on the managed zone's exit path, possibly under its UART
 * model's lock, while a stop from the root holds the root's device lock
 * and waits for that zone's vCPUs: so the tap never waits on the device
 * lock (virtio_console_try_send), and input waits in a ring here when
 * the console's input lock is busy (console_try_input). What could not go
 * yet goes at the root's next write or new receive buffers.
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

/* ---- Managed zones' console ports ---- */

#define MGMT_CON_RING 2048u /* output bytes of a zone waiting for the root */
#define MGMT_CON_IN 256u    /* input bytes waiting for the zone */

struct mgmt_con {
	spinlock_t lock;
	struct zone *z;
	u32 port; /* 0: none */
	bool open;
	u8 ring[MGMT_CON_RING];
	u32 head, len;
	u8 in[MGMT_CON_IN];
	u32 in_len;
};
static struct mgmt_con cons[ZV_MAX_ZONES];

/* Send what waits; send is virtio_console_send_locked or _try_send. */
static void mgmt_con_flush(struct mgmt_con *k,
			   u32 (*send)(struct virtio_console *, u32, const u8 *, u32))
{
	while (k->len) {
		u32 seg = MGMT_CON_RING - k->head < k->len ? MGMT_CON_RING - k->head : k->len;
		u32 n = send(mp.con, k->port, k->ring + k->head, seg);

		k->head = (k->head + n) % MGMT_CON_RING;
		k->len -= n;
		if (n < seg)
			break;
	}
}

/* The managed zone printed c (console_putc, its exit path). */
static void mgmt_con_tap(struct zone *z, char c)
{
	struct mgmt_con *k = &cons[z->index];

	spin_lock(&k->lock);
	if (k->open && k->len < MGMT_CON_RING) {
		k->ring[(k->head + k->len++) % MGMT_CON_RING] = (u8)c;
		if (c == '\n' || k->len >= MGMT_CON_RING / 2)
			mgmt_con_flush(k, virtio_console_try_send);
	}
	spin_unlock(&k->lock);
}

static void mgmt_con_write(void *ctx, const u8 *buf, u32 len)
{
	struct mgmt_con *k = ctx;

	spin_lock(&k->lock);
	for (u32 i = 0; i < len && k->in_len < MGMT_CON_IN; i++)
		k->in[k->in_len++] = buf[i]; /* beyond: dropped, like a full UART */
	spin_unlock(&k->lock);
}

/* Device lock held: input to the zone, output to the root. */
static void mgmt_con_room(void *ctx)
{
	struct mgmt_con *k = ctx;

	/* Input goes in without k->lock: the zone's UART model takes its own
	 * lock, which the zone's vCPU holds around console_putc() and so
	 * around mgmt_con_tap(), which takes k->lock (an ABBA deadlock that
	 * froze both zones). k->in is also the device lock's, held here and
	 * around mgmt_con_write(). */
	if (k->in_len && console_try_input(k->z, k->in, k->in_len))
		k->in_len = 0;
	spin_lock(&k->lock);
	mgmt_con_flush(k, virtio_console_send_locked);
	spin_unlock(&k->lock);
}

static void mgmt_con_open(void *ctx, bool open)
{
	struct mgmt_con *k = ctx;

	spin_lock(&k->lock);
	k->open = open;
	k->head = k->len = k->in_len = 0;
	spin_unlock(&k->lock);
}

static const struct vcon_port_ops mgmt_con_ops = {
    .write = mgmt_con_write,
    .open = mgmt_con_open,
    .room = mgmt_con_room,
    .done = mgmt_con_room,
};

static void mgmt_con_boot(struct virtio_console *c)
{
	const struct zone *root = mgmt.root;
	char name[VCON_NAME_LEN];
	bool all = true;

	for (u32 i = 0; i < nr_zones; i++) {
		struct mgmt_con *k = &cons[i];
		int port;

		if (!(root->cfg->manages & (1u << i)) || &zones[i] == root)
			continue;
		mgmt_console_port_name(&zones[i], name, sizeof(name));
		k->z = &zones[i];
		port = virtio_console_add_port(c, name, &mgmt_con_ops, k);
		if (port < 0) {
			printk("mgmt: no console port for zone %s (%d)\n", zone_name(k->z), port);
			all = false;
			continue;
		}
		k->port = (u32)port;
		console_set_tap(k->z, mgmt_con_tap);
	}
	mgmt.console_ready = all;
}

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
	mgmt_con_boot(c);
	printk("mgmt: control port %s on %s's virtio-console (port %d)\n", MGMT_CONTROL_PORT_NAME,
	       zone_name(mgmt.root), port);
}
