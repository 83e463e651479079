#!/usr/bin/env bash
# System packages the test hosts need (docs/test-hosts.md). Idempotent and non-interactive: installs only
# what is missing, so a machine that already has everything does not even refresh the apt lists.
set -euo pipefail

packages=(
    docker.io              # dockerd, containerd, runc, docker CLI: the local Docker engine (nothing can be pulled)
    iptables               # dockerd's bridge NAT / published ports
    busybox-static         # /bin/busybox copied into the healing-test/busybox image (FROM scratch)
    debootstrap            # builds the healing-test/node rootfs (Debian bookworm + systemd)
    debian-archive-keyring # lets debootstrap verify the mirror's Release file
    gnupg                  # debootstrap's signature check
    systemd                # journalctl --directory on the host, to read the nodes' journals
    tar
    gcc                    # the pod sandbox's pause binary, compiled from the pinned Kubernetes module (build.py)
    libc6-dev              # ... statically (-static needs libc.a), as Kubernetes' build/pause/Makefile does
)
# The one-node cluster's containerd, runc, CNI plugins (containernetworking-plugins), Docker, iptables and conntrack
# are Debian packages too, but of its node image, not of this machine: debootstrap fetches them from the same mirror
# (controller/devenv/images/kube-node/packages.txt).

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    echo "install-system-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    sudo_cmd=()
    if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "install-system-deps: all present (${packages[*]})"
fi
