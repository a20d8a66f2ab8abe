/* SPDX-License-Identifier: MIT */
/*
 * The emulated 16550 under random register reads/writes (through the MMIO
 * table and directly), input bytes and resets, against a shadow model of
 * its receive FIFO, divisor latch and interrupt line.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/arch.h>
#include <zv/console.h>
#include <zv/mmio.h>
#include <zv/vuart.h>
#include <zv/zone.h>

#define CHECK(x) ((x) ? (void)0 : abort())
#define UART_GPA 0x10000000ULL
#define UART_IRQ 10
enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

static struct zone zone;
static struct vcpu vcpu;
static struct vuart uart;

/* Stubs: what the model told the console and the interrupt controller. */
static unsigned putc_calls;
static int irq_line = -1; /* last level set; -1 = never */

void console_putc(struct zone *z, char c)
{
	CHECK(z == &zone);
	putc_calls++;
}

/* The console input the model registers, and its "room again" calls. */
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
	u8 fifo[VUART_FIFO];
	unsigned count;
	u8 lcr, ier;
} sh;

static void shadow_reset(void)
{
	memset(&sh, 0, sizeof(sh));
}

static void shadow_rx(u8 c)
{
	if (sh.count < VUART_FIFO)
		sh.fifo[sh.count++] = c;
}

static u8 shadow_pop(void)
{
	u8 c = sh.fifo[0];

	if (!sh.count)
		return 0;
	memmove(sh.fifo, sh.fifo + 1, --sh.count);
	return c;
}

/* Check one register read against the shadow, updating it. */
static void check_read(u32 reg, u8 val)
{
	bool dlab = sh.lcr & 0x80;

	if (reg == RBR_THR && !dlab)
		CHECK(val == shadow_pop());
	else if (reg == IER && !dlab)
		CHECK(val == sh.ier);
	else if (reg == IIR_FCR && (sh.ier & 1) && sh.count)
		CHECK((val & 0x0f) == 0x04);
	else if (reg == IIR_FCR)
		CHECK((val & 0x0f) == 0x01 || (val & 0x0f) == 0x02);
	else if (reg == LCR)
		CHECK(val == sh.lcr);
	else if (reg == LSR)
		CHECK(val == (0x60 | (sh.count ? 1 : 0)));
	else if (reg >= 8)
		CHECK(val == 0);
}

static void shadow_write(u32 reg, u8 val)
{
	bool dlab = sh.lcr & 0x80;

	if (reg == RBR_THR && !dlab)
		putc_calls--; /* expected: one byte to the console */
	else if (reg == IER && !dlab)
		sh.ier = val & 0x0f;
	else if (reg == IIR_FCR && (val & 2))
		sh.count = 0;
	else if (reg == LCR)
		sh.lcr = val;
}

static void mmio_op(u8 op, u8 val)
{
	u64 off = op & 0x0f, data = val | (u64)op << 8 | 0xabcdef000000ULL;
	u8 width = 1u << ((op >> 4) & 3);
	bool write = op & 0x40;

	if (off + width > 0x1000)
		return;
	CHECK(mmio_dispatch(&vcpu, UART_GPA + off, width, write, &data) == 0);
	if (write) {
		if (off < 8)
			shadow_write((u32)off, val);
	} else {
		CHECK(off < 8 || data == 0);
		if (off < 8)
			check_read((u32)off, (u8)data);
		CHECK(data <= 0xff);
	}
	/* After an access, the line the controller sees is the model's. */
	CHECK(irq_line == vuart_irq_level(&uart));
}

static void step(u8 op, u8 val)
{
	switch (op >> 7) {
	case 0:
		mmio_op(op, val);
		break;
	default:
		if ((op & 0x70) == 0x70 && val == 0xff) {
			vuart_reset(&uart);
			shadow_reset();
		} else if (op & 0x40) {
			/* Taken exactly when the FIFO has room; else the
			 * console keeps it (back-pressure). */
			CHECK(vuart_rx(&uart, val) == (sh.count < VUART_FIFO));
			shadow_rx(val);
			CHECK(irq_line == vuart_irq_level(&uart));
		} else if (op & 0x20) {
			vuart_reg_write(&uart, op & 7, val);
			shadow_write(op & 7, val);
		} else {
			check_read(op & 0xf, vuart_reg_read(&uart, op & 0xf));
		}
	}
	CHECK(putc_calls == 0);
	CHECK(uart.rx_head - uart.rx_tail == sh.count);
	CHECK(vuart_irq_level(&uart) ==
	      (((sh.ier & 1) && sh.count) || ((sh.ier & 2) && uart.thri)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(&zone, 0, sizeof(zone));
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.zone = &zone;
	putc_calls = 0;
	irq_line = -1;
	shadow_reset();
	CHECK(vuart_attach(&zone, &uart, UART_GPA, 0x1000, UART_IRQ) == 0);
	/* Start the free-running FIFO indices anywhere, wrap-around included. */
	if (size >= 4) {
		memcpy(&uart.rx_head, data, 4);
		uart.rx_tail = uart.rx_head;
		data += 4, size -= 4;
	}
	for (size_t i = 0; i + 1 < size; i += 2)
		step(data[i], data[i + 1]);
	return 0;
}
