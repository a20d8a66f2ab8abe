/* SPDX-License-Identifier: MIT */
/* aarch64 cache maintenance after the hypervisor wrote a zone's RAM, and
 * the cache-block zero (DC ZVA) of the zone scrub. */
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
 * map (stores and DC ZVA alike) must be cleaned to the point of coherency,
 * and invalidated too (DC CIVAC), or a clean line left here would later
 * hide what the guest wrote with its caches off. One pass after the writes
 * is enough: DC CIVAC of a VA acts on every cache of the inner shareable
 * domain, so lines other CPUs hold of the range go too. The hypervisor's
 * own map is the identity, so hpa is the virtual address the maintenance
 * takes. IC IALLUIS then drops stale instructions on every CPU (a vCPU of
 * the zone may run elsewhere). Four lines per loop turn. */
void arch_cache_sync_range(u64 hpa, u64 size)
{
	u64 line = a64_dcache_line();
	u64 a = hpa & ~(line - 1), end = hpa + size;

	if (!size)
		return;
	for (; end - a > 3 * line; a += 4 * line) {
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
		__asm__ volatile("dc civac, %0" ::"r"(a + line) : "memory");
		__asm__ volatile("dc civac, %0" ::"r"(a + 2 * line) : "memory");
		__asm__ volatile("dc civac, %0" ::"r"(a + 3 * line) : "memory");
	}
	for (; a < end; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(ish);
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}

/* DCZID_EL0: DZP [4] set means DC ZVA is prohibited at this EL; BS [3:0]
 * is log2 of the words one DC ZVA zeroes. */
#define DCZID_DZP (1UL << 4)
#define DCZID_BS_MASK 0xfUL

u64 arch_zero_block(void)
{
	u64 dczid = sysreg_read(dczid_el0);

	return (dczid & DCZID_DZP) ? 0 : 4UL << (dczid & DCZID_BS_MASK);
}

/* DC ZVA writes zeroes to the block as a store would (into the cache on a
 * cacheable map), so arch_cache_sync_range still follows. Four blocks per
 * loop turn. */
void arch_zero_blocks(u64 hpa, u64 size)
{
	u64 b = arch_zero_block(), end = hpa + size;

	for (; end - hpa >= 4 * b; hpa += 4 * b) {
		__asm__ volatile("dc zva, %0" ::"r"(hpa) : "memory");
		__asm__ volatile("dc zva, %0" ::"r"(hpa + b) : "memory");
		__asm__ volatile("dc zva, %0" ::"r"(hpa + 2 * b) : "memory");
		__asm__ volatile("dc zva, %0" ::"r"(hpa + 3 * b) : "memory");
	}
	for (; hpa < end; hpa += b)
		__asm__ volatile("dc zva, %0" ::"r"(hpa) : "memory");
}
