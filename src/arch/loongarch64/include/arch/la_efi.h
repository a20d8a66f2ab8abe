/* SPDX-License-Identifier: MIT */
/*
 * The EFI-style hand-off a LoongArch Linux kernel expects when there is no
 * UEFI (what QEMU's direct kernel boot provides): a0 = 1 (EFI boot), a1 =
 * command line, a2 = an EFI system table whose configuration tables point
 * at the device tree and the initrd. No boot or runtime services. Pure C.
 */
#ifndef ARCH_LA_EFI_H
#define ARCH_LA_EFI_H

#include <stddef.h>
#include <zv/types.h>

#define LA_EFI_AREA 0x1000			/* bytes la_efi_build needs */
#define LA_EFI_SYSTAB_SIG 0x5453595320494249ULL /* "IBI SYST" */

struct la_boot_args {
	u64 a0, a1, a2;
};

/* Fill 'buf' (LA_EFI_AREA bytes, guest-physical address buf_gpa): command
 * line at +0, system table at +0x200, configuration tables after it.
 * fdt_gpa / initrd_gpa 0 leave that table out. Returns 0 or -1. */
int la_efi_build(void *buf, u64 buf_gpa, const char *cmdline, u64 fdt_gpa, u64 initrd_gpa,
		 u64 initrd_size, struct la_boot_args *args);

#endif
