/* SPDX-License-Identifier: MIT */
/*
 * Arm PrimeCell UART (PL011) register model: what Linux's amba-pl011
 * driver and simple firmware use. Transmit completes at once: the transmit
 * FIFO is always empty (FR.TXFE, never TXFF or BUSY), and every byte sent
 * passes its level through the trigger level, which latches the transmit
 * interrupt (RIS.TX) until ICR clears it, as the TRM describes. Receive is
 * a buffer fed by console_rx(); its interrupts are levels that follow the
 * buffer: RX while it holds at least the IFLS trigger level, RT (receive
 * timeout) while it holds anything, since no more input may come. The
 * guest clears them by reading DR. Baud rate, line control and the
 * enables are stored and read back but change nothing: input is taken and
 * output sent whatever CR says, as QEMU's own PL011 does, so firmware that
 * never enables the UART still prints. CR.LBE (loopback) sends output back
 * to the receive buffer. Registers are 32-bit words: an access at an offset
 * that is no register, or not a word's start, reads 0 and writes nothing.
 */
#include <zv/arch.h>
#include <zv/console.h>
#include <zv/mmio.h>
#include <zv/vpl011.h>
#include <zv/zone.h>

#define CR_RESET 0x300u						 /* TXE | RXE, UART disabled */
#define IFLS_RESET 0x12u					 /* both FIFOs at half */
#define FR_MODEM (VPL011_FR_CTS | VPL011_FR_DSR | VPL011_FR_DCD) /* a peer is there */

static const u8 vpl011_id[8] = {
    VPL011_PERIPH_ID & 0xff,	    (VPL011_PERIPH_ID >> 8) & 0xff, (VPL011_PERIPH_ID >> 16) & 0xff,
    VPL011_PERIPH_ID >> 24,	    VPL011_PCELL_ID & 0xff,	    (VPL011_PCELL_ID >> 8) & 0xff,
    (VPL011_PCELL_ID >> 16) & 0xff, VPL011_PCELL_ID >> 24,
};

static u32 rx_count(const struct vpl011 *u)
{
	return u->rx_head - u->rx_tail;
}

/* IFLS.RXIFLSEL (bits 5:3): 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO; without
 * FIFOs (LCR_H.FEN clear) the 1-byte holding register. */
static u32 rx_trigger(const struct vpl011 *u)
{
	static const u8 eighths[8] = {1, 2, 4, 6, 7, 4, 4, 4}; /* reserved: 1/2 */

	if (!(u->lcr_h & VPL011_LCR_H_FEN))
		return 1;
	return VPL011_FIFO * eighths[(u->ifls >> 3) & 7] / 8;
}

u32 vpl011_ris(const struct vpl011 *u)
{
	u32 n = rx_count(u), ris = u->ris_tx;

	if (n >= rx_trigger(u))
		ris |= VPL011_INT_RX;
	if (n)
		ris |= VPL011_INT_RT;
	return ris;
}

bool vpl011_irq_level(const struct vpl011 *u)
{
	return (vpl011_ris(u) & u->imsc) != 0;
}

static bool rx_push(struct vpl011 *u, u8 c)
{
	if (rx_count(u) >= VPL011_RX_BUF)
		return false;
	u->rx[u->rx_head % VPL011_RX_BUF] = c;
	u->rx_head++;
	return true;
}

/* DR read: the oldest byte, no error bits (11:8); 0 when empty. */
static u32 rx_pop(struct vpl011 *u)
{
	u8 c;

	if (!rx_count(u))
		return 0;
	c = u->rx[u->rx_tail % VPL011_RX_BUF];
	u->rx_tail++;
	u->rx_room = true;
	return c;
}

static u32 fr_read(const struct vpl011 *u)
{
	u32 n = rx_count(u), full = (u->lcr_h & VPL011_LCR_H_FEN) ? VPL011_RX_BUF : 1;
	u32 fr = VPL011_FR_TXFE | FR_MODEM;

	if (!n)
		fr |= VPL011_FR_RXFE;
	if (n >= full)
		fr |= VPL011_FR_RXFF;
	return fr;
}

