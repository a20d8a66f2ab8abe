/* SPDX-License-Identifier: MIT */
/*
 * config_check(): a valid two-zone table passes, and each single defect
 * yields exactly one error naming the right zone and field. Images, flash
 * and device windows: test_config_layout.c; the fixture: config_fixture.h.
 */
#include "config_fixture.h"

static void test_boards_table(void **state)
{
	(void)state;
	assert_non_null(board);
	assert_string_equal(board->isa, "riscv64");
	assert_null(find_board("no-such-board"));
}

static void test_valid(void **state)
{
	(void)state;
	assert_int_equal(run(), 0);
	assert_int_equal(config_check(&cfg, board, NULL, NULL), 0); /* report is optional */
}

static void test_header(void **state)
{
	(void)state;
	cfg.magic = 0;
	expect_one("zone '-': magic: bad magic");
	setup(NULL);
	cfg.version = 99;
	expect_one("version: version 99");
	setup(NULL);
	cfg.size = 8;
	expect_one("size: table size 8");
	setup(NULL);
	strcpy(cfg.platform, "qemu-aarch64-virt");
	expect_one("platform: table is not for platform 'qemu-riscv64-virt'");
}

static void test_checksum(void **state)
{
	(void)state;
	cfg.checksum = zv_cfg_checksum(&cfg) ^ 1;
	assert_int_equal(config_check(&cfg, board, record, NULL), 1);
	assert_non_null(strstr(errs[0], "checksum: checksum mismatch"));
}

static void test_nr_zones(void **state)
{
	(void)state;
	cfg.nr_zones = 0;
	expect_one("zones: 0 zones, must be 1..8");
	cfg.nr_zones = ZV_MAX_ZONES + 1;
	expect_one("zones: 9 zones");
	cfg.nr_zones = 2;
	cfg.console_focus = 2;
	expect_one("console-focus: zone index 2 out of range");
	cfg.console_focus = 1;
	assert_int_equal(run(), 0);
}

static void test_names(void **state)
{
	(void)state;
	cfg.zones[1].name[0] = 0;
	expect_one("zone '#1': name: empty zone name");
	memset(cfg.zones[1].name, 'x', ZV_NAME_LEN);
	expect_one("zone '#1': name: zone name longer than 23");
	strcpy(cfg.zones[1].name, "linux");
	expect_one("zone 'linux': name: zone name 'linux' used twice");
}

static void test_ids_flags_devices(void **state)
{
	(void)state;
	cfg.zones[1].id = 0;
	expect_one("zone 'bare': id: id 0 already used by zone 'linux'");
	cfg.zones[1].id = 1;
	cfg.zones[1].flags = 0x10;
	expect_one("zone 'bare': flags: unknown flag bits 0x10");
	cfg.zones[1].flags = 0;
	cfg.zones[1].devices |= 0x80;
	expect_one("zone 'bare': devices: unknown device bits 0x80");
	cfg.zones[1].devices = 0;
	memset(cfg.zones[1].bootargs, 'a', ZV_ARGS_LEN);
	expect_one("zone 'bare': bootargs: longer than 255");
}

static void test_cpus(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_cpus = 0;
	expect_one("zone 'bare': cpus: no CPUs");
	z->nr_cpus = ZV_MAX_VCPUS + 1;
	assert_true(run() >= 1);
	assert_non_null(strstr(errs[0], "cpus: 9 CPUs, at most 8"));
	z->nr_cpus = 2;
	z->cpus[1] = 4;
	expect_one("zone 'bare': cpus: CPU 4 does not exist (platform has 4)");
	z->cpus[1] = 2;
	expect_one("zone 'bare': cpus: CPU 2 listed twice");
	z->cpus[1] = 1;
	expect_one("zone 'bare': cpus: CPU 1 already belongs to zone 'linux'");
}

static void test_ram_shape(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_ram = 0;
	assert_true(run() >= 1); /* the entry and kernel then lie outside RAM too */
	assert_non_null(strstr(errs[0], "zone 'bare': memory: no RAM"));
	z->nr_ram = ZV_MAX_RAM + 1;
	assert_true(run() >= 1);
	assert_non_null(
	    strstr(errs[0], "memory: 5 regions (memory, flash and rom together), at most 4"));
	z->nr_ram = 2;
	z->ram[1] = (struct zv_region){0x40000000, 0x89000000, 0};
	expect_one("zone 'bare': memory[1]: zero size");
	z->ram[1].size = 0x800;
	expect_one("memory[1]: base or size not aligned to the page size 0x1000");
	z->ram[1] = (struct zv_region){0x40000800, 0x89000000, 0x1000};
	expect_one("memory[1]: base or size not aligned");
	z->ram[1] = (struct zv_region){0xfffffffffffff000, 0x89000000, 0x2000};
	expect_one("memory[1]: range wraps around");
}

