/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio transport, driven as a driver would through the register
 * model with the rings in a buffer that stands for the zone's RAM:
 * identification, feature negotiation, queue setup, and a chain through
 * notify to the used ring and the interrupt. The refusals of the policy
 * are in test_virtq.c; the shared fixture in virtio_fixture.h.
 */
#include "virtio_fixture.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_identity, setup),
	    cmocka_unit_test_setup(test_features_need_version_1, setup),
	    cmocka_unit_test_setup(test_features_not_offered_refused, setup),
	    cmocka_unit_test_setup(test_chain_round_trip, setup),
	    cmocka_unit_test_setup(test_copy_helpers, setup),
	    cmocka_unit_test_setup(test_no_interrupt_flag, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
