/* SPDX-License-Identifier: MIT */
/*
 * loongarch64 interrupt-side register models: misc IOCSRs, the IPI/mailbox
 * block (IPI_SEND, MAIL_SEND with byte-keep masks, ANY_SEND, the secondary
 * boot handshake Linux uses), EIOINTC routing (ipmap/coremap/enable, the
 * banked per-core ISR with write-1-to-clear) and the PCH-PIC in front of it
 * (mask, edge/level, HTMSI vectors, ID register), chained as a Linux guest
 * programs them for the UART on the virt board.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arch/la_vintc.h>

static void test_misc(void **state)
{
	uint64_t v, misc = 0;

	assert_true(la_misc_read(misc, LA_IOCSR_VERSION, 8, &v));
	assert_int_equal(v, 0x11);
	assert_true(la_misc_read(misc, LA_IOCSR_FEATURES, 4, &v));
	assert_true(v & LA_IOCSRF_EXTIOI);
	assert_true(v & LA_IOCSRF_VM);
	assert_true(la_misc_read(misc, LA_IOCSR_VENDOR, 8, &v));
	assert_memory_equal(&v, "Loongson", 8);
	assert_true(la_misc_read(misc, LA_IOCSR_CPUNAME, 8, &v));
	assert_memory_equal(&v, "3A5000\0\0", 8);
	assert_true(la_misc_write(&misc, LA_IOCSR_MISC_FUNC, 8, 1ULL << 48));
	assert_true(la_misc_read(misc, LA_IOCSR_MISC_FUNC, 8, &v));
	assert_int_equal(v, 1ULL << 48);
	assert_true(la_misc_read(misc, LA_IOCSR_MISC_FUNC + 4, 4, &v));
	assert_int_equal(v, 1u << 16);
	assert_true(la_misc_write(&misc, LA_IOCSR_VERSION, 8, 5)); /* ignored */
	assert_true(la_misc_read(misc, LA_IOCSR_VERSION, 8, &v));
	assert_int_equal(v, 0x11);
	assert_false(la_misc_read(misc, 0x100, 4, &v));
	assert_false(la_misc_read(misc, 0x2, 4, &v)); /* misaligned */
}

static void test_ipi_local(void **state)
{
	struct la_ipi r = {0};
	struct la_ipi_action act;
	uint64_t v;

	assert_true(la_ipi_write(&r, LA_IPI_SET, 4, 0x5, &act));
	assert_int_equal(act.kind, LA_IPI_ACT_NONE);
	assert_false(la_ipi_pending(&r)); /* not enabled */
	assert_true(la_ipi_write(&r, LA_IPI_EN, 4, 0x4, &act));
	assert_true(la_ipi_pending(&r));
	assert_true(la_ipi_read(&r, LA_IPI_STATUS, 4, &v));
	assert_int_equal(v, 0x5);
	assert_true(la_ipi_write(&r, LA_IPI_CLEAR, 4, 0x4, &act));
	assert_false(la_ipi_pending(&r));
	assert_true(la_ipi_write(&r, LA_IPI_MBUF + 8, 8, 0x1122334455667788ULL, &act));
	assert_true(la_ipi_read(&r, LA_IPI_MBUF + 12, 4, &v));
	assert_int_equal(v, 0x11223344);
	assert_false(la_ipi_read(&r, 0x1100, 4, &v));
}

/* The IPI bit of a vCPU's ESTAT.IS lines follows its own block only:
 * HWI and timer bits are kept, a raised but disabled vector shows nothing. */
static void test_ipi_line(void **state)
{
	struct la_ipi r = {0};
	struct la_ipi_action act;
	const uint64_t ipi = 1ULL << 12, other = (1ULL << 3) | (1ULL << 11);

	assert_int_equal(la_ipi_line(other | ipi, &r), other);
	assert_true(la_ipi_write(&r, LA_IPI_SEND, 4, 1u << 16 | 3, &act));
	la_ipi_apply(&r, &act); /* vector 3 raised, nothing enabled */
	assert_int_equal(la_ipi_line(other, &r), other);
	assert_true(la_ipi_write(&r, LA_IPI_EN, 4, 1u << 3, &act));
	assert_int_equal(la_ipi_line(other, &r), other | ipi);
	assert_int_equal(la_ipi_line(0, &r), ipi);
	assert_true(la_ipi_write(&r, LA_IPI_CLEAR, 4, 1u << 3, &act));
	assert_int_equal(la_ipi_line(other | ipi, &r), other);
}

