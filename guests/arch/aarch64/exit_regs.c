/* SPDX-License-Identifier: MIT */
/* The self test's exit-regs cases on aarch64 (exit_regs.S): HVCs the
 * hypervisor answers (its hypercalls, PSCI, a function it does not know)
 * and MMIO loads and stores it emulates from the data abort's syndrome
 * (64- and 32-bit, sign-extending). */
#include "guest.h"

g_exit_regs_run g_arch_exit_regs_hc, g_arch_exit_regs_psci, g_arch_exit_regs_unknown,
    g_arch_exit_regs_load, g_arch_exit_regs_store, g_arch_exit_regs_load_w,
    g_arch_exit_regs_load_sb;

#define R(n) (1u << (n))

/* x2 holds the address for the loads and stores. HC_NULL: x0 error, x1
 * value; PSCI_VERSION; SMCCC NOT_SUPPORTED for the unknown function; ldr w
 * zero-extends, ldrsb x sign-extends. */
const struct g_exit_regs_case g_arch_exit_regs_cases[] = {
    {"hvc hypercall", g_arch_exit_regs_hc, R(0) | R(1), {G_OUT(0, 0), G_OUT(1, 0)}},
    {"hvc psci", g_arch_exit_regs_psci, R(0), {G_OUT_FW(0)}},
    {"hvc unknown", g_arch_exit_regs_unknown, R(0), {G_OUT(0, (u64)-1)}},
    {"ldr x", g_arch_exit_regs_load, R(2) | R(22), {G_OUT(22, G_EXIT_REGS_MEM)}},
    {"str x", g_arch_exit_regs_store, R(2), {G_STORED(8)}},
    {"ldr w", g_arch_exit_regs_load_w, R(2) | R(23), {G_OUT(23, (u32)G_EXIT_REGS_MEM)}},
    {"ldrsb",
     g_arch_exit_regs_load_sb,
     R(2) | R(24),
     {G_OUT(24, (u64)(s64)(int8_t)G_EXIT_REGS_MEM)}},
    {0},
};
