#!/bin/sh
# Captures the ftrace tracer fixtures under ../qemu-6.1/<tracer>/ from Debian's 6.1 PREEMPT_RT
# kernel booted under qemu (TCG) with a busybox initramfs whose /init is init.sh.
# For maintainers, not CI (CI renders the committed fixtures). Run as root on Debian 12:
#
#   jtrace-traceevent/src/test/resources/oracle/qemu/capture.sh [OUTDIR]
#
# Needs: apt-get install qemu-system-x86 busybox-static. The kernel package is fetched with
# `apt-get download` and unpacked into a scratch directory (nothing is installed, no bootloader
# is touched). Why the -rt flavour: Debian's generic 6.1 lacks the wakeup, hwlat, osnoise and
# timerlat tracers; the -rt one has them (and function, function_graph, mmiotrace). Neither has
# the branch tracer (CAPTURES=branch captures it from a kernel that has it). Set KERNEL_PACKAGE to
# use another linux-image package, CAPTURES to capture only some tracers.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../qemu-6.1}
work=$(mktemp -d /tmp/jtrace-qemu.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"

pkg=${KERNEL_PACKAGE:-$(apt-cache depends linux-image-rt-amd64 | sed -n 's/.*Depends: \(linux-image-[^ ]*\)$/\1/p' | head -1)}
echo "kernel package: $pkg"
apt-get download "$pkg" >/dev/null 2>&1 || apt-get download "$pkg"
dpkg-deb -x "$pkg"_*.deb kernel
vmlinuz=$(ls kernel/boot/vmlinuz-*)
release=${vmlinuz##*/vmlinuz-}

# initramfs: busybox, init.sh, the virtio disk drivers (the results go out through a disk) and
# the i6300esb watchdog driver (its probe maps and touches its registers: data for mmiotrace)
mkdir -p root/bin root/proc root/sys root/dev root/tmp root/modules
cp /bin/busybox root/bin/busybox
cp "$here/init.sh" root/init
chmod +x root/init
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk watchdog i6300esb; do
  ko=$(find kernel/lib/modules -name "$m.ko*" | head -1)
  case "$ko" in
    *.xz) xz -dc "$ko" >root/modules/$m.ko ;;
    *.ko) cp "$ko" root/modules/$m.ko ;;
    *) echo "no module $m" >&2; exit 1 ;;
  esac
done
(cd root && find . | busybox cpio -o -H newc | gzip) >initrd.gz
# One boot per capture, NAME[@VCPUS] (this kernel under TCG sometimes hangs switching tracers, the
# wakeup tracers mostly with 2 vCPUs, so each boot sets as few as it can; a boot that does not
# finish in time is tried again, up to three times). No network; the guest writes a tar of its results to a virtio disk.
boot() {
  rm -f out.img && truncate -s 64M out.img
  timeout 600 qemu-system-x86_64 -machine pc -accel tcg -smp "$2" -m 768 -nographic -no-reboot \
    -kernel "$vmlinuz" -initrd initrd.gz \
    -append "console=ttyS0 panic=-1 quiet loglevel=4 jtrace.tracers=$1" \
    -nic none -device i6300esb -drive file=out.img,format=raw,if=virtio </dev/null || true
  rm -rf boot && mkdir boot && tar -xf out.img -C boot 2>/dev/null && [ -f boot/kallsyms ]
}
mkdir guest
for spec in ${CAPTURES:-function function_graph function_graph-events wakeup@1 wakeup_rt@1 hwlat osnoise timerlat mmiotrace}; do
  group=${spec%@*}
  vcpus=2
  case "$spec" in *@*) vcpus=${spec#*@} ;; esac
  ok=
  for try in 1 2 3; do
    if boot "$group" "$vcpus"; then ok=1; break; fi
    echo "capture $group: no result (try $try)" >&2
  done
  [ -n "$ok" ] || { echo "capture $group failed" >&2; exit 1; }
  # each tracer directory of this boot gets this boot's kallsyms and printk_formats (KASLR differs)
  for d in boot/*/; do
    cp boot/kallsyms boot/printk_formats "$d"
    rm -rf "guest/$(basename "$d")" && mv "$d" guest/
  done
done

# Each tracer directory gets the shared files; kallsyms cut to the symbols its trace names, their
# aliases, the next symbol above each (which sets their size) and the section markers.
mkdir -p "$out"
for d in guest/*/; do
  name=$(basename "$d")
  rm -rf "${out:?}/$name"
  cp -r "$d" "$out/$name"
  mv "$out/$name/kallsyms" kallsyms.full
  case "$name" in
    # the running buffer of the wakeup tracers is not what their text shows: keep 8 pages per CPU
    wakeup*) for r in "$out/$name"/cpu*.raw; do head -c 32768 "$r" >"$r.tmp" && mv "$r.tmp" "$r"; done ;;
  esac
  echo "$release" >"$out/$name/KERNEL_RELEASE"
  cat "$d"/trace* | tr -c 'A-Za-z0-9_.' '\n' | sort -u >names
  printf '%s\n' _stext _etext _sinittext _einittext _end __irqentry_text_start __irqentry_text_end >>names
  # addresses of the named symbols, then each one's successor in address order
  awk 'NR == FNR { want[$1] = 1; next } ($3 in want) { print $1 }' names kallsyms.full | sort -u >kept
  awk '{ print $1 }' kallsyms.full | sort -u \
    | awk 'NR == FNR { kept[$1] = 1; next } { if (prev in kept) print; prev = $1 }' kept - >next
  sort -u kept next >addresses
  awk 'NR == FNR { a[$1] = 1; next } ($1 in a)' addresses kallsyms.full >"$out/$name/kallsyms"
done
echo "fixtures written to $out:"
du -sh "$out"/*
