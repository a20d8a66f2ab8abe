/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio transport and the split-virtqueue walker, driven as a
 * driver would through the register model, with the rings in a buffer
 * that stands for the zone's RAM: identification, feature negotiation,
 * queue setup, a chain through notify to the used ring and the interrupt,
 * and every refusal of the policy (NEEDS_RESET + config interrupt, nothing
 * touched outside the zone's memory).
 */
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

static u32 rd(u32 off)
{
	return (u32)virtio_mmio_read(&dev, off, 4);
}

static void wr(u32 off, u32 val)
{
	virtio_mmio_write(&dev, off, 4, val);
}

static struct virtq_desc *desc(u16 i)
{
	return (struct virtq_desc *)(ram + DESC_OFF) + i;
}

static u16 *avail(void)
{
	return (u16 *)(ram + AVAIL_OFF);
}

static u32 *used_elem(u16 i)
{
	return (u32 *)(ram + USED_OFF + 4) + 2 * i;
}

static u16 used_idx(void)
{
	return ((u16 *)(ram + USED_OFF))[1];
}

static void negotiate(u64 features)
{
	wr(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (u32)features);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, (u32)(features >> 32));
	wr(VIRTIO_MMIO_STATUS,
	   VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
}

static void queue_set(u32 q, u32 num, u64 d, u64 a, u64 u)
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
static void bring_up(void)
{
	negotiate(BIT(VIRTIO_F_VERSION_1) | BIT(3));
	queue_set(0, QMAX, RAM_GPA + DESC_OFF, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK, VIRTIO_STATUS_DRIVER_OK);
}

static void set_desc(u16 i, u64 addr, u32 len, u16 flags, u16 next)
{
	*desc(i) = (struct virtq_desc){.addr = addr, .len = len, .flags = flags, .next = next};
}

/* Offer chain 'head' in the avail ring and kick queue 0. */
static void offer(u16 head)
{
	avail()[2 + (avail()[1] % QMAX)] = head;
	avail()[1]++;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static bool needs_reset(void)
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

/* ---- Tests ---- */

static void test_identity(void **state)
{
	(void)state;
	assert_int_equal(rd(VIRTIO_MMIO_MAGIC), 0x74726976);
	assert_int_equal(rd(VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_ID), 42);
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), BIT(3));
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 1); /* VERSION_1 */
	wr(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(rd(VIRTIO_MMIO_DEVICE_FEATURES), 0);
	wr(VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), QMAX);
	wr(VIRTIO_MMIO_QUEUE_SEL, 2); /* no such queue */
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	/* Registers are 32-bit only. */
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_MAGIC, 1), 0);
}

static void test_features_need_version_1(void **state)
{
	(void)state;
	negotiate(BIT(3)); /* legacy driver */
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DRIVER_OK, 0);
}

static void test_features_not_offered_refused(void **state)
{
	(void)state;
	/* Packed rings and indirect descriptors are not offered. */
	negotiate(BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_F_RING_PACKED));
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_F_INDIRECT_DESC));
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(BIT(VIRTIO_F_VERSION_1));
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK,
			 VIRTIO_STATUS_FEATURES_OK);
	/* Features are frozen once accepted. */
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 0xffffffff);
	assert_int_equal(dev.drv_features, BIT(VIRTIO_F_VERSION_1));
}

static void test_chain_round_trip(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, RAM_GPA + BUF_OFF, 16, VIRTQ_DESC_F_NEXT, 3);
	set_desc(3, RAM_GPA + BUF_OFF + 0x100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 5);
	set_desc(5, RAM_GPA + BUF_OFF + 0x400, 1, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	assert_int_equal(td.notifies, 1);
	assert_int_equal(td.chains, 1);
	assert_int_equal(td.last_err, 0);
	assert_int_equal(td.chain.nr, 3);
	assert_int_equal(td.chain.nr_out, 1);
	assert_int_equal(td.chain.out_bytes, 16);
	assert_int_equal(td.chain.in_bytes, 513);
	assert_ptr_equal((void *)(uintptr_t)td.chain.seg[1].hpa, ram + BUF_OFF + 0x100);
	assert_int_equal(used_idx(), 1);
	assert_int_equal(used_elem(0)[0], 0);
	assert_int_equal(used_elem(0)[1], 513);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_USED);
	assert_int_equal(stub_irq.irq, DEV_IRQ);
	assert_true(stub_irq.level);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED);
	assert_false(stub_irq.level);
	assert_false(needs_reset());
}

