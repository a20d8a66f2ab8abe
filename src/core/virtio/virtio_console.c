/* SPDX-License-Identifier: MIT */
/*
 * virtio-console, multiport (virtio 1.2, 5.3). Queues: port 0 receive and
 * transmit (0, 1), the control queues (2: to the driver, 3: from it), then
 * port n's receive and transmit at 2 + 2n, 3 + 2n.
 *
 * Port 0 is the zone's console: what the guest writes goes through the
 * console mux (tags, escapes filtered), and the mux's input for the zone
 * goes into port 0's receive buffers (it replaces the UART's as the zone's
 * console input). Named ports belong to whoever added them
 * (virtio_console_add_port).
 *
 * Handshake (5.3.6.2): the driver sends DEVICE_READY; the device answers
 * DEVICE_ADD per port; the driver sends PORT_READY per port; the device
 * answers CONSOLE_PORT for port 0 (the driver makes it an hvc console) or
 * PORT_NAME for a named port, then PORT_OPEN. Messages to the driver wait
 * in a small ring until it gives control buffers.
 *
 * Policy on bad requests (docs/virtio.md): a walker refusal fails the
 * device (NEEDS_RESET); a control message too short or naming no port is
 * ignored; a transmit chain is taken up to VCON_TX_MAX bytes, the rest
 * dropped, so one chain costs bounded work.
 */
#include <zv/console.h>
#include <zv/lib.h>
#include <zv/virtio.h>
#include <zv/virtio_console.h>
#include <zv/zone.h>

#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_CONSOLE_F_MULTIPORT 1

enum {
	VCON_DEVICE_READY = 0,
	VCON_DEVICE_ADD = 1,
	VCON_PORT_READY = 3,
	VCON_CONSOLE_PORT = 4,
	VCON_PORT_OPEN = 6,
	VCON_PORT_NAME = 7,
};

#define VCON_CTRL_RXQ 2
#define VCON_CTRL_TXQ 3
#define VCON_DEFER_ROOM 1u /* port 0 got receive buffers: tell the mux */

/* Config space (5.3.4): cols, rows, max_nr_ports, emerg_wr. */
struct vcon_config {
	u16 cols, rows;
	u32 max_nr_ports;
	u32 emerg_wr;
};

static u32 port_rxq(u32 n)
{
	return n ? 2 + 2 * n : 0;
}

static u32 port_txq(u32 n)
{
	return n ? 3 + 2 * n : 1;
}

static int vcon_config_read(struct virtio_dev *d, u32 off, u8 width, u64 *val)
{
	struct vcon_config cfg = {.max_nr_ports = VCON_MAX_PORTS};

	memcpy(val, (const u8 *)&cfg + off, width);
	return 0;
}

/* emerg_wr (offset 8): one character straight to port 0's output. */
static void vcon_config_write(struct virtio_dev *d, u32 off, u8 width, u64 val)
{
	if (off == 8)
		console_putc(d->zone, (char)val);
}

static void ctrl_queue(struct virtio_console *c, u32 id, u16 event, u16 value)
{
	if (c->pend_head - c->pend_tail >= VCON_CTRL_PENDING)
		return; /* only a driver that never takes them fills it */
	c->pending[c->pend_head++ % VCON_CTRL_PENDING] = (struct vcon_ctrl){id, event, value};
}

/* Move waiting control messages into the driver's control buffers. */
static void ctrl_flush(struct virtio_console *c)
{
	struct virtio_dev *d = c->dev;
	struct virtq *q = &d->vq[VCON_CTRL_RXQ];
	const char *why = NULL;
	bool used = false;
	int r = 0;

	while (c->pend_tail != c->pend_head && virtio_queue_live(d, VCON_CTRL_RXQ) &&
	       (r = virtq_pop(d->zone, q, &d->chain, &why)) == 1) {
		const struct vcon_ctrl *m = &c->pending[c->pend_tail++ % VCON_CTRL_PENDING];
		u64 n = virtq_copy_to(&d->chain, 0, m, sizeof(*m));

		if (m->event == VCON_PORT_NAME && m->id < c->nr_ports)
			n += virtq_copy_to(&d->chain, n, c->port[m->id].name,
					   strlen(c->port[m->id].name));
		virtq_push(q, d->chain.head, (u32)n);
		used = true;
	}
	if (used)
		virtio_dev_used_irq(d, VCON_CTRL_RXQ);
	if (r < 0)
		virtio_dev_fail(d, why);
}

static void port_set_open(struct virtio_console *c, u32 id, bool open)
{
	struct vcon_port *p = &c->port[id];

	p->guest_open = open;
	if (p->ops && p->ops->open)
		p->ops->open(p->ctx, open);
}

