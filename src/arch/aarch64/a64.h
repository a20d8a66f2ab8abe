/* SPDX-License-Identifier: MIT */
/* Internal interfaces of the aarch64 port. */
#ifndef A64_H
#define A64_H

#include <zv/exit.h>
#include <zv/types.h>
#include <zv/vcpu.h>

struct arch_vcpu;
struct vcpu;
struct zone;

#define SGI_KICK 0 /* the hypervisor's IPI: run vcpu_handle_requests() */
#define HV_NR_CPUS_MAX 8

/* trap.S / entry.S */
extern char a64_vectors[];
extern char zv_secondary_entry[];
void a64_vcpu_enter(struct arch_vcpu *ctx);
/* Any synchronous exit but an HVC, on the hypervisor stack with every GPR
 * in the context; returns as a64_hvc_fast() does. */
uintptr_t a64_sync_fast(struct arch_vcpu *a);

/* cpu.c */
u64 a64_smc(u64 fn, u64 a1, u64 a2, u64 a3);
u64 a64_cpu_affinity(u32 cpu);	      /* MPIDR affinity fields of a CPU number */
extern bool a64_has_wfxt;	      /* FEAT_WFxT: the guest may use WFIT */
void a64_handle_irqs(struct vcpu *v); /* v: vcpu_current() */

/* gic.c: the physical GICv3, owned by the hypervisor */
void gic_init(void);
void gic_cpu_init(u32 cpu);
u32 gic_ack(void);
void gic_eoi(u32 intid);	/* priority drop (ICC_CTLR_EL1.EOImode = 1) */
void gic_deactivate(u32 intid); /* ICC_DIR_EL1 */
void gic_send_sgi(u32 cpu, u32 sgi);
void gic_spi_route(u32 intid, u32 cpu);
void gic_spi_enable(u32 intid, bool on);
u32 gic_nr_lrs(void);

/* vgic.c, vgic_lr.c, vgic_inject.c */
void vgic_vcpu_reset(struct vcpu *v);
void vgic_flush(struct vcpu *v);      /* takes the zone's vGIC lock */
bool vgic_lr_pending(struct vcpu *v); /* this CPU's vCPU only */
void vgic_inject_ppi_hw(struct vcpu *v, u32 intid);
void vgic_inject_spi_hw(struct zone *z, u32 intid);
void vgic_send_sgi(struct vcpu *v, u64 sgir, bool all_groups);
void vgic_maintenance(void);

/* stage2.c */
u64 a64_stage2_vtcr_walk(void); /* VTCR_EL2.T0SZ and SL0 for the zones' tables */

/* vcpu.c */
void a64_inject_undef(struct vcpu *v);
/* trap.S, for a physical IRQ from the guest, with x0-x18 and x30 in the
 * context; returns as a64_hvc_fast() does. */
uintptr_t a64_irq_fast(struct arch_vcpu *a);
/* An HVC a64_hvc_fast() did not answer; returns as a64_hvc_fast() does. */
uintptr_t a64_hvc_exit(struct arch_vcpu *a);

/* psci.c */
void a64_smccc(struct vcpu *v, struct vcpu_exit *e);
/* trap.S, for an HVC from the guest (ESR_EL2.EC = 0x16, ELR_EL2 already
 * past it), on the hypervisor stack with only x0-x18 and x30 in the
 * context (SMCCC passes arguments and results in x0-x17). Answers the
 * calls that need neither the vCPU nor its zone (SMCCC_VERSION,
 * PSCI_VERSION, PSCI_FEATURES, PSCI_MIGRATE_INFO_TYPE, the hypercalls of
 * hypercall_const()) itself, the others through a64_hvc_exit(). Returns a
 * to resume the guest, or a | 1 to leave through the vCPU loop with
 * a->exit (A64_EXIT_HV_STACK). */
uintptr_t a64_hvc_fast(struct arch_vcpu *a);

#endif
