/* SPDX-License-Identifier: MIT */
/* The riscv64 guest device-tree generator (guest_dt_riscv64.c). */
#ifndef GUEST_DT_RISCV64_H
#define GUEST_DT_RISCV64_H

#include <zv/board.h>
#include <zv/config_abi.h>

/* Write everything below the root node of zone z's tree (fdt is in
 * libfdt sequential-write state); 0 or a negative libfdt error. */
int gen_riscv64(void *fdt, const struct zv_board *b, const struct zv_zone_cfg *z);

#endif
