/* SPDX-License-Identifier: MIT */
/*
 * The binary zone table: the contract between the host tool (tools/zvcfg),
 * which compiles a human-readable zone description into it, and the
 * hypervisor, which loads it at the board's ZV_CONFIG_ADDR and checks it
 * again before anything boots. Fixed-size, little-endian, no pointers.
 */
#ifndef ZV_CONFIG_ABI_H
#define ZV_CONFIG_ABI_H

#include <stddef.h>
#include <stdint.h>

#define ZV_CFG_MAGIC 0x3147464356415a5aULL /* "ZZAVCFG1" */
#define ZV_CFG_VERSION 4

#define ZV_MAX_ZONES 8
#define ZV_MAX_VCPUS 8
#define ZV_MAX_RAM 4 /* memory regions of every kind together */
#define ZV_MAX_PASSTHRU 8
#define ZV_MAX_IRQS 16
#define ZV_MAX_PT_VIRTIO 4 /* passthrough virtio-mmio transports described per zone */
#define ZV_NAME_LEN 24
#define ZV_ARGS_LEN 256
#define ZV_MAX_CHANNELS 8
#define ZV_MAX_CHAN_MEMBERS 4 /* zones on one channel */

/* Emulated devices a zone may ask for (bit mask in zv_zone_cfg.devices). */
/* The console UART is one device whichever bit asks for it: "uart" gets
 * the board's default model, the others a model by name where the board
 * offers it (zv_board.uart_models). All sit at the board's UART address. */
#define ZV_DEV_UART (1u << 0)		/* console UART, the board's default model */
#define ZV_DEV_TESTDEV (1u << 1)	/* scratch/counter MMIO device for tests */
#define ZV_DEV_NS16550 (1u << 2)	/* console UART, a 16550 */
#define ZV_DEV_PL011 (1u << 3)		/* console UART, a PL011 */
#define ZV_DEV_VIRTIO_CONSOLE (1u << 4) /* virtio-console, port 0 the zone's console */
#define ZV_DEV_UARTS (ZV_DEV_UART | ZV_DEV_NS16550 | ZV_DEV_PL011)
#define ZV_DEV_KNOWN (ZV_DEV_UARTS | ZV_DEV_TESTDEV | ZV_DEV_VIRTIO_CONSOLE)

/* virtio-mmio devices the hypervisor serves sit in fixed slots of the
 * board's virtio window (zv_board.virtio_gpa, one ZV_VIRTIO_SLOT_SIZE
 * window and interrupt virtio_irq + slot each), one slot per kind. */
enum zv_virtio_slot {
	ZV_VIRTIO_SLOT_BLK,
	ZV_VIRTIO_SLOT_CONSOLE,
	ZV_VIRTIO_SLOT_NET,
	ZV_VIRTIO_SLOTS = 8
};
#define ZV_VIRTIO_SLOT_SIZE 0x200

/* Images copied into zone memory at every zone (re)start. */
enum zv_image_kind { ZV_IMG_KERNEL, ZV_IMG_INITRD, ZV_IMG_DTB, ZV_IMG_COUNT };

/*
 * What a zone memory region is (zv_zone_cfg.ram_kind[]). Every kind is
 * backed by host RAM of the zone's own, scrubbed and loaded with its images
 * at every zone start; they differ in what the guest may do and what its
 * generated device tree says. ram[0] is always ZV_MEM_RAM.
 */
enum zv_mem_kind {
	ZV_MEM_RAM,   /* "memory": read/write/execute, a /memory node */
	ZV_MEM_FLASH, /* "flash": read/write/execute, a "cfi-flash" node */
	ZV_MEM_ROM,   /* "rom": read/execute only (a write stops the zone), no node */
	ZV_MEM_KINDS
};

struct zv_region {
	uint64_t gpa;  /* guest-physical base */
	uint64_t hpa;  /* host-physical base */
	uint64_t size; /* bytes */
};

/* An absent image is all zero; a present one has a size (any gpa, 0 too). */
struct zv_image {
	uint64_t gpa;  /* where the guest finds it */
	uint64_t src;  /* host-physical staging copy (loaded by QEMU) */
	uint64_t size; /* bytes; 0 = absent */
};

