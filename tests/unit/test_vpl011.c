/* SPDX-License-Identifier: MIT */
/*
 * The emulated PL011: reset values, the PrimeCell ID registers Linux's AMBA
 * bus reads, FR flags, transmit and its latched interrupt, the receive
 * buffer and its level interrupts (trigger level, timeout), masking, ICR,
 * loopback, and the MMIO path (offsets, widths, the interrupt line).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zv/arch.h>
#include <zv/console.h>
#include <zv/mmio.h>
#include <zv/vpl011.h>
#include <zv/zone.h>

#include "stubs.h"

#define UART_GPA 0x09000000ULL
#define UART_IRQ 33
#define FR_MODEM 0x7u /* CTS, DSR, DCD */
#define FR_IDLE (VPL011_FR_TXFE | VPL011_FR_RXFE | FR_MODEM)
#define LCR_H_FEN VPL011_LCR_H_FEN

static struct zone zone;
static struct vcpu vcpu;
static struct vpl011 uart;

/* ---- Stubs: the console, recorded; the interrupt line is stubs.c's
 * recording arch_zone_irq_set() (stub_irq). ---- */

static char out[256];
static size_t nr_out;
static struct zone *out_zone;

void console_putc(struct zone *z, char c)
{
	out_zone = z;
	if (nr_out < sizeof(out))
		out[nr_out] = c;
	nr_out++;
}

/* ---- Helpers ---- */

static int setup(void **state)
{
	(void)state;
	memset(&zone, 0, sizeof(zone));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&uart, 0xa5, sizeof(uart)); /* attach must reset everything */
	uart.lock.locked = 0;
	vcpu.zone = &zone;
	nr_out = 0, out_zone = NULL;
	memset(&stub_irq, 0, sizeof(stub_irq));
	assert_int_equal(vpl011_attach(&zone, &uart, UART_GPA, 0x1000, UART_IRQ), 0);
	return 0;
}

static u32 rd(u32 off)
{
	return vpl011_reg_read(&uart, off);
}

static void wr(u32 off, u32 val)
{
	vpl011_reg_write(&uart, off, val);
}

static void rx(const char *s)
{
	while (*s)
		vpl011_rx(&uart, (u8)*s++);
}

/* Through the zone's MMIO table, as a guest access arrives. */
static u64 mmio_rd(u64 off, u8 width)
{
	u64 v = ~0ULL;

	assert_int_equal(mmio_dispatch(&vcpu, UART_GPA + off, width, false, &v), 0);
	return v;
}

static void mmio_wr(u64 off, u8 width, u64 val)
{
	assert_int_equal(mmio_dispatch(&vcpu, UART_GPA + off, width, true, &val), 0);
}

/* ---- Tests ---- */

static void test_attach_and_reset_values(void **state)
{
	(void)state;
	assert_ptr_equal(zone.uart, &uart);
	assert_int_equal(zone.nr_mmio, 1);
	assert_int_equal(zone.mmio[0].base, UART_GPA);
	assert_int_equal(zone.mmio[0].size, 0x1000);
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
	assert_int_equal(rd(VPL011_CR), 0x300); /* TXE | RXE, UARTEN clear */
	assert_int_equal(rd(VPL011_IFLS), 0x12);
	assert_int_equal(rd(VPL011_LCR_H), 0);
	assert_int_equal(rd(VPL011_IBRD), 0);
	assert_int_equal(rd(VPL011_FBRD), 0);
	assert_int_equal(rd(VPL011_IMSC), 0);
	assert_int_equal(rd(VPL011_RIS), 0);
	assert_int_equal(rd(VPL011_MIS), 0);
	assert_int_equal(rd(VPL011_DR), 0); /* empty: reads 0 */
	assert_false(vpl011_irq_level(&uart));
}

/* What Linux's AMBA bus assembles from the low byte of each word. */
static void test_id_registers(void **state)
{
	u32 periph = 0, cell = 0;

	(void)state;
	for (u32 i = 0; i < 4; i++) {
		periph |= (mmio_rd(0xfe0 + 4 * i, 4) & 0xff) << (8 * i);
		cell |= (mmio_rd(0xff0 + 4 * i, 4) & 0xff) << (8 * i);
	}
	assert_int_equal(periph, 0x00041011);
	assert_int_equal(cell, 0xb105f00d);
	assert_int_equal(mmio_rd(0xfe0, 4), 0x11); /* one byte per word */
	wr(0xfe0, 0xff);			   /* read-only */
	assert_int_equal(rd(0xfe0), 0x11);
	assert_int_equal(mmio_rd(0xfe1, 1), 0); /* not a word's start */
	assert_int_equal(mmio_rd(0xfdc, 4), 0); /* reserved */
}

