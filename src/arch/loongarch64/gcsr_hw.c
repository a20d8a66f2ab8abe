/* SPDX-License-Identifier: MIT */
/* Loading the LVZ guest CSR bank from memory: gcsrwr takes the CSR number
 * as an immediate, so the code is generated from the list. (Nothing saves
 * the bank: a vCPU keeps its physical CPU, whose bank holds its state.) */
#include <arch/la_gcsr.h>
#include <arch/loongarch.h>

#include "la.h"

void la_gcsr_restore(const struct la_gcsr_hw_state *s)
{
	/* Stop the guest timer first so restoring TVAL cannot fire it. */
	gcsr_write(0x41, 0);
#define RESTORE(num, name, flags)                                                      \
	if (!((flags) & LA_GCSR_RO))                                                   \
		gcsr_write(num, s->v[LA_GCSR_IDX_##name]);
	LA_GCSR_HW_LIST(RESTORE)
#undef RESTORE
}