struct zv_zone_cfg {
	char name[ZV_NAME_LEN];
	uint32_t id;
	uint32_t flags; /* ZV_ZONE_* */
	uint32_t nr_cpus;
	uint32_t cpus[ZV_MAX_VCPUS]; /* vCPU i runs on physical cpus[i] */
	uint32_t nr_ram;
	uint32_t nr_passthru;
	struct zv_region ram[ZV_MAX_RAM];
	uint32_t ram_kind[ZV_MAX_RAM];		    /* enum zv_mem_kind of each ram[] */
	struct zv_region passthru[ZV_MAX_PASSTHRU]; /* identity-mapped */
	uint32_t nr_irqs;
	uint32_t irqs[ZV_MAX_IRQS]; /* passthrough interrupt numbers */
	uint32_t devices;	    /* ZV_DEV_* */
	uint32_t manages;	    /* root only: bit i = it manages zones[i] */
	uint64_t entry;		    /* guest-physical entry point of vCPU 0 */
	struct zv_image image[ZV_IMG_COUNT];
	char bootargs[ZV_ARGS_LEN]; /* informational: already in the DTB */
	/* virtio-blk disk (size 0: none): the image QEMU loaded at 'hpa' in
	 * the board's disk store, which no zone maps; it is never scrubbed or
	 * reloaded, so what the zone writes survives its restarts. 'gpa' is 0. */
	struct zv_region disk;
	/* virtio-net: the network the zone's NIC is on ("" none); zones
	 * naming the same one share a switch in the hypervisor. */
	char network[ZV_NAME_LEN];
	/* passthrough-virtio: virtio-mmio transports of the board (QEMU's own),
	 * each a ZV_VIRTIO_SLOT_SIZE window inside one of passthru[] with its
	 * interrupt in irqs[]. The hypervisor does nothing with them but check
	 * them; the generated device tree describes them so that the guest's
	 * stock virtio_mmio driver finds them. Their DMA needs identity-mapped
	 * RAM (docs/virtio.md, "Passthrough"). */
	uint32_t nr_pt_virtio;
	uint32_t pt_virtio_irq[ZV_MAX_PT_VIRTIO];
	uint64_t pt_virtio_gpa[ZV_MAX_PT_VIRTIO];
};

static inline int zv_image_present(const struct zv_image *im)
{
	return im->size != 0;
}

#define ZV_ZONE_LINUX (1u << 0)	       /* boot with the ISA's Linux hand-off */
#define ZV_ZONE_ROOT (1u << 1)	       /* manages the zones in 'manages' (docs/management.md) */
#define ZV_ZONE_BOOT_STOPPED (1u << 2) /* stays stopped at boot until its root starts it */
#define ZV_ZONE_FLAGS (ZV_ZONE_LINUX | ZV_ZONE_ROOT | ZV_ZONE_BOOT_STOPPED)

/*
 * Inter-zone channels (docs/channels.md): one shared-memory region in host
 * RAM of no zone's own, mapped into each member at its own guest address
 * with its rights, and per member a doorbell, a virtual interrupt of that
 * zone that HC_CHAN_RING raises.
 */
enum zv_chan_rights { ZV_CHAN_RW = 1, ZV_CHAN_RO = 2 };

struct zv_chan_member {
	uint32_t zone;	   /* index in zv_config.zones[] */
	uint32_t rights;   /* enum zv_chan_rights */
	uint64_t gpa;	   /* where the region sits in this zone */
	uint32_t doorbell; /* virtual interrupt number in this zone */
	uint32_t pad;
};

struct zv_chan_cfg {
	char name[ZV_NAME_LEN];
	uint32_t id; /* what HC_CHAN_RING names it by */
	uint32_t nr_members;
	uint64_t hpa;  /* host-physical base of the shared region */
	uint64_t size; /* bytes */
	struct zv_chan_member members[ZV_MAX_CHAN_MEMBERS];
};

struct zv_config {
	uint64_t magic;
	uint32_t version;
	uint32_t size; /* sizeof(struct zv_config) */
	char platform[ZV_NAME_LEN];
	uint32_t nr_zones;
	uint32_t console_focus; /* index of the zone that gets input first */
	struct zv_zone_cfg zones[ZV_MAX_ZONES];
	uint32_t nr_channels;
	uint32_t pad0;
	struct zv_chan_cfg channels[ZV_MAX_CHANNELS];
	uint32_t checksum; /* zv_cfg_checksum() over all bytes before it */
	uint32_t pad;
};

/* FNV-1a over the table up to the checksum field. */
static inline uint32_t zv_cfg_checksum(const struct zv_config *c)
{
	const uint8_t *p = (const uint8_t *)c;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < offsetof(struct zv_config, checksum); i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

#endif
