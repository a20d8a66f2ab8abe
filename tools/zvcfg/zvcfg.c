/* SPDX-License-Identifier: MIT */
/*
 * zvcfg: compile a zone description (DTS/DTB) into the binary zone table
 * (zones.bin), generated guest device trees and the QEMU arguments that load
 * everything at the board's addresses.
 *
 *   zvcfg [-o OUTDIR] [--build DIR] [--check-only] CONFIG.dts|CONFIG.dtb
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include <zv/config.h>

#include "zvcfg.h"

extern char **environ;

static struct tool tool;

void tool_error(struct tool *t, const char *zone, const char *field, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "zvcfg: %s: ", t->cfg_path);
	if (zone)
		fprintf(stderr, "zone '%s': ", zone);
	if (field)
		fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	t->errors++;
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc(len + 1)) && fread(buf, 1, len, f) == (size_t)len) {
		((char *)buf)[len] = 0;
		*size = len;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* ---- Loading the description: a DTB as is, a DTS through dtc. ---- */

/* Run dtc on the DTS into 'out'; on failure show dtc's messages. */
static bool run_dtc(struct tool *t, const char *out, const char *errpath)
{
	char *argv[] = {"dtc", "-q", "-I", "dts", "-O", "dtb", "-o", (char *)out, (char *)t->cfg_path, NULL};
	posix_spawn_file_actions_t fa;
	size_t len;
	char *msg, *line, *save;
	int status = -1;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ) != 0 || waitpid(pid, &status, 0) < 0) {
		posix_spawn_file_actions_destroy(&fa);
		tool_error(t, NULL, NULL, "cannot run dtc: %s", strerror(errno));
		return false;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	msg = read_file(errpath, &len);
	for (line = strtok_r(msg, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		tool_error(t, NULL, "syntax", "dtc: %s", line);
	if (!msg || !len)
		tool_error(t, NULL, "syntax", "dtc failed");
	free(msg);
	return false;
}

static void *compile_dts(struct tool *t, size_t *size)
{
	char dir[] = "/tmp/zvcfg.XXXXXX", out[64], err[64];
	void *blob = NULL;

	if (!mkdtemp(dir)) {
		tool_error(t, NULL, NULL, "cannot create a temporary directory: %s", strerror(errno));
		return NULL;
	}
	snprintf(out, sizeof(out), "%s/out.dtb", dir);
	snprintf(err, sizeof(err), "%s/dtc.err", dir);
	if (run_dtc(t, out, err) && !(blob = read_file(out, size)))
		tool_error(t, NULL, NULL, "cannot read dtc output: %s", strerror(errno));
	unlink(out);
	unlink(err);
	rmdir(dir);
	return blob;
}

/* libfdt's fdt_check_full() (1.6.1) crashes on some blobs older than
 * version 16, whose node names are full paths: take only version 17, what
 * dtc writes. */
bool description_blob_ok(const void *blob, size_t size)
{
	return size >= sizeof(struct fdt_header) && fdt_magic(blob) == FDT_MAGIC &&
	       fdt_version(blob) >= 17 && fdt_check_full(blob, size) == 0;
}

static void *load_description(struct tool *t)
{
	size_t size = 0;
	void *blob = read_file(t->cfg_path, &size);

	if (!blob) {
		tool_error(t, NULL, NULL, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (size < 4 || fdt_magic(blob) != FDT_MAGIC) {
		free(blob);
		blob = compile_dts(t, &size);
	}
	if (blob && !description_blob_ok(blob, size)) {
		tool_error(t, NULL, NULL, "not a valid device tree blob");
		free(blob);
		blob = NULL;
	}
	return blob;
}
/* ---- main ---- */

static void usage(FILE *f)
{
	fprintf(f, "usage: zvcfg [-o OUTDIR] [--build DIR] [--check-only] CONFIG.dts|CONFIG.dtb\n"
		   "  -o OUTDIR      where zones.bin, <zone>.dtb and qemu-args go (default .)\n"
		   "  --build DIR    what 'build:' image paths are relative to (default build)\n"
		   "  --check-only   validate, write nothing\n"
		   "  'cache:' image paths are relative to $ZV_CACHE (default ~/.cache/zonevisor)\n");
}

static bool parse_args(struct tool *t, int argc, char **argv)
{
	static const struct option opts[] = {
		{"check-only", no_argument, NULL, 'c'},
		{"build", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	t->out_dir = ".";
	t->build_dir = "build";
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (opt == 'o')
			t->out_dir = optarg;
		else if (opt == 'b')
			t->build_dir = optarg;
		else if (opt == 'c')
			t->check_only = true;
		else
			return false;
	}
	if (optind != argc - 1)
		return false;
	t->cfg_path = argv[optind];
	return true;
}

static void set_cache_dir(struct tool *t)
{
	static char dflt[PATH_MAX];
	const char *env = getenv("ZV_CACHE"), *home = getenv("HOME");

	snprintf(dflt, sizeof(dflt), "%s/.cache/zonevisor", home ? home : "");
	t->cache_dir = env && *env ? env : dflt;
}

static void release(struct tool *t, void *fdt)
{
	for (unsigned i = 0; i < ZV_MAX_ZONES; i++)
		free(t->img[i][ZV_IMG_DTB].data);
	free(fdt);
}

int main(int argc, char **argv)
{
	struct tool *t = &tool;
	void *fdt;
	bool ok;

	if (!parse_args(t, argc, argv)) {
		usage(stderr);
		return 2;
	}
	set_cache_dir(t);
	if (!(fdt = load_description(t)))
		return 1;
	ok = compile(t, fdt);
	if (ok) {
		print_table(t);
		ok = t->check_only || write_outputs(t);
	}
	release(t, fdt);
	return ok ? 0 : 1;
}
