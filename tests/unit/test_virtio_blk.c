/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk over a disk buffer: read, write, flush, GET_ID through a
 * driven queue, and the per-request policy (IOERR past the end or for
 * partial sectors, UNSUPP for unknown types, NEEDS_RESET for a chain with
 * no header or status byte).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zv/virtio.h>
#include <zv/virtio_blk.h>
#include <zv/zone.h>

#define RAM_GPA 0x80000000ULL
#define RAM_SIZE 0x20000
#define DESC_OFF 0x1000
#define AVAIL_OFF 0x2000
#define USED_OFF 0x3000
#define HDR_OFF 0x4000
#define DATA_OFF 0x5000
#define STATUS_OFF 0x8000
#define DISK_SIZE (16 * 512)

static _Alignas(4096) u8 ram[RAM_SIZE];
static u8 disk[DISK_SIZE];
static struct zv_zone_cfg cfg;
static struct zone zone;
static struct virtio_dev dev;
static struct virtio_blk blk;
static u16 next_avail;

static void wr(u32 off, u32 val)
{
	virtio_mmio_write(&dev, off, 4, val);
}

static struct virtq_desc *desc(u16 i)
{
	return (struct virtq_desc *)(ram + DESC_OFF) + i;
}

static int setup(void **state)
{
	(void)state;
	memset(ram, 0, sizeof(ram));
	for (u32 i = 0; i < DISK_SIZE; i++)
		disk[i] = (u8)(i * 7);
	memset(&zone, 0, sizeof(zone));
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "linux");
	cfg.nr_ram = 1;
	cfg.ram[0] = (struct zv_region){RAM_GPA, (u64)(uintptr_t)ram, RAM_SIZE};
	zone.cfg = &cfg;
	zone.msg.credit = ZONE_MSG_BURST;
	next_avail = 0;
	assert_int_equal(
	    virtio_blk_attach(&zone, &dev, &blk, 0x10020000, 40, (u64)(uintptr_t)disk, DISK_SIZE),
	    0);
	wr(VIRTIO_MMIO_STATUS, 3);
	wr(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(VIRTIO_MMIO_DRIVER_FEATURES, 1);
	wr(VIRTIO_MMIO_STATUS, 0xb);
	wr(VIRTIO_MMIO_QUEUE_NUM, 16);
	wr(VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)(RAM_GPA + DESC_OFF));
	wr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (u32)(RAM_GPA + AVAIL_OFF));
	wr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (u32)(RAM_GPA + USED_OFF));
	wr(VIRTIO_MMIO_QUEUE_READY, 1);
	wr(VIRTIO_MMIO_STATUS, 0xf);
	return 0;
}

/* Offer header + data (readable for OUT, else writable) + status; kick. */
static void request(u32 type, u64 sector, u32 data_len, bool data_out)
{
	u32 hdr[4] = {type, 0, (u32)sector, (u32)(sector >> 32)};
	u16 *avail = (u16 *)(ram + AVAIL_OFF);

	memcpy(ram + HDR_OFF, hdr, sizeof(hdr));
	ram[STATUS_OFF] = 0xee;
	*desc(0) = (struct virtq_desc){RAM_GPA + HDR_OFF, 16, VIRTQ_DESC_F_NEXT, 1};
	*desc(1) = (struct virtq_desc){RAM_GPA + DATA_OFF, data_len,
				       VIRTQ_DESC_F_NEXT | (data_out ? 0 : VIRTQ_DESC_F_WRITE), 2};
	*desc(2) = (struct virtq_desc){RAM_GPA + STATUS_OFF, 1, VIRTQ_DESC_F_WRITE, 0};
	avail[2 + next_avail % 16] = 0;
	avail[1] = ++next_avail;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static u32 used_len(void)
{
	return ((u32 *)(ram + USED_OFF + 4))[2 * ((next_avail - 1) % 16) + 1];
}

static void test_read(void **state)
{
	(void)state;
	request(0, 2, 1024, false);
	assert_int_equal(ram[STATUS_OFF], 0);
	assert_memory_equal(ram + DATA_OFF, disk + 1024, 1024);
	assert_int_equal(used_len(), 1025);
}

static void test_write_then_read(void **state)
{
	(void)state;
	memset(ram + DATA_OFF, 0x5a, 512);
	request(1, 15, 512, true);
	assert_int_equal(ram[STATUS_OFF], 0);
	assert_int_equal(disk[15 * 512], 0x5a);
	assert_int_equal(disk[DISK_SIZE - 1], 0x5a);
	request(4, 0, 0, true); /* flush */
	assert_int_equal(ram[STATUS_OFF], 0);
}

static void test_get_id(void **state)
{
	(void)state;
	request(8, 0, 20, false);
	assert_int_equal(ram[STATUS_OFF], 0);
	assert_string_equal((char *)ram + DATA_OFF, "zv-linux");
}

static void test_past_end_ioerr(void **state)
{
	(void)state;
	request(0, 15, 1024, false); /* runs one sector past the end */
	assert_int_equal(ram[STATUS_OFF], 1);
	request(1, ~0ULL / 256, 512, true); /* sector * 512 would wrap */
	assert_int_equal(ram[STATUS_OFF], 1);
	request(0, 0, 100, false); /* not whole sectors */
	assert_int_equal(ram[STATUS_OFF], 1);
	assert_false(dev.status & VIRTIO_STATUS_NEEDS_RESET);
}

static void test_unknown_type(void **state)
{
	(void)state;
	request(77, 0, 512, false);
	assert_int_equal(ram[STATUS_OFF], 2);
}

static void test_no_header_fails_device(void **state)
{
	u16 *avail = (u16 *)(ram + AVAIL_OFF);

	(void)state;
	*desc(0) = (struct virtq_desc){RAM_GPA + STATUS_OFF, 1, VIRTQ_DESC_F_WRITE, 0};
	avail[2] = 0;
	avail[1] = 1;
	wr(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(dev.status & VIRTIO_STATUS_NEEDS_RESET);
	assert_true(dev.int_status & VIRTIO_INT_CONFIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_read, setup),
	    cmocka_unit_test_setup(test_write_then_read, setup),
	    cmocka_unit_test_setup(test_get_id, setup),
	    cmocka_unit_test_setup(test_past_end_ioerr, setup),
	    cmocka_unit_test_setup(test_unknown_type, setup),
	    cmocka_unit_test_setup(test_no_header_fails_device, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