static void test_tx_goes_to_console(void **state)
{
	(void)state;
	wr(VPL011_DR, 'h');
	wr(VPL011_DR, 0x169); /* only the data byte is sent */
	assert_int_equal(nr_out, 2);
	assert_memory_equal(out, "hi", 2);
	assert_ptr_equal(out_zone, &zone);
	/* Sent at once: the FIFO is empty again, never full or busy. */
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
}

static void test_tx_irq_latched_until_icr(void **state)
{
	(void)state;
	wr(VPL011_IMSC, VPL011_INT_TX);
	assert_false(vpl011_irq_level(&uart)); /* no byte sent yet */
	wr(VPL011_DR, 'x');
	assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX);
	assert_int_equal(rd(VPL011_MIS), VPL011_INT_TX);
	assert_true(vpl011_irq_level(&uart));
	rd(VPL011_MIS); /* reading does not clear it */
	assert_true(vpl011_irq_level(&uart));
	wr(VPL011_ICR, VPL011_INT_RX); /* another bit: still set */
	assert_true(vpl011_irq_level(&uart));
	wr(VPL011_ICR, VPL011_INT_TX);
	assert_false(vpl011_irq_level(&uart));
	assert_int_equal(rd(VPL011_RIS), 0);
	/* Masked: raw status set, line low. */
	wr(VPL011_IMSC, 0);
	wr(VPL011_DR, 'y');
	assert_int_equal(rd(VPL011_RIS), VPL011_INT_TX);
	assert_int_equal(rd(VPL011_MIS), 0);
	assert_false(vpl011_irq_level(&uart));
}

static void test_rx_order_and_flags(void **state)
{
	(void)state;
	rx("abc");
	/* RXFE clear; without FIFOs the holding register counts as full. */
	assert_int_equal(rd(VPL011_FR), VPL011_FR_TXFE | VPL011_FR_RXFF | FR_MODEM);
	wr(VPL011_LCR_H, LCR_H_FEN);
	assert_int_equal(rd(VPL011_FR), VPL011_FR_TXFE | FR_MODEM);
	assert_int_equal(rd(VPL011_DR), 'a');
	assert_int_equal(rd(VPL011_DR), 'b');
	assert_int_equal(rd(VPL011_DR), 'c');
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
	assert_int_equal(rd(VPL011_DR), 0);
	assert_int_equal(rd(VPL011_RSR_ECR), 0); /* no errors */
}

/* A full buffer refuses a byte (the console keeps it: back-pressure). */
static void test_rx_full_refuses_newest(void **state)
{
	(void)state;
	wr(VPL011_LCR_H, LCR_H_FEN);
	for (int i = 0; i < VPL011_RX_BUF + 10; i++)
		assert_int_equal(vpl011_rx(&uart, (u8)i), i < VPL011_RX_BUF);
	assert_true(rd(VPL011_FR) & VPL011_FR_RXFF);
	for (int i = 0; i < VPL011_RX_BUF; i++)
		assert_int_equal(rd(VPL011_DR), i);
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
	vpl011_rx(&uart, 0x42);
	assert_int_equal(rd(VPL011_DR), 0x42);
}

static void test_rx_index_wraparound(void **state)
{
	(void)state;
	uart.rx_head = uart.rx_tail = 0xfffffff0u;
	for (int i = 0; i < VPL011_RX_BUF + 1; i++)
		vpl011_rx(&uart, (u8)(0x80 + i));
	assert_int_equal(uart.rx_head - uart.rx_tail, VPL011_RX_BUF);
	for (int i = 0; i < VPL011_RX_BUF; i++)
		assert_int_equal(rd(VPL011_DR), 0x80 + i);
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
}

/* Without FIFOs the holding register is one byte: RX at once, RXFF too. */
static void test_rx_irq_without_fifo(void **state)
{
	(void)state;
	wr(VPL011_IMSC, VPL011_INT_RX);
	rx("k");
	assert_int_equal(rd(VPL011_RIS), VPL011_INT_RX | VPL011_INT_RT);
	assert_int_equal(rd(VPL011_MIS), VPL011_INT_RX);
	assert_true(rd(VPL011_FR) & VPL011_FR_RXFF);
	assert_true(vpl011_irq_level(&uart));
	wr(VPL011_ICR, VPL011_INT_ALL); /* levels: only reading clears them */
	assert_true(vpl011_irq_level(&uart));
	assert_int_equal(rd(VPL011_DR), 'k');
	assert_false(vpl011_irq_level(&uart));
	assert_int_equal(rd(VPL011_RIS), 0);
}

