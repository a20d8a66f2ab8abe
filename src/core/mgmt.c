/* SPDX-License-Identifier: MIT */
/*
 * The management service (docs/management.md): the root zone's requests,
 * framed by mgmt_proto.c, are checked and carried out on the zones it
 * manages. Every request gets one answer; nothing a request holds is
 * trusted before it is checked against the zone table, and no answer
 * carries a byte of another zone's memory: images only go in, into a
 * stopped zone (mgmt_load.c). Each action is logged on the hypervisor
 * console. Requests come from the root's vCPUs, one at a time (mgmt_lock).
 */
#include <stdarg.h>

#include <zv/console.h>
#include <zv/lib.h>
#include <zv/mgmt.h>
#include <zv/spinlock.h>
#include <zv/zone.h>

#include "mgmt_int.h"

struct mgmt mgmt;

static const char *const mgmt_op_names[MGMT_OPS] = {
    [MGMT_OP_HELLO] = "hello",	   [MGMT_OP_LIST] = "list",	  [MGMT_OP_STOP] = "stop",
    [MGMT_OP_START] = "start",	   [MGMT_OP_RESTART] = "restart", [MGMT_OP_LOAD_BEGIN] = "load",
    [MGMT_OP_LOAD_DATA] = "load",  [MGMT_OP_LOAD_END] = "load",	  [MGMT_OP_STATS] = "stats",
    [MGMT_OP_CONSOLE] = "console",
};

void mgmt_console_port_name(const struct zone *z, char *buf, u32 size)
{
	snprintf(buf, size, MGMT_CONSOLE_PORT_PREFIX "%s", zone_name(z));
}

/* ---- Answers ---- */

static void mgmt_send(const struct mgmt_req *r, u32 status, const void *data, u32 len)
{
	u8 *a = mgmt.answer;

	if (len > sizeof(mgmt.answer) - MGMT_HDR_SIZE - 4)
		len = sizeof(mgmt.answer) - MGMT_HDR_SIZE - 4; /* never: answers are small */
	a[0] = MGMT_MAGIC0;
	a[1] = MGMT_MAGIC1;
	a[2] = r->op | MGMT_ANSWER;
	a[3] = r->seq;
	mgmt_put32(a + 4, len + 4);
	mgmt_put32(a + 8, status);
	if (len)
		memcpy(a + 12, data, len);
	if (mgmt.tx)
		mgmt.tx(mgmt.tx_ctx, a, MGMT_HDR_SIZE + 4 + len);
}

void mgmt_ok(const struct mgmt_req *r, const void *data, u32 len)
{
	mgmt_send(r, MGMT_OK, data, len);
}

/* An error answer with its message, which the hypervisor console shows
 * too (rate-limited: the root can repeat a bad request at will). */
void mgmt_fail(const struct mgmt_req *r, u32 status, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((u32)n >= sizeof(msg))
		n = sizeof(msg) - 1;
	if (mgmt.root && zone_msg_ok(mgmt.root))
		printk("mgmt: %s refused: %s\n",
		       r->op < MGMT_OPS && mgmt_op_names[r->op] ? mgmt_op_names[r->op] : "request",
		       msg);
	mgmt_send(r, status, msg, (u32)n);
}

/* ---- Zones by name ---- */

/* The zone a request names: a NUL-terminated name within MGMT_NAME_LEN.
 * Answers the error and returns NULL when it names none the root may act
 * on ('self_ok': the root itself is fine, for reading). */
struct zone *mgmt_zone_ref(const struct mgmt_req *r, const u8 *name, bool self_ok)
{
	u32 n = 0;

