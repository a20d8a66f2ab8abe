/* SPDX-License-Identifier: MIT */
/* zvcfg's guest device trees: riscv64 structure, phandles, optional nodes;
 * loongarch64's power-off and reboot registers; the aarch64 console UART
 * node for each model the board offers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "../../tools/zvcfg/zvcfg.h"

static struct tool tool;
static int nr_errors;

void tool_error(struct tool *t, const char *zone, const char *field, const char *fmt, ...)
{
	(void)t, (void)zone, (void)field, (void)fmt;
	nr_errors++;
}

static int setup(void **state)
{
	struct zv_zone_cfg *z = &tool.cfg.zones[0];

	(void)state;
	memset(&tool, 0, sizeof(tool));
	tool.board = zv_boards[0];
	strcpy(z->name, "linux");
	z->nr_cpus = 2;
	z->nr_ram = 2;
	z->ram[0] = (struct zv_region){0x90000000, 0x90000000, 0x10000000};
	z->ram[1] = (struct zv_region){0xa0000000, 0xb0000000, 0x1000000};
	z->devices = ZV_DEV_UART;
	z->image[ZV_IMG_INITRD] = (struct zv_image){0x9c000000, 0x81000000, 0x1234};
	strcpy(z->bootargs, "console=ttyS0");
	nr_errors = 0;
	return 0;
}

static const char *str_prop(const void *fdt, const char *path, const char *name)
{
	int node = fdt_path_offset(fdt, path);

	assert_true(node >= 0);
	return fdt_getprop(fdt, node, name, NULL);
}

static void test_riscv_tree(void **state)
{
	void *fdt = guest_dt_generate(&tool, 0);
	const fdt32_t *ext;
	const fdt64_t *v;
	int len;

	(void)state;
	assert_non_null(fdt);
	assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
	assert_string_equal(str_prop(fdt, "/cpus/cpu@1", "riscv,isa-base"), "rv64i");
	assert_string_equal(str_prop(fdt, "/cpus/cpu@0/interrupt-controller", "compatible"),
			    "riscv,cpu-intc");
	assert_true(fdt_path_offset(fdt, "/cpus/cpu@2") < 0);
	assert_non_null(str_prop(fdt, "/memory@a0000000", "reg"));
	assert_string_equal(str_prop(fdt, "/soc/serial@10000000", "compatible"), "ns16550a");
	assert_true(fdt_path_offset(fdt, "/soc/zonevisor-testdev@10010000") < 0);
	assert_string_equal(str_prop(fdt, "/chosen", "stdout-path"), "/soc/serial@10000000");
	assert_string_equal(str_prop(fdt, "/chosen", "bootargs"), "console=ttyS0");
	v = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-end", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt64_ld(v), 0x9c001234);

	/* <&cpu0_intc 11 &cpu0_intc 9 &cpu1_intc 11 &cpu1_intc 9>, phandles resolve. */
	ext = fdt_getprop(fdt, fdt_path_offset(fdt, "/soc/plic@c000000"), "interrupts-extended",
			  &len);
	assert_int_equal(len, 2 * 4 * 4);
	assert_int_equal(fdt32_ld(&ext[1]), 11);
	assert_int_equal(fdt32_ld(&ext[3]), 9);
	assert_int_equal(fdt_node_offset_by_phandle(fdt, fdt32_ld(&ext[4])),
			 fdt_path_offset(fdt, "/cpus/cpu@1/interrupt-controller"));
	assert_int_equal(nr_errors, 0);
	free(fdt);
}

static void test_testdev_no_uart(void **state)
{
	struct zv_zone_cfg *z = &tool.cfg.zones[0];
	void *fdt;

	(void)state;
	z->devices = ZV_DEV_TESTDEV;
	z->image[ZV_IMG_INITRD] = (struct zv_image){0};
	fdt = guest_dt_generate(&tool, 0);
	assert_non_null(fdt);
	assert_string_equal(str_prop(fdt, "/soc/zonevisor-testdev@10010000", "compatible"),
			    "zonevisor,testdev");
	assert_true(fdt_path_offset(fdt, "/soc/serial@10000000") < 0);
	assert_null(str_prop(fdt, "/chosen", "stdout-path"));
	assert_null(str_prop(fdt, "/chosen", "linux,initrd-start"));
	free(fdt);
}

