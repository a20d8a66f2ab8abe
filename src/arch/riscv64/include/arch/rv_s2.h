/* SPDX-License-Identifier: MIT */
/* riscv64 G-stage table format (s2_pte.c): pure C, unit-tested on the host. */
#ifndef ARCH_RV_S2_H
#define ARCH_RV_S2_H

#include <zv/stage2.h>

#define RV_S2_GPA_BITS 41 /* Sv39x4 */
extern const struct s2_format rv_s2_format;

#endif
