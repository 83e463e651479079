#!/bin/sh
# Turn a fresh debootstrap rootfs (argument 1) into the kube node: the systemd node's customization
# (../node/customize.sh), then containerd's and the CNI plugins' configuration and the unit drop-ins this machine
# needs. The kubelet and kube-proxy units are written when the node starts (controller/devenv/kube_node.py).
set -eu
root="$1"
here="$(dirname "$0")"
sh "$here/../node/customize.sh" "$root"

install -D -m 0755 "$here/healing-node-init" "$root/usr/local/sbin/healing-node-init"
install -D -m 0644 "$here/containerd-config.toml" "$root/etc/containerd/config.toml"
install -D -m 0644 "$here/10-bridge.conflist" "$root/etc/cni/net.d/10-bridge.conflist"
install -D -m 0644 "$here/containerd-node.conf" "$root/etc/systemd/system/containerd.service.d/node.conf"
install -D -m 0644 "$here/docker-default" "$root/etc/default/docker"
mkdir -p "$root/etc/kubernetes" "$root/var/lib/kubelet" "$root/opt/kube/bin"
