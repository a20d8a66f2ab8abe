/* SPDX-License-Identifier: MIT */
/* zvctl's freestanding layer: Linux system calls (the generic numbers
 * riscv64, aarch64 and loongarch64 share), a few string functions and a
 * small formatter. No libc: the program is static and needs no loader
 * (and lld-19's static glibc for LoongArch dies with SIGBUS). */
#ifndef ZVCTL_SYS_H
#define ZVCTL_SYS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define SYS_IOCTL 29
#define SYS_OPENAT 56
#define SYS_CLOSE 57
#define SYS_GETDENTS64 61
#define SYS_LSEEK 62
#define SYS_READ 63
#define SYS_WRITE 64
#define SYS_PPOLL 73
#define SYS_EXIT_GROUP 94
#define SYS_CLOCK_GETTIME 113

#define AT_FDCWD (-100)
#define O_RDONLY 0
#define O_RDWR 2
/* arm64 keeps ARM's own values (its asm/fcntl.h): there the generic
 * 0200000 is O_DIRECT, and sysfs refuses O_DIRECT opens (EINVAL). */
#if defined(__aarch64__)
#define O_DIRECTORY 040000
#else
#define O_DIRECTORY 0200000
#endif
#define O_CLOEXEC 02000000
#define SEEK_SET 0
#define SEEK_END 2
#define EINTR 4
#define EAGAIN 11
#define POLLIN 1
#define POLLHUP 0x10
#define POLLERR 0x8

long sys6(long nr, long a0, long a1, long a2, long a3, long a4, long a5);
#define sys3(nr, a, b, c) sys6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d) sys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

_Noreturn void sys_exit(int code);
long sys_read(int fd, void *buf, size_t n);
/* Write all n bytes (retrying short writes); <0 on error. */
long sys_write_all(int fd, const void *buf, size_t n);
int sys_open(const char *path, int flags);
void sys_close(int fd);
uint64_t sys_now_ns(void);

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

/* printf-like to a file descriptor: %s %c %d %u %x with 'l' for 64-bit,
 * a width and '-' for left justification; %% itself. */
void fdprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vfdprintf(int fd, const char *fmt, va_list ap);

/* Parse a number (decimal, 0x hex, with K/M/G suffix); 0 on error. */
int parse_u64(const char *s, uint64_t *v);

#endif
