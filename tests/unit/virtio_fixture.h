/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture of test_virtio.c and test_virtq.c: a zone whose RAM and
 * ROM are buffers, a test device recording notify and reset, and a driver
 * that sets up queue 0 and offers chains through the register model.
 * Each including test is one translation unit, so the statics are its own.
 */
#ifndef ZV_TEST_VIRTIO_FIXTURE_H
#define ZV_TEST_VIRTIO_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zv/virtio.h>
#include <zv/zone.h>

#include "stubs.h"

#define RAM_GPA 0x80000000ULL
#define RAM_SIZE 0x10000
#define ROM_GPA 0x90000000ULL
#define ROM_SIZE 0x1000
#define DEV_GPA 0x0a000000ULL
#define DEV_IRQ 8
#define QMAX 8

/* Ring layout the tests' driver uses, as offsets into RAM. */
#define DESC_OFF 0x1000
#define AVAIL_OFF 0x2000
#define USED_OFF 0x3000
#define BUF_OFF 0x4000

static _Alignas(4096) u8 ram[RAM_SIZE];
static _Alignas(4096) u8 rom[ROM_SIZE];
static struct zv_zone_cfg cfg;
static struct zone zone;
static struct virtio_dev dev;

/* ---- The test device: records what notify and reset saw ---- */

static struct {
	int notifies, resets, chains, config_reads;
	u32 last_q;
	int last_err;
	const char *why;
	struct virtq_chain chain;
	u8 config[12];
} td;

static int td_config_read(struct virtio_dev *d, u32 off, u8 width, u64 *val)
{
	td.config_reads++;
	*val = 0;
	memcpy(val, td.config + off, width);
	return 0;
}

static void td_config_write(struct virtio_dev *d, u32 off, u8 width, u64 val)
{
	memcpy(td.config + off, &val, width);
}

/* Pop every pending chain, answer each with its writable length. */
static void td_notify(struct virtio_dev *d, u32 q)
{
	int r;

	td.notifies++;
	td.last_q = q;
	while ((r = virtq_pop(d->zone, &d->vq[q], &d->chain, &td.why)) == 1) {
		td.chains++;
		td.chain = d->chain;
		virtq_push(&d->vq[q], d->chain.head, (u32)d->chain.in_bytes);
		virtio_dev_used_irq(d, q);
	}
	td.last_err = r;
	if (r < 0)
		virtio_dev_fail(d, td.why);
}

static void td_reset(struct virtio_dev *d)
{
	td.resets++;
}

static const struct virtio_ops td_ops = {
    .name = "virtio-test",
    .device_id = 42,
    .nr_queues = 2,
    .queue_max = QMAX,
    .features = BIT(3),
    .config_size = sizeof(td.config),
    .config_read = td_config_read,
    .config_write = td_config_write,
    .notify = td_notify,
    .reset = td_reset,
};

/* ---- Helpers: a driver ---- */

static inline u32 rd(u32 off)
{
	return (u32)virtio_mmio_read(&dev, off, 4);
}

static inline void wr(u32 off, u32 val)
{
	virtio_mmio_write(&dev, off, 4, val);
}

static inline struct virtq_desc *desc(u16 i)
{
	return (struct virtq_desc *)(ram + DESC_OFF) + i;
}

static inline u16 *avail(void)
{
	return (u16 *)(ram + AVAIL_OFF);
}

static inline u32 *used_elem(u16 i)
{
	return (u32 *)(ram + USED_OFF + 4) + 2 * i;
}

static inline u16 used_idx(void)
{
	return ((u16 *)(ram + USED_OFF))[1];
}

static inline void negotiate(u64 features)
{
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (u32)features);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (u32)(features >> 32));
	wr(VIRTIO_MMIO_STATUS,
	   VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
}

static inline void queue_set(u32 q, u32 num, u64 d, u64 a, u64 u)
{
	wr(VIRTIO_MMIO_QUEUE_SEL, q);
	wr(VIRTIO_MMIO_QUEUE_NUM, num);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)d);
	wr(VIRTIO_MMIO_QUEUE_DESC_HIGH, (u32)(d >> 32));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (u32)a);
	wr(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (u32)(a >> 32));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (u32)u);
	wr(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (u32)(u >> 32));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
}

/* A working device with queue 0 ready. */
static inline void bring_up(void)
{
	negotiate(BIT(VIRTIO_F_VERSION_1) | BIT(3));
	queue_set(0, QMAX, RAM_GPA + DESC_OFF, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK, VIRTIO_STATUS_DRIVER_OK);
}

static inline void set_desc(u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	*desc(i) = (struct virtq_desc){.addr = addr, .len = len, .flags = flags, .next = next};
}

/* Offer chain 'head' in the avail ring and kick queue 0. */
static inline void offer(u16 head)
{
	avail()[2 + (avail()[1] % QMAX)] = head;
	avail()[1]++;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static inline bool needs_reset(void)
{
	return rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET;
}

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	memset(&td, 0, sizeof(td));
	memset(&zone, 0, sizeof(zone));
	memset(&cfg, 0, sizeof(cfg));
	memset(&stub_irq, 0, sizeof(stub_irq));
	strcpy(cfg.name, "guest");
	cfg.nr_ram = 2;
	cfg.ram[0] = (struct zv_region){RAM_GPA, (u64)(uintptr_t)ram, RAM_SIZE};
	cfg.ram_kind[0] = ZV_MEM_RAM;
	cfg.ram[1] = (struct zv_region){ROM_GPA, (u64)(uintptr_t)rom, ROM_SIZE};
	cfg.ram_kind[1] = ZV_MEM_ROM;
	zone.cfg = &cfg;
	zone.msg.credit = ZONE_MSG_BURST;
	assert_int_equal(virtio_mmio_attach(&zone, &dev, DEV_GPA, DEV_IRQ, &td_ops, &td), 0);
	td.resets = 0;
	return 0;
}

#endif
