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
# the branch tracer. Set KERNEL_PACKAGE to use another linux-image package.
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
truncate -s 64M out.img

# 2 vCPUs, no network; the guest writes a tar of its results to the virtio disk
timeout 900 qemu-system-x86_64 -machine pc -accel tcg -smp 2 -m 768 -nographic -no-reboot \
  -kernel "$vmlinuz" -initrd initrd.gz \
  -append "console=ttyS0 panic=-1 quiet loglevel=4" \
  -nic none -device i6300esb -drive file=out.img,format=raw,if=virtio </dev/null

mkdir guest && tar -xf out.img -C guest

# Each tracer directory gets the shared files; kallsyms cut to the symbols its trace names, their
# aliases, the next symbol above each (which sets their size) and the section markers.
mkdir -p "$out"
for d in guest/*/; do
  name=$(basename "$d")
  rm -rf "${out:?}/$name"
  cp -r "$d" "$out/$name"
  cp guest/printk_formats "$out/$name/printk_formats"
  case "$name" in
    # the running buffer of the wakeup tracers is not what their text shows: keep 8 pages per CPU
    wakeup*) for r in "$out/$name"/cpu*.raw; do head -c 32768 "$r" >"$r.tmp" && mv "$r.tmp" "$r"; done ;;
  esac
  echo "$release" >"$out/$name/KERNEL_RELEASE"
  tr -c 'A-Za-z0-9_.' '\n' <"$d/trace" | sort -u >names
  printf '%s\n' _stext _etext _sinittext _einittext _end __irqentry_text_start __irqentry_text_end >>names
  # addresses of the named symbols, then each one's successor in address order
  awk 'NR == FNR { want[$1] = 1; next } ($3 in want) { print $1 }' names guest/kallsyms | sort -u >kept
  awk '{ print $1 }' guest/kallsyms | sort -u \
    | awk 'NR == FNR { kept[$1] = 1; next } { if (prev in kept) print; prev = $1 }' kept - >next
  sort -u kept next >addresses
  awk 'NR == FNR { a[$1] = 1; next } ($1 in a)' addresses guest/kallsyms >"$out/$name/kallsyms"
done
echo "fixtures written to $out:"
du -sh "$out"/*
