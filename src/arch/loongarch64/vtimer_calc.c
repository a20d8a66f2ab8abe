/* SPDX-License-Identifier: MIT */
/* Guest timer arithmetic for idle vCPUs (see la_vtimer.h). */
#include <arch/la_vtimer.h>

u64 la_vtimer_left(u64 tcfg, u64 tval)
{
	u64 init = tcfg & LA_TCFG_INIT_MASK;

	if (!(tcfg & LA_TCFG_EN))
		return 0;
	if (tval == 0 || tval > init)
		return 1;
	return tval;
}

void la_vtimer_advance(u64 tcfg, u64 left, u64 elapsed, struct la_vtimer_next *next)
{
	u64 init = tcfg & LA_TCFG_INIT_MASK;
	u64 over;

	next->tcfg = tcfg;
	next->fire = false;
	if (elapsed < left) {
		next->tval = left - elapsed;
		return;
	}
	next->fire = true;
	if (!(tcfg & LA_TCFG_PERIODIC) || init == 0) {
		next->tcfg = tcfg & ~LA_TCFG_EN;
		next->tval = 1;
		return;
	}
	over = (elapsed - left) % init;
	next->tval = init - over;
}
