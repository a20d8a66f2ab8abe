/* SPDX-License-Identifier: MIT */
/*
 * config_check() on arbitrary bytes taken as a zone table (zero-padded or
 * cut to its size, in an exactly sized heap buffer so any read past it is
 * caught), against every board. Every error it reports must come with a
 * terminated zone name, field and message, one report per counted error.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zv/config.h>

#define CHECK(x) ((x) ? (void)0 : abort())

static int reports;

static void report(void *ctx, const char *zone, const char *field, const char *msg)
{
	CHECK(ctx == &reports);
	CHECK(!zone || strnlen(zone, ZV_NAME_LEN) < ZV_NAME_LEN);
	CHECK(field && strnlen(field, 64) < 64);
	CHECK(msg && strnlen(msg, 192) < 192 && msg[0]);
	reports++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zv_config *c = calloc(1, sizeof(*c));

	CHECK(c);
	memcpy(c, data, size < sizeof(*c) ? size : sizeof(*c));
	for (const struct zv_board *const *b = zv_boards; *b; b++) {
		reports = 0;
		CHECK(config_check(c, *b, report, &reports) == reports);
		CHECK(config_check(c, *b, NULL, NULL) == reports);
	}
	free(c);
	return 0;
}
