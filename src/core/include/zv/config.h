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
typedef void (*config_report_fn)(void *ctx, const char *zone, const char *field, const char *msg);

/* Where one check's errors go: each is counted and handed to report
 * (may be NULL). */
struct config_out {
	config_report_fn report;
	void *ctx;
	int errors;
};

/* Count one error and report it against 'zone' (NULL: the whole table)
 * and 'field', its message formatted from fmt (config.c). Every part of
 * the checker reports through it. */
__attribute__((format(printf, 4, 5))) void config_report(struct config_out *o, const char *zone,
							 const char *field, const char *fmt, ...);

/* Why zone z may not use 'irq' as its own interrupt: the hypervisor's,
 * or the one of an emulated device the zone has; NULL when neither. */
const char *config_irq_taken(const struct zv_board *b, const struct zv_zone_cfg *z, u32 irq);

/* Check 'c' against board 'b'; calls 'report' (may be NULL) once per error
 * and returns the number of errors. */
int config_check(const struct zv_config *c, const struct zv_board *b, config_report_fn report,
		 void *ctx);

/* The channel part of config_check (config_chan.c): 'names' are the zones'
 * printable names. Returns the number of errors. */
int config_check_channels(const struct zv_config *c, const struct zv_board *b,
			  const char (*names)[ZV_NAME_LEN], config_report_fn report, void *ctx);

/* The management fields alone (root, manages, boot-stopped;
 * src/core/config_mgmt.c); config_check() runs it too. */
int config_check_mgmt(const struct zv_config *c, config_report_fn report, void *ctx);

/* The console UART model a zone's devices ask for on board b (ZV_UART_NONE:
 * none). A checked table asks for at most one, and one b offers. */
static inline enum zv_uart_model config_uart_model(const struct zv_board *b, u32 devices)
{
	if (devices & ZV_DEV_NS16550)
		return ZV_UART_NS16550;
	if (devices & ZV_DEV_PL011)
		return ZV_UART_PL011;
	if (devices & ZV_DEV_UART)
		return (enum zv_uart_model)b->uart_model;
	return ZV_UART_NONE;
}

/* Names of the models, as a zone description's devices property gives them. */
extern const char *const config_uart_names[ZV_UART_MODELS];

/* Property names of the images, indexed by enum zv_image_kind. */
extern const char *const config_image_names[ZV_IMG_COUNT];
/* Property names of the memory region kinds, indexed by enum zv_mem_kind. */
extern const char *const config_mem_names[ZV_MEM_KINDS];

#endif
