/* SPDX-License-Identifier: MIT */
/*
 * config_check(): a valid two-zone table passes, and each single defect
 * yields exactly one error naming the right zone and field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <zv/config.h>

#define MAX_ERRS 32

static struct zv_config cfg;
static const struct zv_board *board;
static char errs[MAX_ERRS][320];
static int nr_errs;

static void record(void *ctx, const char *zone, const char *field, const char *msg)
{
	(void)ctx;
	if (nr_errs < MAX_ERRS)
		snprintf(errs[nr_errs], sizeof(errs[0]), "zone '%s': %s: %s", zone ? zone : "-", field,
			 msg);
	nr_errs++;
}

static const struct zv_board *find_board(const char *name)
{
	for (const struct zv_board *const *b = zv_boards; *b; b++)
		if (!strcmp((*b)->name, name))
			return *b;
	return NULL;
}

/* Mirrors configs/qemu-riscv64-virt/demo.dts, plus a passthrough device. */
static int setup(void **state)
{
	struct zv_zone_cfg *l = &cfg.zones[0], *b = &cfg.zones[1];

	(void)state;
	board = find_board("qemu-riscv64-virt");
	memset(&cfg, 0, sizeof(cfg));
	cfg.magic = ZV_CFG_MAGIC;
	cfg.version = ZV_CFG_VERSION;
	cfg.size = sizeof(cfg);
	strcpy(cfg.platform, "qemu-riscv64-virt");
	cfg.nr_zones = 2;

	strcpy(l->name, "linux");
	l->flags = ZV_ZONE_LINUX;
	l->nr_cpus = 2, l->cpus[0] = 0, l->cpus[1] = 1;
	l->nr_ram = 1, l->ram[0] = (struct zv_region){0x90000000, 0x90000000, 0x10000000};
	l->nr_passthru = 1, l->passthru[0] = (struct zv_region){0x10001000, 0x10001000, 0x1000};
	l->nr_irqs = 1, l->irqs[0] = 1;
	l->devices = ZV_DEV_UART;
	l->entry = 0x90000000;
	l->image[ZV_IMG_KERNEL] = (struct zv_image){0x90000000, 0x81000000, 0x100000};
	l->image[ZV_IMG_INITRD] = (struct zv_image){0x9c000000, 0x81100000, 0x10000};
	l->image[ZV_IMG_DTB] = (struct zv_image){0x9fe00000, 0x81200000, 0x1000};
	strcpy(l->bootargs, "console=ttyS0");

	strcpy(b->name, "bare");
	b->id = 1;
	b->nr_cpus = 2, b->cpus[0] = 2, b->cpus[1] = 3;
	b->nr_ram = 1, b->ram[0] = (struct zv_region){0x88000000, 0x88000000, 0x1000000};
	b->devices = ZV_DEV_UART | ZV_DEV_TESTDEV;
	b->entry = 0x88000000;
	b->image[ZV_IMG_KERNEL] = (struct zv_image){0x88000000, 0x81300000, 0x2000};
	nr_errs = 0;
	return 0;
}

static int run(void)
{
	cfg.checksum = zv_cfg_checksum(&cfg);
	nr_errs = 0;
	return config_check(&cfg, board, record, NULL);
}

/* Exactly one error, and it contains 'want'. */
static void expect_one(const char *want)
{
	int n = run();

	if (n != 1 || !strstr(errs[0], want))
		for (int i = 0; i < nr_errs && i < MAX_ERRS; i++)
			print_message("  reported: %s\n", errs[i]);
	assert_int_equal(n, nr_errs);
	assert_int_equal(n, 1);
	assert_non_null(strstr(errs[0], want));
}

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
	expect_one("memory[1]: host range 0x100000000-0x100000fff outside platform RAM (0x80000000-0xffffffff)");
	z->ram[1].hpa = 0x87fff000;
	expect_one("memory[1]: host range 0x87fff000-0x87ffffff overlaps the hypervisor (0x80000000-0x87ffffff)");
	z->ram[1].hpa = 0x9ffff000;
	expect_one("zone 'bare': memory[1]: overlaps zone 'linux' memory[0] (0x90000000-0x9fffffff)");
	z->ram[1].hpa = 0x88fff000;
	expect_one("zone 'bare': memory[1]: overlaps memory[0] (0x88000000-0x88ffffff)");
	z->ram[1] = (struct zv_region){0x88800000, 0x89000000, 0x1000};
	expect_one("zone 'bare': memory[1]: guest range overlaps memory[0] (0x88000000-0x88ffffff)");
	z->ram[1].gpa = 0x40000000;
	assert_int_equal(run(), 0);
}

