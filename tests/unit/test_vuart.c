/* SPDX-License-Identifier: MIT */
/*
 * The emulated 16550: reset values, the THR-empty interrupt rules, the
 * receive FIFO (order, overflow, index wrap-around, FCR clear), DLAB
 * registers, and the interrupt line it drives through the MMIO path.
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
#include <zv/vuart.h>
#include <zv/zone.h>

#include "stubs.h"

enum { RBR_THR, IER, IIR_FCR, LCR, MCR, LSR, MSR, SCR };

#define UART_GPA 0x10000000ULL
#define UART_IRQ 10

static struct zone zone;
static struct vcpu vcpu;
static struct vuart uart;

/* ---- Stubs: the console, recorded; the interrupt controller is stubs.c's
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

/* The console input the model registers, and its "room again" calls. */
static struct console_input attached;
static unsigned rx_ready_calls;

void console_input_attach(struct zone *z, const struct console_input *in)
{
	assert_ptr_equal(z, &zone);
	attached = *in;
}

void console_rx_ready(struct zone *z)
{
	assert_ptr_equal(z, &zone);
	rx_ready_calls++;
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
	rx_ready_calls = 0;
	memset(&attached, 0, sizeof(attached));
	memset(&stub_irq, 0, sizeof(stub_irq));
	assert_int_equal(vuart_attach(&zone, &uart, UART_GPA, 0x1000, UART_IRQ), 0);
	return 0;
}

static u8 rd(u32 reg)
{
	return vuart_reg_read(&uart, reg);
}

static void wr(u32 reg, u8 val)
{
	vuart_reg_write(&uart, reg, val);
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
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(IIR_FCR), 0x01); /* no interrupt, FIFOs off */
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(LSR), 0x60); /* THRE | TEMT, no data */
	assert_int_equal(rd(MSR), 0xb0);
	assert_int_equal(rd(SCR), 0);
	assert_int_equal(rd(RBR_THR), 0); /* empty FIFO reads 0 */
	assert_false(vuart_irq_level(&uart));
}

static void test_thr_goes_to_console(void **state)
{
	(void)state;
	wr(RBR_THR, 'h');
	wr(RBR_THR, 'i');
	assert_int_equal(nr_out, 2);
	assert_memory_equal(out, "hi", 2);
	assert_ptr_equal(out_zone, &zone);
	assert_int_equal(rd(LSR) & 0x60, 0x60); /* transmit is instant */
}

static void test_thre_irq_on_enable(void **state)
{
	(void)state;
	wr(IER, 0x02); /* ETBEI: THR is empty, so the interrupt is raised */
	assert_true(vuart_irq_level(&uart));
	assert_int_equal(rd(IIR_FCR), 0x02);
	/* Reading IIR while it reports THRE clears it. */
	assert_false(vuart_irq_level(&uart));
	assert_int_equal(rd(IIR_FCR), 0x01);
	/* Setting ETBEI again while set does not re-raise it. */
	wr(IER, 0x02);
	assert_false(vuart_irq_level(&uart));
	/* Clearing and setting it does. */
	wr(IER, 0x00);
	wr(IER, 0x02);
	assert_true(vuart_irq_level(&uart));
}

static void test_thre_irq_after_write(void **state)
{
	(void)state;
	wr(IER, 0x02);
	rd(IIR_FCR); /* acknowledge */
	wr(RBR_THR, 'x');
	assert_true(vuart_irq_level(&uart));
	assert_int_equal(rd(IIR_FCR), 0x02);
	assert_false(vuart_irq_level(&uart));
}

static void test_thre_masked_without_etbei(void **state)
{
	(void)state;
	wr(RBR_THR, 'x'); /* THR empty again, but ETBEI is off */
	assert_false(vuart_irq_level(&uart));
	assert_int_equal(rd(IIR_FCR), 0x01);
	/* Disabling ETBEI masks a pending THRE interrupt. */
	wr(IER, 0x02);
	wr(IER, 0x00);
	assert_false(vuart_irq_level(&uart));
	assert_int_equal(rd(IIR_FCR), 0x01);
}

static void test_rx_order_and_lsr(void **state)
{
	(void)state;
	vuart_rx(&uart, 'a');
	vuart_rx(&uart, 'b');
	vuart_rx(&uart, 'c');
	assert_int_equal(rd(LSR), 0x61);
	assert_int_equal(rd(RBR_THR), 'a');
	assert_int_equal(rd(RBR_THR), 'b');
	assert_int_equal(rd(LSR), 0x61);
	assert_int_equal(rd(RBR_THR), 'c');
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(RBR_THR), 0);
}

