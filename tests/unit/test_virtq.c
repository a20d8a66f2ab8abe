/* SPDX-License-Identifier: MIT */
/*
 * The split-virtqueue walker's and the transport's refusals, driven
 * through the fixture of virtio_fixture.h: every breach of the policy
 * gives NEEDS_RESET + a config interrupt, and nothing is touched outside
 * the zone's memory.
 */
#include "virtio_fixture.h"

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