/* Linux's secondary boot: entry into mailbox 0 (two MAIL_SENDs), then
 * IPI_SEND; the target sees the vector and a 64-bit mailbox 0. */
static void test_ipi_boot_handshake(void **state)
{
	struct la_ipi src = {0}, dst = {0};
	struct la_ipi_action act;
	uint64_t entry = 0x9000000001234568ULL, v;

	assert_true(la_ipi_write(&src, LA_IPI_MAIL_SEND, 8, (entry << 32) | (3u << 16), &act));
	assert_int_equal(act.kind, LA_IPI_ACT_WRITE32);
	assert_int_equal(act.cpu, 3);
	assert_int_equal(act.off, LA_IPI_MBUF);
	la_ipi_apply(&dst, &act);
	assert_true(la_ipi_write(&src, LA_IPI_MAIL_SEND, 8,
				 ((entry >> 32) << 32) | (3u << 16) | (1u << 2), &act));
	assert_int_equal(act.off, LA_IPI_MBUF + 4);
	la_ipi_apply(&dst, &act);
	assert_true(la_ipi_write(&src, LA_IPI_SEND, 4, (3u << 16) | 6, &act));
	assert_int_equal(act.kind, LA_IPI_ACT_RAISE);
	assert_int_equal(act.vector, 6);
	la_ipi_apply(&dst, &act);
	assert_int_equal(dst.status, 1u << 6);
	assert_true(la_ipi_read(&dst, LA_IPI_MBUF, 8, &v));
	assert_int_equal(v, entry);
	assert_int_equal(src.status, 0);
}

static void test_ipi_keep_mask_any_send(void **state)
{
	struct la_ipi src = {0}, dst = {0};
	struct la_ipi_action act;
	uint64_t v;

	memset(dst.mbuf, 0xaa, sizeof(dst.mbuf));
	/* Keep bytes 0 and 2 (bits 27, 29), write the others. */
	assert_true(la_ipi_write(&src, LA_IPI_MAIL_SEND, 8,
				 (0x11223344ULL << 32) | (1u << 27) | (1u << 29) | (2u << 2), &act));
	la_ipi_apply(&dst, &act);
	assert_true(la_ipi_read(&dst, LA_IPI_MBUF + 8, 4, &v));
	assert_int_equal(v, 0x11aa33aa);
	/* ANY_SEND to the target's IPI_EN. */
	assert_true(la_ipi_write(&src, LA_IPI_ANY_SEND, 8,
				 (0xffffffffULL << 32) | (1u << 16) | LA_IPI_EN, &act));
	assert_int_equal(act.cpu, 1);
	la_ipi_apply(&dst, &act);
	assert_int_equal(dst.enable, 0xffffffff);
}

static void test_eio_routing(void **state)
{
	struct la_eiointc e;
	uint64_t v;

	la_eio_reset(&e, 4);
	/* Vector 40 -> CPU 2 (coremap bitmap 0x4), vectors 32-63 -> HWI1. */
	assert_true(la_eio_write(&e, 0, LA_EIO_COREMAP + 40, 1, 0x4));
	assert_true(la_eio_write(&e, 0, LA_EIO_IPMAP, 8, 0x0202020202020202ULL));
	la_eio_set_irq(&e, 40, true); /* not enabled: nothing */
	assert_int_equal(la_eio_lines(&e, 2), 0);
	assert_true(la_eio_read(&e, 0, LA_EIO_ISR + 4, 4, &v));
	assert_int_equal(v, 1u << 8);
	/* Enabling a pending level input delivers it. */
	assert_true(la_eio_write(&e, 0, LA_EIO_ENABLE + 4, 4, 1u << 8));
	assert_int_equal(la_eio_lines(&e, 2), 1u << 1);
	assert_int_equal(la_eio_lines(&e, 0), 0);
	/* The per-core ISR is banked: CPU 2 sees it, CPU 0 does not. */
	assert_true(la_eio_read(&e, 2, LA_EIO_COREISR + 4, 4, &v));
	assert_int_equal(v, 1u << 8);
	assert_true(la_eio_read(&e, 0, LA_EIO_COREISR + 4, 4, &v));
	assert_int_equal(v, 0);
	/* Write-1-to-clear from CPU 2 drops the line (no re-latch while high). */
	assert_true(la_eio_write(&e, 2, LA_EIO_COREISR + 4, 4, 1u << 8));
	assert_int_equal(la_eio_lines(&e, 2), 0);
	/* A new edge of the source delivers again; lowering it retracts. */
	la_eio_set_irq(&e, 40, false);
	la_eio_set_irq(&e, 40, true);
	assert_int_equal(la_eio_lines(&e, 2), 1u << 1);
	la_eio_set_irq(&e, 40, false);
	assert_int_equal(la_eio_lines(&e, 2), 0);
	/* Disabling retracts a pending vector. */
	la_eio_set_irq(&e, 40, true);
	assert_true(la_eio_write(&e, 0, LA_EIO_ENABLE + 4, 4, 0));
	assert_int_equal(la_eio_lines(&e, 2), 0);
}

