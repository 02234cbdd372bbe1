#!/usr/bin/env bash
# Install everything ctnet's build, tests and demo need on Debian 12 (run as root):
# the lab's system packages (LAB.md), the Debian packaging tools (npm run package and its
# tests: help2man, lintian, debootstrap, dpkg-dev) and the npm dependencies. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
PKGS=(iproute2 bridge-utils openvswitch-switch lxc busybox-static frr nftables iptables
      iputils-ping iputils-arping ndisc6 procps util-linux kmod hyperfine strace valgrind systemd python3
      help2man lintian debootstrap dpkg-dev binutils man-db)
missing=()
for p in "${PKGS[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "ctnet needs Node.js 20 or newer (Debian 12's own nodejs package is 18)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