	while (n < MGMT_NAME_LEN && name[n] >= 0x20 && name[n] < 0x7f)
		n++;
	/* Printable only: the name is echoed in messages, on the console too. */
	if (n == 0 || n == MGMT_NAME_LEN || name[n]) {
		mgmt_fail(r, MGMT_EINVAL, "zone name empty, not printable or not terminated");
		return NULL;
	}
	for (u32 i = 0; i < nr_zones; i++) {
		struct zone *z = &zones[i];

		if (strncmp(zone_name(z), (const char *)name, MGMT_NAME_LEN))
			continue;
		if (z == mgmt.root && self_ok)
			return z;
		if (z == mgmt.root) {
			mgmt_fail(r, MGMT_EPERM, "zone '%s' is the root: it cannot act on itself",
				  zone_name(z));
			return NULL;
		}
		if (!(mgmt.root->cfg->manages & (1u << i))) {
			mgmt_fail(r, MGMT_EPERM, "zone '%s' is not managed by '%s'", zone_name(z),
				  zone_name(mgmt.root));
			return NULL;
		}
		return z;
	}
	mgmt_fail(r, MGMT_ENOZONE, "no zone named '%s'", (const char *)name);
	return NULL;
}

/* A request whose payload is exactly one struct mgmt_zone_ref. */
static struct zone *mgmt_ref_req(const struct mgmt_req *r, bool self_ok)
{
	if (r->len != sizeof(struct mgmt_zone_ref)) {
		mgmt_fail(r, MGMT_EINVAL, "%u payload bytes, expected %u (a zone name)", r->len,
			  (u32)sizeof(struct mgmt_zone_ref));
		return NULL;
	}
	return mgmt_zone_ref(r, r->payload, self_ok);
}

static u32 mgmt_state(const struct zone *z)
{
	return (u32)__atomic_load_n(&z->state, __ATOMIC_ACQUIRE);
}

static u64 mgmt_exits(const struct zone *z, u64 *by)
{
	u64 all = 0;

	for (u32 i = 0; i < z->nr_vcpus; i++)
		for (u32 c = 0; c < VCPU_EXIT_CLASSES && c < MGMT_EXIT_CLASSES; c++) {
			u64 n = __atomic_load_n(&z->vcpus[i]->exits_by[c], __ATOMIC_RELAXED);

			all += n;
			if (by)
				by[c] += n;
		}
	return all;
}

/* ---- Requests ---- */

static void mgmt_hello(const struct mgmt_req *r)
{
	u8 a[8];

	mgmt_put32(a, MGMT_VERSION);
	mgmt_put32(a + 4, MGMT_MAX_PAYLOAD);
	mgmt_ok(r, a, sizeof(a));
}

static void mgmt_list_one(u8 *rec, u32 i)
{
	const struct zone *z = &zones[i];
	const struct zv_zone_cfg *c = z->cfg;
	u64 mem = 0;
	u32 flags = 0;

	for (u32 n = 0; n < c->nr_ram; n++)
		mem += c->ram[n].size;
	if (z == mgmt.root)
		flags |= MGMT_ZF_ROOT;
	if (mgmt.root->cfg->manages & (1u << i))
		flags |= MGMT_ZF_MANAGED;
	if (mgmt.zone[i].loaded)
		flags |= MGMT_ZF_LOADED;
	memset(rec, 0, sizeof(struct mgmt_zone_info));
	memcpy(rec, c->name, MGMT_NAME_LEN - 1);
	mgmt_put32(rec + 24, c->id);
	mgmt_put32(rec + 28, mgmt_state(z));
	mgmt_put32(rec + 32, c->nr_cpus);
	mgmt_put32(rec + 36, flags);
	mgmt_put64(rec + 40, mem);
	mgmt_put64(rec + 48, z->boots);
	mgmt_put64(rec + 56, mgmt_exits(z, NULL));
}

static void mgmt_list(const struct mgmt_req *r)
{
	u8 a[4 + ZV_MAX_ZONES * sizeof(struct mgmt_zone_info)];

	if (r->len) {
		mgmt_fail(r, MGMT_EINVAL, "list takes no payload");
		return;
	}
	mgmt_put32(a, nr_zones);
	for (u32 i = 0; i < nr_zones; i++)
		mgmt_list_one(a + 4 + i * sizeof(struct mgmt_zone_info), i);
	mgmt_ok(r, a, 4 + nr_zones * sizeof(struct mgmt_zone_info));
}

