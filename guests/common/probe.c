/* SPDX-License-Identifier: MIT */
/*
 * The isolation probe: after a short countdown it touches memory outside
 * its zone (GUEST_PROBE_ADDR, the host address of the sibling zone's RAM in the isolation config).
 * The hypervisor must stop it there; "PROBE ESCAPED" means it did not.
 */
#include "guest.h"

#ifndef GUEST_PROBE_ADDR
#define GUEST_PROBE_ADDR 0x89000000UL
#endif

void g_exception(u64 cause, u64 pc, u64 tval)
{
	g_printf("probe: exception 0x%x at 0x%x (tval 0x%x)\n", cause, pc, tval);
	g_printf("PROBE FAULTED-IN-GUEST\n");
	g_park();
}

void guest_main(void)
{
	volatile u64 *target = (volatile u64 *)GUEST_PROBE_ADDR;
	u64 end;

	g_arch_init();
	for (int i = 3; i > 0; i--) {
		g_printf("probe: touching 0x%x in %d\n", (u64)GUEST_PROBE_ADDR, (long)i);
		end = g_arch_time() + GUEST_TIMER_HZ / 10;
		while (g_arch_time() < end)
			;
	}
	g_printf("probe: read 0x%x\n", *target);
	*target = 0xbad;
	g_printf("PROBE ESCAPED\n");
	for (;;)
		g_arch_wait();
}
