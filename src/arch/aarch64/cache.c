/* SPDX-License-Identifier: MIT */
/* aarch64 cache maintenance after the hypervisor wrote a zone's RAM. */
#include <arch/sysreg.h>
#include <zv/arch.h>

/* CTR_EL0.DminLine [19:16]: log2 of the words in the smallest data or
 * unified cache line of any cache the PE sees. */
static u64 a64_dcache_line(void)
{
	return 4UL << ((sysreg_read(ctr_el0) >> 16) & 0xf);
}

/* A zone starts with SCTLR_EL1.M = 0: its data accesses are non-cacheable
 * and go to memory, so what the hypervisor wrote through its write-back
 * map must be cleaned to the point of coherency, and invalidated too (DC
 * CIVAC), or a clean line left here would later hide what the guest wrote
 * with its caches off. The hypervisor's own map is the identity, so hpa
 * is the virtual address the maintenance takes. IC IALLUIS then drops
 * stale instructions on every CPU (a vCPU of the zone may run elsewhere). */
void arch_cache_sync_range(u64 hpa, u64 size)
{
	u64 line = a64_dcache_line();

	if (!size)
		return;
	for (u64 a = hpa & ~(line - 1); a < hpa + size; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(ish);
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}