/* With FIFOs, RX waits for the IFLS trigger level (1/2 of 16 after reset);
 * RT (what Linux also unmasks) says at once that something is there. */
static void test_rx_trigger_level_and_timeout(void **state)
{
	(void)state;
	wr(VPL011_LCR_H, LCR_H_FEN);
	wr(VPL011_IMSC, VPL011_INT_RX);
	for (int i = 0; i < 7; i++)
		vpl011_rx(&uart, 'a');
	assert_int_equal(rd(VPL011_RIS), VPL011_INT_RT);
	assert_false(vpl011_irq_level(&uart));
	vpl011_rx(&uart, 'a');
	assert_int_equal(rd(VPL011_RIS), VPL011_INT_RX | VPL011_INT_RT);
	assert_true(vpl011_irq_level(&uart));
	rd(VPL011_DR);
	assert_false(vpl011_irq_level(&uart)); /* below the level again */
	wr(VPL011_IMSC, VPL011_INT_RT);
	assert_true(vpl011_irq_level(&uart));
	/* 1/8 (RXIFLSEL 0): two bytes; 7/8 (4): fourteen. */
	wr(VPL011_IFLS, 0 << 3);
	wr(VPL011_IMSC, VPL011_INT_RX);
	assert_true(vpl011_irq_level(&uart));
	wr(VPL011_IFLS, 4 << 3);
	assert_false(vpl011_irq_level(&uart));
	for (int i = 0; i < 7; i++)
		vpl011_rx(&uart, 'b');
	assert_true(vpl011_irq_level(&uart)); /* 7 + 7 */
	while (!(rd(VPL011_FR) & VPL011_FR_RXFE))
		rd(VPL011_DR);
	assert_int_equal(rd(VPL011_RIS), 0);
}

static void test_loopback(void **state)
{
	(void)state;
	wr(VPL011_CR, 0x301 | VPL011_CR_LBE);
	wr(VPL011_DR, 'z');
	assert_int_equal(nr_out, 0);
	assert_int_equal(rd(VPL011_DR), 'z');
	wr(VPL011_CR, 0x301);
	wr(VPL011_DR, 'w');
	assert_int_equal(nr_out, 1);
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
}

static void test_stored_registers(void **state)
{
	(void)state;
	wr(VPL011_IBRD, 0x12345);
	wr(VPL011_FBRD, 0xff);
	wr(VPL011_LCR_H, 0x1ff);
	wr(VPL011_CR, 0x1ffff);
	wr(VPL011_IFLS, 0xff);
	wr(VPL011_IMSC, 0xffff);
	wr(VPL011_ILPR, 0x1ff);
	assert_int_equal(rd(VPL011_IBRD), 0x2345); /* only the bits that exist */
	assert_int_equal(rd(VPL011_FBRD), 0x3f);
	assert_int_equal(rd(VPL011_LCR_H), 0xff);
	assert_int_equal(rd(VPL011_CR), 0xffff);
	assert_int_equal(rd(VPL011_IFLS), 0x3f);
	assert_int_equal(rd(VPL011_IMSC), 0x7ff);
	assert_int_equal(rd(VPL011_ILPR), 0xff);
	/* Read-only, write-only and ignored registers. */
	wr(VPL011_FR, 0);
	wr(VPL011_RIS, 0xffff);
	wr(VPL011_MIS, 0xffff);
	wr(VPL011_DMACR, 7);
	wr(VPL011_RSR_ECR, 0xf);
	assert_int_equal(rd(VPL011_RIS), 0);
	assert_int_equal(rd(VPL011_DMACR), 0);
	assert_int_equal(rd(VPL011_ICR), 0);
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
	assert_int_equal(nr_out, 0);
	assert_int_equal(rd(0xffffffffu), 0);
}

static void test_reset(void **state)
{
	(void)state;
	wr(VPL011_IMSC, VPL011_INT_ALL);
	wr(VPL011_LCR_H, 0x70);
	wr(VPL011_CR, 0x301);
	wr(VPL011_IBRD, 13);
	wr(VPL011_DR, '!');
	rx("x");
	assert_true(vpl011_irq_level(&uart));
	vpl011_reset(&uart);
	assert_int_equal(rd(VPL011_IMSC), 0);
	assert_int_equal(rd(VPL011_LCR_H), 0);
	assert_int_equal(rd(VPL011_CR), 0x300);
	assert_int_equal(rd(VPL011_IBRD), 0);
	assert_int_equal(rd(VPL011_RIS), 0);
	assert_int_equal(rd(VPL011_FR), FR_IDLE);
	assert_false(vpl011_irq_level(&uart));
}

