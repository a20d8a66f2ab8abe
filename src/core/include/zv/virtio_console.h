/* SPDX-License-Identifier: MIT */
/*
 * virtio-console with VIRTIO_CONSOLE_F_MULTIPORT (src/core/virtio/
 * virtio_console.c). Port 0 is the zone's console through the console mux
 * (Linux's hvc0); further ports are named (/dev/vportNpM, the name in
 * /sys/class/virtio-ports/vportNpM/name) and served by whoever adds them
 * with virtio_console_add_port(): a runtime-management port, inter-zone
 * channels, ...
 */
#ifndef ZV_VIRTIO_CONSOLE_H
#define ZV_VIRTIO_CONSOLE_H

#include <zv/types.h>
#include <zv/virtio.h>

struct zone;

/* Port 0 and up to VCON_MAX_PORTS - 1 named ports (two queues each, and the
 * two control queues, within VIRTIO_MAX_QUEUES). */
#define VCON_MAX_PORTS ((VIRTIO_MAX_QUEUES - 2) / 2)
#define VCON_NAME_LEN 32
/* Control messages waiting for a buffer in the driver's control queue. */
#define VCON_CTRL_PENDING 32
/* Bytes taken of one transmit chain (the rest is dropped). */
#define VCON_TX_MAX 4096u

/*
 * A named port's service. All are called with the device's lock held, so
 * they must not call back into the port (virtio_console_send is for other
 * contexts) nor take locks that are held around virtio_console_send.
 *   write   the guest wrote len bytes to the port
 *   open    the guest opened (true) or closed the port
 *   room    the guest gave the port new receive buffers: send may take more
 *   space   (optional) bytes write can take now; a transmit chain is taken
 *           only while it is at least VCON_TX_MAX, so the guest's writes
 *           wait in its queue (virtio_console_poll retries them)
 *   done    optional: a batch of the guest's writes is over (their buffers
 *           returned), so the service may answer with
 *           virtio_console_send_locked (never from write: the device's
 *           scratch chain is in use there)
 */
struct vcon_port_ops {
	void (*write)(void *ctx, const u8 *buf, u32 len);
	void (*open)(void *ctx, bool open);
	void (*room)(void *ctx);
	u32 (*space)(void *ctx);
	void (*done)(void *ctx);
};

struct vcon_port {
	char name[VCON_NAME_LEN]; /* "" for port 0 (the console) */
	const struct vcon_port_ops *ops;
	void *ctx;
	bool added;	 /* DEVICE_ADD sent */
	bool guest_open; /* the guest has the port open */
};

struct vcon_ctrl {
	u32 id;
	u16 event;
	u16 value;
};

struct virtio_console {
	struct virtio_dev *dev;
	u32 nr_ports;
	bool driver_ready; /* the driver sent DEVICE_READY */
	bool reading;	   /* port 0: the guest has given receive buffers */
	struct vcon_port port[VCON_MAX_PORTS];
	struct vcon_ctrl pending[VCON_CTRL_PENDING];
	u32 pend_head, pend_tail;
	u64 tx_bytes, rx_bytes; /* port 0, since attach */
};

int virtio_console_attach(struct zone *z, struct virtio_dev *d, struct virtio_console *c, u64 gpa,
			  u32 irq);
/* Add named port 'name' to c with its service; returns the port number
 * (>= 1) or -ZV_ENOMEM (table full) / -ZV_EINVAL. Usually at boot, before
 * the guest's driver is ready; added later, the driver is told at once. */
int virtio_console_add_port(struct virtio_console *c, const char *name,
			    const struct vcon_port_ops *ops, void *ctx);
/* Give the guest up to len bytes on port 'port'; returns how many it took
 * (0 when it has no receive buffer: wait for ops->room). Takes the lock. */
u32 virtio_console_send(struct virtio_console *c, u32 port, const u8 *buf, u32 len);
/* Run port 'port' (>= 1) as if the guest had notified both its queues:
 * ops->room, then the transmit queue as far as ops->space allows. */
void virtio_console_poll(struct virtio_console *c, u32 port);
/* The same without waiting: 0 when the lock is busy (or the guest has
 * not opened the port), for paths that hold locks a port's ops may take. */
u32 virtio_console_try_send(struct virtio_console *c, u32 port, const u8 *buf, u32 len);
/* The same from a port's room or done op, which run with the lock held. */
u32 virtio_console_send_locked(struct virtio_console *c, u32 port, const u8 *buf, u32 len);

#endif
