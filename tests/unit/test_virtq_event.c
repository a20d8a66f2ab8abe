/* SPDX-License-Identifier: MIT */
/*
 * VIRTIO_F_EVENT_IDX (virtio 1.2, 2.7.7, 2.7.10) in the walker: the
 * vring_need_event arithmetic with its wrap-around, the used-buffer
 * interrupt decided by used_event (the flags then ignored), avail_event
 * written when a queue runs dry and re-checked after; and the helpers of
 * mergeable receive buffers (virtq_push_n, virtq_unpop, virtq_write_byte).
 */
#include "virtio_fixture.h"

static struct virtio_ops ev_ops;

/* The fixture's device, offering EVENT_IDX as well. */
static int setup_event(void **state)
{
	setup(state);
	ev_ops = td_ops;
	ev_ops.features |= BIT(VIRTIO_F_EVENT_IDX);
	dev.ops = &ev_ops;
	return 0;
}

static void bring_up_event(void)
{
	negotiate(BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_F_EVENT_IDX));
	queue_set(0, QMAX, RAM_GPA + DESC_OFF, RAM_GPA + AVAIL_OFF, RAM_GPA + USED_OFF);
	wr(VIRTIO_MMIO_STATUS, rd(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
	assert_true(dev.vq[0].event_idx);
}

static u16 *used_event(void)
{
	return avail() + 2 + QMAX;
}

static u16 avail_event(void)
{
	return ((u16 *)(ram + USED_OFF + 4 + 8 * QMAX))[0];
}

static void test_need_event_arithmetic(void **state)
{
	(void)state;
	/* Signal iff event lies in [old, new). */
	assert_true(virtq_need_event(0, 1, 0));
	assert_false(virtq_need_event(1, 1, 0));
	assert_true(virtq_need_event(4, 10, 0));
	assert_true(virtq_need_event(9, 10, 0));
	assert_false(virtq_need_event(10, 10, 0));
	assert_false(virtq_need_event(3, 10, 4));
	/* Nothing moved: never. */
	assert_false(virtq_need_event(5, 5, 5));
	/* Across the wrap of the 16-bit indexes. */
	assert_true(virtq_need_event(0xfffe, 2, 0xfff0));
	assert_true(virtq_need_event(0xffff, 0, 0xffff));
	assert_true(virtq_need_event(1, 2, 0xfff0));
	assert_false(virtq_need_event(2, 2, 0xfff0));
	assert_false(virtq_need_event(0xffef, 2, 0xfff0));
	/* A full turn of 2^16 is no movement at all. */
	assert_false(virtq_need_event(7, 7, 7));
}

static void test_not_offered_not_used(void **state)
{
	(void)state;
	/* The fixture's own device does not offer it: refused. */
	negotiate(BIT(VIRTIO_F_VERSION_1) | BIT(VIRTIO_F_EVENT_IDX));
	assert_int_equal(rd(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
}

static void test_used_event_decides(void **state)
{
	(void)state;
	bring_up_event();
	/* The flag is ignored with EVENT_IDX: used_event 0 asks for the
	 * interrupt at the first entry. */
	avail()[0] = VIRTQ_AVAIL_F_NO_INTERRUPT;
	set_desc(0, RAM_GPA + BUF_OFF, 16, 0, 0);
	offer(0);
	assert_int_equal(used_idx(), 1);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_USED);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED);
	/* used_event 3: entries 1 and 2 are quiet, entry 3 interrupts. */
	*used_event() = 3;
	offer(0);
	offer(0);
	assert_int_equal(used_idx(), 3);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	offer(0);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_INT_USED);
	wr(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_INT_USED);
	/* Any value is only a request: behind, far ahead. */
	*used_event() = 0;
	offer(0);
	*used_event() = 0x8000;
	offer(0);
	assert_int_equal(used_idx(), 6);
	assert_int_equal(rd(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_false(needs_reset());
}

static void test_avail_event_on_drain(void **state)
{
	(void)state;
	bring_up_event();
	set_desc(0, RAM_GPA + BUF_OFF, 16, 0, 0);
	/* What the driver writes there is not read, only overwritten. */
	((u16 *)(ram + USED_OFF + 4 + 8 * QMAX))[0] = 0xdead;
	offer(0);
	offer(0);
	assert_int_equal(used_idx(), 2);
	/* Drained: notify me at the next entry. */
	assert_int_equal(avail_event(), 2);
	/* A pass that stopped with entries pending arms at the avail index. */
	avail()[2 + 2] = 0;
	avail()[2 + 3] = 0;
	avail()[1] = 4;
	virtq_event_arm(&dev.vq[0]);
	assert_int_equal(avail_event(), 4);
	/* Without EVENT_IDX nothing is written. */
	dev.vq[0].event_idx = false;
	((u16 *)(ram + USED_OFF + 4 + 8 * QMAX))[0] = 0x1234;
	virtq_event_arm(&dev.vq[0]);
	assert_int_equal(avail_event(), 0x1234);
}

static void test_mrg_helpers(void **state)
{
	struct virtq *q = &dev.vq[0];
	const char *why = NULL;
	u16 heads[2];
	u32 lens[2] = {100, 7};

	(void)state;
	bring_up_event();
	set_desc(1, RAM_GPA + BUF_OFF, 10, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 2);
	set_desc(2, RAM_GPA + BUF_OFF + 0x100, 10, VIRTQ_DESC_F_WRITE, 0);
	set_desc(3, RAM_GPA + BUF_OFF + 0x200, 64, VIRTQ_DESC_F_WRITE, 0);
	/* Offered without a notify: the test pops them itself. */
	avail()[2] = 1;
	avail()[3] = 3;
	avail()[1] = 2;
	assert_int_equal(virtq_pop(&zone, q, &dev.chain, &why), 1);
	/* Byte 11 of the writable part is in the second buffer. */
	assert_ptr_equal((void *)virtq_write_byte(&dev.chain, 11), ram + BUF_OFF + 0x101);
	assert_null((void *)virtq_write_byte(&dev.chain, 20));
	heads[0] = dev.chain.head;
	assert_int_equal(virtq_pop(&zone, q, &dev.chain, &why), 1);
	heads[1] = dev.chain.head;
	/* Given back unused: taken again in the same order. */
	virtq_unpop(q, 2);
	assert_int_equal(virtq_pop(&zone, q, &dev.chain, &why), 1);
	assert_int_equal(dev.chain.head, 1);
	assert_int_equal(virtq_pop(&zone, q, &dev.chain, &why), 1);
	assert_int_equal(dev.chain.head, 3);
	/* Published at once: both entries, one index step of two. */
	virtq_push_n(q, heads, lens, 2);
	assert_int_equal(used_idx(), 2);
	assert_int_equal(used_elem(0)[0], 1);
	assert_int_equal(used_elem(0)[1], 100);
	assert_int_equal(used_elem(1)[0], 3);
	assert_int_equal(used_elem(1)[1], 7);
	/* One decision for both: used_event 1 lies in [0, 2). */
	*used_event() = 1;
	assert_true(virtq_should_signal(q));
	assert_false(virtq_should_signal(q)); /* nothing new since */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_need_event_arithmetic),
	    cmocka_unit_test_setup(test_not_offered_not_used, setup),
	    cmocka_unit_test_setup(test_used_event_decides, setup_event),
	    cmocka_unit_test_setup(test_avail_event_on_drain, setup_event),
	    cmocka_unit_test_setup(test_mrg_helpers, setup_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
