/* SPDX-License-Identifier: MIT */
/*
 * The port contract: every ISA port in src/arch/<isa>/ implements exactly
 * these functions and supplies <arch/arch_types.h> with struct arch_vcpu and
 * struct arch_zone, which the core embeds. The core calls nothing else of
 * a port. Of the core's headers a port includes only: this one and exit.h
 * (the contract), types.h, lib.h and spinlock.h (freestanding helpers),
 * zone.h, vcpu.h and mmio.h (the objects it runs and their emulated
 * devices), rng.h and fdt.h (the /chosen reader for arch_boot_entropy,
 * the CPU node reader for a port's ISA extensions),
 * config_abi.h and board.h (the zone table's and the board's
 * facts), console.h (its output) and hypercall.h (the hypervisor calls
 * it forwards).
 *
 *   boot:    arch_cpu_init, arch_cpu_start, arch_cpu_id, arch_time_ms,
 *            arch_boot_entropy
 *   memory:  arch_stage2_format, arch_stage2_init, arch_stage2_flush,
 *            arch_hv_to_phys, arch_cache_sync_range, arch_zero_block,
 *            arch_zero_blocks, arch_entry_gpa;
 *            ARCH_S2_POOL_PAGES in <arch/arch_types.h>
 *   vCPU:    arch_vcpu_reset, arch_vcpu_run, arch_vcpu_complete,
 *            arch_vcpu_return_address, arch_linux_handoff
 *   irqs:    arch_zone_irq_init, arch_zone_irq_set, arch_vcpu_notify (a
 *            kick from another CPU)
 *   machine: arch_send_ipi, arch_wait_for_interrupt, arch_poweroff
 */
#ifndef ZV_ARCH_H
#define ZV_ARCH_H

#include <arch/arch_types.h>
#include <zv/exit.h>
#include <zv/stage2.h>
#include <zv/types.h>

struct zone;
struct vcpu;

/* Per physical CPU: install trap vectors, enable the virtualization
 * extension (HS-mode CSRs / HCR_EL2 / GCFG). Runs on that CPU. */
void arch_cpu_init(u32 cpu);
/* Start secondary physical CPU 'cpu' at the hypervisor's secondary entry. */
int arch_cpu_start(u32 cpu);
/* The physical CPU this code runs on (0..nr_cpus-1). */
u32 arch_cpu_id(void);
/* Milliseconds from the CPU's constant-rate counter since an arbitrary
 * point, the same on every CPU (rate limits). */
u64 arch_time_ms(void);
/* Boot CPU, before any zone is built: up to 'len' bytes from the
 * platform's entropy source (firmware's /chosen/rng-seed, an RNG
 * instruction) for the zones' rng-seeds (zv/rng.h); 0 if it has none. */
size_t arch_boot_entropy(void *buf, size_t len);
/* Interrupt the hypervisor on physical CPU 'cpu' (it then runs
 * vcpu_handle_requests()). */
void arch_send_ipi(u32 cpu);
/* Sleep in the hypervisor until an interrupt arrives on this CPU. */
void arch_wait_for_interrupt(void);
/* Power the machine off (all zones are down). */
void arch_poweroff(void) __attribute__((noreturn));

/*
 * Stage-2 (guest-physical -> host-physical) translation of a zone. The
 * core builds the tables (zv/stage2.h) in z->s2 from a static pool of
 * ARCH_S2_POOL_PAGES 4 KiB pages, which <arch/arch_types.h> defines for
 * the board's RAM; the port only describes its format: levels, index
 * bits, leaf levels, the board's largest leaf, and its entry encoding
 * (leaf, table pointer, decode; LoongArch also asks for shared empty
 * tables, as its walker reads an empty entry as a table at PA 0).
 */
const struct s2_format *arch_stage2_format(void);
/* The zone's tables in z->s2 are complete: tag them (VMID / GID), set up
 * what points the hardware at z->s2.root_pa, and make the table writes
 * visible to the hardware walker. */