static void test_passthru(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_passthru = 1;
	z->passthru[0] = (struct zv_region){0x10001000, 0x10001000, 0x1000};
	expect_one("zone 'bare': passthrough[0]: overlaps zone 'linux' passthrough[0] (0x10001000-0x10001fff)");
	z->passthru[0] = (struct zv_region){0x80000000, 0x80000000, 0x1000};
	expect_one("passthrough[0]: 0x80000000-0x80000fff outside the platform device window (0x0-0x7fffffff)");
	z->passthru[0] = (struct zv_region){0x0c000000, 0x0c000000, 0x1000};
	expect_one("passthrough[0]: overlaps a device the hypervisor keeps (0xc000000-0xc5fffff)");
	z->passthru[0] = (struct zv_region){0x10002000, 0x10003000, 0x1000};
	expect_one("passthrough[0]: not identity-mapped");
	z->passthru[0] = (struct zv_region){0x10002000, 0x10002000, 0x1001};
	expect_one("passthrough[0]: base or size not aligned");
	z->passthru[0] = (struct zv_region){0x10010000, 0x10010000, 0x1000};
	expect_one("zone 'bare': testdev: guest range overlaps passthrough[0] (0x10010000-0x10010fff)");
	z->nr_passthru = 2;
	z->passthru[0] = (struct zv_region){0x10002000, 0x10002000, 0x2000};
	z->passthru[1] = (struct zv_region){0x10003000, 0x10003000, 0x1000};
	expect_one("zone 'bare': passthrough[1]: guest range overlaps passthrough[0] (0x10002000-0x10003fff)");
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

static void test_images(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[0];
	struct zv_image *k = &z->image[ZV_IMG_KERNEL];

	(void)state;
	*k = (struct zv_image){0};
	expect_one("zone 'linux': kernel: no kernel image");
	*k = (struct zv_image){0x90000000, 0x81000000, 0};
	expect_one("zone 'linux': kernel: empty image");
	*k = (struct zv_image){0x9ff80000, 0x81000000, 0x100000};
	expect_one("kernel: image at 0x9ff80000 (0x100000 bytes) does not fit in the zone's RAM");
	k->gpa = 0x90000000;
	k->src = 0x88000000;
	expect_one("kernel: staging copy at 0x88000000 (0x100000 bytes) outside the staging area (0x81000000-0x87ffffff)");
	k->src = 0x81000000;
	z->image[ZV_IMG_DTB].gpa = 0x900ff000;
	expect_one("zone 'linux': dtb: overlaps kernel (0x90000000-0x900fffff)");
	z->image[ZV_IMG_DTB].gpa = 0x9fe00000;
	z->image[ZV_IMG_DTB].src = 0x81300000;
	expect_one("zone 'bare': kernel: staging copy overlaps zone 'linux' dtb (0x81300000-0x81300fff)");
}

/* An image must lie within one region, even if two regions are adjacent. */
static void test_image_straddles_regions(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_ram = 2;
	z->ram[1] = (struct zv_region){0x89000000, 0x89000000, 0x1000000};
	z->image[ZV_IMG_KERNEL].gpa = 0x88fff000;
	expect_one("zone 'bare': kernel: image at 0x88fff000 (0x2000 bytes) does not fit");
}

static void test_emulated_device_collision(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_ram = 2;
	z->ram[1] = (struct zv_region){0x10000000, 0x89000000, 0x1000};
	expect_one("zone 'bare': uart: guest range overlaps memory[1] (0x10000000-0x10000fff)");
	z->devices = 0;
	assert_int_equal(run(), 0);
}

/* An image may sit at guest address 0: presence is a size, not an address. */
static void test_image_at_zero(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];
	struct zv_image *rd = &z->image[ZV_IMG_INITRD];

	(void)state;
	*rd = (struct zv_image){0, 0x81400000, 0x100};
	expect_one(
	    "zone 'bare': initrd: image at 0x0 (0x100 bytes) does not fit in the zone's RAM");
	z->nr_ram = 2;
	z->ram[1] = (struct zv_region){0x0, 0x89000000, 0x1000};
	assert_int_equal(run(), 0);
	z->entry = 0;
	assert_int_equal(run(), 0);
	*rd = (struct zv_image){0, 0x81300000, 0x100};
	expect_one("zone 'bare': initrd: staging copy overlaps kernel (0x81300000-0x81301fff)");
	/* Size 0 is absent when all else is 0 too, and refused otherwise. */
	*rd = (struct zv_image){0, 0x81400000, 0};
	expect_one("zone 'bare': initrd: empty image");
	*rd = (struct zv_image){0};
	assert_int_equal(run(), 0);
	z->image[ZV_IMG_KERNEL] = (struct zv_image){0x0, 0x81300000, 0x2000};
	expect_one("zone 'bare': kernel: image at 0x0 (0x2000 bytes) does not fit");
	z->image[ZV_IMG_KERNEL].size = 0x1000;
	assert_int_equal(run(), 0);
}

