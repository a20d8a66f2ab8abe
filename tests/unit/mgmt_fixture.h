/* SPDX-License-Identifier: MIT */
/*
 * Shared fixture of test_mgmt.c and test_mgmt_load.c: a root zone and two
 * managed ones over the real zone.c, RAM as buffers, and a driver that
 * frames requests and reads answers back as zvctl does. Each including
 * test is one translation unit, so the statics are its own.
 */
#ifndef ZV_TEST_MGMT_FIXTURE_H
#define ZV_TEST_MGMT_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include <zv/arch.h>
#include <zv/config.h>
#include <zv/mgmt.h>
#include <zv/zone.h>

#define ROOT_GPA 0x80000000ULL
#define BARE_GPA 0x88000000ULL
#define RAM_SIZE 0x4000ULL
#define KERNEL_SIZE 0x100ULL

static struct zv_config cfg;
static struct vcpu vcpus[4];
static u8 *ram[3], *staging;
static u8 out[1 << 16];
static u32 out_len, last_len; /* last_len: the last answer's */
static u8 seq;

/* zone.c's waits for vCPUs to go off end at once: a stop request is
 * taken as it is posted. */
void vcpu_kick(struct vcpu *v, u32 requests)
{
	if (requests & VCPU_REQ_STOP)
		v->state = VCPU_OFF;
}

/* The port's Linux hand-off (zv/arch.h): none unless a test sets one. */
static struct arch_linux_handoff handoff;

void arch_linux_handoff(const struct zone *z, struct arch_linux_handoff *h)
{
	*h = handoff;
}

static void tx(void *ctx, const u8 *d, u32 n)
{
	assert_true(out_len + n <= sizeof(out));
	memcpy(out + out_len, d, n);
	out_len += n;
}

static void zone_setup(u32 i, const char *name, u32 cpu, u64 gpa, u8 *mem)
{
	struct zv_zone_cfg *z = &cfg.zones[i];

	strcpy(z->name, name);
	z->id = i;
	z->nr_cpus = 1, z->cpus[0] = cpu;
	z->nr_ram = 1;
	z->ram[0] = (struct zv_region){gpa, (u64)(uintptr_t)mem, RAM_SIZE};
	z->entry = gpa;
	z->image[ZV_IMG_KERNEL] =
	    (struct zv_image){gpa, (u64)(uintptr_t)staging + i * KERNEL_SIZE, KERNEL_SIZE};
}

static int setup(void **state)
{
	for (int i = 0; i < 3; i++)
		ram[i] = aligned_alloc(64, RAM_SIZE);
	staging = malloc(3 * KERNEL_SIZE);
	memset(staging, 0x5a, 3 * KERNEL_SIZE);
	memset(&cfg, 0, sizeof(cfg));
	memset(zones, 0, sizeof(zones));
	memset(vcpus, 0, sizeof(vcpus));
	memset(&handoff, 0, sizeof(handoff));
	cfg.nr_zones = 3;
	zone_setup(0, "linux", 0, ROOT_GPA, ram[0]);
	zone_setup(1, "bare", 1, BARE_GPA, ram[1]);
	zone_setup(2, "other", 2, 0x90000000ULL, ram[2]);
	cfg.zones[0].flags = ZV_ZONE_ROOT;
	cfg.zones[0].manages = 1u << 1;
	nr_zones = 3;
	for (u32 i = 0; i < 3; i++)
		assert_int_equal(zone_init(&zones[i], i, &cfg.zones[i], vcpus), 0);
	zone_start_all();
	mgmt_init(&zones[0], tx, NULL);
	out_len = 0;
	return 0;
}

static int teardown(void **state)
{
	for (int i = 0; i < 3; i++)
		free(ram[i]);
	free(staging);
	return 0;
}

static void send_frame(u8 op, const void *payload, u32 len)
{
	u8 hdr[MGMT_HDR_SIZE] = {'Z', 'V', op, ++seq};

	mgmt_put32(hdr + 4, len);
	mgmt_rx(hdr, sizeof(hdr));
	if (len)
		mgmt_rx(payload, len);
}

/* The one answer in out: its status (and payload through data/len). */
static u32 answer(const u8 **data, u32 *len)
{
	u32 n;

	assert_true(out_len >= MGMT_HDR_SIZE + 4);
	assert_int_equal(out[0], 'Z');
	assert_int_equal(out[1], 'V');
	n = mgmt_get32(out + 4);
	assert_int_equal(out_len, MGMT_HDR_SIZE + n);
	if (data)
		*data = out + 12;
	if (len)
		*len = n - 4;
	last_len = out_len;
	out_len = 0;
	return mgmt_get32(out + 8);
}

static u32 request(u8 op, const void *payload, u32 len)
{
	u32 status;

	send_frame(op, payload, len);
	assert_int_equal(out[2], op | MGMT_ANSWER);
	assert_int_equal(out[3], seq);
	status = answer(NULL, NULL);
	return status;
}

static u32 zone_req(u8 op, const char *name)
{
	struct mgmt_zone_ref r = {0};

	strncpy(r.name, name, sizeof(r.name));
	return request(op, &r, sizeof(r));
}

static bool answer_says(const char *text)
{
	return memmem(out + 12, last_len - 12, text, strlen(text)) != NULL;
}

#endif