int arch_stage2_init(struct zone *z);
/* Drop every cached translation of the zone (its VMID/GID) on this CPU. */
void arch_stage2_flush(struct zone *z);
/* The hypervisor has written [hpa, hpa + size) of a zone's RAM (scrubbed
 * it, copied images in): make that what the zone sees when it starts with
 * its caches and MMU off and executes from it. Data caches cleaned and
 * invalidated to the point of coherency (a non-cacheable read must not
 * find stale memory, a later cacheable one no stale line), instruction
 * caches invalidated on every CPU, or on this one if the port invalidates
 * them again where a vCPU starts (arch_vcpu_reset). Called by zone_load()
 * once per RAM region, after the copies; hpa is the hypervisor's address
 * (RAM is identity mapped). */
void arch_cache_sync_range(u64 hpa, u64 size);
/* The CPU's cache-block zero instruction (Zicboz cbo.zero, DC ZVA): the
 * bytes one zeroes (a power of two), or 0 if the CPU has none; the same
 * on every CPU, known from arch_cpu_init() of the boot CPU on. */
u64 arch_zero_block(void);
/* Zero [hpa, hpa + size) of zone RAM with that instruction: hpa and size
 * are multiples of arch_zero_block(). Like stores through the hypervisor's
 * cacheable map: the caller still makes it what a zone with caches off
 * sees (arch_cache_sync_range). */
void arch_zero_blocks(u64 hpa, u64 size);
/* The physical address of hypervisor memory at p (the stage-2 pool's). */
u64 arch_hv_to_phys(const void *p);
/* The guest-physical address a vCPU started at 'entry' fetches its first
 * instruction from, for zone_vcpu_start() to check against the zone's RAM:
 * 'entry' itself, or only its low PALEN bits on loongarch64 (a vCPU starts
 * in direct-address mode, which ignores the rest). */
u64 arch_entry_gpa(u64 entry);

/* Per-zone interrupt-controller model (vPLIC, vGIC distributor, EIOINTC). */
int arch_zone_irq_init(struct zone *z);
/* Raise or lower a zone's virtual interrupt line 'irq' (an emulated device
 * or a passthrough source). Safe from any CPU. */
void arch_zone_irq_set(struct zone *z, u32 irq, bool level);

/* Put a vCPU in its reset state: pc = entry, the ISA's boot arguments
 * (hart id / DTB / EFI hand-off) from the zone config. */
void arch_vcpu_reset(struct vcpu *v, u64 entry, u64 arg);
/* What the ISA's Linux boot hand-off beside the device tree is, for a
 * ZV_ZONE_LINUX zone (written by arch_vcpu_reset when vCPU 0 starts):
 * [gpa, gpa + size) of the zone's memory it writes (size 0: none), which
 * no image the root loads may overlap; and initrd, true when the hand-off,
 * not the tree's /chosen, tells the kernel where its initrd is (it then
 * names z->boot_initrd: the configured initrd, or one the root loaded). */
struct arch_linux_handoff {
	u64 gpa, size;
	bool initrd;
};
void arch_linux_handoff(const struct zone *z, struct arch_linux_handoff *h);
/* Enter the guest; return when the core must handle something. */
void arch_vcpu_run(struct vcpu *v, struct vcpu_exit *exit);
/* The guest's return-address register (ra / x30 / r1) as its last exit
 * saved it, for a fault's log. */
u64 arch_vcpu_return_address(const struct vcpu *v);
/* Complete an exit the core handled (write MMIO read data, hypercall
 * results, advance the pc). */
void arch_vcpu_complete(struct vcpu *v, struct vcpu_exit *exit);
/* The current vCPU got requests (VCPU_REQ_NOTIFY: virtual interrupt state
 * changed; VCPU_REQ_FLUSH: drop its guest TLB entries): fold them into
 * hardware state on this CPU. */
void arch_vcpu_notify(struct vcpu *v, u32 requests);

#endif