static const struct zv_board *board_of_isa(const char *isa)
{
	for (const struct zv_board *const *b = zv_boards; *b; b++)
		if (!strcmp((*b)->isa, isa))
			return *b;
	fail_msg("no %s board", isa);
	return NULL;
}

/* syscon-poweroff/-reboot at the top level (Linux makes platform devices
 * only there), their regmap the byte-wide GED syscon the port emulates:
 * S5 (0x34) at offset 0 powers off, 0x42 at offset 2 resets. */
static void check_sys_off(const void *fdt, const char *path, const char *compat, uint32_t offset,
			  uint32_t value)
{
	int node = fdt_path_offset(fdt, path);

	assert_true(node >= 0);
	assert_string_equal(fdt_getprop(fdt, node, "compatible", NULL), compat);
	assert_int_equal(fdt32_ld(fdt_getprop(fdt, node, "offset", NULL)), offset);
	assert_int_equal(fdt32_ld(fdt_getprop(fdt, node, "value", NULL)), value);
	assert_int_equal(
	    fdt_node_offset_by_phandle(fdt, fdt32_ld(fdt_getprop(fdt, node, "regmap", NULL))),
	    fdt_path_offset(fdt, "/ged@100e001c"));
}

static void test_loongarch_power(void **state)
{
	void *fdt;

	(void)state;
	tool.board = board_of_isa("loongarch64");
	fdt = guest_dt_generate(&tool, 0);
	assert_non_null(fdt);
	assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
	assert_string_equal(str_prop(fdt, "/ged@100e001c", "compatible"), "syscon");
	assert_int_equal(fdt32_ld((const fdt32_t *)str_prop(fdt, "/ged@100e001c", "reg-io-width")),
			 1);
	check_sys_off(fdt, "/poweroff", "syscon-poweroff", 0, 0x34);
	check_sys_off(fdt, "/reboot", "syscon-reboot", 2, 0x42);
	assert_int_equal(nr_errors, 0);
	free(fdt);
}

/* A flash region is a cfi-flash node, not memory; a ROM is not described,
 * on every ISA's tree. */
static void test_flash_rom_nodes(void **state)
{
	struct zv_zone_cfg *z = &tool.cfg.zones[0];
	const fdt64_t *reg;
	const fdt32_t *bw;
	int len;

	(void)state;
	z->nr_ram = 4;
	z->ram[2] = (struct zv_region){0x20000000, 0xb1000000, 0x2000000};
	z->ram_kind[2] = ZV_MEM_FLASH;
	z->ram[3] = (struct zv_region){0x21000000, 0xb4000000, 0x10000};
	z->ram_kind[3] = ZV_MEM_ROM;
	for (const struct zv_board *const *b = zv_boards; *b; b++) {
		void *fdt;

		tool.board = *b;
		fdt = guest_dt_generate(&tool, 0);
		assert_non_null(fdt);
		assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
		assert_string_equal(str_prop(fdt, "/flash@20000000", "compatible"), "cfi-flash");
		reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/flash@20000000"), "reg", &len);
		assert_int_equal(len, 16);
		assert_int_equal(fdt64_ld(&reg[0]), 0x20000000);
		assert_int_equal(fdt64_ld(&reg[1]), 0x2000000);
		bw = fdt_getprop(fdt, fdt_path_offset(fdt, "/flash@20000000"), "bank-width", &len);
		assert_int_equal(len, 4);
		assert_int_equal(fdt32_ld(bw), 4);
		assert_null(
		    fdt_getprop(fdt, fdt_path_offset(fdt, "/flash@20000000"), "device_type", NULL));
		assert_non_null(str_prop(fdt, "/memory@90000000", "reg"));
		assert_non_null(str_prop(fdt, "/memory@a0000000", "reg"));
		assert_true(fdt_path_offset(fdt, "/memory@20000000") < 0);
		assert_true(fdt_path_offset(fdt, "/memory@21000000") < 0);
		assert_true(fdt_path_offset(fdt, "/flash@21000000") < 0);
		free(fdt);
	}
	assert_int_equal(nr_errors, 0);
}

