/* SPDX-License-Identifier: MIT */
/*
 * mmio_attach/mmio_register/mmio_find/mmio_dispatch/mmio_access: a
 * model's ops placed in the table, the table limit,
 * accesses at and across device boundaries (including the top of the
 * address space), the widths dispatch accepts, what reaches a device's
 * handlers, and a device handed in by the port checked again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <zv/mmio.h>
#include <zv/zone.h>

static struct zone zone;
static struct vcpu vcpu;

/* What the recording device saw last. */
static struct {
	int calls;
	struct mmio_dev *dev;
	u64 off, val;
	u8 width;
	bool write;
	u64 data_on_entry; /* *val when read() was entered */
} seen;
static int dev_ret; /* what the handlers return */

static int rec_read(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 *val)
{
	assert_ptr_equal(v, &vcpu);
	seen.calls++;
	seen.dev = d, seen.off = off, seen.width = width, seen.write = false;
	seen.data_on_entry = *val;
	*val = 0x1122334455667788ULL;
	return dev_ret;
}

static int rec_write(struct mmio_dev *d, struct vcpu *v, u64 off, u8 width, u64 val)
{
	assert_ptr_equal(v, &vcpu);
	seen.calls++;
	seen.dev = d, seen.off = off, seen.width = width, seen.write = true, seen.val = val;
	return dev_ret;
}

static int add(u64 base, u64 size)
{
	struct mmio_dev d = {.base = base, .size = size, .read = rec_read, .write = rec_write};

	return mmio_register(&zone, &d);
}

static int setup(void **state)
{
	(void)state;
	memset(&zone, 0, sizeof(zone));
	memset(&vcpu, 0, sizeof(vcpu));
	memset(&seen, 0, sizeof(seen));
	vcpu.zone = &zone;
	dev_ret = 0;
	return 0;
}

static void test_register_until_full(void **state)
{
	(void)state;
	for (u32 i = 0; i < ZONE_MAX_MMIO; i++)
		assert_int_equal(add(0x1000 * (i + 1), 0x100), 0);
	assert_int_equal(add(0x100000, 0x100), -ZV_ENOMEM);
	assert_int_equal(zone.nr_mmio, ZONE_MAX_MMIO);
	/* The refused device is not reachable, the others are. */
	assert_null(mmio_find(&zone, 0x100000, 1));
	assert_ptr_equal(mmio_find(&zone, 0x8000, 4), &zone.mmio[7]);
}

static void test_register_copies(void **state)
{
	struct mmio_dev d = {.base = 0x2000, .size = 0x10, .read = rec_read};

	(void)state;
	assert_int_equal(mmio_register(&zone, &d), 0);
	d.base = 0x9000; /* the table holds its own copy */
	assert_ptr_equal(mmio_find(&zone, 0x2000, 1), &zone.mmio[0]);
	assert_null(mmio_find(&zone, 0x9000, 1));
}

static void test_find_boundaries(void **state)
{
	(void)state;
	add(0x1000, 0x100);
	assert_null(mmio_find(&zone, 0xfff, 1));      /* just below */
	assert_null(mmio_find(&zone, 0xffc, 8));      /* starts below, ends inside */
	assert_non_null(mmio_find(&zone, 0x1000, 8)); /* first bytes */
	assert_non_null(mmio_find(&zone, 0x10f8, 8)); /* ends exactly at the end */
	assert_non_null(mmio_find(&zone, 0x10ff, 1)); /* last byte */
	assert_null(mmio_find(&zone, 0x10ff, 2));     /* straddles the end */
	assert_null(mmio_find(&zone, 0x10fc, 8));
	assert_null(mmio_find(&zone, 0x1100, 1)); /* just past */
	assert_null(mmio_find(&zone, 0x1100, 0));
}

static void test_find_adjacent_devices(void **state)
{
	(void)state;
	add(0x1000, 0x100);
	add(0x1100, 0x100);
	assert_ptr_equal(mmio_find(&zone, 0x10fc, 4), &zone.mmio[0]);
	assert_ptr_equal(mmio_find(&zone, 0x1100, 4), &zone.mmio[1]);
	/* One access never spans two devices, even when they touch. */
	assert_null(mmio_find(&zone, 0x10fe, 4));
	assert_null(mmio_find(&zone, 0x10fc, 8));
}

