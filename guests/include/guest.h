/* SPDX-License-Identifier: MIT */
/*
 * The bare-metal test guests' portable interface. guests/common/ is written
 * once against it; guests/arch/<isa>/ implements the g_arch_* hooks (start
 * code, traps, timer, IPIs, CPU start, hypercall and firmware calls).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zv/hypercall.h> /* hypercall numbers shared with the hypervisor */
#include <zv/testdev.h>
#include <zv/types.h>

#include "guest_arch.h" /* GUEST_UART, GUEST_TESTDEV, GUEST_TIMER_HZ, ... */

/* A guest-physical address outside every test zone's RAM. */
#ifndef GUEST_UNMAPPED_GPA
#define GUEST_UNMAPPED_GPA 0x1000UL
#endif

/* An interrupt source (g_arch_irqc_unowned_denied's numbering) the hostile
 * zone neither owns nor has an emulated device on. */
#ifndef GUEST_UNOWNED_IRQ
#define GUEST_UNOWNED_IRQ 1
#endif

enum g_irq { G_IRQ_TIMER, G_IRQ_IPI, G_IRQ_EXT, G_IRQ_OTHER };

/* Arch hooks. */
void g_arch_init(void);				      /* traps, per-CPU state */
u32 g_arch_cpu_id(void);			      /* vCPU number */
u64 g_arch_time(void);				      /* counter at GUEST_TIMER_HZ */
void g_arch_timer_set(u64 deadline);		      /* one-shot at counter value */
void g_arch_irq_enable(bool on);		      /* global interrupt enable */
void g_arch_wait(void);				      /* wait for an interrupt */
void g_arch_ipi(u32 cpu);			      /* IPI to vCPU 'cpu' of this zone */
int g_arch_cpu_start(u32 cpu, void (*entry)(void));   /* entry: guest_secondary */
void g_arch_cpu_stop(void) __attribute__((noreturn)); /* stop this vCPU */
int g_arch_cpu_running(u32 cpu);		      /* 1 running, 0 stopped, -1 unknown */
/* ret: 0 or -ZV_E*; *value: result. */
long g_arch_hypercall(u64 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 *value);
/* The ISA's firmware call: SBI get_spec_version / PSCI_VERSION / cpucfg. */
u64 g_arch_firmware_version(void);
void g_arch_shutdown(void) __attribute__((noreturn));
void g_arch_reset(void) __attribute__((noreturn));
/* External interrupts: claim/complete at the zone's interrupt controller. */
void g_arch_ext_enable(u32 irq);
u32 g_arch_ext_claim(void);
void g_arch_ext_complete(u32 irq);
u64 g_arch_insn_count(void); /* retired instructions, or 0 if hidden */
int g_arch_getc(void);	     /* console input from the board UART; weak default: 16550 */
bool g_arch_putc(char c);    /* native console; weak default false: the zone's */
/* Only where guest_arch.h defines GUEST_BURST_SGIS (selftest irq-burst):
 * software-generated interrupt 'sgi' to this vCPU, and the number of the
 * interrupt g_irq() is handling. */
void g_arch_sgi_self(u32 sgi);
u32 g_arch_irq_id(void);
/* Only where guest_arch.h defines GUEST_USER_PRIV (selftest user-priv): a
 * user-mode program tries the privileged operations the hypervisor
 * emulates, among them starting vCPU 'cpu' at the kernel's secondary
 * entry; true if each raised the ISA's privilege exception in the guest. */
bool g_arch_user_priv(u32 cpu);

/* Only where guest_arch.h defines GUEST_MISALIGNED (selftest misaligned-*):
 * g_arch_misaligned(op, addr, val) makes a misaligned 4-byte access at
 * addr (a load, a store of val, an exclusive load, or an atomic add of
 * val), returning the loaded or old value. g_arch_misaligned_cause[op] is
 * the exception the guest's own handler must take for it (g_exception's
 * cause under g_arch_misaligned_mask, tval = addr). */
enum g_misaligned_op { G_MIS_LOAD, G_MIS_STORE, G_MIS_EXCLUSIVE, G_MIS_AMO };
#define G_MIS_OPS 4
extern const u64 g_arch_misaligned_cause[G_MIS_OPS], g_arch_misaligned_mask;
u64 g_arch_misaligned(enum g_misaligned_op op, u64 addr, u32 val);
/* Only where guest_arch.h defines GUEST_WFIT: 1 if the CPU has WFIT, after
 * waiting in one (interrupts masked) until the counter reaches deadline. */
bool g_arch_wfit(u64 deadline);
/* Only where guest_arch.h defines GUEST_ARCH_SELFTEST: the ISA's own
 * selftest checks, each reported through check(). */
void g_arch_selftest(void (*check)(const char *name, bool ok));