/* One message from the driver. */
static void ctrl_handle(struct virtio_console *c, const struct vcon_ctrl *m)
{
	switch (m->event) {
	case VCON_DEVICE_READY:
		if (!m->value || c->driver_ready)
			return;
		c->driver_ready = true;
		for (u32 i = 0; i < c->nr_ports; i++) {
			c->port[i].added = true;
			ctrl_queue(c, i, VCON_DEVICE_ADD, 1);
		}
		return;
	case VCON_PORT_READY:
		if (m->id >= c->nr_ports || !m->value)
			return;
		ctrl_queue(c, m->id, m->id ? VCON_PORT_NAME : VCON_CONSOLE_PORT, 1);
		ctrl_queue(c, m->id, VCON_PORT_OPEN, 1);
		return;
	case VCON_PORT_OPEN:
		if (m->id < c->nr_ports)
			port_set_open(c, m->id, m->value);
		return;
	}
}

static void ctrl_receive(struct virtio_console *c)
{
	struct virtio_dev *d = c->dev;
	struct virtq *q = &d->vq[VCON_CTRL_TXQ];
	const char *why = NULL;
	struct vcon_ctrl m;
	bool used = false;
	int r;

	while ((r = virtq_pop(d->zone, q, &d->chain, &why)) == 1) {
		if (virtq_copy_from(&d->chain, 0, &m, sizeof(m)) == sizeof(m))
			ctrl_handle(c, &m);
		virtq_push(q, d->chain.head, 0);
		used = true;
	}
	if (used)
		virtio_dev_used_irq(d, VCON_CTRL_TXQ);
	if (r < 0)
		virtio_dev_fail(d, why);
	ctrl_flush(c);
}

/* What the guest wrote to port n: port 0 to the console, else its service. */
static void port_output(struct virtio_console *c, u32 n, const u8 *buf, u32 len)
{
	const struct vcon_port *p = &c->port[n];

	if (n == 0) {
		for (u32 i = 0; i < len; i++)
			console_putc(c->dev->zone, (char)buf[i]);
		c->tx_bytes += len;
	} else if (p->ops && p->ops->write) {
		p->ops->write(p->ctx, buf, len);
	}
}

/* A port with ops->space takes a chain only when a whole one fits. */
static bool port_can_take(struct virtio_console *c, u32 n)
{
	const struct vcon_port *p = &c->port[n];

	return n == 0 || !p->ops || !p->ops->space || p->ops->space(p->ctx) >= VCON_TX_MAX;
}

static void port_transmit(struct virtio_console *c, u32 n)
{
	struct virtio_dev *d = c->dev;
	struct virtq *q = &d->vq[port_txq(n)];
	const char *why = NULL;
	bool used = false;
	u8 buf[256];
	int r = 0;

	while (port_can_take(c, n) && (r = virtq_pop(d->zone, q, &d->chain, &why)) == 1) {
		u64 total = d->chain.out_bytes < VCON_TX_MAX ? d->chain.out_bytes : VCON_TX_MAX;

		for (u64 off = 0; off < total;) {
			u64 got =
			    virtq_copy_from(&d->chain, off, buf,
					    total - off < sizeof(buf) ? total - off : sizeof(buf));

			port_output(c, n, buf, (u32)got);
			off += got;
		}
		virtq_push(q, d->chain.head, 0);
		used = true;
	}
	if (used)
		virtio_dev_used_irq(d, port_txq(n));
	if (r < 0)
		virtio_dev_fail(d, why);
	if (used && c->port[n].ops && c->port[n].ops->done)
		c->port[n].ops->done(c->port[n].ctx);
}

static void port_room(struct virtio_console *c, u32 n)
{
	const struct vcon_port *p = &c->port[n];

	if (n == 0) {
		c->reading = true;
		c->dev->deferred |= VCON_DEFER_ROOM;
	} else if (p->ops && p->ops->room) {
		p->ops->room(p->ctx);
	}
}

static void vcon_notify(struct virtio_dev *d, u32 q)
{
	struct virtio_console *c = d->priv;
	u32 n = q < VCON_CTRL_RXQ ? 0 : (q - 2) / 2;

	if (q == VCON_CTRL_RXQ)
		ctrl_flush(c);
	else if (q == VCON_CTRL_TXQ)
		ctrl_receive(c);
	else if (n < c->nr_ports && q == port_txq(n))
		port_transmit(c, n);
	else if (n < c->nr_ports)
		port_room(c, n);
}

static void vcon_reset(struct virtio_dev *d)
{
	struct virtio_console *c = d->priv;

	c->driver_ready = false;
	c->reading = false;
	c->pend_head = c->pend_tail = 0;
	for (u32 i = 0; i < c->nr_ports; i++) {
		c->port[i].added = false;
		if (c->port[i].guest_open)
			port_set_open(c, i, false);
	}
}

