/* SPDX-License-Identifier: MIT */
/* zvchan's port hook for the test guests: their hypercall. */
#include "guest.h"
#include "zvchan.h"

_Static_assert(ZVCHAN_HC_RING == HC_CHAN_RING && ZVCHAN_HC_ACK == HC_CHAN_ACK,
	       "zvchan.h and zv/hypercall.h disagree");

long zvchan_hypercall(unsigned long nr, unsigned long a0, unsigned long a1, unsigned long *value)
{
	u64 v = 0;
	long err = g_arch_hypercall(nr, a0, a1, 0, 0, &v);

	*value = v;
	return err;
}
