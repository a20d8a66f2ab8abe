/* SPDX-License-Identifier: MIT */
/*
 * The zone scrub's stores on loongarch64. LoongArch has no cache-block
 * zero instruction; where the CPU has LASX, a 256-bit vector store (XVST)
 * zeroes 32 bytes at once, four times what ST.D does, which matters for
 * how long a zone's start takes (QEMU -icount counts 71 M instructions of
 * ST.D loop for a 512 MiB zone). The hypervisor is built without LSX/LASX
 * (arch.mk) and keeps EUEN's enables off everywhere else: here it turns
 * them on for the loop and back, and saves and restores the one vector
 * register it uses, $xr0, which holds the state of whatever guest last
 * ran on this CPU (guest and root share the register file, and the
 * hypervisor never switches it). Interrupts are off in the hypervisor
 * (CRMD.IE = 0), so nothing else runs in between.
 */
#include <arch/loongarch.h>
#include <zv/arch.h>

/* CPUCFG word 2, bit 7: LASX. EUEN: FPE bit 0, SXE bit 1, ASXE bit 3. */
#define CPUCFG2_LASX (1u << 7)
#define EUEN_FPE_SXE_ASXE 0xbUL
#define LA_XVST_BYTES 32

/* zero.S: XVST zero over [hpa, end), both multiples of 32 bytes; save: 32
 * bytes, 32-byte aligned, for $xr0. */
void la_zero_lasx(u64 hpa, u64 end, void *save);

u64 arch_zero_block(void)
{
	return (la_cpucfg(2) & CPUCFG2_LASX) ? LA_XVST_BYTES : 0;
}

void arch_zero_blocks(u64 hpa, u64 size)
{
	u8 save[LA_XVST_BYTES] __attribute__((aligned(LA_XVST_BYTES)));
	u64 euen = csr_read(CSR_EUEN);

	csr_write(CSR_EUEN, euen | EUEN_FPE_SXE_ASXE);
	la_zero_lasx(hpa, hpa + size, save);
	csr_write(CSR_EUEN, euen);
}
