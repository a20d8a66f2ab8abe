/* SPDX-License-Identifier: MIT */
/* Entry points a port's start-up code calls, on its own stack, with the
 * hypervisor's BSS cleared (boot CPU) and trap vectors not yet set. */
#ifndef ZV_BOOT_H
#define ZV_BOOT_H

#include <zv/types.h>

void zv_main(u32 cpu) __attribute__((noreturn));      /* boot CPU */
void zv_secondary(u32 cpu) __attribute__((noreturn)); /* every other CPU */

#endif