/* flash and rom regions: checked as RAM is, named as written. */
static void test_flash_rom(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];

	(void)state;
	z->nr_ram = 4;
	z->ram[1] = (struct zv_region){0x20000000, 0x89000000, 0x100000};
	z->ram_kind[1] = ZV_MEM_FLASH;
	z->ram[2] = (struct zv_region){0x21000000, 0x89100000, 0x1000};
	z->ram_kind[2] = ZV_MEM_ROM;
	z->ram[3] = (struct zv_region){0x22000000, 0x89200000, 0x1000};
	z->ram_kind[3] = ZV_MEM_FLASH;
	assert_int_equal(run(), 0);
	/* Images and the entry may lie in any of them. */
	z->image[ZV_IMG_KERNEL].gpa = 0x20000000, z->entry = 0x20000000;
	z->image[ZV_IMG_INITRD] = (struct zv_image){0x21000000, 0x81400000, 0x1000};
	assert_int_equal(run(), 0);
	z->ram[3].hpa = 0x90000000;
	expect_one(
	    "zone 'bare': flash[1]: overlaps zone 'linux' memory[0] (0x90000000-0x9fffffff)");
	z->ram[3].hpa = 0x89100000;
	expect_one("zone 'bare': flash[1]: overlaps rom[0] (0x89100000-0x89100fff)");
	z->ram[3] = (struct zv_region){0x21000000, 0x89200000, 0x1000};
	expect_one("zone 'bare': flash[1]: guest range overlaps rom[0] (0x21000000-0x21000fff)");
	z->ram[3] = (struct zv_region){0x22000000, 0x87fff000, 0x1000};
	expect_one(
	    "zone 'bare': flash[1]: host range 0x87fff000-0x87ffffff overlaps the hypervisor");
	z->ram[3].hpa = 0x100000000;
	expect_one(
	    "zone 'bare': flash[1]: host range 0x100000000-0x100000fff outside platform RAM");
	z->ram[3] = (struct zv_region){0x22000800, 0x89200000, 0x1000};
	expect_one("zone 'bare': flash[1]: base or size not aligned");
	z->ram[3] = (struct zv_region){0x22000000, 0x89200000, 0};
	expect_one("zone 'bare': flash[1]: zero size");
	z->ram[3] = (struct zv_region){0x20000000000, 0x89200000, 0x1000};
	expect_one("zone 'bare': flash[1]: guest range 0x20000000000-0x20000000fff beyond the "
		   "platform's 41-bit");
	z->ram[3] = (struct zv_region){0x0c000000, 0x89200000, 0x1000};
	expect_one(
	    "zone 'bare': flash[1]: guest range 0xc000000-0xc000fff overlaps the emulated plic");
	z->ram[3] = (struct zv_region){0x22000000, 0x89200000, 0x1000};
	z->ram_kind[3] = 7;
	expect_one("zone 'bare': memory[3]: unknown region kind 7");
	z->ram_kind[3] = ZV_MEM_FLASH;
	z->ram_kind[0] = ZV_MEM_ROM;
	expect_one("zone 'bare': memory: the first region is rom, not RAM");
}

