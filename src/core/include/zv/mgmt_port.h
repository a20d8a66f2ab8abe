/* SPDX-License-Identifier: MIT */
/* The management service on the root zone's virtio-console (mgmt_port.c). */
#ifndef ZV_MGMT_PORT_H
#define ZV_MGMT_PORT_H

/* After mgmt_boot(): give the root zone's virtio-console, if it has one,
 * the control port and make it the service's transport. */
void mgmt_port_boot(void);

#endif
