/* SPDX-License-Identifier: MIT */
/*
 * config_check() on where things sit in a zone: boot images, flash ROMs,
 * emulated device windows and UART models. Each single defect yields
 * exactly one error naming the right zone and field.
 */
#include "config_fixture.h"

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
	expect_one("kernel: staging copy at 0x88000000 (0x100000 bytes) outside the staging area "
		   "(0x81000000-0x87ffffff)");
	k->src = 0x81000000;
	z->image[ZV_IMG_DTB].gpa = 0x900ff000;
	expect_one("zone 'linux': dtb: overlaps kernel (0x90000000-0x900fffff)");
	z->image[ZV_IMG_DTB].gpa = 0x9fe00000;
	z->image[ZV_IMG_DTB].src = 0x81300000;
	expect_one(
	    "zone 'bare': kernel: staging copy overlaps zone 'linux' dtb (0x81300000-0x81300fff)");
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
	expect_one(
	    "zone 'bare': devices: platform 'qemu-riscv64-virt' offers no pl011 console UART");
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
	    cmocka_unit_test_setup(test_images, setup),
	    cmocka_unit_test_setup(test_image_straddles_regions, setup),
	    cmocka_unit_test_setup(test_emulated_device_collision, setup),
	    cmocka_unit_test_setup(test_image_at_zero, setup),
	    cmocka_unit_test_setup(test_flash_rom, setup),
	    cmocka_unit_test_setup(test_emulated_windows, setup),
	    cmocka_unit_test_setup(test_uart_models, setup),
	};

	return cmocka_run_group_tests_name("config_check_layout", tests, NULL, NULL);
}
