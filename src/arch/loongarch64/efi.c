/* SPDX-License-Identifier: MIT */
/* Minimal EFI system table for the Linux hand-off (layout: UEFI spec
 * EFI_SYSTEM_TABLE / EFI_CONFIGURATION_TABLE, 64-bit). Pure C. */
#include <arch/la_efi.h>

#define CMDLINE_MAX 0x200
#define SYSTAB_OFF 0x200
#define TABLES_OFF 0x300
#define INITRD_OFF 0x400
#define VENDOR_OFF 0x480

struct efi_guid {
	u32 d1;
	u16 d2, d3;
	u8 d4[8];
};

struct efi_config_table {
	struct efi_guid guid;
	u64 table;
};

struct efi_system_table {
	u64 signature;
	u32 revision, header_size, crc32, reserved;
	u64 fw_vendor;
	u32 fw_revision, pad;
	u64 con_in_handle, con_in, con_out_handle, con_out, stderr_handle, stderr_out;
	u64 runtime, boottime;
	u64 nr_tables, tables;
};

static const struct efi_guid device_tree_guid = {
    0xb1b621d5, 0xf19c, 0x41a5, {0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0}};
static const struct efi_guid initrd_media_guid = {
    0x5568e427, 0x68fc, 0x4f3d, {0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68}};

static void zero(u8 *p, size_t n)
{
	while (n--)
		*p++ = 0;
}

int la_efi_build(void *buf, u64 buf_gpa, const char *cmdline, u64 fdt_gpa, u64 initrd_gpa,
		 u64 initrd_size, struct la_boot_args *args)
{
	u8 *b = buf;
	struct efi_system_table *st = (struct efi_system_table *)(b + SYSTAB_OFF);
	struct efi_config_table *ct = (struct efi_config_table *)(b + TABLES_OFF);
	u64 *initrd = (u64 *)(b + INITRD_OFF);
	size_t n = 0;

	zero(b, LA_EFI_AREA);
	for (; cmdline && cmdline[n]; n++) {
		if (n == CMDLINE_MAX - 1)
			return -1;
		b[n] = (u8)cmdline[n];
	}
	st->signature = LA_EFI_SYSTAB_SIG;
	st->revision = (2u << 16) | 70u; /* 2.70 */
	st->header_size = sizeof(*st);
	/* fw_vendor: a UCS-2 string, which Linux prints at boot. */
	for (size_t i = 0; i < sizeof("zonevisor"); i++)
		b[VENDOR_OFF + 2 * i] = (u8) "zonevisor"[i];
	st->fw_vendor = buf_gpa + VENDOR_OFF;
	st->tables = buf_gpa + TABLES_OFF;
	if (fdt_gpa)
		ct[st->nr_tables++] = (struct efi_config_table){device_tree_guid, fdt_gpa};
	if (initrd_size) {
		initrd[0] = initrd_gpa;
		initrd[1] = initrd_size;
		ct[st->nr_tables++] =
		    (struct efi_config_table){initrd_media_guid, buf_gpa + INITRD_OFF};
	}
	args->a0 = 1;
	args->a1 = buf_gpa;
	args->a2 = buf_gpa + SYSTAB_OFF;
	return 0;
}