/* Stop: the zone's vCPUs go off, its memory is scrubbed and its devices
 * reset, as a guest's restart does, and it stays down. A load under way
 * for it or an image loaded into it is gone with its memory. */
static bool mgmt_do_stop(struct zone *z)
{
	/* The zone's own reset or fault may have taken it down since the
	 * caller saw it running: then its memory is not the root's to wipe. */
	if (!zone_stop(z, "stopped by its root"))
		return false;
	zone_wipe(z);
	mgmt_load_forget(z);
	return true;
}

static void mgmt_lost_stop(const struct mgmt_req *r, struct zone *z)
{
	mgmt_fail(r, MGMT_ESTATE, "zone '%s' went down or restarted by itself meanwhile",
		  zone_name(z));
}

/* Start a stopped zone: the image its root loaded last, or its
 * configured images. */
static void mgmt_do_start(struct zone *z)
{
	struct mgmt_zone *m = &mgmt.zone[z->index];
	bool loaded = m->loaded;

	printk("mgmt: %s starts zone %s (%s)\n", zone_name(mgmt.root), zone_name(z),
	       loaded ? "the loaded image" : "its configured images");
	m->loaded = false; /* an image runs once: its only copy is the zone's RAM */
	zone_start_stopped(z, loaded ? &m->boot : NULL);
}

static void mgmt_start(const struct mgmt_req *r)
{
	struct zone *z = mgmt_ref_req(r, false);

	if (!z)
		return;
	if (mgmt_state(z) != ZONE_STOPPED) {
		mgmt_fail(r, MGMT_ESTATE, "zone '%s' is %s", zone_name(z),
			  mgmt_state(z) == ZONE_RUNNING ? "running already" : "not stopped");
		return;
	}
	if (mgmt.load.z == z) {
		mgmt_fail(r, MGMT_ESTATE, "zone '%s': a load is under way", zone_name(z));
		return;
	}
	mgmt_do_start(z);
	mgmt_ok(r, NULL, 0);
}

/* Stop a running zone, then start it again when 'restart'. */
static void mgmt_stop_start(const struct mgmt_req *r, bool restart)
{
	struct zone *z = mgmt_ref_req(r, false);

	if (!z)
		return;
	if (mgmt_state(z) != ZONE_RUNNING) {
		mgmt_fail(r, MGMT_ESTATE, "zone '%s' is not running", zone_name(z));
		return;
	}
	printk("mgmt: %s %s zone %s\n", zone_name(mgmt.root), restart ? "restarts" : "stops",
	       zone_name(z));
	if (!mgmt_do_stop(z)) {
		mgmt_lost_stop(r, z);
		return;
	}
	if (restart)
		mgmt_do_start(z);
	mgmt_ok(r, NULL, 0);
}

static void mgmt_stop(const struct mgmt_req *r)
{
	mgmt_stop_start(r, false);
}

static void mgmt_restart(const struct mgmt_req *r)
{
	mgmt_stop_start(r, true);
}

static void mgmt_stats(const struct mgmt_req *r)
{
	struct zone *z = mgmt_ref_req(r, true);
	u64 by[MGMT_EXIT_CLASSES] = {0};
	u8 a[sizeof(struct mgmt_stats)];

	if (!z)
		return;
	mgmt_exits(z, by);
	mgmt_put32(a, mgmt_state(z));
	mgmt_put32(a + 4, z->nr_vcpus);
	mgmt_put64(a + 8, z->boots);
	for (u32 c = 0; c < MGMT_EXIT_CLASSES; c++)
		mgmt_put64(a + 16 + 8 * c, by[c]);
	mgmt_put64(a + 16 + 8 * MGMT_EXIT_CLASSES, z->s2.pool ? z->s2.pool->used : 0);
	mgmt_ok(r, a, sizeof(a));
}