static void test_mmio_drives_irq_line(void **state)
{
	(void)state;
	mmio_wr(VPL011_IMSC, 4, VPL011_INT_RX | VPL011_INT_RT);
	assert_int_equal(stub_irq.calls, 1);
	assert_ptr_equal(stub_irq.zone, &zone);
	assert_int_equal(stub_irq.irq, UART_IRQ);
	assert_false(stub_irq.level);
	vpl011_rx(&uart, 'k');
	assert_true(stub_irq.level);
	assert_int_equal(mmio_rd(VPL011_MIS, 4), VPL011_INT_RX | VPL011_INT_RT);
	assert_int_equal(mmio_rd(VPL011_DR, 4), 'k');
	assert_false(stub_irq.level); /* the read emptied it */
	mmio_wr(VPL011_IMSC, 4, VPL011_INT_TX);
	mmio_wr(VPL011_DR, 4, 'o');
	assert_true(stub_irq.level);
	mmio_wr(VPL011_ICR, 4, VPL011_INT_TX);
	assert_false(stub_irq.level);
}

static void test_mmio_widths_and_offsets(void **state)
{
	(void)state;
	/* Firmware may store one byte to DR, or read FR with 16 bits. */
	mmio_wr(VPL011_DR, 1, 'a');
	mmio_wr(VPL011_DR, 2, 'b');
	mmio_wr(VPL011_DR, 8, 0x4142434445464763ULL);
	assert_int_equal(nr_out, 3);
	assert_memory_equal(out, "abc", 3);
	assert_int_equal(mmio_rd(VPL011_FR, 2), FR_IDLE);
	assert_int_equal(mmio_rd(VPL011_CR, 8), 0x300);
	/* Not a word's start: reads 0, writes nothing. */
	mmio_wr(VPL011_DR + 1, 1, 'x');
	mmio_wr(VPL011_CR + 2, 2, 0xffff);
	assert_int_equal(nr_out, 3);
	assert_int_equal(rd(VPL011_CR), 0x300);
	rx("q");
	assert_int_equal(mmio_rd(VPL011_DR + 1, 1), 0);
	assert_int_equal(rd(VPL011_DR), 'q'); /* the odd read popped nothing */
	/* Reserved offsets read 0 and ignore writes. */
	mmio_wr(0x800, 4, 0xffffffff);
	assert_int_equal(mmio_rd(0x800, 4), 0);
	assert_int_equal(mmio_rd(0xff8, 8), 0x05); /* PCellID2 only, not PCellID3 */
	assert_int_equal(nr_out, 3);
}

/* Beyond the window, and widths the MMIO core refuses: the access faults. */
static void test_mmio_outside_faults(void **state)
{
	u64 v = 0;

	(void)state;
	assert_int_not_equal(mmio_dispatch(&vcpu, UART_GPA + 0x1000, 4, false, &v), 0);
	assert_int_not_equal(mmio_dispatch(&vcpu, UART_GPA + 0xffc, 8, false, &v), 0);
	assert_int_not_equal(mmio_dispatch(&vcpu, UART_GPA, 3, true, &v), 0);
	assert_int_equal(nr_out, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_attach_and_reset_values, setup),
	    cmocka_unit_test_setup(test_id_registers, setup),
	    cmocka_unit_test_setup(test_tx_goes_to_console, setup),
	    cmocka_unit_test_setup(test_tx_irq_latched_until_icr, setup),
	    cmocka_unit_test_setup(test_rx_order_and_flags, setup),
	    cmocka_unit_test_setup(test_rx_full_refuses_newest, setup),
	    cmocka_unit_test_setup(test_rx_index_wraparound, setup),
	    cmocka_unit_test_setup(test_rx_irq_without_fifo, setup),
	    cmocka_unit_test_setup(test_rx_trigger_level_and_timeout, setup),
	    cmocka_unit_test_setup(test_loopback, setup),
	    cmocka_unit_test_setup(test_stored_registers, setup),
	    cmocka_unit_test_setup(test_reset, setup),
	    cmocka_unit_test_setup(test_mmio_drives_irq_line, setup),
	    cmocka_unit_test_setup(test_mmio_widths_and_offsets, setup),
	    cmocka_unit_test_setup(test_mmio_outside_faults, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
