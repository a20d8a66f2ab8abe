/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture of test_config.c and test_config_layout.c: a valid
 * two-zone table for qemu-riscv64-virt, and config_check() run on it with
 * every error recorded as "zone 'name': field: message".
 */
#ifndef ZV_TEST_CONFIG_FIXTURE_H
#define ZV_TEST_CONFIG_FIXTURE_H

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

static inline void record(void *ctx, const char *zone, const char *field, const char *msg)
{
	(void)ctx;
	if (nr_errs < MAX_ERRS)
		snprintf(errs[nr_errs], sizeof(errs[0]), "zone '%s': %s: %s", zone ? zone : "-",
			 field, msg);
	nr_errs++;
}

static inline const struct zv_board *find_board(const char *name)
{
	for (const struct zv_board *const *b = zv_boards; *b; b++)
		if (!strcmp((*b)->name, name))
			return *b;
	return NULL;
}

/* Mirrors configs/qemu-riscv64-virt/demo.dts, plus a passthrough device. */
static inline int setup(void **state)
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

static inline int run(void)
{
	cfg.checksum = zv_cfg_checksum(&cfg);
	nr_errs = 0;
	return config_check(&cfg, board, record, NULL);
}

/* Exactly one error, and it contains 'want'. */
static inline void expect_one(const char *want)
{
	int n = run();

	if (n != 1 || !strstr(errs[0], want))
		for (int i = 0; i < nr_errs && i < MAX_ERRS; i++)
			print_message("  reported: %s\n", errs[i]);
	assert_int_equal(n, nr_errs);
	assert_int_equal(n, 1);
	assert_non_null(strstr(errs[0], want));
}

#endif