static void test_find_top_of_address_space(void **state)
{
	(void)state;
	add(0xfffffffffffff000ULL, 0x1000);
	assert_non_null(mmio_find(&zone, 0xffffffffffffffffULL, 1));
	assert_non_null(mmio_find(&zone, 0xfffffffffffffff8ULL, 8));
	/* Would wrap around to address 0: refused. */
	assert_null(mmio_find(&zone, 0xffffffffffffffffULL, 2));
	assert_null(mmio_find(&zone, 0xfffffffffffffffcULL, 8));
	assert_null(mmio_find(&zone, 0, 1));
}

static void test_find_zero_size_device(void **state)
{
	(void)state;
	add(0x1000, 0);
	assert_null(mmio_find(&zone, 0x1000, 1));
	assert_null(mmio_find(&zone, 0x1000, 0));
	assert_null(mmio_find(&zone, 0xfff, 1));
}

static void test_dispatch_widths(void **state)
{
	u64 data;

	(void)state;
	add(0x1000, 0x100);
	for (unsigned w = 0; w <= 16; w++) {
		bool good = w == 1 || w == 2 || w == 4 || w == 8;

		memset(&seen, 0, sizeof(seen));
		data = 0;
		assert_int_equal(mmio_dispatch(&vcpu, 0x1000, (u8)w, false, &data),
				 good ? 0 : -ZV_EFAULT);
		assert_int_equal(mmio_dispatch(&vcpu, 0x1000, (u8)w, true, &data),
				 good ? 0 : -ZV_EFAULT);
		/* A refused width never reaches the device. */
		assert_int_equal(seen.calls, good ? 2 : 0);
		if (good)
			assert_int_equal(seen.width, w);
	}
}

static void test_dispatch_offsets_and_data(void **state)
{
	u64 data = 0xdeadbeef;

	(void)state;
	add(0x1000, 0x100);
	add(0x2000, 0x100);
	assert_int_equal(mmio_dispatch(&vcpu, 0x2010, 4, true, &data), 0);
	assert_ptr_equal(seen.dev, &zone.mmio[1]);
	assert_true(seen.write);
	assert_int_equal(seen.off, 0x10);
	assert_int_equal(seen.val, 0xdeadbeef);

	data = 0xffffffffffffffffULL;
	assert_int_equal(mmio_dispatch(&vcpu, 0x10f8, 8, false, &data), 0);
	assert_ptr_equal(seen.dev, &zone.mmio[0]);
	assert_false(seen.write);
	assert_int_equal(seen.off, 0xf8);
	assert_int_equal(seen.data_on_entry, 0); /* cleared before the read */
	assert_int_equal(data, 0x1122334455667788ULL);
}

static void test_dispatch_outside_and_straddling(void **state)
{
	u64 data = 0x55;

	(void)state;
	add(0x1000, 0x100);
	assert_int_equal(mmio_dispatch(&vcpu, 0x10fe, 4, false, &data), -ZV_EFAULT);
	assert_int_equal(mmio_dispatch(&vcpu, 0x10fe, 4, true, &data), -ZV_EFAULT);
	assert_int_equal(mmio_dispatch(&vcpu, 0x5000, 1, false, &data), -ZV_EFAULT);
	assert_int_equal(seen.calls, 0);
	assert_int_equal(data, 0x55); /* untouched on failure */
}

static void test_dispatch_device_error(void **state)
{
	u64 data = 0;

	(void)state;
	add(0x1000, 0x100);
	dev_ret = -ZV_EINVAL;
	assert_int_equal(mmio_dispatch(&vcpu, 0x1000, 4, false, &data), -ZV_EINVAL);
	assert_int_equal(mmio_dispatch(&vcpu, 0x1000, 4, true, &data), -ZV_EINVAL);
}

static void test_dispatch_missing_handlers(void **state)
{
	struct mmio_dev d = {.base = 0x3000, .size = 0x10};
	u64 data = 0x77;

	(void)state;
	mmio_register(&zone, &d);
	/* No handler: writes are dropped, reads return 0. */
	assert_int_equal(mmio_dispatch(&vcpu, 0x3000, 4, true, &data), 0);
	assert_int_equal(mmio_dispatch(&vcpu, 0x3008, 8, false, &data), 0);
	assert_int_equal(data, 0);
}

/* mmio_access() takes the port's device but trusts nothing about it: not
 * one of this zone's, outside it, straddling its end or a bad width. */
