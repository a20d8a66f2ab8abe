/* SPDX-License-Identifier: MIT */
/* Internal interfaces of the loongarch64 port. */
#ifndef LA_H
#define LA_H

#include <arch/la_gcsr.h>
#include <zv/types.h>

struct vcpu;
struct zone;
struct arch_vcpu;

/* Guest GPRs the hypercall ABI uses (a0-a7 are r4-r11), and the code
 * field of an hvcl (BADI bits 14:0): zonevisor's hypercalls use code 0. */
#define LA_GPR_A0 4
#define LA_GPR_A7 11
#define LA_HVCL_CODE_MASK 0x7fffUL

/* trap.S */
void la_vcpu_enter(struct arch_vcpu *ctx);
extern char la_trap_vector[], la_tlb_refill[], la_secondary_entry[];

/* exit.c, called by trap.S: the context to resume the guest with, or the
 * context | 1 to return from la_vcpu_enter() */
uintptr_t la_trap_fast(struct arch_vcpu *a, u64 estat);
uintptr_t la_hvc_fast(struct arch_vcpu *a, u64 estat);
uintptr_t la_lean_fast(struct arch_vcpu *a, u64 estat);
uintptr_t la_gspr_full(struct arch_vcpu *a);

/* cpu.c; the root ESTAT.IS lines the hypervisor takes */
#define LA_HV_IRQS ((1UL << INT_HWI0) | (1UL << INT_TI) | (1UL << INT_IPI))
void la_handle_hv_irqs(void);
void la_hv_trap_fatal(void) __attribute__((noreturn));
u64 la_virt_to_phys(const void *p);
/* PGDH and the idle PGDL: a stage-2 root with nothing mapped. */
extern u64 la_empty_root_pa;

/* gcsr_hw.c: memory -> the hardware guest CSR bank */
void la_gcsr_restore(const struct la_gcsr_hw_state *s);

/* stage2.c */
int la_stage2_boot_init(void);

/* vcpu.c */
struct vcpu_exit;
void la_exit_decode(struct vcpu *v, struct vcpu_exit *e, u64 estat);
void la_gspr_emulate(struct vcpu *v);
/* Deliver exception ecode/subcode to v's guest at the instruction it
 * trapped on (v->arch.pc, BADI v->arch.badi), as the hardware's exception
 * entry would (la_exc_enter()); badv is written to guest BADV for ADE and
 * ALE. The guest resumes at its handler. */
void la_inject_exception(struct vcpu *v, u32 ecode, u32 subcode, u64 badv);

/* virq.c */
void la_vcpu_update_irqs(struct vcpu *v);
void la_vcpu_irq_resync(struct vcpu *v);
/* Trapped IOCSR access of v; false if nothing is there. */
bool la_iocsr_access(struct vcpu *v, u32 off, u8 width, bool write, u64 *val);
void la_zone_irq_reset(struct zone *z);

/* pirq.c: the board's physical interrupts */
void la_pirq_init(void);
void la_pirq_handle(void);
void la_pirq_zone_init(struct zone *z);
u32 la_pirq_release(struct zone *z, u32 inputs);
void la_pirq_set_trigger(u32 input, bool edge);
void la_pirq_zone_reset(struct zone *z);

/* vtimer.c: the guest timer of an idle vCPU */
/* A guest idle: wait until something is due for v or v stops. */
void la_vcpu_idle(struct vcpu *v);

#endif
