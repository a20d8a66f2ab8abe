/* SPDX-License-Identifier: MIT */
/*
 * Arch-neutral exit reasons. A port's arch_vcpu_run() returns one of these
 * whenever a trap needs the core; traps the ISA's firmware interface covers
 * (SBI, PSCI, cpucfg/IOCSR) are handled in the port through core services
 * and never reach here.
 */
#ifndef ZV_EXIT_H
#define ZV_EXIT_H

#include <zv/types.h>

struct mmio_dev;

enum exit_reason {
	EXIT_NONE,      /* handled in the port, or a physical interrupt */
	EXIT_HYPERCALL, /* zonevisor hypercall: nr + args */
	EXIT_MMIO,      /* access to an unmapped guest-physical address */
	EXIT_FAULT,     /* the guest did something the policy stops it for */
	EXIT_SHUTDOWN,  /* the guest asked to power its zone off */
	EXIT_REBOOT,    /* the guest asked to restart its zone */
	EXIT_VCPU_STOP, /* the vCPU stopped itself (SBI HSM / PSCI CPU_OFF) */
};

enum fault_kind {
	FAULT_STAGE2,   /* access outside the zone's memory and devices */
	FAULT_MMIO_DECODE,
	FAULT_UNHANDLED_TRAP,
};

#define HCALL_NR_ARGS 4

struct vcpu_exit {
	enum exit_reason reason;
	union {
		struct {
			u64 nr;
			u64 arg[HCALL_NR_ARGS];
			s64 ret;   /* set by the core: <0 is -ZV_E* */
			u64 value; /* set by the core */
		} hcall;
		struct {
			u64 gpa;
			u64 data; /* write: value; read: set by the core */
			u8 width; /* 1, 2, 4 or 8 bytes */
			u8 write;
			u8 reg;   /* guest register of the load/store */
			u8 sign_extend;
			/* The device at gpa, from the port's mmio_find() on the
			 * zone: the core does not search again, but still checks
			 * the access against it. */
			struct mmio_dev *dev;
			u64 pc; /* of the access, for the fault log */
		} mmio;
		struct {
			enum fault_kind kind;
			u64 addr; /* faulting guest-physical address, if any */
			u64 pc;
			u64 cause; /* ISA trap cause, for the log */
		} fault;
	};
};

/* Make e the fault of a guest at pc, with the ISA's trap cause for the log. */
static inline void exit_set_fault(struct vcpu_exit *e, enum fault_kind kind, u64 addr, u64 pc,
				  u64 cause)
{
	e->reason = EXIT_FAULT;
	e->fault.kind = kind;
	e->fault.addr = addr;
	e->fault.pc = pc;
	e->fault.cause = cause;
}

/* Make e an emulated-device access by the guest at pc, decoded by the port:
 * dev is the port's mmio_find() on the zone for gpa; data is the value of a
 * store (0 for a load, which the core fills in). */
static inline void exit_set_mmio(struct vcpu_exit *e, struct mmio_dev *dev, u64 gpa, u8 width,
				 u8 write, u8 reg, u8 sign_extend, u64 data, u64 pc)
{
	e->reason = EXIT_MMIO;
	e->mmio.gpa = gpa;
	e->mmio.width = width;
	e->mmio.write = write;
	e->mmio.reg = reg;
	e->mmio.sign_extend = sign_extend;
	e->mmio.data = data;
	e->mmio.dev = dev;
	e->mmio.pc = pc;
}

#endif
