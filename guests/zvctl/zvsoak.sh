#!/bin/sh
# SPDX-License-Identifier: MIT
# zvsoak N IMAGE: N stop/load/start cycles of zone bare from the root zone
# (docs/management.md, "Soak from a Linux root"), each verified: after the
# start, that boot's banner must come on the root's console port of the zone
# (zv-console-bare) within 20 s. Prints soak-before/-after (the zone's
# boots, the hypervisor's stage-2 table pages, the root's MemAvailable),
# soak-error lines and "soak-result OK of N cycles in T0 T1" (uptime, s).
n=$1; img=$2; p=
for d in /sys/class/virtio-ports/*; do
  [ "$(cat $d/name)" = zv-console-bare ] && p=/dev/${d##*/}
done
[ -n "$p" ] || { echo soak-error no console port; exit 1; }
exec 3<$p
b0=$(zvctl stats bare | sed -n 's/.* \([0-9]*\) boots$/\1/p')
echo soak-before boots $b0 $(zvctl stats bare | grep hypervisor) \
  $(grep MemAvailable /proc/meminfo)
t0=$(cut -d' ' -f1 /proc/uptime); i=0; ok=0
while [ $i -lt $n ]; do
  i=$((i+1))
  zvctl stop bare >/dev/null || { echo soak-error stop $i; break; }
  zvctl load bare $img >/dev/null || { echo soak-error load $i; break; }
  zvctl start bare >/dev/null || { echo soak-error start $i; break; }
  want="runs (boot $((b0+i)))"; seen=
  while read -t 20 -r l <&3; do
    case "$l" in *"$want"*) seen=1; break;; esac
  done
  [ -n "$seen" ] || { echo soak-error no banner "$want"; break; }
  ok=$((ok+1))
done
t1=$(cut -d' ' -f1 /proc/uptime)
exec 3<&-
echo soak-after boots $(zvctl stats bare | sed -n 's/.* \([0-9]*\) boots$/\1/p') \
  $(zvctl stats bare | grep hypervisor) $(grep MemAvailable /proc/meminfo)
echo soak-result $ok of $n cycles in $t0 $t1