/* A full FIFO refuses a byte (the console keeps it for later) and takes
 * the next one once the guest has read. */
static void test_rx_full_refuses(void **state)
{
	(void)state;
	for (int i = 0; i < VUART_FIFO; i++)
		assert_true(vuart_rx(&uart, (u8)i));
	assert_false(vuart_rx(&uart, 0xee));
	for (int i = 0; i < VUART_FIFO; i++)
		assert_int_equal(rd(RBR_THR), i);
	assert_int_equal(rd(LSR) & 1, 0);
	/* The FIFO works normally after being full. */
	assert_true(vuart_rx(&uart, 0x42));
	assert_int_equal(rd(RBR_THR), 0x42);
}

/* The console input registered at attach: put() is vuart_rx(); reading()
 * turns true once the guest enables ERBFI or reads RBR; each byte the
 * guest takes through MMIO (and an FCR clear) tells the console there is
 * room; a reset forgets that the guest read. */
static void test_console_input_hooks(void **state)
{
	(void)state;
	assert_non_null(attached.put);
	assert_ptr_equal(attached.dev, &uart);
	assert_false(attached.reading(&uart));
	mmio_rd(LSR, 1); /* polling LSR for THRE alone is not reading */
	assert_false(attached.reading(&uart));
	assert_true(attached.put(&uart, 'a'));
	assert_int_equal(rx_ready_calls, 0);
	assert_int_equal(mmio_rd(RBR_THR, 1), 'a');
	assert_true(attached.reading(&uart));
	assert_int_equal(rx_ready_calls, 1);
	mmio_rd(RBR_THR, 1); /* nothing to take: no call */
	assert_int_equal(rx_ready_calls, 1);
	mmio_wr(IIR_FCR, 1, 0x03);
	assert_int_equal(rx_ready_calls, 2);
	vuart_reset(&uart);
	assert_false(attached.reading(&uart));
	mmio_wr(IER, 1, 0x01);
	assert_true(attached.reading(&uart));
}

static void test_rx_index_wraparound(void **state)
{
	(void)state;
	/* The free-running u32 indices wrap: order and capacity must hold. */
	uart.rx_head = uart.rx_tail = 0xfffffff0u;
	for (int i = 0; i < VUART_FIFO + 1; i++)
		vuart_rx(&uart, (u8)(0x80 + i));
	assert_int_equal(uart.rx_head - uart.rx_tail, VUART_FIFO);
	for (int i = 0; i < VUART_FIFO; i++)
		assert_int_equal(rd(RBR_THR), 0x80 + i);
	assert_int_equal(rd(LSR), 0x60);
}

static void test_rx_irq_priority(void **state)
{
	(void)state;
	vuart_rx(&uart, 'z');
	assert_false(vuart_irq_level(&uart)); /* ERBFI off */
	wr(IER, 0x03);			      /* ERBFI | ETBEI */
	assert_true(vuart_irq_level(&uart));
	/* Received data outranks THRE, and reading IIR keeps THRE pending. */
	assert_int_equal(rd(IIR_FCR), 0x04);
	assert_int_equal(rd(IIR_FCR), 0x04);
	assert_int_equal(rd(RBR_THR), 'z');
	assert_true(vuart_irq_level(&uart));
	assert_int_equal(rd(IIR_FCR), 0x02);
	assert_false(vuart_irq_level(&uart));
}

static void test_fcr(void **state)
{
	(void)state;
	wr(IIR_FCR, 0x01); /* FIFOs on: IIR shows it */
	assert_int_equal(rd(IIR_FCR), 0xc1);
	vuart_rx(&uart, '1');
	vuart_rx(&uart, '2');
	wr(IIR_FCR, 0x03); /* clear the receive FIFO */
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(RBR_THR), 0);
	vuart_rx(&uart, '3');
	assert_int_equal(rd(RBR_THR), '3');
	wr(IIR_FCR, 0x00);
	assert_int_equal(rd(IIR_FCR), 0x01);
}

static void test_dlab_registers(void **state)
{
	(void)state;
	wr(IER, 0x01);
	vuart_rx(&uart, 'q');
	wr(LCR, 0x83);
	assert_int_equal(rd(LCR), 0x83);
	wr(RBR_THR, 0x0c); /* divisor latch, not the console */
	wr(IER, 0x00);
	assert_int_equal(nr_out, 0);
	assert_int_equal(rd(RBR_THR), 0x0c);
	assert_int_equal(rd(IER), 0x00);
	assert_int_equal(rd(LSR), 0x61); /* DLL reads did not pop the FIFO */
	wr(LCR, 0x03);
	assert_int_equal(rd(IER), 0x01); /* IER kept its value */
	assert_int_equal(rd(RBR_THR), 'q');
	wr(LCR, 0x80);
	assert_int_equal(rd(RBR_THR), 0x0c);
	assert_int_equal(rd(IER), 0x00);
}

