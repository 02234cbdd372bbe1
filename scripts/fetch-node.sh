#!/usr/bin/env bash
# Print the bin directory of an official Node.js binary of the given major line, fetched from
# the npm registry's node-linux-<arch> package (the binaries the registry's `node` package
# installs) and kept under /var/cache/ctnet-node/<major> for later runs. Used by .ci/run for
# the Node matrix, by the SEA build and by the bench.
set -euo pipefail
major=${1:?usage: fetch-node.sh MAJOR}
case "$major" in *[!0-9]*) echo "fetch-node.sh: major must be a number: $major" >&2; exit 2 ;; esac
case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) echo "fetch-node.sh: unsupported arch $(uname -m)" >&2; exit 2 ;; esac
cache=${CTNET_NODE_CACHE:-/var/cache/ctnet-node}
dir=$cache/$major
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$cache"
  tmp=$(mktemp -d "$cache/.fetch-$major.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$major" >/dev/null && tar -xzf node-linux-*.tgz)
  "$tmp/package/bin/node" --version >/dev/null
  rm -rf "$dir" && mv "$tmp/package" "$dir"
fi
echo "$dir/bin"