static void test_copy_helpers(void **state)
{
	u8 buf[8];

	(void)state;
	bring_up();
	memcpy(ram + BUF_OFF, "abcd", 4);
	memcpy(ram + BUF_OFF + 0x10, "efgh", 4);
	set_desc(0, RAM_GPA + BUF_OFF, 4, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, RAM_GPA + BUF_OFF + 0x10, 4, VIRTQ_DESC_F_NEXT, 2);
	set_desc(2, RAM_GPA + BUF_OFF + 0x20, 3, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 4);
	set_desc(4, RAM_GPA + BUF_OFF + 0x30, 3, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	assert_int_equal(virtq_copy_from(&td.chain, 2, buf, 8), 6);
	assert_memory_equal(buf, "cdefgh", 6);
	assert_int_equal(virtq_copy_to(&td.chain, 1, "XYZWV", 8), 5);
	assert_memory_equal(ram + BUF_OFF + 0x21, "XY", 2);
	assert_memory_equal(ram + BUF_OFF + 0x30, "ZWV", 3);
	assert_int_equal(ram[BUF_OFF + 0x20], 0);
}

static void test_no_interrupt_flag(void **state)
{
	(void)state;
	bring_up();
	avail()[0] = VIRTQ_AVAIL_F_NO_INTERRUPT;
	set_desc(0, RAM_GPA + BUF_OFF, 16, 0, 0);
	offer(0);
	assert_int_equal(used_idx(), 1);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}

/* The policy: NEEDS_RESET, a config interrupt, no used entry, and no
 * further work until the driver resets the device. */
static void assert_refused(void)
{
	assert_true(td.last_err < 0);
	assert_true(needs_reset());
	assert_true(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_INT_CONFIG);
	assert_true(stub_irq.level);
	assert_int_equal(used_idx(), 0);
	/* Dead until reset: a further notify reaches no device code. */
	int before = td.notifies;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(td.notifies, before);
	wr(VIRTIO_MMIO_STATUS, 0);
	assert_false(needs_reset());
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_false(stub_irq.level);
	assert_int_equal(td.resets, 1);
}

static void test_buffer_outside_ram(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, RAM_GPA + RAM_SIZE - 8, 16, 0, 0); /* straddles the end */
	offer(0);
	assert_int_equal(td.last_err, -ZV_EFAULT);
	assert_refused();
}

static void test_buffer_in_rom_refused(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, ROM_GPA, 16, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EFAULT);
	assert_refused();
}

/* An empty buffer just past a ROM's end still names the ROM's range. */
static void test_empty_buffer_at_rom_end(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, ROM_GPA + ROM_SIZE, 0, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EFAULT);
	assert_refused();
}

static void test_length_near_4g(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, RAM_GPA + BUF_OFF, 0xfffffff0u, VIRTQ_DESC_F_WRITE, 0);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EFAULT);
	assert_refused();
}

static void test_address_wraps(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, ~0ULL - 4, 16, 0, 0);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EFAULT);
	assert_refused();
}

static void test_chain_loop(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, RAM_GPA + BUF_OFF, 4, VIRTQ_DESC_F_NEXT, 1);
	set_desc(1, RAM_GPA + BUF_OFF, 4, VIRTQ_DESC_F_NEXT, 0);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EINVAL);
	assert_refused();
}

static void test_next_out_of_range(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, RAM_GPA + BUF_OFF, 4, VIRTQ_DESC_F_NEXT, QMAX);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EINVAL);
	assert_refused();
}

static void test_head_out_of_range(void **state)
{
	(void)state;
	bring_up();
	offer(0xffff);
	assert_int_equal(td.last_err, -ZV_EINVAL);
	assert_refused();
}

static void test_indirect_refused(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, RAM_GPA + BUF_OFF, 16, VIRTQ_DESC_F_INDIRECT, 0);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EINVAL);
	assert_refused();
}