/* An initrd at guest address 0 is still an initrd. */
static void test_initrd_at_zero(void **state)
{
	struct zv_zone_cfg *z = &tool.cfg.zones[0];
	const fdt64_t *v;
	void *fdt;
	int len;

	(void)state;
	z->ram[1] = (struct zv_region){0x0, 0xb0000000, 0x1000000};
	z->image[ZV_IMG_INITRD] = (struct zv_image){0x0, 0x81000000, 0x1234};
	fdt = guest_dt_generate(&tool, 0);
	assert_non_null(fdt);
	v = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-start", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt64_ld(v), 0);
	v = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-end", &len);
	assert_int_equal(fdt64_ld(v), 0x1234);
	assert_non_null(str_prop(fdt, "/memory@0", "reg"));
	free(fdt);
}

static uint32_t u32_prop(const void *fdt, const char *path, const char *name, int i)
{
	const fdt32_t *v = fdt_getprop(fdt, fdt_path_offset(fdt, path), name, NULL);

	assert_non_null(v);
	return fdt32_ld(&v[i]);
}

/* A string-list property is exactly these strings. */
static void assert_strings(const void *fdt, const char *path, const char *name, const char *list,
			   int size)
{
	int len;
	const void *v = fdt_getprop(fdt, fdt_path_offset(fdt, path), name, &len);

	assert_non_null(v);
	assert_int_equal(len, size);
	assert_memory_equal(v, list, size);
}

/* "uart" on aarch64: the board's PL011 at QEMU virt's address, an AMBA
 * PrimeCell with the apb_pclk clock Linux's bus needs, on SPI 1. */
static void test_aarch64_pl011(void **state)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clocks[] = "uartclk\0apb_pclk";
	struct zv_zone_cfg *z = &tool.cfg.zones[0];
	void *fdt;
	int clk;

	(void)state;
	tool.board = zv_boards[1];
	z->ram[0] = (struct zv_region){0x50000000, 0x50000000, 0x10000000};
	z->nr_ram = 1;
	fdt = guest_dt_generate(&tool, 0);
	assert_non_null(fdt);
	assert_int_equal(fdt_check_full(fdt, fdt_totalsize(fdt)), 0);
	assert_strings(fdt, "/serial@9000000", "compatible", compat, sizeof(compat));
	assert_strings(fdt, "/serial@9000000", "clock-names", clocks, sizeof(clocks));
	assert_int_equal(u32_prop(fdt, "/serial@9000000", "interrupts", 0), 0); /* SPI */
	assert_int_equal(u32_prop(fdt, "/serial@9000000", "interrupts", 1), 1);
	assert_int_equal(u32_prop(fdt, "/serial@9000000", "interrupts", 2), 4); /* level */
	clk = fdt_node_offset_by_phandle(fdt, u32_prop(fdt, "/serial@9000000", "clocks", 1));
	assert_int_equal(clk, fdt_path_offset(fdt, "/apb-pclk"));
	assert_string_equal(str_prop(fdt, "/apb-pclk", "compatible"), "fixed-clock");
	assert_int_equal(u32_prop(fdt, "/apb-pclk", "#clock-cells", 0), 0);
	assert_string_equal(str_prop(fdt, "/chosen", "stdout-path"), "/serial@9000000");
	assert_int_equal(nr_errors, 0);
	free(fdt);
}

