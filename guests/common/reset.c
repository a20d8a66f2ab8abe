/* SPDX-License-Identifier: MIT */
/*
 * Zone restart: on its first boot the guest plants a secret in RAM outside
 * its image and resets its zone; on the second boot the secret must be
 * gone (the hypervisor scrubbed and reloaded the zone), then it powers its
 * zone off.
 */
#include "guest.h"

#define SECRET 0x5ec7e75ec7e75ec7ULL
#define SECRET_OFFSET 0x800000UL /* 8 MiB into the zone, past the image */

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("reset: exception 0x%x at 0x%x\n", cause, pc);
	g_park();
}

extern char _start[];

void guest_main(void)
{
	volatile u64 *secret = (volatile u64 *)((uintptr_t)_start + SECRET_OFFSET);
	u64 boots = 0;

	g_arch_init();
	g_arch_hypercall(HC_ZONE_BOOTS, 0, 0, 0, 0, &boots);
	g_printf("reset: boot %u, secret slot 0x%x\n", boots, *secret);
	if (boots == 1) {
		*secret = SECRET;
		g_printf("reset: secret planted, resetting the zone\n");
		g_arch_reset();
	}
	g_printf("reset: %s\n", *secret == 0 ? "RAM SCRUBBED" : "RAM LEAKED");
	g_printf("reset: powering the zone off\n");
	g_arch_shutdown();
}
