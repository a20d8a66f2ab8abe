/* SPDX-License-Identifier: MIT */
/*
 * Zone table validation, shared by the host tool (tools/zvcfg) and the
 * hypervisor, which re-checks the table it was handed before booting.
 */
#ifndef ZV_CONFIG_H
#define ZV_CONFIG_H

#include <zv/board.h>
#include <zv/config_abi.h>

/* One error: 'zone' is NULL for table-wide errors, 'field' names the
 * property as written in the zone description ("memory[0]", "cpus"). */
typedef void (*config_report_fn)(void *ctx, const char *zone, const char *field,
				 const char *msg);

/* Check 'c' against board 'b'; calls 'report' (may be NULL) once per error
 * and returns the number of errors. */
int config_check(const struct zv_config *c, const struct zv_board *b, config_report_fn report,
		 void *ctx);

/* Property names of the images, indexed by enum zv_image_kind. */
extern const char *const config_image_names[ZV_IMG_COUNT];
/* Property names of the memory region kinds, indexed by enum zv_mem_kind. */
extern const char *const config_mem_names[ZV_MEM_KINDS];

#endif
