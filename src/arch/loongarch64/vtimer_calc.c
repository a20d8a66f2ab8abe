/* SPDX-License-Identifier: MIT */
/* Guest timer arithmetic for idle vCPUs (see la_vtimer.h). */
#include <arch/la_vtimer.h>

uint64_t la_vtimer_left(uint64_t tcfg, uint64_t tval)
{
	uint64_t init = tcfg & LA_TCFG_INIT_MASK;

	if (!(tcfg & LA_TCFG_EN))
		return 0;
	if (tval == 0 || tval > init)
		return 1;
	return tval;
}

void la_vtimer_advance(uint64_t tcfg, uint64_t left, uint64_t elapsed, struct la_vtimer_next *next)
{
	uint64_t init = tcfg & LA_TCFG_INIT_MASK;
	uint64_t over;

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
