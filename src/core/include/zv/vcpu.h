/* SPDX-License-Identifier: MIT */
#ifndef ZV_VCPU_H
#define ZV_VCPU_H

#include <arch/arch_types.h>
#include <zv/types.h>

struct zone;

enum vcpu_state { VCPU_OFF, VCPU_STARTING, VCPU_RUNNING };

/* Requests posted to a vCPU from another CPU (atomic bit set). */
#define VCPU_REQ_NOTIFY (1u << 0) /* virtual interrupt state changed */
#define VCPU_REQ_STOP (1u << 1)	  /* the zone is going down */
#define VCPU_REQ_FLUSH (1u << 2)  /* drop the zone's guest TLB entries */
#define VCPU_REQ_START (1u << 3)  /* leave the off state and run */
#define VCPU_REQ_CHAN (1u << 4)	  /* a channel port of the zone was rung */

/* What completed an exit, for the statistics a zone prints when it stops. */
enum vcpu_exit_class {
	VCPU_EXITS_PORT,      /* in the port: firmware call, interrupt, a wait for an
			       * interrupt (wfi/idle) done on the exit path, injected fault */
	VCPU_EXITS_MMIO,      /* an emulated device access */
	VCPU_EXITS_HYPERCALL, /* a zonevisor hypercall */
	VCPU_EXITS_OTHER,     /* power, vCPU stop, fault */
	VCPU_EXIT_CLASSES,
};

struct vcpu {
	u32 id;	  /* index inside the zone */
	u32 pcpu; /* the physical CPU it is pinned to */
	struct zone *zone;
	volatile u32 state;
	volatile u32 requests;
	u64 start_entry, start_arg;
	u64 exits_by[VCPU_EXIT_CLASSES]; /* statistics since the zone started */
	struct arch_vcpu arch;
};

/* The vCPU whose port state is a (trap paths get only the port's part). */
static inline struct vcpu *vcpu_of_arch(struct arch_vcpu *a)
{
	return (struct vcpu *)((char *)a - __builtin_offsetof(struct vcpu, arch));
}

/* One vCPU per physical CPU, indexed by its number (vcpu.c). */
extern struct vcpu pcpu_vcpus[];

/* The vCPU running on this physical CPU (NULL if the CPU is idle). */
struct vcpu *vcpu_current(void);
/* Post requests to v and interrupt its physical CPU if it is another. */
void vcpu_kick(struct vcpu *v, u32 requests);
/* Run on the CPU that got an IPI: act on the current vCPU's requests. */
void vcpu_handle_requests(void);
struct vcpu_exit;
/* vcpu_resume()'s way when requests were posted: act on them. */
uintptr_t vcpu_resume_slow(uintptr_t ctx, struct vcpu *v, struct vcpu_exit *e);
/* The end of an exit a port completed on its trap path, without the vCPU
 * loop, whose trap code resumes the guest from ctx (the port's context) or
 * leaves for the loop on ctx | 1 (e then the exit for the loop). Requests
 * posted meanwhile are acted on first; once the vCPU no longer runs it
 * leaves with e handled (EXIT_NONE): the loop sees the state. */
static inline uintptr_t vcpu_resume(struct vcpu *v, struct vcpu_exit *e, uintptr_t ctx)
{
	if (likely(!v->requests && v->state == VCPU_RUNNING))
		return ctx;
	return vcpu_resume_slow(ctx, v, e);
}
/* Complete an exit that needs nothing but the core's handlers (hypercalls,
 * emulated MMIO, EXIT_NONE) without leaving the vCPU's context; false for
 * any other exit, for an MMIO access the device refused (e is then the
 * EXIT_FAULT to dispatch) or for a power register's write (e then
 * EXIT_SHUTDOWN or EXIT_REBOOT).
 * A port may call it from its trap path to skip the way through
 * vcpu_loop(); the vCPU loop calls it first for every exit. */
bool vcpu_exit_fast(struct vcpu *v, struct vcpu_exit *e);
/* The end of an exit a port decoded on its trap path: completed through
 * the core if it can be (vcpu_exit_fast()), then vcpu_resume(); ctx | 1,
 * e the exit, for one only the vCPU loop can handle. */
static inline uintptr_t vcpu_exit_finish(struct vcpu *v, struct vcpu_exit *e, uintptr_t ctx)
{
	if (!vcpu_exit_fast(v, e))
		return ctx | 1;
	return vcpu_resume(v, e, ctx);
}
/* Count one exit of class c. */
static inline void vcpu_count_exit_as(struct vcpu *v, enum vcpu_exit_class c)
{
	v->exits_by[c]++;
}
/* All of v's exits since its zone started (HC_VCPU_EXITS). */
static inline u64 vcpu_exits(const struct vcpu *v)
{
	u64 n = 0;

	for (u32 c = 0; c < VCPU_EXIT_CLASSES; c++)
		n += v->exits_by[c];
	return n;
}
/* Count an exit the port completed itself, without the core's handlers
 * (vcpu_exit_fast() counts the others). */
static inline void vcpu_count_exit(struct vcpu *v)
{
	vcpu_count_exit_as(v, VCPU_EXITS_PORT);
}
/* The per-CPU loop: wait to be started, run the vCPU, dispatch exits. */
void vcpu_loop(u32 pcpu) __attribute__((noreturn));

#endif
