/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer: every line on the wire carries its writer's tag,
 * a zone without focus prints whole lines only, and a focused zone's line
 * cut by another writer goes on under "[name]+ " (the tag the test harness
 * joins on), once, after which the zone's lines are tagged as usual.
 * A zone's control characters are shown escaped (no forged lines), and
 * input for a zone that reads it is held back, never dropped, while its
 * UART model is full.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zv/config.h>
#include <zv/console.h>
#include <zv/zone.h>

static char wire[4096];
static size_t nr_wire;

void uart_putc(char c)
{
	if (nr_wire < sizeof(wire) - 1)
		wire[nr_wire++] = c;
}

void uart_init(void)
{
}

/* The physical UART's input and its receive interrupt. */
static u8 host_in[8192];
static size_t host_in_len, host_in_pos;
static bool rx_irq_on = true;

void uart_irq_enable(void)
{
	rx_irq_on = true;
}
void uart_irq_disable(void)
{
	rx_irq_on = false;
}
int uart_getc(void)
{
	return host_in_pos < host_in_len ? host_in[host_in_pos++] : -1;
}

/* A zone's UART model: a small FIFO, as the 16550's. */
struct fake_model {
	u8 fifo[8];
	u32 n;
	bool reading;
	u8 got[8192];
	size_t nr_got;
};
static struct fake_model models[2];

static bool fake_put(void *dev, u8 c)
{
	struct fake_model *m = dev;

	if (m->n == sizeof(m->fifo))
		return false;
	m->fifo[m->n++] = c;
	return true;
}

static bool fake_reading(const void *dev)
{
	return ((const struct fake_model *)dev)->reading;
}

/* The guest reads all its model holds, then tells the console. */
static void guest_drain(struct zone *z)
{
	struct fake_model *m = &models[z->index];

	for (u32 i = 0; i < m->n; i++)
		m->got[m->nr_got++] = m->fifo[i];
	m->n = 0;
	console_rx_ready(z);
}

struct zone zones[ZV_MAX_ZONES];
u32 nr_zones;
static struct zv_zone_cfg cfgs[2];

const char *zone_name(const struct zone *z)
{
	return z->cfg->name;
}

static int setup(void **state)
{
	(void)state;
	memset(wire, 0, sizeof(wire));
	nr_wire = 0;
	nr_zones = 2;
	for (u32 i = 0; i < 2; i++) {
		zones[i].index = i;
		zones[i].cfg = &cfgs[i];
	}
	strcpy(cfgs[0].name, "shell");
	strcpy(cfgs[1].name, "beat");
	console_set_focus(0);
	memset(models, 0, sizeof(models));
	host_in_len = host_in_pos = 0;
	rx_irq_on = true;
	for (u32 i = 0; i < 2; i++) {
		struct console_input in = {fake_put, fake_reading, &models[i]};

		zones[i].state = ZONE_RUNNING;
		console_input_attach(&zones[i], &in);
		console_zone_reset(&zones[i]);
	}
	return 0;
}

static void put(struct zone *z, const char *s)
{
	while (*s)
		console_putc(z, *s++);
}

/* Whatever each test leaves open is closed, so the next starts afresh. */
static int teardown(void **state)
{
	(void)state;
	put(&zones[0], "\n");
	return 0;
}

static void test_lines_tagged(void **state)
{
	(void)state;
	put(&zones[0], "one\r\n");
	put(&zones[1], "two\r\n");
	printk("three\n");
	assert_string_equal(wire, "[shell] one\r\n[beat] two\r\n[zv] three\r\n");
}

static void test_unfocused_zone_waits_for_its_newline(void **state)
{
	(void)state;
	put(&zones[1], "half");
	assert_int_equal(nr_wire, 0);
	put(&zones[1], " done\r\n");
	assert_string_equal(wire, "[beat] half done\r\n");
}

/* A zone stopped mid-line (a stop or restart from its root, a reset):
 * the unfinished line ends with the run, the next run's starts clean. */
static void test_reset_ends_unfinished_line(void **state)
{
	(void)state;
	put(&zones[1], "heartbeat 4\nh");
	put(&zones[1], "\033["); /* an escape begun, never finished */
	console_zone_reset(&zones[1]);
	put(&zones[1], "banner\r\n");
	assert_string_equal(wire, "[beat] heartbeat 4\r\n[beat] h\r\n[beat] banner\r\n");
}

static void test_cut_line_resumes_marked(void **state)
{
	(void)state;
	put(&zones[0], "SELFTEST: 20 passed,");
	put(&zones[1], "heartbeat 3\r\n");
	put(&zones[0], " 0 failed\r\n");
	put(&zones[0], "next\r\n");
	assert_string_equal(wire, "[shell] SELFTEST: 20 passed,\r\n"
				  "[beat] heartbeat 3\r\n"
				  "[shell]+  0 failed\r\n"
				  "[shell] next\r\n");
}

static void test_hypervisor_cut_marked(void **state)
{
	(void)state;
	put(&zones[0], "~ # ");
	printk("zone beat stopped\n");
	put(&zones[0], "ls\r\n");
	assert_string_equal(wire, "[shell] ~ # \r\n[zv] zone beat stopped\r\n[shell]+ ls\r\n");
}

