/* SPDX-License-Identifier: MIT */
/*
 * zone.c's lifecycle rules: no vCPU of a zone that is going down (or
 * down) can be started, only one stop or restart runs, the messages a
 * guest can cause are rate-limited, and a fault's address is named by
 * what it is to the zone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <zv/arch.h>
#include <zv/console.h>
#include <zv/zone.h>

#define RAM_GPA 0x80000000ULL
#define RAM_SIZE 0x2000ULL
#define RAM2_GPA 0x90000000ULL
#define DEV_GPA 0x10000000ULL

static struct zv_zone_cfg cfg;
static struct zone zone;
static struct vcpu vcpus[2];
static unsigned char *ram;
static struct vcpu *current;
static u64 now_ms;
static u32 printed, suppressed_notes;

struct vcpu *vcpu_current(void)
{
	return current;
}

/* As vcpu.c's: a stop request turns the current vCPU off. */
void vcpu_handle_requests(void)
{
	if (current && (current->requests & VCPU_REQ_STOP)) {
		current->requests = 0;
		current->state = VCPU_OFF;
	}
}

u64 arch_time_ms(void)
{
	return now_ms;
}

void printk(const char *fmt, ...)
{
	printed++;
	if (strstr(fmt, "suppressed"))
		suppressed_notes++;
}

static int dev_rw(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	return 0;
}

static int setup(void **state)
{
	ram = aligned_alloc(64, 2 * RAM_SIZE);
	memset(&cfg, 0, sizeof(cfg));
	memset(&zone, 0, sizeof(zone));
	memset(vcpus, 0, sizeof(vcpus));
	strcpy(cfg.name, "life");
	cfg.nr_cpus = 2;
	cfg.cpus[0] = 0, cfg.cpus[1] = 1;
	cfg.nr_ram = 2;
	cfg.ram[0] =
	    (struct zv_region){.gpa = RAM_GPA, .hpa = (u64)(uintptr_t)ram, .size = RAM_SIZE};
	cfg.ram[1] = (struct zv_region){
	    .gpa = RAM2_GPA, .hpa = (u64)(uintptr_t)ram + RAM_SIZE, .size = RAM_SIZE};
	cfg.entry = RAM_GPA;
	now_ms = 1000;
	assert_int_equal(zone_init(&zone, 0, &cfg, vcpus), 0);
	zone_start(&zone);
	current = &vcpus[0];
	vcpus[0].state = VCPU_RUNNING; /* vcpu_loop() would have run it */
	printed = suppressed_notes = 0;
	return 0;
}

static int teardown(void **state)
{
	free(ram);
	return 0;
}

static void test_start_only_while_running(void **state)
{
	assert_int_equal(zone_vcpu_start(&zone, 1, RAM_GPA + 0x40, 7), 0);
	assert_int_equal(vcpus[1].state, VCPU_STARTING);
	assert_int_equal(vcpus[1].start_entry, RAM_GPA + 0x40);
	vcpus[1].state = VCPU_OFF;
	for (enum zone_state s = ZONE_STOPPED; s <= ZONE_RESTARTING; s++) {
		zone.state = s; /* going down: a start must not slip in */
		assert_int_equal(zone_vcpu_start(&zone, 1, RAM_GPA, 0), -ZV_EBUSY);
		assert_int_equal(vcpus[1].state, VCPU_OFF);
	}
}

static void test_one_transition(void **state)
{
	u32 boots = zone.boots;

	/* vCPU 1 stopped the zone a moment ago and asked vCPU 0 to stop;
	 * vCPU 0's reset loses: it only takes that request. */
	zone.state = ZONE_STOPPED;
	vcpus[0].requests = VCPU_REQ_STOP;
	zone_restart(&zone, "guest reset");
	assert_int_equal(vcpus[0].state, VCPU_OFF);
	assert_int_equal(vcpus[0].requests, 0);
	assert_int_equal(zone.state, ZONE_STOPPED);
	assert_int_equal(zone.boots, boots);
	assert_int_equal(printed, 0);
	zone_stop(&zone, "fault");
	assert_int_equal(zone.state, ZONE_STOPPED);
	assert_int_equal(printed, 0);
}

static void test_restart_uses_configured_entry(void **state)
{
	vcpus[0].start_entry = RAM_GPA + 0x100; /* what the last run chose */
	zone_restart(&zone, "guest reset");
	assert_int_equal(zone.state, ZONE_RUNNING);
	assert_int_equal(vcpus[0].state, VCPU_STARTING);
	assert_int_equal(vcpus[0].start_entry, RAM_GPA);
}

static void test_messages_rate_limited(void **state)
{
	u32 ok = 0;

	for (int i = 0; i < 3000; i++)
		ok += zone_msg_ok(&zone);
	assert_int_equal(ok, ZONE_MSG_BURST);
	now_ms += ZONE_MSG_INTERVAL_MS;
	assert_true(zone_msg_ok(&zone));
	assert_int_equal(suppressed_notes, 1);
	assert_false(zone_msg_ok(&zone));
	now_ms += 1000 * ZONE_MSG_INTERVAL_MS;
	for (ok = 0; zone_msg_ok(&zone); ok++)
		;
	assert_int_equal(ok, ZONE_MSG_BURST);
}

static void test_gpa_meaning(void **state)
{
	struct mmio_dev d = {.base = DEV_GPA, .size = 8, .read = dev_rw, .name = "emulated uart"};

	assert_int_equal(mmio_register(&zone, &d), 0);
	assert_string_equal(zone_gpa_meaning(&zone, RAM_GPA + 8), "in zone RAM");
	assert_string_equal(zone_gpa_meaning(&zone, RAM2_GPA + RAM_SIZE - 1), "in zone RAM");
	assert_string_equal(zone_gpa_meaning(&zone, DEV_GPA + 4), "emulated uart");
	assert_string_equal(zone_gpa_meaning(&zone, RAM2_GPA + RAM_SIZE), "outside the zone");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_start_only_while_running, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_one_transition, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_restart_uses_configured_entry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_messages_rate_limited, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_gpa_meaning, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