static void test_access_checks_given_device(void **state)
{
	static struct zone other;
	u64 data = 0x55;

	(void)state;
	add(0x1000, 0x100);
	add(0x2000, 0x100);
	memset(&other, 0, sizeof(other));
	other.mmio[0] = zone.mmio[0];
	other.nr_mmio = 1;
	assert_int_equal(mmio_access(&vcpu, NULL, 0x1000, 4, false, &data), -ZV_EFAULT);
	assert_int_equal(mmio_access(&vcpu, &other.mmio[0], 0x1000, 4, true, &data), -ZV_EFAULT);
	assert_int_equal(mmio_access(&vcpu, &zone.mmio[2], 0x1000, 4, true, &data), -ZV_EFAULT);
	assert_int_equal(mmio_access(&vcpu, &zone.mmio[0], 0x2000, 4, true, &data), -ZV_EFAULT);
	assert_int_equal(mmio_access(&vcpu, &zone.mmio[1], 0x1ffc, 8, false, &data), -ZV_EFAULT);
	assert_int_equal(mmio_access(&vcpu, &zone.mmio[0], 0x10fc, 8, false, &data), -ZV_EFAULT);
	assert_int_equal(mmio_access(&vcpu, &zone.mmio[0], 0x1000, 3, true, &data), -ZV_EFAULT);
	assert_int_equal(seen.calls, 0);
	assert_int_equal(data, 0x55);
	assert_int_equal(mmio_access(&vcpu, &zone.mmio[1], 0x20f8, 8, true, &data), 0);
	assert_ptr_equal(seen.dev, &zone.mmio[1]);
	assert_int_equal(seen.off, 0xf8);
}

/* mmio_attach(): the model's handlers and name with the instance's
 * range and state, reached without going through ops; refused, and
 * nothing changed, when the table is full. */
static void test_attach_places_instance(void **state)
{
	static const struct mmio_ops ops = {.read = rec_read, .write = rec_write, .name = "model"};
	static int inst;
	u64 data = 0;

	(void)state;
	assert_int_equal(mmio_attach(&zone, 0x4000, 0x20, &ops, &inst), 0);
	assert_int_equal(zone.nr_mmio, 1);
	assert_int_equal(zone.mmio[0].base, 0x4000);
	assert_int_equal(zone.mmio[0].size, 0x20);
	assert_ptr_equal(zone.mmio[0].priv, &inst);
	assert_string_equal(zone.mmio[0].name, "model");
	assert_int_equal(mmio_dispatch(&vcpu, 0x4010, 4, true, &data), 0);
	assert_ptr_equal(seen.dev, &zone.mmio[0]);
	assert_int_equal(seen.off, 0x10);
	assert_true(seen.write);
	for (u32 i = 1; i < ZONE_MAX_MMIO; i++)
		assert_int_equal(mmio_attach(&zone, 0x10000 * (i + 1), 0x10, &ops, NULL), 0);
	assert_int_equal(mmio_attach(&zone, 0x100000, 0x10, &ops, NULL), -ZV_ENOMEM);
	assert_int_equal(zone.nr_mmio, ZONE_MAX_MMIO);
	assert_null(mmio_find(&zone, 0x100000, 1));
}

/* What an MMIO load leaves in its register, on every port. */
static void test_extend(void **state)
{
	assert_int_equal(mmio_extend(0x80, 1, true), 0xffffffffffffff80ULL);
	assert_int_equal(mmio_extend(0x80, 1, false), 0x80);
	assert_int_equal(mmio_extend(0x12348000, 2, true), 0xffffffffffff8000ULL);
	assert_int_equal(mmio_extend(0xffff8000, 2, false), 0x8000);
	assert_int_equal(mmio_extend(0xffffffff80000000ULL, 4, false), 0x80000000ULL);
	assert_int_equal(mmio_extend(0x80000000ULL, 4, true), 0xffffffff80000000ULL);
	assert_int_equal(mmio_extend(0x8000000000000000ULL, 8, true), 0x8000000000000000ULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_attach_places_instance, setup),
	    cmocka_unit_test_setup(test_register_until_full, setup),
	    cmocka_unit_test_setup(test_register_copies, setup),
	    cmocka_unit_test_setup(test_find_boundaries, setup),
	    cmocka_unit_test_setup(test_find_adjacent_devices, setup),
	    cmocka_unit_test_setup(test_find_top_of_address_space, setup),
	    cmocka_unit_test_setup(test_find_zero_size_device, setup),
	    cmocka_unit_test_setup(test_dispatch_widths, setup),
	    cmocka_unit_test_setup(test_dispatch_offsets_and_data, setup),
	    cmocka_unit_test_setup(test_dispatch_outside_and_straddling, setup),
	    cmocka_unit_test_setup(test_dispatch_device_error, setup),
	    cmocka_unit_test_setup(test_dispatch_missing_handlers, setup),
	    cmocka_unit_test_setup(test_access_checks_given_device, setup),
	    cmocka_unit_test(test_extend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