static void test_ram_placement(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_ram = 2;
	z->ram[1] = (struct zv_region){0x40000000, 0x100000000, 0x1000};
	expect_one("memory[1]: host range 0x100000000-0x100000fff outside platform RAM "
		   "(0x80000000-0xffffffff)");
	z->ram[1].hpa = 0x87fff000;
	expect_one("memory[1]: host range 0x87fff000-0x87ffffff overlaps the hypervisor "
		   "(0x80000000-0x87ffffff)");
	z->ram[1].hpa = 0x9ffff000;
	expect_one(
	    "zone 'bare': memory[1]: overlaps zone 'linux' memory[0] (0x90000000-0x9fffffff)");
	z->ram[1].hpa = 0x88fff000;
	expect_one("zone 'bare': memory[1]: overlaps memory[0] (0x88000000-0x88ffffff)");
	z->ram[1] = (struct zv_region){0x88800000, 0x89000000, 0x1000};
	expect_one(
	    "zone 'bare': memory[1]: guest range overlaps memory[0] (0x88000000-0x88ffffff)");
	z->ram[1].gpa = 0x40000000;
	assert_int_equal(run(), 0);
}

static void test_passthru(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_passthru = 1;
	z->passthru[0] = (struct zv_region){0x10001000, 0x10001000, 0x1000};
	expect_one("zone 'bare': passthrough[0]: overlaps zone 'linux' passthrough[0] "
		   "(0x10001000-0x10001fff)");
	z->passthru[0] = (struct zv_region){0x80000000, 0x80000000, 0x1000};
	expect_one("passthrough[0]: 0x80000000-0x80000fff outside the platform device window "
		   "(0x0-0x7fffffff)");
	z->passthru[0] = (struct zv_region){0x0c000000, 0x0c000000, 0x1000};
	expect_one("passthrough[0]: overlaps a device the hypervisor keeps (0xc000000-0xc5fffff)");
	z->passthru[0] = (struct zv_region){0x10002000, 0x10003000, 0x1000};
	expect_one("passthrough[0]: not identity-mapped");
	z->passthru[0] = (struct zv_region){0x10002000, 0x10002000, 0x1001};
	expect_one("passthrough[0]: base or size not aligned");
	z->passthru[0] = (struct zv_region){0x10010000, 0x10010000, 0x1000};
	expect_one(
	    "zone 'bare': testdev: guest range overlaps passthrough[0] (0x10010000-0x10010fff)");
	z->nr_passthru = 2;
	z->passthru[0] = (struct zv_region){0x10002000, 0x10002000, 0x2000};
	z->passthru[1] = (struct zv_region){0x10003000, 0x10003000, 0x1000};
	expect_one("zone 'bare': passthrough[1]: guest range overlaps passthrough[0] "
		   "(0x10002000-0x10003fff)");
	z->nr_passthru = ZV_MAX_PASSTHRU + 1;
	assert_true(run() >= 1);
	assert_non_null(strstr(errs[0], "passthrough: 9 regions, at most 8"));
}

static void test_irqs(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_irqs = 1;
	z->irqs[0] = 0;
	expect_one("zone 'bare': interrupts: interrupt 0 is out of range (platform range 1..95)");
	z->irqs[0] = 96;
	expect_one("interrupt 96 is out of range");
	z->irqs[0] = 10;
	expect_one("interrupt 10 belongs to the hypervisor");
	z->irqs[0] = 12;
	expect_one("interrupt 12 is the emulated testdev's");
	z->irqs[0] = 1;
	expect_one("zone 'bare': interrupts: interrupt 1 already belongs to zone 'linux'");
	z->nr_irqs = 2;
	z->irqs[0] = 5, z->irqs[1] = 5;
	expect_one("interrupts: interrupt 5 listed twice");
	z->irqs[1] = 6;
	assert_int_equal(run(), 0);
	z->nr_irqs = ZV_MAX_IRQS + 1;
	assert_true(run() >= 1);
	assert_non_null(strstr(errs[0], "interrupts: 17 interrupts, at most 16"));
}

static void test_entry(void **state)
{
	(void)state;
	cfg.zones[1].entry = 0x89000000;
	expect_one("zone 'bare': entry: 0x89000000 is outside the zone's RAM");
	/* The first instruction must fit: the last 4 bytes of RAM do, the
	 * last 3 do not. */
	cfg.zones[1].entry = 0x88fffffd;
	expect_one("zone 'bare': entry: 0x88fffffd is outside the zone's RAM");
	cfg.zones[1].entry = 0x88fffffc;
	assert_int_equal(run(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_boards_table, setup),
	    cmocka_unit_test_setup(test_valid, setup),
	    cmocka_unit_test_setup(test_header, setup),
	    cmocka_unit_test_setup(test_checksum, setup),
	    cmocka_unit_test_setup(test_nr_zones, setup),
	    cmocka_unit_test_setup(test_names, setup),
	    cmocka_unit_test_setup(test_ids_flags_devices, setup),
	    cmocka_unit_test_setup(test_cpus, setup),
	    cmocka_unit_test_setup(test_ram_shape, setup),
	    cmocka_unit_test_setup(test_ram_placement, setup),
	    cmocka_unit_test_setup(test_passthru, setup),
	    cmocka_unit_test_setup(test_irqs, setup),
	    cmocka_unit_test_setup(test_entry, setup),
	};

	return cmocka_run_group_tests_name("config_check", tests, NULL, NULL);
}
