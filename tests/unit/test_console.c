/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer: every line on the wire carries its writer's tag,
 * a zone without focus prints whole lines only, and a focused zone's line
 * cut by another writer goes on under "[name]+ " (the tag the test harness
 * joins on), once, after which the zone's lines are tagged as usual.
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

static char wire[1024];
static size_t nr_wire;

void uart_putc(char c)
{
	if (nr_wire < sizeof(wire) - 1)
		wire[nr_wire++] = c;
}

void uart_init(void)
{
}
void uart_irq_enable(void)
{
}
int uart_getc(void)
{
	return -1;
}
void zone_uart_rx(struct zone *z, u8 c)
{
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lines_tagged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unfocused_zone_waits_for_its_newline, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_cut_line_resumes_marked, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hypervisor_cut_marked, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
