/* SPDX-License-Identifier: MIT */
/* zvctl's parts: the request/answer protocol over the control port
 * (proto.c), the commands (zvctl.c), load (load.c) and console (console.c). */
#ifndef ZVCTL_H
#define ZVCTL_H

#include <zv/mgmt_abi.h>

#include "sys.h"

/* Exit codes: distinct per kind of failure (docs/management.md). */
enum {
	EX_OK = 0,
	EX_USAGE = 1,	/* bad command line */
	EX_NOPORT = 2,	/* no control port: not the root zone, or no hypervisor */
	EX_IO = 3,	/* the port failed or the hypervisor did not answer */
	EX_FILE = 4,	/* an image file cannot be read */
	EX_REFUSED = 10 /* + the answer's status: 12..19 (MGMT_E*) */
};

/* The last answer: MGMT_HDR_SIZE header bytes, the status, then ans_len
 * payload bytes (ANS_PAYLOAD). */
extern uint8_t ans[MGMT_HDR_SIZE + MGMT_MAX_PAYLOAD];
extern uint32_t ans_len;
#define ANS_PAYLOAD (ans + MGMT_HDR_SIZE + 4)

static inline void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Open /dev/<vportNpM> whose /sys/class/virtio-ports/<..>/name is 'want';
 * -1 when none has it. */
int open_port(const char *want);
/* Open the control port, or exit with EX_NOPORT. */
void open_control(void);
/* Send one request frame; exits with EX_IO when the port fails. */
void send(uint8_t op, const void *payload, uint32_t len);
/* Send a request and return its answer's status. */
uint32_t request(uint8_t op, const void *payload, uint32_t len);
/* Exit with the refusal's message when the status is not ok. */
void check(uint32_t status, const char *what);
/* Fill a zone reference from a name, or exit with EX_USAGE. */
void zone_ref(struct mgmt_zone_ref *r, const char *zone);

int cmd_load(int argc, char **argv);
int cmd_console(const char *zone);

#endif
