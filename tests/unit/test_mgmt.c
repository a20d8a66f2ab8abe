/* SPDX-License-Identifier: MIT */
/*
 * The management service over the real zone.c: framing and its errors,
 * list, stop (memory scrubbed), the stop that loses a race, and the
 * refusals (the root itself, a zone it does not manage, wrong states).
 * Loading and starting images: test_mgmt_load.c.
 */
#include "mgmt_fixture.h"

static void test_hello_list(void **state)
{
	const u8 *d;
	u32 len;

	send_frame(MGMT_OP_HELLO, NULL, 0);
	assert_int_equal(answer(&d, &len), MGMT_OK);
	assert_int_equal(len, 8);
	assert_int_equal(mgmt_get32(d), MGMT_VERSION);
	send_frame(MGMT_OP_LIST, NULL, 0);
	assert_int_equal(answer(&d, &len), MGMT_OK);
	assert_int_equal(mgmt_get32(d), 3);
	assert_int_equal(len, 4 + 3 * sizeof(struct mgmt_zone_info));
	d += 4;
	assert_string_equal((const char *)d, "linux");
	assert_int_equal(mgmt_get32(d + 36), MGMT_ZF_ROOT);
	assert_int_equal(mgmt_get32(d + 28), MGMT_ZONE_RUNNING);
	d += sizeof(struct mgmt_zone_info);
	assert_string_equal((const char *)d, "bare");
	assert_int_equal(mgmt_get32(d + 36), MGMT_ZF_MANAGED);
	assert_int_equal(mgmt_get64(d + 40), RAM_SIZE);
	assert_int_equal(mgmt_get64(d + 48), 1); /* boots */
	assert_int_equal(request(MGMT_OP_LIST, "x", 1), MGMT_EINVAL);
}

static void test_framing(void **state)
{
	u8 junk[] = "hello\nZZ";
	u8 big[MGMT_HDR_SIZE] = {'Z', 'V', MGMT_OP_LIST, 9};
	u8 hello[MGMT_HDR_SIZE] = {'Z', 'V', MGMT_OP_HELLO, 3, 0, 0, 0, 0};

	mgmt_rx(junk, sizeof(junk) - 1); /* one error for the run of junk */
	assert_int_equal(answer(NULL, NULL), MGMT_EPROTO);
	mgmt_rx(hello + 1, sizeof(hello) - 1); /* "ZZ" + "V..." is a frame */
	assert_int_equal(out[3], 3);
	assert_int_equal(answer(NULL, NULL), MGMT_OK);
	mgmt_put32(big + 4, MGMT_MAX_PAYLOAD + 1);
	mgmt_rx(big, sizeof(big));
	assert_int_equal(out[2], MGMT_OP_LIST | MGMT_ANSWER);
	assert_int_equal(out[3], 9);
	assert_int_equal(answer(NULL, NULL), MGMT_ETOOBIG);
	for (u32 i = 0; i < sizeof(hello); i++) /* a byte at a time */
		mgmt_rx(hello + i, 1);
	assert_int_equal(answer(NULL, NULL), MGMT_OK);
	assert_int_equal(request(0, NULL, 0), MGMT_EPROTO);
	assert_int_equal(request(200, NULL, 0), MGMT_EPROTO);
	/* a partial frame is dropped when the port is reopened */
	mgmt_rx(hello, 5);
	mgmt_reset();
	mgmt_rx(hello, sizeof(hello));
	assert_int_equal(answer(NULL, NULL), MGMT_OK);
}

static void test_refusals(void **state)
{
	struct mgmt_zone_ref r;

	assert_int_equal(zone_req(MGMT_OP_STOP, "linux"), MGMT_EPERM);
	assert_true(answer_says("zone 'linux' is the root: it cannot act on itself"));
	assert_int_equal(zone_req(MGMT_OP_STOP, "other"), MGMT_EPERM);
	assert_int_equal(zones[2].state, ZONE_RUNNING);
	assert_int_equal(zone_req(MGMT_OP_STOP, "nope"), MGMT_ENOZONE);
	assert_true(answer_says("no zone named 'nope'"));
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_ESTATE); /* running */
	assert_int_equal(zone_req(MGMT_OP_STOP, ""), MGMT_EINVAL);
	assert_int_equal(zone_req(MGMT_OP_STOP, "\033[2J"), MGMT_EINVAL); /* no escapes echoed */
	memset(&r, 'b', sizeof(r));					  /* not terminated */
	assert_int_equal(request(MGMT_OP_STOP, &r, sizeof(r)), MGMT_EINVAL);
	assert_int_equal(request(MGMT_OP_STOP, "bare", 5), MGMT_EINVAL); /* short */
	assert_int_equal(zone_req(MGMT_OP_STATS, "linux"), MGMT_OK);	 /* reading is fine */
	assert_int_equal(zone_req(MGMT_OP_CONSOLE, "bare"), MGMT_ENODEV);
	mgmt_init(NULL, tx, NULL); /* no root: nothing at all */
	assert_int_equal(zone_req(MGMT_OP_STATS, "bare"), MGMT_EPERM);
	assert_int_equal(request(MGMT_OP_LIST, NULL, 0), MGMT_EPERM);
}

static void test_stop_scrubs(void **state)
{
	memset(ram[1], 0xaa, RAM_SIZE);
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_OK);
	assert_int_equal(zones[1].state, ZONE_STOPPED);
	assert_int_equal(vcpus[1].state, VCPU_OFF);
	for (u64 i = 0; i < RAM_SIZE; i++)
		assert_int_equal(ram[1][i], 0);
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_ESTATE);
	assert_int_equal(zone_req(MGMT_OP_RESTART, "bare"), MGMT_ESTATE);
	/* start: the configured image is copied in again */
	assert_int_equal(zone_req(MGMT_OP_START, "bare"), MGMT_OK);
	assert_int_equal(zones[1].state, ZONE_RUNNING);
	assert_int_equal(zones[1].boots, 2);
	assert_int_equal(ram[1][0], 0x5a);
	assert_int_equal(vcpus[1].state, VCPU_STARTING);
	assert_int_equal(vcpus[1].start_entry, BARE_GPA);
	vcpus[1].state = VCPU_RUNNING;
	memset(ram[1] + KERNEL_SIZE, 0xaa, 16);
	assert_int_equal(zone_req(MGMT_OP_RESTART, "bare"), MGMT_OK);
	assert_int_equal(zones[1].boots, 3);
	assert_int_equal(ram[1][KERNEL_SIZE], 0);
}

/* The zone's own restart won the race against the root's stop: the stop
 * is refused and the zone's memory left alone. Simulated through the
 * zone_stop() it loses: the state changes between the check and the stop. */
static void test_stop_loses_race(void **state)
{
	memset(ram[1], 0xaa, RAM_SIZE);
	zones[1].state = ZONE_RESTARTING; /* its vCPU is restarting it */
	assert_false(zone_stop(&zones[1], "by the root"));
	assert_int_equal(zones[1].state, ZONE_RESTARTING);
	assert_int_equal(zone_req(MGMT_OP_STOP, "bare"), MGMT_ESTATE);
	assert_int_equal(ram[1][0], 0xaa);
	zones[1].state = ZONE_RUNNING;
	assert_true(zone_stop(&zones[1], "by the root"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hello_list, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_framing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stop_scrubs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stop_loses_race, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
