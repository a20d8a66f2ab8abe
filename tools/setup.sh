#!/usr/bin/env bash
# zonevisor setup: installs the toolchain, QEMU 10 and test tools on Debian 12
# (bookworm) as root, and fetches the Debian guest images into a cache outside
# git. Idempotent: a second run only checks and returns. The one change to
# the machine's apt configuration: a bookworm-backports list file
# (BPO_LIST), unless bookworm-backports is already in apt's sources.
set -euo pipefail

CACHE="${ZV_CACHE:-$HOME/.cache/zonevisor}"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# Everything the build and the tests use is named here and installed without
# recommends (those of QEMU are a GTK GUI, spice, SeaBIOS and UEFI images).
PKGS=(clang-19 lld-19 llvm-19 libclang-rt-19-dev clang-format-19 device-tree-compiler libfdt-dev
      libcmocka-dev cpio xz-utils zstd make python3 e2fsprogs)
# QEMU 10 from bookworm-backports: qemu-system-misc (loongarch64, and
# riscv64 through its qemu-system-riscv dependency), qemu-system-arm
# (aarch64), qemu-system-data and opensbi (riscv64's "-bios default" is
# OpenSBI's fw_dynamic.bin), ipxe-qemu (efi-virtio.rom, the option ROM of
# the virtio-net NIC QEMU adds to aarch64's and loongarch64's virt machine
# by default: QEMU refuses to start without it). qemu-system-misc also pulls in qemu-system-s390x (a hard
# dependency in Debian's packaging).
BPO_PKGS=(qemu-system-misc qemu-system-arm qemu-system-data opensbi ipxe-qemu)
BPO_LIST=/etc/apt/sources.list.d/zonevisor-backports.list

log() { printf 'setup: %s\n' "$*"; }

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "setup: must run as root to install packages" >&2
		exit 1
	fi
}

have_all_pkgs() {
	local p
	for p in "${PKGS[@]}"; do
		dpkg -s "$p" >/dev/null 2>&1 || return 1
	done
	qemu-system-riscv64 --version 2>/dev/null | grep -q 'version 10\.' || return 1
	qemu-system-aarch64 --version 2>/dev/null | grep -q 'version 10\.' || return 1
	qemu-system-loongarch64 --version 2>/dev/null | grep -q 'version 10\.' || return 1
	for p in "${BPO_PKGS[@]}"; do
		dpkg -s "$p" >/dev/null 2>&1 || return 1
	done
}

install_pkgs() {
	if have_all_pkgs; then
		log "packages present"
		return
	fi
	need_root
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		log "adding Debian's bookworm-backports to apt's sources: $BPO_LIST" \
			"(for QEMU 10; nothing else is installed from it)"
		echo "deb [signed-by=$KEYRING] http://deb.debian.org/debian bookworm-backports main" >"$BPO_LIST"
	else
		log "bookworm-backports already in apt's sources"
	fi
	apt-get update -qq
	log "installing ${PKGS[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PKGS[@]}"
	log "installing from bookworm-backports: ${BPO_PKGS[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-t bookworm-backports "${BPO_PKGS[@]}"
}

# A private apt tree that can download foreign-arch packages from trixie and
# forky without touching the system's apt state.
APTROOT="$CACHE/apt"
apt_priv() {
	local cmd=$1
	shift
	"$cmd" -o Dir::Etc="$APTROOT/etc" -o Dir::State="$APTROOT/state" \
		-o Dir::State::status="$APTROOT/status" -o Dir::Cache="$APTROOT/cache" \
		-o APT::Architectures=amd64,riscv64,arm64,loong64 \
		-o APT::Sandbox::User=root -o Debug::NoLocking=1 -qq "$@"
}

apt_priv_setup() {
	mkdir -p "$APTROOT/etc/apt.conf.d" "$APTROOT/etc/preferences.d" \
		"$APTROOT/etc/trusted.gpg.d" "$APTROOT/state/lists/partial" \
		"$APTROOT/cache/archives/partial"
	: >"$APTROOT/status"
	cat >"$APTROOT/etc/sources.list" <<SRC
deb [signed-by=$KEYRING] http://deb.debian.org/debian trixie main
deb [signed-by=$KEYRING] http://deb.debian.org/debian forky main
SRC
	apt_priv apt-get update
}

