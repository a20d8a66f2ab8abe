/* SPDX-License-Identifier: MIT */
/*
 * 16550A register model (reg-shift 0). Transmit completes at once, so THR is
 * always empty; the THR-empty interrupt follows the 16550 rules: raised when
 * IER.ETBEI is set or a byte is written, cleared by reading IIR or writing
 * THR. Receive has a 64-byte FIFO fed by the console (console_input):
 * when it is full the console holds further input back, and each byte the
 * guest reads tells it there is room again (console_rx_ready()).
 */
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/mmio.h>
#include <zv/vuart.h>
#include <zv/zone.h>

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define IER_RX 0x01
#define IER_THRE 0x02
#define IIR_NONE 0x01
#define IIR_THRE 0x02
#define IIR_RX 0x04
#define IIR_FIFO 0xc0
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define MSR_DEFAULT 0xb0 /* DCD, DSR, CTS asserted */

static bool rx_empty(const struct vuart *u)
{
	return u->rx_head == u->rx_tail;
}

bool vuart_irq_level(const struct vuart *u)
{
	return ((u->ier & IER_RX) && !rx_empty(u)) || ((u->ier & IER_THRE) && u->thri);
}

static u8 rx_pop(struct vuart *u)
{
	u8 c;

	if (rx_empty(u))
		return 0;
	c = u->rx[u->rx_tail % VUART_FIFO];
	u->rx_tail++;
	u->rx_room = true;
	return c;
}

static u8 iir_read(struct vuart *u)
{
	u8 fifo = (u->fcr & 1) ? IIR_FIFO : 0;

	if ((u->ier & IER_RX) && !rx_empty(u))
		return fifo | IIR_RX;
	if ((u->ier & IER_THRE) && u->thri) {
		u->thri = false;
		return fifo | IIR_THRE;
	}
	return fifo | IIR_NONE;
}

u8 vuart_reg_read(struct vuart *u, u32 reg)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR:
		if (dlab)
			return u->dll;
		u->reading = true;
		return rx_pop(u);
	case IER:
		return dlab ? u->dlm : u->ier;
	case IIR_FCR:
		return iir_read(u);
	case LCR:
		return u->lcr;
	case MCR:
		return u->mcr;
	case LSR:
		return LSR_THRE | LSR_TEMT | (rx_empty(u) ? 0 : LSR_DR);
	case MSR:
		return MSR_DEFAULT;
	case SCR:
		return u->scr;
	}
	return 0;
}

void vuart_reg_write(struct vuart *u, u32 reg, u8 val)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (reg) {
	case RBR_THR:
		if (dlab) {
			u->dll = val;
		} else {
			console_putc(u->zone, (char)val);
			u->thri = true;
		}
		break;
	case IER:
		if (dlab) {
			u->dlm = val;
		} else {
			if ((val & IER_THRE) && !(u->ier & IER_THRE))
				u->thri = true;
			u->ier = val & 0x0f;
			u->reading |= val & IER_RX;
		}
		break;
	case IIR_FCR:
		u->fcr = val;
		if (val & 0x02) { /* clear receive FIFO */
			u->rx_tail = u->rx_head;
			u->rx_room = true;
		}
		break;
	case LCR:
		u->lcr = val;
		break;
	case MCR:
		u->mcr = val;
		break;
	case SCR:
		u->scr = val;
		break;
	}
}

static void vuart_update_irq(struct vuart *u)
{
	arch_zone_irq_set(u->zone, u->irq, vuart_irq_level(u));
}

static int vuart_mmio_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct vuart *u = d->priv;

	spin_lock(&u->lock);
	*val = off < 8 ? vuart_reg_read(u, (u32)off) : 0;
	vuart_update_irq(u);
	console_uart_unlock(u->zone, &u->lock, &u->rx_room);
	return 0;
}

static int vuart_mmio_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct vuart *u = d->priv;

	spin_lock(&u->lock);
	if (off < 8)
		vuart_reg_write(u, (u32)off, (u8)val);
	vuart_update_irq(u);
	console_uart_unlock(u->zone, &u->lock, &u->rx_room);
	return 0;
}

bool vuart_rx(struct vuart *u, u8 c)
{
	bool room;

	spin_lock(&u->lock);
	room = u->rx_head - u->rx_tail < VUART_FIFO;
	if (room) {
		u->rx[u->rx_head % VUART_FIFO] = c;
		u->rx_head++;
	}
	vuart_update_irq(u);
	spin_unlock(&u->lock);
	return room;
}

static bool vuart_input_put(void *dev, u8 c)
{
	return vuart_rx(dev, c);
}

static bool vuart_input_reading(const void *dev)
{
	return __atomic_load_n(&((const struct vuart *)dev)->reading, __ATOMIC_RELAXED);
}

void vuart_reset(struct vuart *u)
{
	u->ier = u->lcr = u->mcr = u->scr = u->dll = u->dlm = u->fcr = 0;
	u->thri = u->reading = u->rx_room = false;
	u->rx_head = u->rx_tail = 0;
}

static const struct mmio_ops vuart_ops = {
    .read = vuart_mmio_read,
    .write = vuart_mmio_write,
    .name = "emulated uart",
};

int vuart_attach(struct zone *z, struct vuart *u, u64 gpa, u64 size, u32 irq)
{
	struct console_input in = {
	    .put = vuart_input_put,
	    .reading = vuart_input_reading,
	    .dev = u,
	};

	u->zone = z;
	u->irq = irq;
	vuart_reset(u);
	z->uart = u;
	console_input_attach(z, &in);
	return mmio_attach(z, gpa, size, &vuart_ops, u);
}