static void test_readable_after_writable(void **state)
{
	(void)state;
	bring_up();
	set_desc(0, RAM_GPA + BUF_OFF, 4, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
	set_desc(1, RAM_GPA + BUF_OFF, 4, 0, 0);
	offer(0);
	assert_int_equal(td.last_err, -ZV_EINVAL);
	assert_refused();
}

static void test_avail_idx_runs_ahead(void **state)
{
	(void)state;
	bring_up();
	avail()[1] = QMAX + 1;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(td.last_err, -ZV_EINVAL);
	assert_int_equal(td.chains, 0);
	assert_refused();
}

static void test_rings_outside_ram(void **state)
{
	(void)state;
	negotiate(BIT(VIRTIO_F_VERSION_1));
	/* The used ring runs past the end of RAM. */
	queue_set(0, QMAX, RAM_GPA + DESC_OFF, RAM_GPA + AVAIL_OFF, RAM_GPA + RAM_SIZE - 16);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(needs_reset());
	assert_true(rd(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_INT_CONFIG);
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(BIT(VIRTIO_F_VERSION_1));
	/* The descriptor table in the hypervisor (address 0) and in a ROM. */
	queue_set(0, QMAX, 0, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	assert_true(needs_reset());
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(BIT(VIRTIO_F_VERSION_1));
	queue_set(0, QMAX, ROM_GPA, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	assert_true(needs_reset());
}

static void test_bad_queue_size(void **state)
{
	(void)state;
	negotiate(BIT(VIRTIO_F_VERSION_1));
	queue_set(0, 6, RAM_GPA + DESC_OFF, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	assert_true(needs_reset());
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(BIT(VIRTIO_F_VERSION_1));
	queue_set(0, QMAX * 2, RAM_GPA + DESC_OFF, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	assert_true(needs_reset());
	wr(VIRTIO_MMIO_STATUS, 0);
	negotiate(BIT(VIRTIO_F_VERSION_1));
	queue_set(0, QMAX, RAM_GPA + DESC_OFF + 8, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	assert_true(needs_reset()); /* misaligned descriptor table */
}

static void test_running_queue_not_reconfigured(void **state)
{
	(void)state;
	bring_up();
	wr(VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, 0);
	wr(VIRTIO_MMIO_QUEUE_NUM, 2);
	assert_int_equal(rd(VIRTIO_MMIO_QUEUE_DESC_LOW), (u32)(RAM_GPA + DESC_OFF));
	assert_int_equal(dev.vq[0].num, QMAX);
	set_desc(0, RAM_GPA + BUF_OFF, 16, 0, 0);
	offer(0);
	assert_int_equal(td.chains, 1);
}

static void test_notify_before_driver_ok_ignored(void **state)
{
	(void)state;
	negotiate(BIT(VIRTIO_F_VERSION_1));
	queue_set(0, QMAX, RAM_GPA + DESC_OFF, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 1); /* not ready */
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 7); /* no such queue */
	assert_int_equal(td.notifies, 0);
}

static void test_config_bounds(void **state)
{
	(void)state;
	td.config[0] = 0x11, td.config[11] = 0x22;
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_CONFIG, 1), 0x11);
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_CONFIG + 11, 1), 0x22);
	assert_int_equal(td.config_reads, 2);
	/* Past the end, or straddling it: 0 and no device call. */
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_CONFIG + 10, 4), 0);
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_CONFIG + 12, 1), 0);
	assert_int_equal(virtio_mmio_read(&dev, VIRTIO_MMIO_SIZE - 8, 8), 0);
	assert_int_equal(td.config_reads, 2);
	virtio_mmio_write(&dev, VIRTIO_MMIO_CONFIG + 11, 2, 0xffff);
	assert_int_equal(td.config[11], 0x22);
}

static void test_zone_restart_resets(void **state)
{
	(void)state;
	bring_up();
	virtio_dev_reset(&dev);
	assert_int_equal(rd(VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(dev.vq[0].ready, false);
	assert_int_equal(td.resets, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_identity, setup),
	    cmocka_unit_test_setup(test_features_need_version_1, setup),
	    cmocka_unit_test_setup(test_features_not_offered_refused, setup),
	    cmocka_unit_test_setup(test_chain_round_trip, setup),
	    cmocka_unit_test_setup(test_copy_helpers, setup),
	    cmocka_unit_test_setup(test_no_interrupt_flag, setup),
	    cmocka_unit_test_setup(test_buffer_outside_ram, setup),
	    cmocka_unit_test_setup(test_buffer_in_rom_refused, setup),
	    cmocka_unit_test_setup(test_empty_buffer_at_rom_end, setup),
	    cmocka_unit_test_setup(test_length_near_4g, setup),
	    cmocka_unit_test_setup(test_address_wraps, setup),
	    cmocka_unit_test_setup(test_chain_loop, setup),
	    cmocka_unit_test_setup(test_next_out_of_range, setup),
	    cmocka_unit_test_setup(test_head_out_of_range, setup),
	    cmocka_unit_test_setup(test_indirect_refused, setup),
	    cmocka_unit_test_setup(test_readable_after_writable, setup),
	    cmocka_unit_test_setup(test_avail_idx_runs_ahead, setup),
	    cmocka_unit_test_setup(test_rings_outside_ram, setup),
	    cmocka_unit_test_setup(test_bad_queue_size, setup),
	    cmocka_unit_test_setup(test_running_queue_not_reconfigured, setup),
	    cmocka_unit_test_setup(test_notify_before_driver_ok_ignored, setup),
	    cmocka_unit_test_setup(test_config_bounds, setup),
	    cmocka_unit_test_setup(test_zone_restart_resets, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
