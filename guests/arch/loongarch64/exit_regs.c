/* SPDX-License-Identifier: MIT */
/* The self test's exit-regs cases on loongarch64 (exit_regs.S). */
#include "guest.h"

void g_arch_exit_regs_hvcl(u64 addr, u64 out[32]);
void g_arch_exit_regs_hvcl_kvm(u64 addr, u64 out[32]);
void g_arch_exit_regs_cpucfg(u64 addr, u64 out[32]);
void g_arch_exit_regs_load(u64 addr, u64 out[32]);
void g_arch_exit_regs_store(u64 addr, u64 out[32]);

#define R(n) (1u << (n))

/* HC_NULL: 0 in a0 (r4, error) and a1 (r5, value); a7 (r11) held it. */
static bool hvcl_results(const u64 *r, u64 addr)
{
	return r[4] == 0 && r[5] == 0;
}

/* Another hvcl code (KVM's): "unknown" in a0, nothing else written. */
static bool hvcl_kvm_results(const u64 *r, u64 addr)
{
	return r[4] == (u64)-1;
}

static bool cpucfg_results(const u64 *r, u64 addr)
{
	return r[28] == g_arch_firmware_version();
}

static bool load_results(const u64 *r, u64 addr)
{
	return r[29] == G_EXIT_REGS_MEM;
}

static bool store_results(const u64 *r, u64 addr)
{
	return mmio_r64(addr) == GUEST_REG_PATTERN(22);
}

/* a2 (r6) holds the address for the load and the store. */
const struct g_exit_regs_case g_arch_exit_regs_cases[] = {
    {"hvcl", g_arch_exit_regs_hvcl, R(4) | R(5) | R(11), hvcl_results},
    {"hvcl 0x100", g_arch_exit_regs_hvcl_kvm, R(4), hvcl_kvm_results},
    {"cpucfg", g_arch_exit_regs_cpucfg, R(28), cpucfg_results},
    {"load", g_arch_exit_regs_load, R(6) | R(29), load_results},
    {"store", g_arch_exit_regs_store, R(6), store_results},
    {0},
};
