/* SPDX-License-Identifier: MIT */
/* How every part of the zone-table checker reports an error (config.c,
 * config_zone.c, config_chan.c, config_mgmt.c, virtio/virtio_config.c). */
#include <stdarg.h>

#include <zv/config.h>
#include <zv/lib.h>

void config_report(struct config_out *o, const char *zone, const char *field, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->errors++;
	if (o->report)
		o->report(o->ctx, zone, field, msg);
}
