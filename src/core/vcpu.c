/* SPDX-License-Identifier: MIT */
/* The per-CPU loop: one vCPU pinned to each physical CPU, run until it
 * exits, the exit dispatched here, arch-neutrally. */
#include <zv/arch.h>
#include <zv/board.h>
#include <zv/chan_port.h>
#include <zv/console.h>
#include <zv/hypercall.h>
#include <zv/zone.h>

struct vcpu pcpu_vcpus[ZV_MAX_VCPUS * 2];

struct vcpu *vcpu_current(void)
{
	struct vcpu *v = &pcpu_vcpus[arch_cpu_id()];

	return v->zone ? v : NULL;
}

void vcpu_kick(struct vcpu *v, u32 requests)
{
	__atomic_or_fetch(&v->requests, requests, __ATOMIC_ACQ_REL);
	if (v->pcpu != arch_cpu_id())
		arch_send_ipi(v->pcpu);
	else
		vcpu_handle_requests();
}

/* Every request but VCPU_REQ_CHAN, which stays posted: this may run where
 * locks are held (a kick of the CPU's own vCPU, an IPI taken in a wait). */
void vcpu_handle_requests(void)
{
	struct vcpu *v = vcpu_current();
	u32 req;

	if (!v || !(__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & ~VCPU_REQ_CHAN))
		return;
	req = __atomic_fetch_and(&v->requests, VCPU_REQ_CHAN, __ATOMIC_ACQ_REL);
	if (req & VCPU_REQ_STOP)
		v->state = VCPU_OFF;
	if (req & (VCPU_REQ_NOTIFY | VCPU_REQ_FLUSH))
		arch_vcpu_notify(v, req);
}

/* VCPU_REQ_CHAN: serve the zone's rung channel ports. Only where an exit
 * ends or the CPU idles, with no lock held: the ports take device locks. */
static void vcpu_serve_chan(struct vcpu *v)
{
	if (v->zone && (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_CHAN) &&
	    (__atomic_fetch_and(&v->requests, ~VCPU_REQ_CHAN, __ATOMIC_ACQ_REL) & VCPU_REQ_CHAN))
		chan_port_kicked(v->zone);
}

uintptr_t vcpu_resume_slow(uintptr_t ctx, struct vcpu *v, struct vcpu_exit *e)
{
	vcpu_handle_requests();
	vcpu_serve_chan(v);
	if (v->state == VCPU_RUNNING)
		return ctx;
	e->reason = EXIT_NONE;
	return ctx | 1;
}

/* The log line of a fault: the pc and return address say where the guest
 * was, the address what it reached for; a guest-physical one (stage-2,
 * MMIO) also with what it is to the zone. Once per vCPU and zone run: the
 * zone stays stopped. */
static void vcpu_fault(struct vcpu *v, const struct vcpu_exit *e)
{
	static const char *const kinds[] = {
	    [FAULT_STAGE2] = "access outside the zone",
	    [FAULT_MMIO_DECODE] = "undecodable MMIO access",
	    [FAULT_UNHANDLED_TRAP] = "unhandled trap",
	};
	const char *meaning =
	    e->fault.kind == FAULT_UNHANDLED_TRAP ? NULL : zone_gpa_meaning(v->zone, e->fault.addr);

	printk("zone %s vcpu %u: %s: addr 0x%lx%s%s%s pc 0x%lx ra 0x%lx cause 0x%lx\n",
	       zone_name(v->zone), v->id, kinds[e->fault.kind], e->fault.addr, meaning ? " (" : "",
	       meaning ? meaning : "", meaning ? ")" : "", e->fault.pc, arch_vcpu_return_address(v),
	       e->fault.cause);
	zone_stop(v->zone, "fault");
}

/* The device did not complete the access (r from mmio_access()): e becomes
 * the fault to stop the zone for, or the power request its answer asked
 * for; either way the vCPU loop takes it. */
static __attribute__((noinline)) bool vcpu_mmio_unusual(struct vcpu_exit *e, int r)
{
	u64 gpa = e->mmio.gpa, pc = e->mmio.pc;

	if (r > 0) { /* a power register */
		e->reason = r == MMIO_POWER_OFF ? EXIT_SHUTDOWN : EXIT_REBOOT;
		return false;
	}
	exit_set_fault(e, FAULT_STAGE2, gpa, pc, 0);
	return false;
}

/* An emulated device access, on the device the port found; false (e then
 * the fault, or the power request) if the device refused it or asked for
 * the zone to go down. */
static bool vcpu_mmio(struct vcpu *v, struct vcpu_exit *e)
{
	int r =
	    mmio_access(v, e->mmio.dev, e->mmio.gpa, e->mmio.width, e->mmio.write, &e->mmio.data);

	if (r)
		return vcpu_mmio_unusual(e, r);
	arch_vcpu_complete(v, e);
	vcpu_count_exit_as(v, VCPU_EXITS_MMIO);
	return true;
}

bool vcpu_exit_fast(struct vcpu *v, struct vcpu_exit *e)
{
	switch (e->reason) {
	case EXIT_NONE:
		vcpu_count_exit_as(v, VCPU_EXITS_PORT);
		return true;
	case EXIT_HYPERCALL:
		hypercall_handle(v, e);
		if (e->reason != EXIT_HYPERCALL)
			return false; /* became another exit (HC_VCPU_STOP) */
		arch_vcpu_complete(v, e);
		vcpu_count_exit_as(v, VCPU_EXITS_HYPERCALL);
		return true;
	case EXIT_MMIO:
		return vcpu_mmio(v, e);
	default:
		return false;
	}
}

static void vcpu_dispatch(struct vcpu *v, struct vcpu_exit *e)
{
	/* EXIT_NONE: the port completed and counted the exit, and the vCPU
	 * left for the loop because it no longer runs. */
	if (e->reason == EXIT_NONE || vcpu_exit_fast(v, e))
		return;
	vcpu_count_exit_as(v, VCPU_EXITS_OTHER);
	switch (e->reason) {
	case EXIT_NONE: /* returned above */
	case EXIT_HYPERCALL:
	case EXIT_MMIO:
		break;
	case EXIT_FAULT:
		vcpu_fault(v, e);
		break;
	case EXIT_SHUTDOWN:
		zone_stop(v->zone, "guest powered off");
		break;
	case EXIT_REBOOT:
		zone_restart(v->zone, "guest reset");
		break;
	case EXIT_VCPU_STOP:
		zone_vcpu_off(v);
		break;
	}
}

void vcpu_loop(u32 pcpu)
{
	struct vcpu *v = &pcpu_vcpus[pcpu];
	struct vcpu_exit e;

	for (;;) {
		vcpu_handle_requests();
		vcpu_serve_chan(v);
		if (!v->zone || v->state == VCPU_OFF) {
			arch_wait_for_interrupt();
			continue;
		}
		/* Acquire: zone_vcpu_start() stored the entry before STARTING. */
		if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_STARTING) {
			arch_vcpu_reset(v, v->start_entry, v->start_arg);
			v->state = VCPU_RUNNING;
		}
		arch_vcpu_run(v, &e);
		vcpu_dispatch(v, &e);
	}
}
