/* SPDX-License-Identifier: MIT */
/*
 * zvcfg's output: the zone table printed, and zones.bin, the generated
 * guest device trees and qemu-args written to the output directory.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libfdt.h>

#include <zv/config.h>

#include "zvcfg.h"

static bool write_file(struct tool *t, const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, size, f) == size;

	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		tool_error(t, NULL, NULL, "cannot write '%s': %s", path, strerror(errno));
	return ok;
}

static void fmt_size(char *buf, size_t size, uint64_t n)
{
	if (n && !(n & 0xfffff))
		snprintf(buf, size, "%lluM", (ull)(n >> 20));
	else if (n && !(n & 0x3ff))
		snprintf(buf, size, "%lluK", (ull)(n >> 10));
	else
		snprintf(buf, size, "%llu", (ull)n);
}

static void print_zone(const struct zv_zone_cfg *z)
{
	char cpus[64] = "", sz[32];
	size_t o = 0;

	for (unsigned n = 0; n < z->nr_cpus; n++)
		o += snprintf(cpus + o, sizeof(cpus) - o, "%s%u", n ? "," : "", z->cpus[n]);
	printf("%-12s %3u  %-8s", z->name, z->id, cpus);
	for (unsigned n = 0; n < z->nr_ram; n++) {
		fmt_size(sz, sizeof(sz), z->ram[n].size);
		printf(" %s%s%s%#llx->%#llx %s", n ? "+ " : "",
		       z->ram_kind[n] == ZV_MEM_RAM ? "" : config_mem_names[z->ram_kind[n]],
		       z->ram_kind[n] == ZV_MEM_RAM ? "" : " ", (ull)z->ram[n].gpa,
		       (ull)z->ram[n].hpa, sz);
	}
	for (int k = 0; k < ZV_IMG_COUNT; k++) {
		if (!zv_image_present(&z->image[k]))
			continue;
		fmt_size(sz, sizeof(sz), z->image[k].size);
		printf("  %s %s@%#llx", config_image_names[k], sz, (ull)z->image[k].gpa);
	}
	putchar('\n');
}

void print_table(const struct tool *t)
{
	printf("%-12s %3s  %-8s %s\n", "zone", "id", "cpus", "RAM (gpa->hpa size), images (size@gpa)");
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		print_zone(&t->cfg.zones[i]);
}

static bool mkdir_p(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(path, 0755) == 0 || errno == EEXIST;
}

/* QEMU splits option values at ',': a literal comma is written twice. */
static void put_loader(FILE *f, const char *sep, const char *path, uint64_t addr)
{
	fprintf(f, "%s-device loader,file=", sep);
	for (; *path; path++)
		fputs(*path == ',' ? ",," : (char[2]){*path, 0}, f);
	fprintf(f, ",addr=%#llx,force-raw=on", (ull)addr);
}

static bool write_qemu_args(struct tool *t, const char *dir)
{
	char path[PATH_MAX + 16];
	FILE *f;

	snprintf(path, sizeof(path), "%s/qemu-args", dir);
	if (!(f = fopen(path, "w"))) {
		tool_error(t, NULL, NULL, "cannot write '%s': %s", path, strerror(errno));
		return false;
	}
	snprintf(path, sizeof(path), "%s/zones.bin", dir);
	put_loader(f, "", path, t->board->config_addr);
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		for (int k = 0; k < ZV_IMG_COUNT; k++)
			if (t->img[i][k].spec)
				put_loader(f, " ", t->img[i][k].path, t->cfg.zones[i].image[k].src);
	for (unsigned i = 0; i < t->cfg.nr_zones; i++)
		if (t->cfg.zones[i].disk.size)
			put_loader(f, " ", t->disk[i].path, t->cfg.zones[i].disk.hpa);
	fputc('\n', f);
	if (fclose(f) == 0)
		return true;
	tool_error(t, NULL, NULL, "cannot write qemu-args: %s", strerror(errno));
	return false;
}

bool write_outputs(struct tool *t)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];

	if (!mkdir_p(t->out_dir) || !realpath(t->out_dir, dir)) {
		tool_error(t, NULL, NULL, "cannot create '%s': %s", t->out_dir, strerror(errno));
		return false;
	}
	for (unsigned i = 0; i < t->cfg.nr_zones; i++) {
		struct img *im = &t->img[i][ZV_IMG_DTB];

		if (!im->data)
			continue;
		snprintf(im->path, sizeof(im->path), "%s/%s.dtb", dir, t->cfg.zones[i].name);
		if (!write_file(t, im->path, im->data, fdt_totalsize(im->data)))
			return false;
	}
	snprintf(path, sizeof(path), "%s/zones.bin", dir);
	return write_file(t, path, &t->cfg, sizeof(t->cfg)) && write_qemu_args(t, dir);
}
