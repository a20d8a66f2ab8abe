/* SPDX-License-Identifier: MIT */
/* The project's own hypercalls: every argument is checked against the
 * calling zone before it is used. */
#include <zv/chan.h>
#include <zv/console.h>
#include <zv/exit.h>
#include <zv/hypercall.h>
#include <zv/mgmt.h>
#include <zv/vcpu.h>
#include <zv/zone.h>

static s64 hc_console_write(struct vcpu *v, u64 gpa, u64 len)
{
	u64 hpa;

	if (len > HC_CONSOLE_MAX)
		return -ZV_EINVAL;
	if (!zone_gpa_to_hpa(v->zone, gpa, len, &hpa))
		return -ZV_EFAULT;
	for (u64 i = 0; i < len; i++)
		console_putc(v->zone, ((const volatile char *)hpa)[i]);
	return 0;
}

static s64 hc_vcpu_state(struct vcpu *v, u64 id, u64 *value)
{
	if (id >= v->zone->nr_vcpus)
		return -ZV_EINVAL;
	*value = __atomic_load_n(&v->zone->vcpus[id]->state, __ATOMIC_ACQUIRE) != VCPU_OFF;
	return 0;
}

/* Turns e into another exit (EXIT_VCPU_STOP) where the call asks for it. */
void hypercall_handle(struct vcpu *v, struct vcpu_exit *e)
{
	e->hcall.value = 0;
	e->hcall.ret = 0;
	if (hypercall_const(e->hcall.nr, &e->hcall.value))
		return;
	switch (e->hcall.nr) {
	case HC_ZONE_ID:
		e->hcall.value = v->zone->cfg->id;
		break;
	case HC_CONSOLE_WRITE:
		e->hcall.ret = hc_console_write(v, e->hcall.arg[0], e->hcall.arg[1]);
		break;
	case HC_ZONE_BOOTS:
		e->hcall.value = v->zone->boots;
		break;
	case HC_VCPU_EXITS:
		e->hcall.value = vcpu_exits(v);
		break;
	case HC_VCPU_START:
		/* zone_vcpu_start's codes are the call's own */
		e->hcall.ret =
		    zone_vcpu_start(v->zone, e->hcall.arg[0], e->hcall.arg[1], e->hcall.arg[2]);
		break;
	case HC_VCPU_STOP:
		e->reason = EXIT_VCPU_STOP;
		break;
	case HC_VCPU_STATE:
		e->hcall.ret = hc_vcpu_state(v, e->hcall.arg[0], &e->hcall.value);
		break;
	case HC_CHAN_RING:
		e->hcall.ret = chan_ring(v, e->hcall.arg[0], e->hcall.arg[1], &e->hcall.value);
		break;
	case HC_CHAN_ACK:
		e->hcall.ret = chan_ack(v, e->hcall.arg[0], &e->hcall.value);
		break;
	case HC_MGMT_WRITE:
		e->hcall.ret = mgmt_hc_write(v, e->hcall.arg[0], e->hcall.arg[1]);
		break;
	case HC_MGMT_READ:
		e->hcall.ret = mgmt_hc_read(v, e->hcall.arg[0], e->hcall.arg[1], &e->hcall.value);
		break;
	default:
		e->hcall.ret = -ZV_ENOSYS;
	}
}
