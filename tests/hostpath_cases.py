"""Host paths a policy author might write, with the verdict: shared by the unit test of the Python rules and the
integration test of the CEL rules on the real API server, so both layers are held to the same answers."""

from __future__ import annotations

CLEAN_DISK_REJECTED = [
    "/", "/etc", "/etc/app", "/usr/local/cache", "/var", "/var/lib", "/var/log", "/var/cache", "/home",
    "/home/alice/cache", "/root/tmp", "/proc/1", "/sys/fs", "/boot/old", "/var/lib/kubelet/pods",
    "/var/lib/docker/tmp", "/var/lib/containerd", "../tmp", "tmp/cache", "/var/tmp/../etc", "/var/tmp/./x",
    "/var//tmp/x", "/var/tmp/x/", "/var/tmp/x\n/etc", "/var/lib/healing-agent",
]
CLEAN_DISK_ACCEPTED = [
    "/var/tmp/app-cache", "/var/cache/app", "/var/log/app", "/srv/app/tmp", "/data/app/cache", "/var/tmp", "/tmp",
]

PERMISSION_REJECTED = [
    "/etc/shadow", "/etc/passwd", "/etc/group", "/etc/gshadow", "/etc/sudoers", "/etc/sudoers.d/app",
    "/etc/ssh/sshd_config", "/root/.ssh/authorized_keys", "/srv/app/.ssh/id_rsa", "/var/lib/app/.kube/config",
    "/etc/kubernetes/pki/ca.key", "/var/lib/kubelet/pki/kubelet.key", "/etc/cron.d/app", "/etc/crontab",
    "/etc/systemd/system/app.service", "/etc/ld.so.preload", "/etc", "/", "/usr/bin/sudo", "/var/lib",
    "etc/app", "/etc/app/../shadow", "/var/lib/healing-agent/agent-state.json",
]
PERMISSION_ACCEPTED = ["/var/lib/app/data", "/etc/app/app.conf", "/srv/app", "/opt/app/bin/run.sh"]

MODES_REJECTED = ["0777", "0666", "4755", "2755", "6755", "0757", "0646", "777", "1777", "rwx", "0888", "07777"]
MODES_ACCEPTED = ["0640", "0750", "0644", "644", "1750", "0700", "0600", "0755"]

LOCK_REJECTED = [
    "/etc/app.pid", "/var/lib/app/data.db", "/var/lib/dpkg/lock", "/run/app/", "app.lock",
    "/var/lib/app/../../etc/x.lock", "/usr/lib/app.lock", "/var/lib/app/LOCK/", "/etc/.pwd.lock",
]
LOCK_ACCEPTED = [
    "/run/app/app.pid", "/var/lib/app/LOCK", "/var/lib/postgresql/15/main/postmaster.pid", "/run/lock/app.lck",
    "/var/lib/app/.lock", "/tmp/.X0-lock",
]
