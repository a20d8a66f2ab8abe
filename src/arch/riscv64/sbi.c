/* SPDX-License-Identifier: MIT */
/*
 * The SBI a zone sees (v2.0): BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN, the
 * legacy console/timer/shutdown calls and the zonevisor hypercalls. Hart
 * ids and masks are the zone's vCPU numbers; anything naming a vCPU the
 * zone does not have is refused with SBI_ERR_INVALID_PARAM.
 */
#include <arch/csr.h>
#include <arch/sbi.h>
#include <zv/console.h>
#include <zv/hypercall.h>
#include <zv/zone.h>

#include "rv.h"

#define SBI_SPEC_VERSION 0x02000000 /* 2.0 */
#define SBI_IMPL_ID 0x5a56          /* not in the SBI registry: "ZV" */

struct sbi_call_ctx {
	struct vcpu *v;
	struct vcpu_exit *exit;
	u64 fid;
	u64 *a; /* a0..a7 of the guest */
	struct sbiret ret;
};

static bool sbi_ext_known(u64 ext)
{
	switch (ext) {
	case SBI_EXT_BASE:
	case SBI_EXT_TIME:
	case SBI_EXT_IPI:
	case SBI_EXT_RFENCE:
	case SBI_EXT_HSM:
	case SBI_EXT_SRST:
	case SBI_EXT_DBCN:
	case SBI_EXT_ZV:
	case SBI_EXT_LEGACY_SET_TIMER:
	case SBI_EXT_LEGACY_PUTCHAR:
	case SBI_EXT_LEGACY_GETCHAR:
	case SBI_EXT_LEGACY_SHUTDOWN:
		return true;
	}
	return false;
}

static struct sbiret sbi_base(u64 fid, u64 arg)
{
	struct sbiret r = {0, 0};

	switch (fid) {
	case 0:
		r.value = SBI_SPEC_VERSION;
		break;
	case 1:
		r.value = SBI_IMPL_ID;
		break;
	case 2:
		r.value = ZV_VERSION;
		break;
	case 3:
		r.value = sbi_ext_known(arg);
		break;
	case 4: /* mvendorid, marchid, mimpid: not exposed */
	case 5:
	case 6:
		break;
	default:
		r.error = SBI_ERR_NOT_SUPPORTED;
	}
	return r;
}

/* Turn (mask, base) into a mask of the zone's vCPUs; false if it names a
 * vCPU the zone does not have. */
static bool sbi_vcpu_mask(struct zone *z, u64 mask, u64 base, u64 *out)
{
	u64 all = (1UL << z->nr_vcpus) - 1;

	if (base == ~0UL) {
		*out = all;
		return true;
	}
	if (base >= z->nr_vcpus || (mask << base) >> base != mask)
		return false;
	*out = mask << base;
	return (*out & ~all) == 0;
}

static void sbi_ipi(struct sbi_call_ctx *c)
{
	struct zone *z = c->v->zone;
	u64 targets;

	if (c->fid != 0 || !sbi_vcpu_mask(z, c->a[0], c->a[1], &targets)) {
		c->ret.error = c->fid ? SBI_ERR_NOT_SUPPORTED : SBI_ERR_INVALID_PARAM;
		return;
	}
	for (u32 i = 0; i < z->nr_vcpus; i++)
		if (targets & BIT(i))
			rv_vcpu_set_vsip(z->vcpus[i], IRQ_VS_SOFT, true);
}

/* Remote fences: every target drops its guest TLB and instruction cache
 * state before this call returns (Linux relies on that). */
static void sbi_rfence(struct sbi_call_ctx *c)
{
	struct zone *z = c->v->zone;
	u64 targets;

	if (c->fid > 2) {
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
		return;
	}
	if (!sbi_vcpu_mask(z, c->a[0], c->a[1], &targets)) {
		c->ret.error = SBI_ERR_INVALID_PARAM;
		return;
	}
	for (u32 i = 0; i < z->nr_vcpus; i++)
		if ((targets & BIT(i)) && z->vcpus[i]->state == VCPU_RUNNING)
			vcpu_kick(z->vcpus[i], VCPU_REQ_FLUSH);
	for (u32 i = 0; i < z->nr_vcpus; i++)
		while ((targets & BIT(i)) && (z->vcpus[i]->requests & VCPU_REQ_FLUSH))
			vcpu_handle_requests();
}

/* hart_start(hartid, start_addr, opaque): the core's answer in SBI terms. */
static long sbi_hart_start(struct zone *z, u64 hartid, u64 addr, u64 opaque)
{
	switch (zone_vcpu_start(z, hartid, addr, opaque)) {
	case 0:
		return 0;
	case -ZV_EINVAL:
		return SBI_ERR_INVALID_PARAM;
	case -ZV_EFAULT:
		return SBI_ERR_INVALID_ADDRESS;
	default:
		return SBI_ERR_ALREADY_AVAILABLE;
	}
}

static void sbi_hsm(struct sbi_call_ctx *c)
{
	struct zone *z = c->v->zone;

	switch (c->fid) {
	case 0:
		c->ret.error = sbi_hart_start(z, c->a[0], c->a[1], c->a[2]);
		break;
	case 1: /* hart_stop */
		c->exit->reason = EXIT_VCPU_STOP;
		break;
	case 2: /* hart_get_status: 0 started, 1 stopped, 2 start pending */
		if (c->a[0] >= z->nr_vcpus)
			c->ret.error = SBI_ERR_INVALID_PARAM;
		else
			c->ret.value = z->vcpus[c->a[0]]->state == VCPU_RUNNING ? 0
				       : z->vcpus[c->a[0]]->state == VCPU_STARTING ? 2
										  : 1;
		break;
	case 3: /* hart_suspend: retentive only, as a wait for interrupt */
		if (c->a[0] != 0)
			c->ret.error = SBI_ERR_NOT_SUPPORTED;
		else
			__asm__ volatile("wfi");
		break;
	default:
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
	}
}