static void test_eio_edges(void **state)
{
	struct la_eiointc e;
	uint64_t v;

	la_eio_reset(&e, 2);
	/* coremap naming a CPU the zone lacks, or nothing: CPU 0. ipmap 0: HWI0. */
	assert_true(la_eio_write(&e, 0, LA_EIO_COREMAP + 1, 1, 0x80));
	assert_true(la_eio_write(&e, 0, LA_EIO_ENABLE, 1, 0x3));
	la_eio_set_irq(&e, 0, true);
	la_eio_set_irq(&e, 1, true);
	assert_int_equal(la_eio_lines(&e, 0), 1u << 0);
	assert_true(la_eio_read(&e, 0, LA_EIO_COREISR, 1, &v));
	assert_int_equal(v, 0x3);
	la_eio_set_irq(&e, 300, true); /* out of range: ignored */
	assert_false(la_eio_read(&e, 0, 0x1d00, 4, &v));
	assert_false(la_eio_read(&e, 9, LA_EIO_ISR, 4, &v));
	assert_true(la_eio_read(&e, 0, 0x1500, 4, &v)); /* hole in the block */
	assert_int_equal(v, 0);
	assert_true(la_eio_write(&e, 0, LA_EIO_NODETYPE, 2, 0x1));
	assert_true(la_eio_read(&e, 0, LA_EIO_NODETYPE, 8, &v));
	assert_int_equal(v, 1);
}

static void test_pch_id_mask(void **state)
{
	struct la_pchpic p;
	uint64_t v;

	la_pch_reset(&p, 32);
	assert_true(la_pch_read(&p, LA_PCH_ID, 8, &v));
	assert_int_equal((v >> 48) & 0xff, 31); /* Linux: vec_count = this + 1 */
	assert_int_equal(v & 0xffffffff, 0x07000000);
	assert_true(la_pch_read(&p, LA_PCH_MASK, 8, &v));
	assert_int_equal(v, ~0ULL); /* all masked at reset */
	assert_false(la_pch_read(&p, LA_PCH_SIZE, 4, &v));
}

/* The UART on the virt board as Linux sets it up: PCH-PIC input 2 with
 * HTMSI vector 2, EIOINTC vector 2 enabled, HWI1, CPU 0. */
static void test_pch_to_eio_chain(void **state)
{
	struct la_pchpic p;
	struct la_eiointc e;
	uint64_t v;

	la_pch_reset(&p, 32);
	la_eio_reset(&e, 2);
	la_eio_write(&e, 0, LA_EIO_IPMAP, 1, 0x2);
	la_eio_write(&e, 0, LA_EIO_COREMAP + 2, 1, 0x1);
	la_eio_write(&e, 0, LA_EIO_ENABLE, 4, 1u << 2);
	la_pch_write(&p, LA_PCH_HTMSI_VEC + 2, 1, 2);
	la_pch_set_irq(&p, 2, true);
	la_pch_sync(&p, &e);
	assert_int_equal(la_eio_lines(&e, 0), 0); /* still masked */
	la_pch_write(&p, LA_PCH_MASK, 4, ~(1u << 2));
	la_pch_sync(&p, &e);
	assert_int_equal(la_eio_lines(&e, 0), 1u << 1);
	assert_true(la_pch_read(&p, LA_PCH_ISR, 8, &v));
	assert_int_equal(v, 1u << 2);
	/* Guest acks at the EIOINTC; the device drops its line; nothing left. */
	la_eio_write(&e, 0, LA_EIO_COREISR, 4, 1u << 2);
	la_pch_set_irq(&p, 2, false);
	la_pch_sync(&p, &e);
	assert_int_equal(la_eio_lines(&e, 0), 0);
	/* Level again: delivered again. */
	la_pch_set_irq(&p, 2, true);
	la_pch_sync(&p, &e);
	assert_int_equal(la_eio_lines(&e, 0), 1u << 1);
}