u32 vpl011_reg_read(struct vpl011 *u, u32 off)
{
	if (off >= VPL011_ID && off < VPL011_ID + 32)
		return (off & 3) ? 0 : vpl011_id[(off - VPL011_ID) / 4];
	switch (off) {
	case VPL011_DR:
		u->reading = true;
		return rx_pop(u);
	case VPL011_FR:
		return fr_read(u);
	case VPL011_ILPR:
		return u->ilpr;
	case VPL011_IBRD:
		return u->ibrd;
	case VPL011_FBRD:
		return u->fbrd;
	case VPL011_LCR_H:
		return u->lcr_h;
	case VPL011_CR:
		return u->cr;
	case VPL011_IFLS:
		return u->ifls;
	case VPL011_IMSC:
		return u->imsc;
	case VPL011_RIS:
		return vpl011_ris(u);
	case VPL011_MIS:
		return vpl011_ris(u) & u->imsc;
	}
	return 0; /* RSR/ECR (no errors), ICR, DMACR, reserved, unaligned */
}

static void tx(struct vpl011 *u, u8 c)
{
	if (u->cr & VPL011_CR_LBE)
		rx_push(u, c);
	else
		console_putc(u->zone, (char)c);
	u->ris_tx = VPL011_INT_TX;
}

void vpl011_reg_write(struct vpl011 *u, u32 off, u32 val)
{
	switch (off) {
	case VPL011_DR:
		tx(u, (u8)val);
		break;
	case VPL011_ILPR:
		u->ilpr = val & 0xff;
		break;
	case VPL011_IBRD:
		u->ibrd = val & 0xffff;
		break;
	case VPL011_FBRD:
		u->fbrd = val & 0x3f;
		break;
	case VPL011_LCR_H:
		u->lcr_h = val & 0xff;
		break;
	case VPL011_CR:
		u->cr = val & 0xffff;
		break;
	case VPL011_IFLS:
		u->ifls = val & 0x3f;
		break;
	case VPL011_IMSC:
		u->imsc = val & VPL011_INT_ALL;
		u->reading |= (u->imsc & (VPL011_INT_RX | VPL011_INT_RT)) != 0;
		break;
	case VPL011_ICR:
		u->ris_tx &= ~val; /* RX and RT follow the buffer */
		break;
	}
	/* RSR/ECR clears errors there are none of; DMACR: no DMA. */
}

static void vpl011_update_irq(struct vpl011 *u)
{
	arch_zone_irq_set(u->zone, u->irq, vpl011_irq_level(u));
}

static int vpl011_mmio_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	struct vpl011 *u = d->priv;

	spin_lock(&u->lock);
	*val = (off & 3) ? 0 : vpl011_reg_read(u, (u32)off);
	vpl011_update_irq(u);
	console_uart_unlock(u->zone, &u->lock, &u->rx_room);
	return 0;
}

static int vpl011_mmio_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	struct vpl011 *u = d->priv;

	spin_lock(&u->lock);
	if (!(off & 3))
		vpl011_reg_write(u, (u32)off, (u32)val);
	vpl011_update_irq(u);
	console_uart_unlock(u->zone, &u->lock, &u->rx_room);
	return 0;
}

bool vpl011_rx(struct vpl011 *u, u8 c)
{
	bool took;

	spin_lock(&u->lock);
	took = rx_push(u, c);
	vpl011_update_irq(u);
	spin_unlock(&u->lock);
	return took;
}

static bool vpl011_input_put(void *dev, u8 c)
{
	return vpl011_rx(dev, c);
}

static bool vpl011_input_reading(const void *dev)
{
	return __atomic_load_n(&((const struct vpl011 *)dev)->reading, __ATOMIC_RELAXED);
}

void vpl011_reset(struct vpl011 *u)
{
	u->ilpr = u->ibrd = u->fbrd = u->lcr_h = u->imsc = u->ris_tx = 0;
	u->cr = CR_RESET;
	u->ifls = IFLS_RESET;
	u->rx_head = u->rx_tail = 0;
	u->reading = u->rx_room = false;
}

static const struct mmio_ops vpl011_ops = {
    .read = vpl011_mmio_read,
    .write = vpl011_mmio_write,
    .name = "emulated uart",
};

int vpl011_attach(struct zone *z, struct vpl011 *u, u64 gpa, u64 size, u32 irq)
{
	struct console_input in = {
	    .put = vpl011_input_put,
	    .reading = vpl011_input_reading,
	    .dev = u,
	};

	u->zone = z;
	u->irq = irq;
	vpl011_reset(u);
	z->uart = u;
	console_input_attach(z, &in);
	return mmio_attach(z, gpa, size, &vpl011_ops, u);
}