static void vcon_deferred(struct virtio_dev *d, u32 bits)
{
	if (bits & VCON_DEFER_ROOM)
		console_rx_ready(d->zone);
}

static const struct virtio_ops vcon_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .nr_queues = 2 + 2 * VCON_MAX_PORTS,
    .queue_max = 64,
    .features = BIT(VIRTIO_CONSOLE_F_MULTIPORT),
    .config_size = sizeof(struct vcon_config),
    .config_read = vcon_config_read,
    .config_write = vcon_config_write,
    .notify = vcon_notify,
    .reset = vcon_reset,
    .deferred = vcon_deferred,
};

/* Copy up to len bytes into port n's receive buffers; lock held. */
static u32 port_receive(struct virtio_console *c, u32 n, const u8 *buf, u32 len)
{
	struct virtio_dev *d = c->dev;
	struct virtq *q = &d->vq[port_rxq(n)];
	const char *why = NULL;
	u32 done = 0;
	int r = 0;

	while (done < len && virtio_queue_live(d, port_rxq(n)) &&
	       (r = virtq_pop(d->zone, q, &d->chain, &why)) == 1) {
		u32 got = (u32)virtq_copy_to(&d->chain, 0, buf + done, len - done);

		virtq_push(q, d->chain.head, got);
		done += got;
		if (!got)
			break; /* a chain with no writable byte */
	}
	if (done)
		virtio_dev_used_irq(d, port_rxq(n));
	if (r < 0)
		virtio_dev_fail(d, why);
	return done;
}

u32 virtio_console_send(struct virtio_console *c, u32 port, const u8 *buf, u32 len)
{
	u32 done = 0;

	spin_lock(&c->dev->lock);
	if (port < c->nr_ports)
		done = port_receive(c, port, buf, len);
	spin_unlock(&c->dev->lock);
	return done;
}

u32 virtio_console_send_locked(struct virtio_console *c, u32 port, const u8 *buf, u32 len)
{
	return port < c->nr_ports ? port_receive(c, port, buf, len) : 0;
}

void virtio_console_poll(struct virtio_console *c, u32 port)
{
	spin_lock(&c->dev->lock);
	if (port > 0 && port < c->nr_ports && virtio_queue_live(c->dev, port_txq(port))) {
		port_room(c, port);
		port_transmit(c, port);
	}
	spin_unlock(&c->dev->lock);
}

u32 virtio_console_try_send(struct virtio_console *c, u32 port, const u8 *buf, u32 len)
{
	u32 done = 0;

	if (!spin_trylock(&c->dev->lock))
		return 0;
	if (port < c->nr_ports && c->port[port].guest_open)
		done = port_receive(c, port, buf, len);
	spin_unlock(&c->dev->lock);
	return done;
}

/* The console mux's input for the zone (console_input, its lock held). */
static bool vcon_input_put(void *dev, u8 ch)
{
	struct virtio_console *c = dev;
	u32 done;

	spin_lock(&c->dev->lock);
	done = port_receive(c, 0, &ch, 1);
	c->rx_bytes += done;
	spin_unlock(&c->dev->lock);
	return done == 1;
}

static bool vcon_input_reading(const void *dev)
{
	return __atomic_load_n(&((const struct virtio_console *)dev)->reading, __ATOMIC_RELAXED);
}

int virtio_console_add_port(struct virtio_console *c, const char *name,
			    const struct vcon_port_ops *ops, void *ctx)
{
	struct vcon_port *p;
	u32 id;

	if (!name || !name[0] || strlen(name) >= VCON_NAME_LEN)
		return -ZV_EINVAL;
	spin_lock(&c->dev->lock);
	if (c->nr_ports >= VCON_MAX_PORTS) {
		spin_unlock(&c->dev->lock);
		return -ZV_ENOMEM;
	}
	id = c->nr_ports++;
	p = &c->port[id];
	memset(p, 0, sizeof(*p));
	memcpy(p->name, name, strlen(name));
	p->ops = ops;
	p->ctx = ctx;
	if (c->driver_ready) {
		p->added = true;
		ctrl_queue(c, id, VCON_DEVICE_ADD, 1);
		ctrl_flush(c);
	}
	spin_unlock(&c->dev->lock);
	return (int)id;
}

int virtio_console_attach(struct zone *z, struct virtio_dev *d, struct virtio_console *c, u64 gpa,
			  u32 irq)
{
	struct console_input in = {
	    .put = vcon_input_put,
	    .reading = vcon_input_reading,
	    .dev = c,
	};
	int err;

	memset(c, 0, sizeof(*c));
	c->dev = d;
	c->nr_ports = 1; /* port 0: the console */
	err = virtio_mmio_attach(z, d, gpa, irq, &vcon_ops, c);
	if (!err)
		console_input_attach(z, &in);
	return err;
}