static void test_plain_registers(void **state)
{
	(void)state;
	wr(IER, 0xff);
	assert_int_equal(rd(IER), 0x0f); /* the upper bits do not exist */
	wr(MCR, 0x0b);
	assert_int_equal(rd(MCR), 0x0b);
	wr(SCR, 0x5a);
	assert_int_equal(rd(SCR), 0x5a);
	wr(LSR, 0x00); /* read-only */
	wr(MSR, 0x00);
	assert_int_equal(rd(LSR), 0x60);
	assert_int_equal(rd(MSR), 0xb0);
	/* Registers past the eighth do not exist. */
	wr(8, 0xff);
	assert_int_equal(rd(8), 0);
	assert_int_equal(rd(0xffffffffu), 0);
}

static void test_reset(void **state)
{
	(void)state;
	wr(IER, 0x03);
	wr(LCR, 0x83);
	wr(RBR_THR, 1);
	wr(MCR, 1);
	wr(SCR, 1);
	wr(IIR_FCR, 1);
	vuart_rx(&uart, 'x');
	vuart_reset(&uart);
	assert_int_equal(rd(IER), 0);
	assert_int_equal(rd(LCR), 0);
	assert_int_equal(rd(MCR), 0);
	assert_int_equal(rd(SCR), 0);
	assert_int_equal(rd(IIR_FCR), 0x01);
	assert_int_equal(rd(LSR), 0x60);
	assert_false(vuart_irq_level(&uart));
}

static void test_mmio_drives_irq_line(void **state)
{
	(void)state;
	mmio_wr(IER, 1, 0x02);
	assert_int_equal(stub_irq.calls, 1);
	assert_ptr_equal(stub_irq.zone, &zone);
	assert_int_equal(stub_irq.irq, UART_IRQ);
	assert_true(stub_irq.level);
	assert_int_equal(mmio_rd(IIR_FCR, 1), 0x02);
	assert_false(stub_irq.level); /* the read acknowledged it */
	vuart_rx(&uart, 'k');	      /* input arriving raises nothing: ERBFI off */
	assert_false(stub_irq.level);
	mmio_wr(IER, 1, 0x01);
	assert_true(stub_irq.level);
	assert_int_equal(mmio_rd(RBR_THR, 1), 'k');
	assert_false(stub_irq.level);
	vuart_rx(&uart, 'l');
	assert_true(stub_irq.level);
}

static void test_mmio_widths_and_offsets(void **state)
{
	(void)state;
	/* Only the low byte of a wider write reaches the register. */
	mmio_wr(SCR, 4, 0x12345678);
	assert_int_equal(mmio_rd(SCR, 4), 0x78);
	mmio_wr(RBR_THR, 8, 0x4142434445464748ULL);
	assert_int_equal(nr_out, 1);
	assert_int_equal(out[0], 0x48);
	/* The rest of the page reads as zero and ignores writes. */
	assert_int_equal(mmio_rd(0x8, 1), 0);
	assert_int_equal(mmio_rd(0xff8, 8), 0);
	mmio_wr(0x10, 1, 0xff);
	assert_int_equal(nr_out, 1);
	assert_int_equal(mmio_rd(LSR, 1), 0x60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_attach_and_reset_values, setup),
	    cmocka_unit_test_setup(test_thr_goes_to_console, setup),
	    cmocka_unit_test_setup(test_thre_irq_on_enable, setup),
	    cmocka_unit_test_setup(test_thre_irq_after_write, setup),
	    cmocka_unit_test_setup(test_thre_masked_without_etbei, setup),
	    cmocka_unit_test_setup(test_rx_order_and_lsr, setup),
	    cmocka_unit_test_setup(test_rx_full_refuses, setup),
	    cmocka_unit_test_setup(test_console_input_hooks, setup),
	    cmocka_unit_test_setup(test_rx_index_wraparound, setup),
	    cmocka_unit_test_setup(test_rx_irq_priority, setup),
	    cmocka_unit_test_setup(test_fcr, setup),
	    cmocka_unit_test_setup(test_dlab_registers, setup),
	    cmocka_unit_test_setup(test_plain_registers, setup),
	    cmocka_unit_test_setup(test_reset, setup),
	    cmocka_unit_test_setup(test_mmio_drives_irq_line, setup),
	    cmocka_unit_test_setup(test_mmio_widths_and_offsets, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