/* Only where guest_arch.h defines GUEST_REG_PATTERN (selftest exit-regs):
 * the exits to try. run(addr, out) sets every GPR n the check compares to
 * GUEST_REG_PATTERN(n), takes one exit (addr: the testdev's scratch
 * register, holding G_EXIT_REGS_MEM), and stores GPR n to out[n]. The
 * registers in 'written' may change (results, or set up for the exit);
 * 'want' says what they must hold. GUEST_REG_UNCHECKED: GPR numbers never
 * compared (zero, sp). The table ends with a NULL op. */
#define G_EXIT_REGS_MEM 0x0123456789abcdefULL
typedef void g_exit_regs_run(u64 addr, u64 out[32]);
enum g_want {
	G_WANT_NONE,
	G_WANT_VALUE,  /* out[reg] == value */
	G_WANT_FW,     /* out[reg] == g_arch_firmware_version() */
	G_WANT_STORED, /* the word at addr == GUEST_REG_PATTERN(reg) */
};
struct g_exit_regs_want {
	enum g_want how;
	u32 reg;
	u64 value;
};
#define G_OUT(reg, v) {G_WANT_VALUE, (reg), (v)}
#define G_OUT_FW(reg) {G_WANT_FW, (reg), 0}
#define G_STORED(reg) {G_WANT_STORED, (reg), 0}
struct g_exit_regs_case {
	const char *op;
	g_exit_regs_run *run;
	u32 written;
	struct g_exit_regs_want want[2];
};
extern const struct g_exit_regs_case g_arch_exit_regs_cases[];

/* Hooks for the hostile guest (guests/common/hostile.c). */
void g_arch_skip_insn(void);			 /* from g_exception: resume after it */
int g_arch_priv_insn(int which);		 /* run privileged insn #which; -1: no more */
void g_arch_set_vectors(u64 addr);		 /* point the trap vector at addr */
void g_arch_enable_paging(u64 root);		 /* turn on the guest MMU with root */
long g_arch_ipi_mask(u64 mask);			 /* raw IPI request; firmware's error */
long g_arch_cpu_start_at(u32 cpu, u64 entry);	 /* raw CPU start at entry */
long g_arch_fw_console_write(u64 addr, u64 len); /* firmware console, or 0 */
/* Turn on the guest MMU with the zone's RAM and devices mapped 1:1, and
 * return a virtual address whose translation takes its next-level table
 * from the guest-physical page 'table' (0: no such hook on this ISA). */
u64 g_arch_paging_via(u64 table);
/* Program the interrupt controller for a source the zone does not own and
 * return true if the hypervisor kept it unowned (enable reads back 0,
 * nothing is delivered). */
bool g_arch_irqc_unowned_denied(u32 irq);

/* Set by the common code: called from the arch trap handler (lib.c's
 * weak default ignores every interrupt). */
void g_irq(enum g_irq kind);
/* Set by the common code: an exception the guest did not expect. */
void g_exception(u64 cause, u64 pc, u64 tval);

/* Common library. */
void g_putc(char c);
int g_getc(void); /* a byte the zone's UART received, or -1 */
void g_puts(const char *s);
void g_printf(const char *fmt, ...);
/* Wait for interrupts forever: a vCPU with nothing more to do. */
void g_park(void) __attribute__((noreturn));
static inline u32 mmio_r32(u64 a)
{
	return *(volatile u32 *)(uintptr_t)a;
}
static inline void mmio_w32(u64 a, u32 v)
{
	*(volatile u32 *)(uintptr_t)a = v;
}
static inline u64 mmio_r64(u64 a)
{
	return *(volatile u64 *)(uintptr_t)a;
}
static inline void mmio_w64(u64 a, u64 v)
{
	*(volatile u64 *)(uintptr_t)a = v;
}
static inline uint8_t mmio_r8(u64 a)
{
	return *(volatile uint8_t *)(uintptr_t)a;
}
static inline void mmio_w8(u64 a, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)a = v;
}
static inline uint16_t mmio_r16(u64 a)
{
	return *(volatile uint16_t *)(uintptr_t)a;
}
static inline void mmio_w16(u64 a, uint16_t v)
{
	*(volatile uint16_t *)(uintptr_t)a = v;
}

/* The guest's entry into the common code, per guest program. */
void guest_main(void);
void guest_secondary(void); /* secondary vCPUs land here; lib.c: parked */

/* The bare channel guests (chanecho.c, chanpp.c; guests/zvchan/chan_bare.c):
 * their channel g_chan, whose doorbell (GUEST_CHAN_DOORBELL) their g_irq()
 * takes, counting it in g_chan_doorbells; g_chan_wait() sleeps until a
 * doorbell newer than 'seen', or 10 ms, and says whether one came. */
extern struct zvchan g_chan;
extern volatile u32 g_chan_doorbells;
bool g_chan_wait(u32 seen);

/* The hypercall numbers, shared with the hypervisor. */

#endif
