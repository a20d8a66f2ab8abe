/* SPDX-License-Identifier: MIT */
/*
 * rv_decode_mmio(): every RV64 integer load/store, 32-bit and compressed,
 * with width, direction, register, sign extension and length; FP, atomic,
 * hypervisor and non-memory instructions are refused.
 *
 * The encodings below were produced by the LLVM assembler
 * (clang --target=riscv64 -march=rv64gc_h, llvm-objdump), so they check the
 * decoder against the ISA rather than against itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/decode.h>

struct golden {
	uint32_t insn;
	const char *text;
	uint8_t width, write, reg, sign_extend, len;
};

static const struct golden accepted[] = {
	{0xfff58503, "lb a0, -1(a1)", 1, 0, 10, 1, 4},
	{0x00211283, "lh t0, 2(sp)", 2, 0, 5, 1, 4},
	{0x0047a483, "lw s1, 4(a5)", 4, 0, 9, 1, 4},
	{0x00004f83, "lbu t6, 0(zero)", 1, 0, 31, 0, 4},
	{0x7fe45883, "lhu a7, 2046(s0)", 2, 0, 17, 0, 4},
	{0x80036003, "lwu zero, -2048(t1)", 4, 0, 0, 0, 4},
	{0xfea58fa3, "sb a0, -1(a1)", 1, 1, 10, 0, 4},
	{0x01f11123, "sh t6, 2(sp)", 2, 1, 31, 0, 4},
	{0x0007a223, "sw zero, 4(a5)", 4, 1, 0, 0, 4},
	{0x00113423, "sd ra, 8(sp)", 8, 1, 1, 0, 4},
	{0x41c8, "c.lw a0, 4(a1)", 4, 0, 10, 1, 2},
	{0x6784, "c.ld s1, 8(a5)", 8, 0, 9, 0, 2},
	{0xc1c8, "c.sw a0, 4(a1)", 4, 1, 10, 0, 2},
	{0xffe0, "c.sd s0, 248(a5)", 8, 1, 8, 0, 2},
	{0x42b2, "c.lwsp t0, 12(sp)", 4, 0, 5, 1, 2},
	{0x70fe, "c.ldsp ra, 504(sp)", 8, 0, 1, 0, 2},
	{0xdffe, "c.swsp t6, 252(sp)", 4, 1, 31, 0, 2},
	{0xe406, "c.sdsp ra, 8(sp)", 8, 1, 1, 0, 2},
};

static const struct golden refused[] = {
	{0x00052507, "flw fa0, 0(a0)", 0, 0, 0, 0, 0},
	{0x00053507, "fld fa0, 0(a0)", 0, 0, 0, 0, 0},
	{0x00a52027, "fsw fa0, 0(a0)", 0, 0, 0, 0, 0},
	{0x00a53027, "fsd fa0, 0(a0)", 0, 0, 0, 0, 0},
	{0x1005a52f, "lr.w a0, (a1)", 0, 0, 0, 0, 0},
	{0x18c5b52f, "sc.d a0, a2, (a1)", 0, 0, 0, 0, 0},
	{0x00c5a52f, "amoadd.w a0, a2, (a1)", 0, 0, 0, 0, 0},
	{0x00358513, "addi a0, a1, 3", 0, 0, 0, 0, 0},
	{0x12345537, "lui a0, 0x12345", 0, 0, 0, 0, 0},
	{0x00000517, "auipc a0, 0", 0, 0, 0, 0, 0},
	{0x000000ef, "jal ra, .", 0, 0, 0, 0, 0},
	{0x000500e7, "jalr ra, 0(a0)", 0, 0, 0, 0, 0},
	{0x00b50063, "beq a0, a1, .", 0, 0, 0, 0, 0},
	{0x00000073, "ecall", 0, 0, 0, 0, 0},
	{0x0ff0000f, "fence", 0, 0, 0, 0, 0},
	{0x0000100f, "fence.i", 0, 0, 0, 0, 0},
	{0x00c58533, "add a0, a1, a2", 0, 0, 0, 0, 0},
	{0x10059573, "csrrw a0, sstatus, a1", 0, 0, 0, 0, 0},
	{0x6805c573, "hlv.w a0, (a1)", 0, 0, 0, 0, 0},
	{0x6aa5c073, "hsv.w a0, (a1)", 0, 0, 0, 0, 0},
	{0x00007503, "load funct3=7 (reserved)", 0, 0, 0, 0, 0},
	{0x00a54023, "store funct3=4 (reserved)", 0, 0, 0, 0, 0},
	{0x2588, "c.fld fa0, 8(a1)", 0, 0, 0, 0, 0},
	{0xa588, "c.fsd fa0, 8(a1)", 0, 0, 0, 0, 0},
	{0x2522, "c.fldsp fa0, 8(sp)", 0, 0, 0, 0, 0},
	{0xa42a, "c.fsdsp fa0, 8(sp)", 0, 0, 0, 0, 0},
	{0x0808, "c.addi4spn a0, sp, 16", 0, 0, 0, 0, 0},
	{0x0505, "c.addi a0, 1", 0, 0, 0, 0, 0},
	{0x4505, "c.li a0, 1", 0, 0, 0, 0, 0},
	{0xa001, "c.j .", 0, 0, 0, 0, 0},
	{0x852e, "c.mv a0, a1", 0, 0, 0, 0, 0},
	{0x8082, "c.jr ra", 0, 0, 0, 0, 0},
	{0x0506, "c.slli a0, 1", 0, 0, 0, 0, 0},
	{0x9002, "c.ebreak", 0, 0, 0, 0, 0},
	{0x0001, "c.nop", 0, 0, 0, 0, 0},
	{0x0000, "all zeros (defined illegal)", 0, 0, 0, 0, 0},
	{0x4002, "c.lwsp x0 (reserved)", 0, 0, 0, 0, 0},
	{0x6002, "c.ldsp x0 (reserved)", 0, 0, 0, 0, 0},
	{0x8000, "quadrant 0 funct3=4 (reserved)", 0, 0, 0, 0, 0},
};

static void check_accepted(const struct golden *g, uint32_t insn)
{
	struct rv_mmio_insn m;

	memset(&m, 0xee, sizeof(m));
	if (!rv_decode_mmio(insn, &m))
		fail_msg("%s (0x%08x) refused", g->text, insn);
	if (m.width != g->width || m.write != g->write || m.reg != g->reg || m.len != g->len)
		fail_msg("%s (0x%08x): width %u write %u reg %u len %u", g->text, insn, m.width,
			 m.write, m.reg, m.len);
	/* Sign extension only means something below 64 bits. */
	if (g->width < 8 && m.sign_extend != g->sign_extend)
		fail_msg("%s (0x%08x): sign_extend %u", g->text, insn, m.sign_extend);
}