# fetch_arch ARCH SUITE KERNEL_META: kernel image + busybox-static for ARCH.
fetch_arch() {
	local arch=$1 suite=$2 meta=$3
	local dir="$CACHE/$arch"
	[ -s "$dir/Image" ] && [ -s "$dir/busybox" ] && return
	mkdir -p "$dir/pkg" "$dir/x"
	[ -d "$APTROOT/state/lists" ] && ls "$APTROOT/state/lists" | grep -q _Packages || apt_priv_setup
	local img
	img=$(apt_priv apt-cache depends "$meta:$arch/$suite" 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
	[ -n "$img" ] || { echo "setup: cannot resolve $meta for $arch" >&2; exit 1; }
	img=${img%%:*}
	log "downloading $img and busybox-static ($arch, $suite)"
	(cd "$dir/pkg" && apt_priv apt-get download "$img:$arch/$suite" "busybox-static:$arch/$suite")
	# loong64's linux-image-<ver> is itself a meta-package: the kernel file
	# is in linux-binary-<ver>.
	[ "$arch" = loong64 ] && (cd "$dir/pkg" && apt_priv apt-get download "${img/linux-image-/linux-binary-}:$arch/$suite")
	for deb in "$dir"/pkg/*.deb; do dpkg-deb -x "$deb" "$dir/x"; done
	cp "$dir/x/bin/busybox" "$dir/busybox" 2>/dev/null || cp "$dir/x/usr/bin/busybox" "$dir/busybox"
	case $arch in
	riscv64) cp "$(ls "$dir"/x/boot/vmlinux-* | head -1)" "$dir/Image" ;;
	arm64) cp "$(ls "$dir"/x/boot/vmlinuz-* | head -1)" "$dir/Image" ;;
	loong64) python3 "$(dirname "$0")/unzboot" "$(ls "$dir"/x/boot/vmlinuz-* "$dir"/x/usr/lib/modules/*/vmlinuz 2>/dev/null | head -1)" "$dir/Image" ;;
	esac
	rm -rf "$dir/pkg" "$dir/x"
}

# fetch_modules ARCH SUITE KERNEL_META: the modules the Linux zones load
# from their initramfs (Debian builds virtio_mmio, virtio_blk, virtio_net and
# ext4 as modules), with every module they depend on, decompressed into
# $CACHE/ARCH/modules/ with modules/order listing them dependencies first
# (the package ships no modules.dep; each module's .modinfo names its own).
# crc32c_generic: ext4 asks the crypto API for crc32c at mount (6.12; a
# kernel that has it built in, or as a library, has no such module).
ZONE_MODULES="virtio_mmio virtio_blk virtio_net ext4 crc32c_generic"
fetch_modules() {
	local arch=$1 suite=$2 meta=$3
	local dir="$CACHE/$arch"
	[ -s "$dir/modules/order" ] && return
	mkdir -p "$dir/mpkg" "$dir/mx" "$dir/modules"
	[ -d "$APTROOT/state/lists" ] && ls "$APTROOT/state/lists" | grep -q _Packages || apt_priv_setup
	local img
	img=$(apt_priv apt-cache depends "$meta:$arch/$suite" 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
	[ -n "$img" ] || { echo "setup: cannot resolve $meta for $arch" >&2; exit 1; }
	img=${img%%:*}
	# loong64 keeps its modules in linux-modules-<ver>.
	[ "$arch" = loong64 ] && img=${img/linux-image-/linux-modules-}
	log "downloading $img for the zones' modules ($arch, $suite)"
	(cd "$dir/mpkg" && apt_priv apt-get download "$img:$arch/$suite")
	dpkg-deb -x "$dir"/mpkg/*.deb "$dir/mx"
	python3 - "$dir/mx" "$dir/modules" $ZONE_MODULES <<'PY'
import lzma, os, re, sys
src, out, want = sys.argv[1], sys.argv[2], sys.argv[3:]
path = {}
for root, _, files in os.walk(src):
    for f in files:
        if f.endswith(".ko.xz"):
            path[f[:-6].replace("-", "_")] = os.path.join(root, f)
order = []
def add(name):
    if name in order:
        return
    data = lzma.open(path[name]).read()
    m = re.search(rb"depends=([^\0]*)\0", data)
    for dep in (m.group(1).decode().split(",") if m and m.group(1) else []):
        add(dep.replace("-", "_"))
    order.append(name)
    open(os.path.join(out, name + ".ko"), "wb").write(data)
for name in want:
    if name in path:
        add(name)
open(os.path.join(out, "order"), "w").write("".join(n + "\n" for n in order))
PY
	rm -rf "$dir/mpkg" "$dir/mx"
}

install_pkgs
mkdir -p "$CACHE"
fetch_arch riscv64 trixie linux-image-riscv64
fetch_arch arm64 trixie linux-image-arm64
fetch_arch loong64 forky linux-image-loong64
fetch_modules riscv64 trixie linux-image-riscv64
fetch_modules arm64 trixie linux-image-arm64
fetch_modules loong64 forky linux-image-loong64
log "ready; guest images in $CACHE"