static void test_forged_line_escaped(void **state)
{
	(void)state;
	put(&zones[1], "x\r[zv] zone y stopped\r\n");
	put(&zones[1], "\x1b[2K\x1b[1G[shell] # \n");
	put(&zones[1], "\xc2\x9b"
		       "2K caf\xc3\xa9\x7f\x01\t.\r\r\n");
	assert_string_equal(wire, "[beat] x^M[zv] zone y stopped\r\n"
				  "[beat] ^[[2K^[[1G[shell] # \r\n"
				  "[beat] M-^[2K caf\xc3\xa9^?^A\t.\r\n");
}

/* Backspace edits the focused line (busybox's echo) but never steps back
 * into its tag; a UTF-8 character counts one column. */
static void test_backspace_stays_right_of_tag(void **state)
{
	(void)state;
	put(&zones[0], "\xc3\xa9"
		       "b\b\b\b\bz\r\n");
	assert_string_equal(wire, "[shell] \xc3\xa9"
				  "b\b\b^H^Hz\r\n");
}

/* Line editing's escapes: erase to end of line passes, cursor back becomes
 * bounded backspaces, the cursor query passes for the focused zone only
 * (the terminal answers into the focused zone's input), colours and
 * cursor moves up are shown escaped. */
static void test_line_editing_escapes(void **state)
{
	(void)state;
	put(&zones[0], "ab\x1b[K\x1b[2D\x1b[5D\x1b[6n\x1b[A\x1b[31mx\x1b\r\n");
	put(&zones[1], "q\x1b[6n\x1b[J\r\n");
	assert_string_equal(wire, "[shell] ab\x1b[K\b\b^H^H^H^H^H\x1b[6n^[[A^[[31mx^[\r\n"
				  "[beat] q\x1b[J\r\n");
}

/* A bare LF ends a line as "\r\n" does: every line goes out as CRLF. */
static void test_line_ends_normalised(void **state)
{
	(void)state;
	put(&zones[1], "lf\n");
	put(&zones[1], "crlf\r\n");
	assert_string_equal(wire, "[beat] lf\r\n[beat] crlf\r\n");
}

static void type(const char *s, size_t n)
{
	memcpy(host_in + host_in_len, s, n);
	host_in_len += n;
}

/* 4 KiB pasted at once into a zone whose model holds 8 bytes: the console
 * stops reading the host UART when its ring is full too, resumes as the
 * guest reads, and every byte arrives in order. */
static void test_input_back_pressure(void **state)
{
	(void)state;
	models[0].reading = true;
	for (int i = 0; i < 4096; i++)
		host_in[i] = (u8)('a' + i % 26);
	host_in_len = 4096;
	console_rx();
	assert_false(rx_irq_on);
	assert_true(host_in_pos < 4096);
	for (int rounds = 0; rounds < 10000 && models[0].nr_got < 4096; rounds++) {
		guest_drain(&zones[0]);
		if (rx_irq_on)
			console_rx(); /* the interrupt fires again */
	}
	assert_int_equal(models[0].nr_got, 4096);
	assert_memory_equal(models[0].got, host_in, 4096);
	assert_true(rx_irq_on);
}

/* A zone that never read input gets what its model holds and no more,
 * without stopping the host UART (Ctrl-] must still get through); the
 * focus messages say what happens to keys. */
static void test_focus_messages(void **state)
{
	(void)state;
	models[0].reading = true;
	type("\x1d", 1);
	console_rx();
	assert_non_null(strstr(wire, "[zv] input focus: beat (reads no input"));
	nr_wire = 0, memset(wire, 0, sizeof(wire));
	type("0123456789abcdef", 16);
	console_rx();
	assert_int_equal(models[1].n, 8);
	assert_true(rx_irq_on);
	assert_int_equal(host_in_pos, host_in_len);
	type("\x1d", 1);
	console_rx();
	assert_non_null(strstr(wire, "[zv] input focus: shell (its screen is not redrawn: "
				     "press Enter"));
	zones[0].state = ZONE_STOPPED;
	console_zone_reset(&zones[0]);
	assert_non_null(strstr(wire, "[zv] input focus: shell is stopped; Ctrl-] moves"));
	type("x", 1);
	console_rx();
	assert_int_equal(models[0].n, 0);
	assert_non_null(strstr(wire, "[zv] zone shell is stopped: input dropped"));
	type("\x1d", 1);
	console_rx();
	assert_non_null(strstr(wire, "[zv] input focus: beat"));
	/* Only one zone runs: the focus key says there is nowhere else. */
	type("\x1d", 1);
	console_rx();
	assert_non_null(strstr(wire, "[zv] input focus: stays on beat (no other running zone"));
	zones[0].state = ZONE_RUNNING;
	console_set_focus(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lines_tagged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unfocused_zone_waits_for_its_newline, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_cut_line_resumes_marked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reset_ends_unfinished_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hypervisor_cut_marked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forged_line_escaped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_backspace_stays_right_of_tag, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_line_ends_normalised, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_line_editing_escapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_input_back_pressure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_focus_messages, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