static void mgmt_console(const struct mgmt_req *r)
{
	struct zone *z = mgmt_ref_req(r, false);
	char port[MGMT_NAME_LEN + 16];

	if (!z)
		return;
	if (!mgmt.console_ready) {
		mgmt_fail(r, MGMT_ENODEV, "no console port for zone '%s' on this build",
			  zone_name(z));
		return;
	}
	mgmt_console_port_name(z, port, sizeof(port));
	mgmt_ok(r, port, (u32)strlen(port));
}

static void (*const mgmt_ops[MGMT_OPS])(const struct mgmt_req *r) = {
    [MGMT_OP_HELLO] = mgmt_hello,	  [MGMT_OP_LIST] = mgmt_list,
    [MGMT_OP_STOP] = mgmt_stop,		  [MGMT_OP_START] = mgmt_start,
    [MGMT_OP_RESTART] = mgmt_restart,	  [MGMT_OP_LOAD_BEGIN] = mgmt_load_begin,
    [MGMT_OP_LOAD_DATA] = mgmt_load_data, [MGMT_OP_LOAD_END] = mgmt_load_end,
    [MGMT_OP_STATS] = mgmt_stats,	  [MGMT_OP_CONSOLE] = mgmt_console,
};

static void mgmt_frame(void *ctx, const struct mgmt_frame *f, u32 error)
{
	struct mgmt_req r = {.op = f->op, .seq = f->seq, .len = f->len, .payload = f->payload};

	if (error == MGMT_ETOOBIG) {
		mgmt_fail(&r, error, "payload of %u bytes, at most %u", f->len, MGMT_MAX_PAYLOAD);
	} else if (error) {
		mgmt_fail(&r, error, "not a frame: bytes dropped up to the next \"ZV\"");
	} else if (f->op >= MGMT_OPS || !mgmt_ops[f->op]) {
		mgmt_fail(&r, MGMT_EPROTO, "unknown request %u", f->op);
	} else if (!mgmt.root) {
		mgmt_fail(&r, MGMT_EPERM, "no root zone");
	} else {
		mgmt_ops[f->op](&r);
	}
}

void mgmt_init(struct zone *root, mgmt_tx_fn tx, void *tx_ctx)
{
	mgmt.root = root;
	mgmt.tx = tx;
	mgmt.tx_ctx = tx_ctx;
	mgmt_parser_reset(&mgmt.parser);
	mgmt.load.z = NULL;
	for (u32 i = 0; i < ZV_MAX_ZONES; i++)
		mgmt.zone[i].loaded = false;
}

void mgmt_boot(void)
{
	char list[ZV_MAX_ZONES * (ZV_NAME_LEN + 1)] = "";
	struct zone *root = NULL;
	u32 o = 0;

	for (u32 i = 0; i < nr_zones; i++)
		if (zones[i].cfg->flags & ZV_ZONE_ROOT)
			root = &zones[i];
	mgmt_init(root, mgmt_hc_tx, NULL);
	if (!root)
		return;
	for (u32 i = 0; i < nr_zones; i++)
		if (root->cfg->manages & (1u << i))
			o += (u32)snprintf(list + o, sizeof(list) - o, "%s%s", o ? ", " : "",
					   zone_name(&zones[i]));
	printk("mgmt: root zone %s manages: %s\n", zone_name(root), o ? list : "no zone");
}

void mgmt_set_tx(mgmt_tx_fn tx, void *tx_ctx)
{
	spin_lock(&mgmt.lock);
	mgmt.tx = tx;
	mgmt.tx_ctx = tx_ctx;
	spin_unlock(&mgmt.lock);
}

void mgmt_rx(const u8 *data, u32 len)
{
	spin_lock(&mgmt.lock);
	mgmt_parser_feed(&mgmt.parser, data, len, mgmt_frame, NULL);
	spin_unlock(&mgmt.lock);
}

void mgmt_reset(void)
{
	spin_lock(&mgmt.lock);
	mgmt_parser_reset(&mgmt.parser);
	mgmt.load.z = NULL;
	spin_unlock(&mgmt.lock);
}
