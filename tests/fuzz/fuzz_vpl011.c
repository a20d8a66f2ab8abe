/* SPDX-License-Identifier: MIT */
/*
 * The emulated PL011 under random accesses through the MMIO table (any
 * offset in its page, any width), direct register reads/writes, input
 * bytes and resets, against a shadow of its receive buffer, stored
 * registers, transmit interrupt and interrupt line.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/arch.h>
#include <zv/console.h>
#include <zv/mmio.h>
#include <zv/vpl011.h>
#include <zv/zone.h>

#include "fuzz_input.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define UART_GPA 0x09000000ULL
#define UART_IRQ 33

static struct zone zone;
static struct vcpu vcpu;
static struct vpl011 uart;

/* Stubs: what the model told the console and the interrupt controller. */
static unsigned putc_calls;
static int irq_line = -1; /* last level set; -1 = never */

void console_putc(struct zone *z, char c)
{
	CHECK(z == &zone);
	putc_calls++;
}

/* The model registers its input once and reports room outside its lock. */
void console_input_attach(struct zone *z, const struct console_input *in)
{
	CHECK(z == &zone && in->put && in->reading && in->dev == &uart);
}

void console_rx_ready(struct zone *z)
{
	CHECK(z == &zone);
}

void arch_zone_irq_set(struct zone *z, u32 irq, bool level)
{
	CHECK(z == &zone && irq == UART_IRQ);
	irq_line = level;
}

/* The shadow: what the guest must see. */
static struct {
	u8 buf[VPL011_RX_BUF];
	unsigned count;
	u32 lcr_h, cr, ifls, imsc, tx;
} sh;

static void shadow_reset(void)
{
	memset(&sh, 0, sizeof(sh));
	sh.cr = 0x300;
	sh.ifls = 0x12;
}

static void shadow_rx(u8 c)
{
	if (sh.count < VPL011_RX_BUF)
		sh.buf[sh.count++] = c;
}

static u8 shadow_pop(void)
{
	u8 c = sh.buf[0];

	if (!sh.count)
		return 0;
	memmove(sh.buf, sh.buf + 1, --sh.count);
	return c;
}

static u32 shadow_ris(void)
{
	static const unsigned eighths[8] = {1, 2, 4, 6, 7, 4, 4, 4};
	unsigned trigger = (sh.lcr_h & VPL011_LCR_H_FEN) ? 2 * eighths[(sh.ifls >> 3) & 7] : 1;
	u32 ris = sh.tx;

	if (sh.count >= trigger)
		ris |= VPL011_INT_RX;
	if (sh.count)
		ris |= VPL011_INT_RT;
	return ris;
}

static void check_read(u32 off, u64 val)
{
	if (off & 3) {
		CHECK(val == 0);
		return;
	}
	switch (off) {
	case VPL011_DR:
		CHECK(val == shadow_pop());
		break;
	case VPL011_FR:
		CHECK((val & VPL011_FR_TXFE) && !(val & (VPL011_FR_TXFF | VPL011_FR_BUSY)));
		CHECK(!!(val & VPL011_FR_RXFE) == !sh.count);
		break;
	case VPL011_LCR_H:
		CHECK(val == sh.lcr_h);
		break;
	case VPL011_CR:
		CHECK(val == sh.cr);
		break;
	case VPL011_IFLS:
		CHECK(val == sh.ifls);
		break;
	case VPL011_IMSC:
		CHECK(val == sh.imsc);
		break;
	case VPL011_RIS:
		CHECK(val == shadow_ris());
		break;
	case VPL011_MIS:
		CHECK(val == (shadow_ris() & sh.imsc));
		break;
	default:
		CHECK(val <= 0xffff);
	}
}

static void shadow_write(u32 off, u32 val)
{
	if (off & 3)
		return;
	switch (off) {
	case VPL011_DR:
		if (sh.cr & VPL011_CR_LBE)
			shadow_rx((u8)val);
		else
			putc_calls--; /* expected: one byte to the console */
		sh.tx = VPL011_INT_TX;
		break;
	case VPL011_LCR_H:
		sh.lcr_h = val & 0xff;
		break;
	case VPL011_CR:
		sh.cr = val & 0xffff;
		break;
	case VPL011_IFLS:
		sh.ifls = val & 0x3f;
		break;
	case VPL011_IMSC:
		sh.imsc = val & VPL011_INT_ALL;
		break;
	case VPL011_ICR:
		sh.tx &= ~val;
		break;
	}
}

/* Offsets where the registers are, more often than elsewhere. */
static u32 pick_off(u16 raw)
{
	static const u16 regs[] = {0x000, 0x004, 0x018, 0x024, 0x028, 0x02c, 0x030,
				   0x034, 0x038, 0x03c, 0x040, 0x044, 0x048, 0xfe0};

	if (raw & 0x8000)
		return raw & 0xfff;
	return regs[(raw & 0xff) % (sizeof(regs) / sizeof(regs[0]))] + ((raw >> 8) & 0x1f);
}

static void mmio_op(struct fuzz_input *in, u8 op)
{
	u32 off = pick_off((u16)fuzz_take(in, 2));
	u64 data = fuzz_take(in, 4) | 0xabcdef0000000000ULL;
	u8 width = 1u << ((op >> 3) & 3);
	bool write = op & 0x20;
	int r = mmio_dispatch(&vcpu, UART_GPA + off, width, write, &data);

	if (off + width > 0x1000) {
		CHECK(r != 0); /* beyond the device: the access faults */
		return;
	}
	CHECK(r == 0);
	if (write)
		shadow_write(off, (u32)data);
	else
		check_read(off, data);
	CHECK(irq_line == vpl011_irq_level(&uart));
}

static void step(struct fuzz_input *in)
{
	u8 op = (u8)fuzz_take(in, 1);

	switch (op & 7) {
	case 0:
	case 1:
		mmio_op(in, op);
		break;
	case 2:
	case 3: {
		u8 c = (u8)fuzz_take(in, 1);

		vpl011_rx(&uart, c);
		shadow_rx(c);
		CHECK(irq_line == vpl011_irq_level(&uart));
		break;
	}
	case 4: {
		u32 off = pick_off((u16)fuzz_take(in, 2)) & ~3u, val = (u32)fuzz_take(in, 4);

		vpl011_reg_write(&uart, off, val);
		shadow_write(off, val);
		break;
	}
	case 5: {
		u32 off = pick_off((u16)fuzz_take(in, 2)) & ~3u;

		check_read(off, vpl011_reg_read(&uart, off));
		break;
	}
	case 6:
		if (op == 0xfe) {
			vpl011_reset(&uart);
			shadow_reset();
		}
		break;
	default:
		break;
	}
	CHECK(putc_calls == 0);
	CHECK(uart.rx_head - uart.rx_tail == sh.count);
	CHECK(vpl011_irq_level(&uart) == ((shadow_ris() & sh.imsc) != 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};

	memset(&zone, 0, sizeof(zone));
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.zone = &zone;
	putc_calls = 0;
	irq_line = -1;
	shadow_reset();
	CHECK(vpl011_attach(&zone, &uart, UART_GPA, 0x1000, UART_IRQ) == 0);
	/* Start the free-running buffer indices anywhere, wrap-around included. */
	uart.rx_head = uart.rx_tail = (u32)fuzz_take(&in, 4);
	while (in.left)
		step(&in);
	return 0;
}