static void test_pch_edge(void **state)
{
	struct la_pchpic p;
	struct la_eiointc e;
	uint64_t v;

	la_pch_reset(&p, 32);
	la_eio_reset(&e, 1);
	la_eio_write(&e, 0, LA_EIO_ENABLE, 4, 1u << 7);
	la_pch_write(&p, LA_PCH_EDGE, 4, 1u << 5);
	la_pch_write(&p, LA_PCH_HTMSI_VEC + 5, 1, 7);
	la_pch_write(&p, LA_PCH_MASK, 4, 0);
	la_pch_set_irq(&p, 5, true);
	la_pch_set_irq(&p, 5, false); /* a pulse stays latched */
	la_pch_sync(&p, &e);
	assert_true(la_pch_read(&p, LA_PCH_IRR, 4, &v));
	assert_int_equal(v, 1u << 5);
	assert_int_equal(la_eio_lines(&e, 0), 1u << 0);
	la_pch_write(&p, LA_PCH_CLEAR, 4, 1u << 5);
	la_pch_sync(&p, &e);
	assert_true(la_pch_read(&p, LA_PCH_IRR, 4, &v));
	assert_int_equal(v, 0);
	assert_int_equal(la_eio_lines(&e, 0), 0);
	la_pch_set_irq(&p, 40, true); /* beyond the 32 inputs: ignored */
	assert_int_equal(p.level, 0);
}

/* Input numbers beyond the 64-bit registers (fuzz_la_vintc): ignored, and
 * no shift by more than 63 (UBSan stops the test if there is one). */
static void test_pch_input_out_of_range(void **state)
{
	struct la_pchpic p;

	la_pch_reset(&p, 64);
	la_pch_write(&p, LA_PCH_EDGE, 8, ~0ULL);
	la_pch_set_irq(&p, 64, true);
	la_pch_set_irq(&p, 75, true);
	la_pch_set_irq(&p, 0xffffffffu, true);
	assert_int_equal(p.level, 0);
	assert_int_equal(p.irr, 0);
}

/* IOCSR addresses whose end wraps past 2^32 (fuzz_la_vintc): the range
 * checks saw 0xfffffff8 + 8 = 0 as inside every block and reached far
 * outside the model. */
static void test_offset_wrap(void **state)
{
	struct la_eiointc e;
	struct la_ipi r = {0};
	struct la_ipi_action act;
	uint64_t v = 0, misc = 0;

	la_eio_reset(&e, 4);
	for (uint8_t w = 1; w <= 8; w *= 2) {
		uint32_t off = 0u - w;

		assert_false(la_eio_read(&e, 0, off, w, &v));
		assert_false(la_eio_write(&e, 0, off, w, ~0ULL));
		assert_false(la_misc_read(misc, off, w, &v));
		assert_false(la_misc_write(&misc, off, w, ~0ULL));
		assert_false(la_ipi_read(&r, off, w, &v));
		assert_false(la_ipi_write(&r, off, w, ~0ULL, &act));
	}
	assert_int_equal(misc, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misc),
		cmocka_unit_test(test_ipi_local),
		cmocka_unit_test(test_ipi_line),
		cmocka_unit_test(test_ipi_boot_handshake),
		cmocka_unit_test(test_ipi_keep_mask_any_send),
		cmocka_unit_test(test_eio_routing),
		cmocka_unit_test(test_eio_edges),
		cmocka_unit_test(test_pch_id_mask),
		cmocka_unit_test(test_pch_to_eio_chain),
		cmocka_unit_test(test_pch_edge),
		cmocka_unit_test(test_pch_input_out_of_range),
		cmocka_unit_test(test_offset_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
