#!/usr/bin/env bash
# npm run package: lay out the Debian package of the built tree in a staging dir and build
# dist/ctnet_<version>_<arch>.deb with dpkg-deb (docs/packaging.md).
#   /usr/libexec/ctnet/ctnet          the self-contained executable (dist/sea/ctnet)
#   /usr/libexec/ctnet/ctnet-<hook>   links to it (it answers by the name it was called with)
#   /usr/sbin/ctnet                   link to it
#   /usr/lib/systemd/system/          packaging/systemd/*
#   /usr/share/ctnet/templates/       templates/
#   /usr/share/doc/ctnet/             copyright, changelog.Debian.gz, README and docs
#   /usr/share/man/man8/              ctnet(8) and one page per hook, by help2man from --help
#   /etc/ctnet/host.conf, networks.conf  the templates, every line commented out (conffiles)
# Environment: CTNET_SEA (default dist/sea/ctnet, with its ctnet-* links, NODE-LICENSE and
# NODE-VERSION beside it), CTNET_NODE_LICENSE (Node.js's LICENSE text, if not beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022
die() { echo "package: $*" >&2; exit 1; }
for tool in dpkg-deb help2man dpkg-shlibdeps gzip; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/setup.sh"
done

sea=${CTNET_SEA:-dist/sea/ctnet}
[ -x "$sea" ] || die "no self-contained executable at $sea: run \"npm run build:sea\" first"
# The names the executable answers as: its links next to it (scripts/build-sea.mjs).
hooks=$(cd "$(dirname "$sea")" && ls ctnet-* 2>/dev/null | sort || true)
[ -n "$hooks" ] || die "no ctnet-* links next to $sea: run \"npm run build:sea\""

upstream=$(node -p 'require("./package.json").version')
version=$(sed -nE '1s/^ctnet \(([^)]+)\).*/\1/p' packaging/debian/changelog)
[ "${version%-*}" = "$upstream" ] || die "packaging/debian/changelog is at $version, package.json at $upstream: add a changelog entry"
arch=$(dpkg --print-architecture)
"$sea" --version >/dev/null || die "$sea does not run here"
date_line=$(sed -nE 's/^ -- .*>  (.*)$/\1/p' packaging/debian/changelog | head -n 1)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d "$date_line" +%s)}

node_license=${CTNET_NODE_LICENSE:-}
if [ -z "$node_license" ]; then
  node_license="$(dirname "$sea")/NODE-LICENSE"
fi
[ -f "$node_license" ] || die "no Node.js LICENSE text found: set CTNET_NODE_LICENSE"
node_version=$(cat "$(dirname "$sea")/NODE-VERSION" 2>/dev/null || echo 24)

stage=dist/deb-stage
out=dist/ctnet_${version}_${arch}.deb
rm -rf "$stage" "$out"
mkdir -p "$stage/DEBIAN" "$stage/usr/libexec/ctnet" "$stage/usr/sbin" "$stage/usr/lib/systemd/system" \
  "$stage/usr/share/ctnet" "$stage/usr/share/doc/ctnet/docs" "$stage/usr/share/man/man8" \
  "$stage/usr/share/lintian/overrides" "$stage/etc/ctnet"

install -m 0755 "$sea" "$stage/usr/libexec/ctnet/ctnet"
for h in $hooks; do ln -s ctnet "$stage/usr/libexec/ctnet/$h"; done
ln -s ../libexec/ctnet/ctnet "$stage/usr/sbin/ctnet"
install -m 0644 packaging/systemd/* "$stage/usr/lib/systemd/system/"
cp -r templates "$stage/usr/share/ctnet/templates"
find "$stage/usr/share/ctnet" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
chmod 0755 "$stage/usr/share/ctnet/templates/vps.umount"
install -m 0644 packaging/lintian-overrides "$stage/usr/share/lintian/overrides/ctnet"

# /etc/ctnet: examples that declare nothing (ctnet.service applies /etc/ctnet at boot).
for f in networks.conf host.conf; do
  [ -f "templates/$f" ] || continue
  { echo '# An example that declares nothing: uncomment and edit (ctnet host apply, ctnet pbr apply).'
    sed -E 's/^([^#[:space:]])/# \1/' "templates/$f"; } > "$stage/etc/ctnet/$f"
  chmod 0644 "$stage/etc/ctnet/$f"
done
(cd "$stage" && find etc -type f | sort | sed 's|^|/|') > "$stage/DEBIAN/conffiles"

# Docs: Debian policy 12.3 wants files over 4 kB compressed; copyright stays plain.
doc=$stage/usr/share/doc/ctnet
sed "s/@NODE_VERSION@/$node_version/" packaging/debian/copyright.in > "$doc/copyright"
gzip -9n < "$node_license" > "$doc/NODE-LICENSE.gz"
gzip -9n < packaging/debian/changelog > "$doc/changelog.Debian.gz"
install -m 0644 README.md "$doc/README.md"
install -m 0644 docs/*.md "$doc/docs/"
find "$doc" -type f -size +4k ! -name copyright ! -name '*.gz' -exec gzip -9n {} +
find "$doc" -type f -exec chmod 0644 {} +

# Man pages from the executables themselves, as installed (help2man runs --help/--version).
manpage() { # name, one-line description
  help2man --no-info --no-discard-stderr --section=8 --source="ctnet $upstream" --name="$2" \
    "$stage/usr/libexec/ctnet/$1" | gzip -9n > "$stage/usr/share/man/man8/$1.8.gz"
}
manpage ctnet 'network hooks for OpenVZ and LXC containers: install, plan, check, host setups'
for h in $hooks; do
  case $h in
    ctnet-vznet) manpage "$h" 'OpenVZ EXTERNAL_SCRIPT hook (vznet.conf): attach and route a container veth' ;;
    ctnet-umount) manpage "$h" 'OpenVZ vps.umount hook: remove what ctnet-vznet set up' ;;
    ctnet-vznetcfg) manpage "$h" 'drop-in for OpenVZ vznetcfg: init veth, addif and delif' ;;
    ctnet-lxc) manpage "$h" 'LXC lxc.net.N.script.up and script.down hook' ;;
    *) manpage "$h" "ctnet hook $h" ;;
  esac
done
chmod 0644 "$stage"/usr/share/man/man8/*

# Shared library dependencies of the executable, as Debian's own tool reads them.
shl=$(mktemp -d)
trap 'rm -rf "$shl"' EXIT
mkdir -p "$shl/debian"
printf 'Source: ctnet\n\nPackage: ctnet\nArchitecture: any\n' > "$shl/debian/control"
shlibs=$(cd "$shl" && dpkg-shlibdeps -O "$OLDPWD/$stage/usr/libexec/ctnet/ctnet" 2>/dev/null | sed -nE 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || die "dpkg-shlibdeps found no library dependencies of $sea"

for s in postinst prerm postrm; do install -m 0755 "packaging/debian/$s" "$stage/DEBIAN/$s"; done
(cd "$stage" && find usr -type f | sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/md5sums" "$stage/DEBIAN/conffiles"
size=$(du -sk --apparent-size --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@SHLIBS@/$shlibs/" \
  packaging/debian/control.in > "$stage/DEBIAN/control"

dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
rm -rf "$stage"
echo "built $out ($(du -k "$out" | cut -f1) kB; installed $size kB)"
