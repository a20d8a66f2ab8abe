/* SPDX-License-Identifier: MIT */
/*
 * The core's exit completion (vcpu_exit_fast): what each exit is counted
 * as, and how an emulated device's answer turns the exit into a fault or a
 * power request for the vCPU loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zv/arch.h>
#include <zv/exit.h>
#include <zv/hypercall.h>
#include <zv/mmio.h>
#include <zv/zone.h>

#define DEV_GPA 0x10000000ULL

static struct zone zone;
static struct vcpu vcpu;
static int completed;
static int answer; /* what the device's write returns */

/* The port and the rest of the core, as vcpu.c calls them. */
/* clang-format off */
u32 arch_cpu_id(void) { return 0; }
void arch_send_ipi(u32 cpu) {}
void arch_wait_for_interrupt(void) {}
static int notified, kicked;
static struct zone *kicked_zone;
void arch_vcpu_notify(struct vcpu *v, u32 requests) { notified++; }
void chan_port_kicked(struct zone *z) { kicked++; kicked_zone = z; }
void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg) {}
void arch_vcpu_run(struct vcpu *v, struct vcpu_exit *e) {}
void arch_vcpu_complete(struct vcpu *v, struct vcpu_exit *e) { completed++; }
void hypercall_handle(struct vcpu *v, struct vcpu_exit *e) { e->hcall.ret = 0; }
const char *zone_name(const struct zone *z) { return "z"; }
bool zone_stop(struct zone *z, const char *why) { return true; }
void zone_restart(struct zone *z, const char *why) {}
void zone_vcpu_off(struct vcpu *v) { v->state = VCPU_OFF; }
const char *zone_gpa_meaning(struct zone *z, u64 gpa) { return "outside the zone"; }
u64 arch_vcpu_return_address(const struct vcpu *v) { return 0; }
void printk(const char *fmt, ...) {}
/* clang-format on */

static int dev_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	*val = 0x42;
	return 0;
}

static int dev_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	return answer;
}

static int setup(void **state)
{
	struct mmio_dev d = {.base = DEV_GPA, .size = 0x100, .read = dev_read, .write = dev_write};

	(void)state;
	memset(&zone, 0, sizeof(zone));
	memset(&vcpu, 0, sizeof(vcpu));
	vcpu.zone = &zone;
	completed = answer = 0;
	assert_int_equal(mmio_register(&zone, &d), 0);
	return 0;
}

static struct vcpu_exit mmio_exit(bool write)
{
	struct vcpu_exit e = {.reason = EXIT_MMIO};

	e.mmio.gpa = DEV_GPA + 4;
	e.mmio.width = 4;
	e.mmio.write = write;
	e.mmio.data = 7;
	e.mmio.dev = mmio_find(&zone, e.mmio.gpa, 4);
	e.mmio.pc = 0x1234;
	return e;
}

static void test_mmio_counted(void **state)
{
	struct vcpu_exit e = mmio_exit(false);

	assert_true(vcpu_exit_fast(&vcpu, &e));
	assert_int_equal(e.mmio.data, 0x42);
	assert_int_equal(completed, 1);
	assert_int_equal(vcpu_exits(&vcpu), 1);
	assert_int_equal(vcpu.exits_by[VCPU_EXITS_MMIO], 1);
}

static void test_power_requests(void **state)
{
	struct vcpu_exit e = mmio_exit(true);

	answer = MMIO_POWER_OFF;
	assert_false(vcpu_exit_fast(&vcpu, &e));
	assert_int_equal(e.reason, EXIT_SHUTDOWN);
	e = mmio_exit(true);
	answer = MMIO_RESET;
	assert_false(vcpu_exit_fast(&vcpu, &e));
	assert_int_equal(e.reason, EXIT_REBOOT);
	/* Left to the vCPU loop, which counts them: nothing completed here. */
	assert_int_equal(completed, 0);
	assert_int_equal(vcpu_exits(&vcpu), 0);
}

static void test_refused_is_fault(void **state)
{
	struct vcpu_exit e = mmio_exit(true);

	answer = -ZV_EINVAL;
	assert_false(vcpu_exit_fast(&vcpu, &e));
	assert_int_equal(e.reason, EXIT_FAULT);
	assert_int_equal(e.fault.kind, FAULT_STAGE2);
	assert_int_equal(e.fault.addr, DEV_GPA + 4);
	assert_int_equal(e.fault.pc, 0x1234);
	/* A device of another zone is not this zone's to reach. */
	e = mmio_exit(false);
	e.mmio.dev = &(struct mmio_dev){.base = DEV_GPA, .size = 0x100, .read = dev_read};
	assert_false(vcpu_exit_fast(&vcpu, &e));
	assert_int_equal(e.reason, EXIT_FAULT);
	assert_int_equal(completed, 0);
}

static void test_classes(void **state)
{
	struct vcpu_exit e = {.reason = EXIT_HYPERCALL};

	e.hcall.nr = HC_VERSION;
	assert_true(vcpu_exit_fast(&vcpu, &e));
	e.reason = EXIT_NONE;
	assert_true(vcpu_exit_fast(&vcpu, &e));
	vcpu_count_exit(&vcpu);
	e.reason = EXIT_SHUTDOWN; /* for the loop, which counts it */
	assert_false(vcpu_exit_fast(&vcpu, &e));
	assert_int_equal(vcpu_exits(&vcpu), 3);
	assert_int_equal(vcpu.exits_by[VCPU_EXITS_HYPERCALL], 1);
	assert_int_equal(vcpu.exits_by[VCPU_EXITS_PORT], 2);
	assert_int_equal(vcpu.exits_by[VCPU_EXITS_OTHER], 0);
}

/* VCPU_REQ_CHAN takes device locks: vcpu_handle_requests() (which may run
 * where locks are held, as for a kick of the CPU's own vCPU) leaves it
 * posted; only the end of an exit (vcpu_resume_slow) or the vCPU loop
 * serves it, once. */
static void test_chan_request_deferred(void **state)
{
	struct vcpu *v = &pcpu_vcpus[0];
	struct vcpu_exit e = {.reason = EXIT_NONE};

	memset(v, 0, sizeof(*v));
	v->zone = &zone;
	v->state = VCPU_RUNNING;
	notified = kicked = 0;
	vcpu_kick(v, VCPU_REQ_CHAN | VCPU_REQ_NOTIFY); /* own CPU: handled at once */
	assert_int_equal(notified, 1);
	assert_int_equal(kicked, 0);
	assert_int_equal(v->requests, VCPU_REQ_CHAN);
	vcpu_handle_requests();
	assert_int_equal(kicked, 0);
	assert_int_equal(vcpu_resume(v, &e, 0x1000), 0x1000);
	assert_int_equal(kicked, 1);
	assert_ptr_equal(kicked_zone, &zone);
	assert_int_equal(v->requests, 0);
	assert_int_equal(vcpu_resume(v, &e, 0x1000), 0x1000);
	assert_int_equal(kicked, 1);
	memset(v, 0, sizeof(*v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_mmio_counted, setup),
	    cmocka_unit_test_setup(test_power_requests, setup),
	    cmocka_unit_test_setup(test_refused_is_fault, setup),
	    cmocka_unit_test_setup(test_classes, setup),
	    cmocka_unit_test_setup(test_chan_request_deferred, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
