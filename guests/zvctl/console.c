/* SPDX-License-Identifier: MIT */
/* zvctl console: attach the terminal to a zone's console port. */
#include "zvctl.h"

#define TCGETS 0x5401
#define TCSETS 0x5402
#define ESCAPE 0x1c /* Ctrl-\ : Ctrl-] is the hypervisor console's */

struct termios {
	uint32_t iflag, oflag, cflag, lflag;
	uint8_t line, cc[19];
};

int cmd_console(const char *zone)
{
	char port[MGMT_NAME_LEN + 16];
	struct mgmt_zone_ref r;
	struct termios saved, raw;
	struct pollfd {
		int fd;
		short events, revents;
	} p[2];
	static uint8_t buf[1024];
	int fd, tty, code = EX_OK;
	long n;

	zone_ref(&r, zone);
	check(request(MGMT_OP_CONSOLE, &r, sizeof(r)), "console");
	n = ans_len < sizeof(port) - 1 ? ans_len : sizeof(port) - 1;
	memcpy(port, ANS_PAYLOAD, n);
	port[n] = 0;
	if ((fd = open_port(port)) < 0) {
		fdprintf(2, "zvctl: console: no port '%s'\n", port);
		return EX_NOPORT;
	}
	tty = sys3(SYS_IOCTL, 0, TCGETS, &saved) == 0;
	if (tty) {
		raw = saved;
		raw.iflag &= ~(0x400u | 0x100u | 0x40u); /* IXON, ICRNL, INLCR */
		raw.lflag &= ~(0x2u | 0x8u | 0x1u);	 /* ICANON, ECHO, ISIG */
		raw.cc[6] = 1, raw.cc[5] = 0;		 /* VMIN 1, VTIME 0 */
		sys3(SYS_IOCTL, 0, TCSETS, &raw);
	}
	fdprintf(1, "[zvctl: console of zone %s; Ctrl-\\ leaves]\r\n", zone);
	p[0] = (struct pollfd){0, POLLIN, 0};
	p[1] = (struct pollfd){fd, POLLIN, 0};
	for (;;) {
		if (sys4(SYS_PPOLL, p, 2, 0, 0) < 0)
			continue;
		if (p[1].revents & POLLIN) {
			n = sys_read(fd, buf, sizeof(buf));
			if (n > 0)
				sys_write_all(1, buf, n);
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			n = sys_read(0, buf, sizeof(buf));
			if (n <= 0)
				break;
			for (long i = 0; i < n; i++)
				if (buf[i] == ESCAPE)
					n = i, code = -1;
			if (n > 0)
				sys_write_all(fd, buf, n);
			if (code < 0)
				break;
		}
	}
	if (tty)
		sys3(SYS_IOCTL, 0, TCSETS, &saved);
	fdprintf(1, "\r\n[zvctl: left the console of zone %s]\n", zone);
	sys_close(fd);
	return EX_OK;
}