/* "ns16550" on aarch64: the core's 16550 at the same place, no clock node. */
static void test_aarch64_ns16550(void **state)
{
	struct zv_zone_cfg *z = &tool.cfg.zones[0];
	void *fdt;

	(void)state;
	tool.board = zv_boards[1];
	z->ram[0] = (struct zv_region){0x50000000, 0x50000000, 0x10000000};
	z->nr_ram = 1;
	z->devices = ZV_DEV_NS16550;
	fdt = guest_dt_generate(&tool, 0);
	assert_non_null(fdt);
	assert_string_equal(str_prop(fdt, "/serial@9000000", "compatible"), "ns16550a");
	assert_true(fdt_path_offset(fdt, "/apb-pclk") < 0);
	assert_string_equal(str_prop(fdt, "/chosen", "stdout-path"), "/serial@9000000");
	free(fdt);
}

static void test_unknown_isa(void **state)
{
	static struct zv_board other;

	(void)state;
	other = *zv_boards[0];
	other.isa = "mips64";
	tool.board = &other;
	assert_null(guest_dt_generate(&tool, 0));
	assert_int_equal(nr_errors, 1);
}

/* A channel the zone is a member of: a zonevisor,channel node at its
 * guest address with its name, id, doorbell, members and rights; none
 * for a channel of other zones. */
static void test_channel_node(void **state)
{
	struct zv_chan_cfg *ch = &tool.cfg.channels[0];
	void *fdt;
	int node;

	(void)state;
	tool.cfg.nr_zones = 2;
	tool.cfg.zones[0].id = 7;
	tool.cfg.zones[1].id = 9;
	tool.cfg.nr_channels = 2;
	strcpy(ch->name, "pp");
	ch->id = 3;
	ch->size = 0x10000;
	ch->nr_members = 2;
	ch->members[0] = (struct zv_chan_member){1, ZV_CHAN_RW, 0xc0000000, 21, 0};
	ch->members[1] = (struct zv_chan_member){0, ZV_CHAN_RO, 0xc8000000, 20, 0};
	tool.cfg.channels[1] = *ch;
	tool.cfg.channels[1].members[1].zone = 1; /* not zone 0's */
	tool.cfg.channels[1].members[1].gpa = 0xc9000000;
	fdt = guest_dt_generate(&tool, 0);
	assert_non_null(fdt);
	assert_string_equal(str_prop(fdt, "/channel@c8000000", "compatible"), "zonevisor,channel");
	assert_string_equal(str_prop(fdt, "/channel@c8000000", "zonevisor,channel-name"), "pp");
	assert_int_equal(u32_prop(fdt, "/channel@c8000000", "zonevisor,channel-id", 0), 3);
	assert_int_equal(u32_prop(fdt, "/channel@c8000000", "zonevisor,doorbell", 0), 20);
	assert_int_equal(u32_prop(fdt, "/channel@c8000000", "zonevisor,peers", 0), 9);
	assert_int_equal(u32_prop(fdt, "/channel@c8000000", "zonevisor,peers", 1), 7);
	node = fdt_path_offset(fdt, "/channel@c8000000");
	assert_non_null(fdt_getprop(fdt, node, "read-only", NULL));
	assert_true(fdt_path_offset(fdt, "/channel@c9000000") < 0);
	free(fdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_riscv_tree, setup),
	    cmocka_unit_test_setup(test_testdev_no_uart, setup),
	    cmocka_unit_test_setup(test_loongarch_power, setup),
	    cmocka_unit_test_setup(test_flash_rom_nodes, setup),
	    cmocka_unit_test_setup(test_initrd_at_zero, setup),
	    cmocka_unit_test_setup(test_aarch64_pl011, setup),
	    cmocka_unit_test_setup(test_aarch64_ns16550, setup),
	    cmocka_unit_test_setup(test_unknown_isa, setup),
	    cmocka_unit_test_setup(test_channel_node, setup),
	};

	return cmocka_run_group_tests_name("guest_dt", tests, NULL, NULL);
}
