/* SPDX-License-Identifier: MIT */
/*
 * config_check_mgmt(): the root, manages and boot-stopped rules the
 * hypervisor checks again at boot, on tables zvcfg could not write (a
 * 'manages' bit beyond the zones, a non-root with one).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <zv/config.h>

static struct zv_config cfg;
static char err[320];
static int nr_errs;

static void record(void *ctx, const char *zone, const char *field, const char *msg)
{
	(void)ctx;
	if (!nr_errs++)
		snprintf(err, sizeof(err), "zone '%s': %s: %s", zone ? zone : "-", field, msg);
}

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.nr_zones = 3;
	strcpy(cfg.zones[0].name, "linux");
	strcpy(cfg.zones[1].name, "bare");
	strcpy(cfg.zones[2].name, "rtos");
	cfg.zones[0].flags = ZV_ZONE_ROOT;
	cfg.zones[0].manages = 1u << 1 | 1u << 2;
	cfg.zones[2].flags = ZV_ZONE_BOOT_STOPPED;
	nr_errs = 0;
	err[0] = 0;
	return 0;
}

static void expect(int n, const char *text)
{
	assert_int_equal(config_check_mgmt(&cfg, record, NULL), n);
	assert_int_equal(nr_errs, n);
	if (text)
		assert_non_null(strstr(err, text));
}

static void test_valid(void **state)
{
	expect(0, NULL);
	cfg.zones[0].flags = cfg.zones[0].manages = cfg.zones[2].flags = 0;
	expect(0, NULL); /* no root at all */
}

static void test_two_roots(void **state)
{
	cfg.zones[1].flags = ZV_ZONE_ROOT;
	expect(1, "zone 'bare': root: zone 'linux' is the root already");
}

static void test_manages_self(void **state)
{
	cfg.zones[0].manages |= 1u;
	expect(1, "zone 'linux': manages: the root zone cannot manage itself");
}

static void test_manages_beyond(void **state)
{
	cfg.zones[0].manages |= 1u << 5;
	expect(1, "zone 'linux': manages: names zone index 0x20, beyond the 3 zones");
}

static void test_manages_not_root(void **state)
{
	cfg.zones[1].manages = 1u << 2;
	expect(1, "zone 'bare': manages: only the root zone manages zones");
}

static void test_boot_stopped_unmanaged(void **state)
{
	cfg.zones[0].manages = 1u << 1;
	expect(1, "zone 'rtos': boot-stopped: no root zone manages it");
	setup(NULL);
	cfg.zones[0].flags = cfg.zones[0].manages = 0;
	expect(1, "zone 'rtos': boot-stopped: no root zone manages it");
}

static void test_root_boot_stopped(void **state)
{
	cfg.zones[0].flags |= ZV_ZONE_BOOT_STOPPED;
	expect(1, "zone 'linux': boot-stopped: the root zone must start at boot");
}

static void test_bad_table(void **state)
{
	cfg.nr_zones = 0;
	expect(0, NULL); /* config_check() reports the zone count */
	cfg.nr_zones = ZV_MAX_ZONES + 1;
	expect(0, NULL);
	cfg.nr_zones = 3;
	memset(cfg.zones[0].name, 'x', ZV_NAME_LEN); /* unterminated */
	cfg.zones[0].manages |= 1u;
	expect(1, "zone '#0': manages: the root zone cannot manage itself");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_valid, setup),
	    cmocka_unit_test_setup(test_two_roots, setup),
	    cmocka_unit_test_setup(test_manages_self, setup),
	    cmocka_unit_test_setup(test_manages_beyond, setup),
	    cmocka_unit_test_setup(test_manages_not_root, setup),
	    cmocka_unit_test_setup(test_boot_stopped_unmanaged, setup),
	    cmocka_unit_test_setup(test_root_boot_stopped, setup),
	    cmocka_unit_test_setup(test_bad_table, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
