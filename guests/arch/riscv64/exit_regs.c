/* SPDX-License-Identifier: MIT */
/* The self test's exit-regs cases on riscv64 (exit_regs.S): SBI calls the
 * hypervisor answers on its trap path (its hypercalls, the base extension,
 * an unknown extension) and MMIO loads and stores it decodes (32- and
 * 64-bit, compressed). */
#include "guest.h"

g_exit_regs_run g_arch_exit_regs_hc, g_arch_exit_regs_sbi_base, g_arch_exit_regs_sbi_unknown,
    g_arch_exit_regs_load, g_arch_exit_regs_store, g_arch_exit_regs_load_c,
    g_arch_exit_regs_store_c, g_arch_exit_regs_load_w;

#define R(n) (1u << (n))
/* An SBI call: a0 (x10) error, a1 (x11) value; a6/a7 (x16/x17) held the
 * function and extension. */
#define SBI_REGS (R(10) | R(11) | R(16) | R(17))
#define SBI_ERR_NOT_SUPPORTED (-2)

/* a2 (x12) holds the address for the loads and stores. HC_NULL: 0 and 0;
 * the base extension's get_spec_version; lw sign-extends. */
const struct g_exit_regs_case g_arch_exit_regs_cases[] = {
    {"sbi hypercall", g_arch_exit_regs_hc, SBI_REGS, {G_OUT(10, 0), G_OUT(11, 0)}},
    {"sbi base", g_arch_exit_regs_sbi_base, SBI_REGS, {G_OUT(10, 0), G_OUT_FW(11)}},
    {"sbi unknown",
     g_arch_exit_regs_sbi_unknown,
     SBI_REGS,
     {G_OUT(10, (u64)SBI_ERR_NOT_SUPPORTED)}},
    {"load", g_arch_exit_regs_load, R(12) | R(22), {G_OUT(22, G_EXIT_REGS_MEM)}},
    {"store", g_arch_exit_regs_store, R(12), {G_STORED(8)}},
    {"c.ld", g_arch_exit_regs_load_c, R(12) | R(15), {G_OUT(15, G_EXIT_REGS_MEM)}},
    {"c.sd", g_arch_exit_regs_store_c, R(12), {G_STORED(9)}},
    {"lw", g_arch_exit_regs_load_w, R(12) | R(23), {G_OUT(23, (u64)(s64)(int32_t)G_EXIT_REGS_MEM)}},
    {0},
};