static void test_golden_accepted(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		check_accepted(&accepted[i], accepted[i].insn);
}

static void test_golden_refused(void **state)
{
	struct rv_mmio_insn m;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (rv_decode_mmio(refused[i].insn, &m))
			fail_msg("%s (0x%08x) accepted", refused[i].text, refused[i].insn);
}

/* A compressed instruction ignores whatever follows it in the upper half. */
static void test_compressed_upper_half_ignored(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		if (accepted[i].len == 2)
			check_accepted(&accepted[i], accepted[i].insn | 0xdead0000u);
}

static uint32_t load(uint32_t funct3, uint32_t rd, uint32_t rs1, uint32_t imm)
{
	return (imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x03;
}

static uint32_t store(uint32_t funct3, uint32_t rs2, uint32_t rs1, uint32_t imm)
{
	return ((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 0x1f) << 7 |
	       0x23;
}

/* Every register and every funct3, with rs1 and offset not mattering. */
static void test_all_loads(void **state)
{
	static const struct {
		uint8_t width, sign;
	} f3[7] = {{1, 1}, {2, 1}, {4, 1}, {8, 1}, {1, 0}, {2, 0}, {4, 0}};
	struct rv_mmio_insn m;

	(void)state;
	for (uint32_t funct3 = 0; funct3 < 8; funct3++)
		for (uint32_t rd = 0; rd < 32; rd++) {
			uint32_t insn = load(funct3, rd, 31 - rd, rd * 131);

			if (funct3 == 7) {
				assert_false(rv_decode_mmio(insn, &m));
				continue;
			}
			assert_true(rv_decode_mmio(insn, &m));
			assert_int_equal(m.width, f3[funct3].width);
			if (m.width < 8)
				assert_int_equal(m.sign_extend, f3[funct3].sign);
			assert_int_equal(m.reg, rd);
			assert_int_equal(m.write, 0);
			assert_int_equal(m.len, 4);
		}
}

static void test_all_stores(void **state)
{
	struct rv_mmio_insn m;

	(void)state;
	for (uint32_t funct3 = 0; funct3 < 8; funct3++)
		for (uint32_t rs2 = 0; rs2 < 32; rs2++) {
			uint32_t insn = store(funct3, rs2, rs2 ^ 7, 0xfff - rs2);

			if (funct3 > 3) {
				assert_false(rv_decode_mmio(insn, &m));
				continue;
			}
			assert_true(rv_decode_mmio(insn, &m));
			assert_int_equal(m.width, 1u << funct3);
			assert_int_equal(m.reg, rs2);
			assert_int_equal(m.write, 1);
			assert_int_equal(m.sign_extend, 0);
			assert_int_equal(m.len, 4);
		}
}

/* C.LW/C.LD/C.SW/C.SD: rd'/rs2' is x8..x15, any rs1' and offset. */
static void test_compressed_quadrant0_registers(void **state)
{
	static const struct {
		uint32_t funct3;
		uint8_t width, write, sign;
	} ops[] = {{2, 4, 0, 1}, {3, 8, 0, 0}, {6, 4, 1, 0}, {7, 8, 1, 0}};
	struct rv_mmio_insn m;

	(void)state;
	for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++)
		for (uint32_t r = 0; r < 8; r++)
			for (uint32_t imm = 0; imm < 8; imm++) {
				uint32_t insn = ops[o].funct3 << 13 | imm << 10 | (7 - r) << 7 |
						(imm & 3) << 5 | r << 2;

				assert_true(rv_decode_mmio(insn, &m));
				assert_int_equal(m.reg, 8 + r);
				assert_int_equal(m.width, ops[o].width);
				assert_int_equal(m.write, ops[o].write);
				if (m.width < 8)
					assert_int_equal(m.sign_extend, ops[o].sign);
				assert_int_equal(m.len, 2);
			}
}

/* C.LWSP/C.LDSP take rd from bits 11:7 (x0 reserved), C.SWSP/C.SDSP rs2
 * from bits 6:2. */
static void test_compressed_sp_registers(void **state)
{
	struct rv_mmio_insn m;

	(void)state;
	for (uint32_t r = 0; r < 32; r++) {
		uint32_t lwsp = 2u << 13 | r << 7 | 0x7c | 2, ldsp = 3u << 13 | 1u << 12 | r << 7 | 2;
		uint32_t swsp = 6u << 13 | 0x3f << 7 | r << 2 | 2, sdsp = 7u << 13 | r << 2 | 2;

		assert_int_equal(rv_decode_mmio(lwsp, &m), r != 0);
		if (r) {
			assert_int_equal(m.reg, r);
			assert_int_equal(m.width, 4);
			assert_int_equal(m.sign_extend, 1);
			assert_int_equal(m.write, 0);
		}
		assert_int_equal(rv_decode_mmio(ldsp, &m), r != 0);
		if (r) {
			assert_int_equal(m.reg, r);
			assert_int_equal(m.width, 8);
			assert_int_equal(m.write, 0);
		}
		assert_true(rv_decode_mmio(swsp, &m));
		assert_int_equal(m.reg, r);
		assert_int_equal(m.width, 4);
		assert_int_equal(m.write, 1);
		assert_int_equal(m.sign_extend, 0);
		assert_true(rv_decode_mmio(sdsp, &m));
		assert_int_equal(m.reg, r);
		assert_int_equal(m.width, 8);
		assert_int_equal(m.write, 1);
		assert_int_equal(m.len, 2);
	}
}

/* Every 16-bit pattern: only quadrant 0 funct3 2/3/6/7 and quadrant 2
 * funct3 2/3 (rd != 0)/6/7 are loads and stores; quadrant 1 has none. */
static void test_compressed_exhaustive(void **state)
{
	struct rv_mmio_insn m;
	unsigned accepted_count = 0;

	(void)state;
	for (uint32_t insn = 0; insn < 0x10000; insn++) {
		uint32_t q = insn & 3, f3 = insn >> 13, rd = (insn >> 7) & 0x1f;
		bool mem = f3 == 2 || f3 == 3 || f3 == 6 || f3 == 7;
		bool want = (q == 0 && mem) || (q == 2 && mem && !(f3 <= 3 && rd == 0));

		if (q == 3)
			continue; /* a 32-bit instruction's low half */
		if (rv_decode_mmio(insn, &m) != want)
			fail_msg("0x%04x: %s", insn, want ? "refused" : "accepted");
		if (want) {
			accepted_count++;
			assert_int_equal(m.len, 2);
			assert_true(m.width == 4 || m.width == 8);
			assert_true(m.reg < 32);
		}
	}
	/* 2^11 patterns per (quadrant, funct3): 4 in quadrant 0, 4 in quadrant 2
	 * less C.LWSP/C.LDSP with rd == 0 (2^6 each). */
	assert_int_equal(accepted_count, 4 * 2048 + 4 * 2048 - 2 * 64);
}

/* Every 32-bit major opcode but LOAD and STORE is refused, whatever the
 * other fields hold. */
static void test_other_opcodes(void **state)
{
	struct rv_mmio_insn m;

	(void)state;
	for (uint32_t op = 3; op < 0x80; op += 4) {
		if (op == 0x03 || op == 0x23)
			continue;
		for (uint32_t funct3 = 0; funct3 < 8; funct3++)
			for (uint32_t hi = 0; hi < 4; hi++) {
				uint32_t insn = (hi * 0x55555555u & ~0x707fu) | funct3 << 12 | op;

				if (rv_decode_mmio(insn, &m))
					fail_msg("opcode 0x%02x insn 0x%08x accepted", op, insn);
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_accepted),
		cmocka_unit_test(test_golden_refused),
		cmocka_unit_test(test_compressed_upper_half_ignored),
		cmocka_unit_test(test_all_loads),
		cmocka_unit_test(test_all_stores),
		cmocka_unit_test(test_compressed_quadrant0_registers),
		cmocka_unit_test(test_compressed_sp_registers),
		cmocka_unit_test(test_compressed_exhaustive),
		cmocka_unit_test(test_other_opcodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
