/* SPDX-License-Identifier: MIT */
/* Moving the LVZ guest CSR bank to and from memory: gcsrrd/gcsrwr take the
 * CSR number as an immediate, so the code is generated from the list. */
#include <arch/la_gcsr.h>
#include <arch/loongarch.h>

#include "la.h"

void la_gcsr_save(struct la_gcsr_hw_state *s)
{
#define SAVE(num, name, flags) s->v[LA_GCSR_IDX_##name] = gcsr_read(num);
	LA_GCSR_HW_LIST(SAVE)
#undef SAVE
}

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
