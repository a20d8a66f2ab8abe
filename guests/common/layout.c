/* SPDX-License-Identifier: MIT */
/*
 * Zone memory layouts (configs/<board>/layout.dts): each zone is given a
 * copy of this very image as its initrd, somewhere the zone table could
 * not place one before, and checks that the copy is there, byte for byte
 * against its own code, and what it may do with it. Which place is the
 * zone's id:
 *   1  RAM at guest address 0, the copy at 0: written and read back;
 *   2  a flash region (this image runs from flash too), the copy in a
 *      second one: written and read back;
 *   3  a ROM, the copy in it: then written, which the hypervisor must
 *      stop ("LAYOUT rom write: WRITTEN" means it did not).
 */
#include "guest.h"

#ifndef GUEST_FLASH_GPA
#define GUEST_FLASH_GPA 0x20000000UL
#endif
#ifndef GUEST_ROM_GPA
#define GUEST_ROM_GPA 0x21000000UL
#endif

/* Bytes compared: the start of .text, well inside the image. */
#define LAYOUT_CHECK_BYTES 1024

extern const u8 _start[];

/* Guest address 0, read at run time: a constant 0 would be a null pointer
 * the compiler may assume is never dereferenced. */
static volatile u64 ram0_gpa;

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("LAYOUT exception 0x%x at 0x%x (tval 0x%x)\n", cause, pc, tval);
	g_park();
}

/* The copy at gpa equals this image's first bytes (and is not all zero,
 * as the scrubbed memory around it is). */
static bool copy_ok(u64 gpa)
{
	u8 any = 0;

	for (u32 i = 0; i < LAYOUT_CHECK_BYTES; i++) {
		u8 b = mmio_r8(gpa + i);

		if (b != _start[i])
			return false;
		any |= b;
	}
	return any != 0;
}

static bool write_reads_back(u64 gpa)
{
	mmio_w64(gpa, 0x5a5aa5a5f00dfaceUL);
	return mmio_r64(gpa) == 0x5a5aa5a5f00dfaceUL;
}

static void check(const char *what, bool good)
{
	g_printf("LAYOUT %s: %s\n", what, good ? "PASS" : "FAIL");
}

void guest_main(void)
{
	u64 id = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_ID, 0, 0, 0, 0, &id);
	if (id == 1) {
		check("ram-at-0 copy", copy_ok(ram0_gpa));
		check("ram-at-0 write", write_reads_back(ram0_gpa));
	} else if (id == 2) {
		check("flash copy", copy_ok(GUEST_FLASH_GPA));
		check("flash write", write_reads_back(GUEST_FLASH_GPA));
	} else if (id == 3) {
		check("rom copy", copy_ok(GUEST_ROM_GPA));
		g_printf("LAYOUT rom write: trying\n");
		mmio_w64(GUEST_ROM_GPA, 0);
		g_printf("LAYOUT rom write: WRITTEN\n");
	} else {
		g_printf("LAYOUT: no layout for zone id %u\n", id);
	}
	for (;;)
		g_arch_wait();
}
