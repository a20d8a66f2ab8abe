/* SPDX-License-Identifier: MIT */
/* Internal interfaces of the riscv64 port. */
#ifndef RV_H
#define RV_H

#include <zv/types.h>
#include <zv/vcpu.h>

struct vcpu;
struct zone;

/* trap.S */
struct arch_vcpu;
void rv_vcpu_enter(struct arch_vcpu *ctx);
long rv_hlvx_hu(unsigned long gva, unsigned long *fixup);

/* cpu.c */
void rv_handle_hv_irqs(void);

/* cbo.c: is cbo.zero there; first called by the boot CPU's arch_cpu_init */
void rv_cbo_probe(void);

/* plic.c: the physical PLIC, owned by the hypervisor */
void rv_plic_cpu_init(u32 cpu);
void rv_plic_enable(u32 irq, u32 cpu);
void rv_plic_complete(u32 irq, u32 cpu);
void rv_plic_handle(void);

/* vplic.c */
void rv_vplic_update(struct zone *z);
void rv_vplic_reset(struct zone *z);

/* vcpu.c */
void rv_vcpu_set_vsip(struct vcpu *v, u32 irq_bit, bool level);
void rv_inject_exception(struct vcpu *v, u64 cause, u64 tval);
uintptr_t rv_ecall_slow(struct vcpu *v, struct arch_vcpu *a);

/* After an exit completed on the hypervisor stack: resume the guest (the
 * context for trap.S) unless the vCPU no longer runs (vcpu_resume()). */
static inline uintptr_t rv_resume(struct vcpu *v, struct arch_vcpu *a)
{
	return vcpu_resume(v, &a->exit, (uintptr_t)a);
}

static inline void rv_hfence_gvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x31, x0, x0, x0" ::: "memory");
}

static inline void rv_hfence_vvma_all(void)
{
	__asm__ volatile(".insn r 0x73, 0, 0x11, x0, x0, x0" ::: "memory");
}

#endif
