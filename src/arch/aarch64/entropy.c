/* SPDX-License-Identifier: MIT */
/* aarch64 boot entropy: RNDR (FEAT_RNG, ID_AA64ISAR0_EL1.RNDR bits 63:60),
 * which QEMU's -cpu max has. RNDR sets PSTATE.Z when it has no number. */
#include <zv/arch.h>
#include <zv/lib.h>

#include <arch/sysreg.h>

static bool a64_rndr(u64 *v)
{
	u64 ok;

	__asm__ volatile("mrs %0, s3_3_c2_c4_0\n\tcset %1, ne" : "=r"(*v), "=r"(ok)::"cc");
	return ok;
}

size_t arch_boot_entropy(void *buf, size_t len)
{
	size_t n = 0;
	u64 v;

	if (!(sysreg_read(id_aa64isar0_el1) >> 60))
		return 0;
	for (int tries = 0; n < len && tries < 64; tries++) {
		if (!a64_rndr(&v))
			continue;
		memcpy((u8 *)buf + n, &v, len - n < 8 ? len - n : 8);
		n += len - n < 8 ? len - n : 8;
	}
	return n;
}