/* RAM or passthrough over a window the port emulates in every zone (the
 * interrupt controller) hides it from the guest: refused. */
static void test_emulated_windows(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];
	static struct zv_board nohv;

	(void)state;
	z->nr_ram = 2;
	z->ram[1] = (struct zv_region){0x0c5ff000, 0x89000000, 0x2000};
	expect_one("zone 'bare': memory[1]: guest range 0xc5ff000-0xc600fff overlaps the emulated "
		   "plic (0xc000000-0xc5fffff)");
	z->ram[1].gpa = 0x0c600000;
	assert_int_equal(run(), 0);
	/* A passthrough region over one, where no hypervisor device is. */
	nohv = *board;
	memset(nohv.hv_devices, 0, sizeof(nohv.hv_devices));
	board = &nohv;
	z->nr_passthru = 1;
	z->passthru[0] = (struct zv_region){0x0c000000, 0x0c000000, 0x1000};
	expect_one("zone 'bare': passthrough[0]: overlaps the emulated plic (0xc000000-0xc5fffff)");
	/* Each board names its windows. */
	assert_string_equal(find_board("qemu-aarch64-virt")->emulated[0].name, "gicd");
	assert_int_equal(find_board("qemu-aarch64-virt")->emulated[0].base, 0x08000000);
	assert_string_equal(find_board("qemu-aarch64-virt")->emulated[1].name, "gicr");
	assert_string_equal(find_board("qemu-loongarch64-virt")->emulated[0].name, "pch-pic");
	assert_string_equal(find_board("qemu-loongarch64-virt")->emulated[1].name, "ged");
}

/* One console UART, of a model the board offers; every name of it is the
 * same device at the board's UART address. */
static void test_uart_models(void **state)
{
	struct zv_zone_cfg *z = &cfg.zones[1];
	const struct zv_board *a64 = find_board("qemu-aarch64-virt");

	(void)state;
	assert_int_equal(config_uart_model(board, ZV_DEV_UART), ZV_UART_NS16550);
	assert_int_equal(config_uart_model(a64, ZV_DEV_UART | ZV_DEV_TESTDEV), ZV_UART_PL011);
	assert_int_equal(config_uart_model(a64, ZV_DEV_NS16550), ZV_UART_NS16550);
	assert_int_equal(config_uart_model(a64, ZV_DEV_TESTDEV), ZV_UART_NONE);
	z->devices = ZV_DEV_NS16550 | ZV_DEV_TESTDEV;
	assert_int_equal(run(), 0);
	z->devices = ZV_DEV_PL011;
	expect_one("zone 'bare': devices: platform 'qemu-riscv64-virt' offers no pl011 console UART");
	z->devices = ZV_DEV_UART | ZV_DEV_NS16550;
	expect_one("zone 'bare': devices: more than one console UART");
	/* A UART by name takes the UART's address too. */
	z->devices = ZV_DEV_NS16550;
	z->nr_ram = 2;
	z->ram[1] = (struct zv_region){0x10000000, 0x89000000, 0x1000};
	expect_one("zone 'bare': uart: guest range overlaps memory[1]");
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
	    cmocka_unit_test_setup(test_images, setup),
	    cmocka_unit_test_setup(test_image_straddles_regions, setup),
	    cmocka_unit_test_setup(test_emulated_device_collision, setup),
	    cmocka_unit_test_setup(test_image_at_zero, setup),
	    cmocka_unit_test_setup(test_flash_rom, setup),
	    cmocka_unit_test_setup(test_emulated_windows, setup),
	    cmocka_unit_test_setup(test_uart_models, setup),
	};

	return cmocka_run_group_tests_name("config_check", tests, NULL, NULL);
}