static void sbi_srst(struct sbi_call_ctx *c)
{
	if (c->fid != 0 || c->a[0] > 2) {
		c->ret.error = SBI_ERR_INVALID_PARAM;
		return;
	}
	c->exit->reason = c->a[0] == 0 ? EXIT_SHUTDOWN : EXIT_REBOOT;
}

static void sbi_dbcn(struct sbi_call_ctx *c)
{
	struct zone *z = c->v->zone;
	u64 hpa;

	switch (c->fid) {
	case 0: /* console_write(num_bytes, base_lo, base_hi) */
		if (c->a[2] || c->a[0] > HC_CONSOLE_MAX ||
		    !zone_gpa_to_hpa(z, c->a[1], c->a[0], &hpa)) {
			c->ret.error = SBI_ERR_INVALID_PARAM;
			break;
		}
		for (u64 i = 0; i < c->a[0]; i++)
			console_putc(z, ((const volatile char *)hpa)[i]);
		c->ret.value = (long)c->a[0];
		break;
	case 1: /* console_read: input goes through the zone's UART */
		c->ret.value = 0;
		break;
	case 2:
		console_putc(z, (char)c->a[0]);
		break;
	default:
		c->ret.error = SBI_ERR_NOT_SUPPORTED;
	}
}

/* Legacy (v0.1) calls return their result in a0 only. */
static bool sbi_legacy(struct sbi_call_ctx *c, u64 ext)
{
	switch (ext) {
	case SBI_EXT_LEGACY_SET_TIMER:
		csr_write(CSR_VSTIMECMP, c->a[0]);
		break;
	case SBI_EXT_LEGACY_PUTCHAR:
		console_putc(c->v->zone, (char)c->a[0]);
		break;
	case SBI_EXT_LEGACY_GETCHAR:
		c->ret.error = -1;
		break;
	case SBI_EXT_LEGACY_SHUTDOWN:
		c->exit->reason = EXIT_SHUTDOWN;
		break;
	default:
		return false;
	}
	return true;
}

/* Everything but the hypercalls: the legacy calls and the v2.0
 * extensions. Kept out of line so the hypercall path stays short. */
static __attribute__((noinline)) void sbi_standard(struct vcpu *v, struct vcpu_exit *e)
{
	u64 *a = &v->arch.x[10];
	u64 ext = a[7];
	struct sbi_call_ctx c = {.v = v, .exit = e, .fid = a[6], .a = a};

	v->arch.sepc += 4;
	if (sbi_legacy(&c, ext)) {
		a[0] = (u64)c.ret.error;
		return;
	}
	switch (ext) {
	case SBI_EXT_BASE:
		c.ret = sbi_base(c.fid, a[0]);
		break;
	case SBI_EXT_TIME:
		if (c.fid == 0)
			csr_write(CSR_VSTIMECMP, a[0]);
		else
			c.ret.error = SBI_ERR_NOT_SUPPORTED;
		break;
	case SBI_EXT_IPI:
		sbi_ipi(&c);
		break;
	case SBI_EXT_RFENCE:
		sbi_rfence(&c);
		break;
	case SBI_EXT_HSM:
		sbi_hsm(&c);
		break;
	case SBI_EXT_SRST:
		sbi_srst(&c);
		break;
	case SBI_EXT_DBCN:
		sbi_dbcn(&c);
		break;
	default:
		c.ret.error = SBI_ERR_NOT_SUPPORTED;
	}
	a[0] = (u64)c.ret.error;
	a[1] = (u64)c.ret.value;
}

void rv_sbi_handle(struct vcpu *v, struct vcpu_exit *e)
{
	const u64 *a = &v->arch.x[10];

	if (a[7] != SBI_EXT_ZV) {
		sbi_standard(v, e);
		return;
	}
	/* A zonevisor hypercall: the core handles it, arch_vcpu_complete()
	 * writes a0/a1 and steps over the ecall. */
	e->reason = EXIT_HYPERCALL;
	e->hcall.nr = a[6];
	for (int i = 0; i < HCALL_NR_ARGS; i++)
		e->hcall.arg[i] = a[i];
}

/* trap.S, for an ecall from VS-mode, on the hypervisor stack, with only the
 * caller-saved guest registers in the context (the SBI and the hypercalls
 * use nothing else). BASE and the hypercalls answered from constants are
 * completed here; everything else goes through rv_sbi_handle(). Returns
 * as vcpu_exit_finish(). */
uintptr_t rv_ecall_fast(struct arch_vcpu *ctx)
{
	struct vcpu *v = vcpu_of_arch(ctx);
	u64 *a = &ctx->x[10];
	struct sbiret r = {0, 0};

	if (a[7] == SBI_EXT_BASE)
		r = sbi_base(a[6], a[0]);
	else if (a[7] != SBI_EXT_ZV || !hypercall_const(a[6], (u64 *)&r.value))
		return rv_ecall_slow(v, ctx);
	a[0] = (u64)r.error;
	a[1] = (u64)r.value;
	ctx->sepc += 4;
	vcpu_count_exit(v);
	return rv_resume(v, ctx);
}
