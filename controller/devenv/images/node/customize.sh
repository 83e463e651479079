#!/bin/sh
# Turn a fresh debootstrap rootfs (argument 1) into a container that boots systemd as PID 1:
# mask units that need real hardware or a real console, keep the journal persistent, shrink it.
set -eu
root="$1"

mkdir -p "$root/etc/systemd/journald.conf.d" "$root/var/log/journal"
cp "$(dirname "$0")/journald-persistent.conf" "$root/etc/systemd/journald.conf.d/persistent.conf"

for unit in \
    getty.target console-getty.service getty@tty1.service serial-getty@.service \
    systemd-firstboot.service systemd-udevd.service systemd-udev-trigger.service systemd-udev-settle.service \
    systemd-remount-fs.service systemd-modules-load.service systemd-sysctl.service \
    sys-kernel-debug.mount sys-kernel-tracing.mount sys-kernel-config.mount sys-fs-fuse-connections.mount \
    dev-hugepages.mount dev-mqueue.mount proc-sys-fs-binfmt_misc.automount \
    systemd-binfmt.service systemd-hwdb-update.service apt-daily.timer apt-daily-upgrade.timer \
    e2scrub_all.timer e2scrub_reap.service fstrim.timer; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
done

# An empty machine-id lets systemd make a fresh one per container (each node gets its own journal dir).
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"

rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/var/log/*.log
