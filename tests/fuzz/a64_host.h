/* SPDX-License-Identifier: MIT */
/*
 * Forced in (-include) when aarch64 port code is built on the host: the
 * system-register accessors of <arch/sysreg.h> become calls into the
 * harness, which models the registers the code touches.
 */
#ifndef A64_HOST_H
#define A64_HOST_H

#include <arch/sysreg.h>

unsigned long a64_host_sysreg_read(const char *name);
void a64_host_sysreg_write(const char *name, unsigned long val);

#undef sysreg_read
#undef sysreg_write
#undef isb
#undef dsb
#define sysreg_read(r) a64_host_sysreg_read(#r)
#define sysreg_write(r, v) a64_host_sysreg_write(#r, (unsigned long)(v))
#define isb() ((void)0)
#define dsb(opt) ((void)0)

#endif
