#!/bin/sh
# Hangar initramfs /init.
#
# Loads the appliance's kernel modules (in the order listed in /etc/hangar/modules, which the
# builder computed from modules.dep so every module follows its dependencies), waits for the
# root device named by root= on the kernel command line, mounts it as ext4 read-write and hands
# over to its /sbin/init with switch_root.
#
# Any failure prints exactly one "HANGAR-FAILED <reason>" line on the console, so whoever watches
# the serial console can tell a broken appliance from a slow one, then keeps a shell on the
# console for diagnosis (PID 1 must never exit, or the kernel panics).

export PATH=/bin

# Firmware leaves the console cursor mid-line (after terminal escapes); start on a fresh line so
# status lines below are lines of their own for whoever parses the console.
echo > /dev/console

fail() {
  echo "HANGAR-FAILED $*" > /dev/console
  while true; do
    setsid cttyhack sh
    sleep 1
  done
}

mkdir -p /proc /sys /dev /newroot
mount -t proc proc /proc || fail "cannot mount /proc"
mount -t sysfs sysfs /sys || fail "cannot mount /sys"
mount -t devtmpfs devtmpfs /dev || fail "cannot mount devtmpfs on /dev"

while read -r module; do
  [ -n "$module" ] || continue
  insmod "/lib/modules/$module" || fail "cannot load kernel module $module"
done < /etc/hangar/modules

root=
rootfstype=ext4
roottimeout=10
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    root=*) root="${arg#root=}" ;;
    rootfstype=*) rootfstype="${arg#rootfstype=}" ;;
    hangar.roottimeout=*) roottimeout="${arg#hangar.roottimeout=}" ;;
  esac
done
[ -n "$root" ] || fail "no root= on the kernel command line"

# Drivers probe asynchronously: the device node may appear some time after insmod returned.
tries=0
while [ ! -b "$root" ]; do
  [ "$tries" -ge $((roottimeout * 20)) ] && fail "root device $root did not appear within ${roottimeout}s"
  usleep 50000
  tries=$((tries + 1))
done

mount -t "$rootfstype" -o rw "$root" /newroot || fail "cannot mount $root ($rootfstype) on /newroot"
[ -x /newroot/sbin/init ] || fail "$root has no executable /sbin/init"

# Hand the populated /dev over to the real root; /proc and /sys are mounted again by its init.
mkdir -p /newroot/dev
mount --move /dev /newroot/dev || fail "cannot move /dev to the root file system"
umount /sys
umount /proc
exec switch_root /newroot /sbin/init
