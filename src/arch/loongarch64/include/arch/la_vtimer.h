/* SPDX-License-Identifier: MIT */
/*
 * The guest timer while its vCPU idles in root. The LVZ guest timer (guest
 * TCFG/TVAL) counts only in guest mode (QEMU-LVZ stops it at every exit, as
 * KVM assumes of hardware), so a vCPU waiting in root for its next tick must
 * have the root count for it: at the idle exit the port reads the ticks left
 * (guest TVAL), sleeps on the root timer at most that long, and on wake
 * charges the time spent to the guest timer (la_vtimer_advance): new
 * TCFG/TVAL, and whether TI (ESTAT.IS bit 11) is now due. Pure C.
 */
#ifndef ARCH_LA_VTIMER_H
#define ARCH_LA_VTIMER_H

#include <stdbool.h>
#include <zv/types.h>

#define LA_TCFG_EN 0x1ull
#define LA_TCFG_PERIODIC 0x2ull
#define LA_TCFG_INIT_MASK 0xfffffffffffcull /* InitVal, bits 47:2 (ticks) */

/* Ticks until guest TI, from guest TCFG and TVAL read in root: 0 if the
 * timer is off, 1 if it is already due (TVAL 0, or wrapped above InitVal:
 * the counter passed zero but the tick was not raised yet). */
u64 la_vtimer_left(u64 tcfg, u64 tval);

struct la_vtimer_next {
	u64 tcfg;  /* guest TCFG to write back */
	u64 tval;  /* guest TVAL to write back (never 0: see below) */
	bool fire; /* raise TI in guest ESTAT */
};

/* The guest timer after 'elapsed' ticks in root with 'left' ticks to go.
 * A one-shot timer that expired is turned off (TCFG.EN = 0), as QEMU's own
 * timer model does; a periodic one reloads and keeps its phase. TVAL is
 * never 0: QEMU-LVZ restarts a guest timer whose TVAL is 0 with the whole
 * InitVal at the next entry. */
void la_vtimer_advance(u64 tcfg, u64 left, u64 elapsed, struct la_vtimer_next *next);

#endif
