#!/usr/bin/env bash
# Builds the sandbox image (default tag toolgate-sandbox:latest).
#   ops/sandbox/build.sh [--tag NAME] [--mode auto|dockerfile|debootstrap]
# auto: the Dockerfile when the Debian base image can be pulled, otherwise the same packages installed with
# debootstrap into a root file system that `docker import` turns into the image (works with no registry at all,
# only a Debian package mirror).
set -euo pipefail

TAG=toolgate-sandbox:latest
MODE=auto
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=${DEBIAN_SUITE:-bookworm}
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) TAG=$2; shift 2 ;;
    --mode) MODE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)

# Keep this list equal to the Dockerfile's.
PACKAGES="python3 python3-numpy python3-pandas python3-matplotlib python3-pil coreutils procps findutils grep sed gawk bc jq file less tree zip unzip xz-utils bzip2 ca-certificates curl git sqlite3"

if [ "$MODE" = auto ]; then
  if timeout 60 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then MODE=dockerfile; else MODE=debootstrap; fi
fi

if [ "$MODE" = dockerfile ]; then
  docker build -t "$TAG" "$HERE"
  exit 0
fi

command -v debootstrap >/dev/null || { echo "debootstrap is needed (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "debootstrap needs root" >&2; exit 1; }
ROOTFS=$(mktemp -d /var/tmp/toolgate-sandbox-rootfs.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT
echo "building $TAG from $SUITE packages at $MIRROR (debootstrap into $ROOTFS)"
debootstrap --variant=minbase --include="$(echo $PACKAGES | tr ' ' ,)" "$SUITE" "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1 \
  || { tail -40 "$ROOTFS.log" >&2; exit 1; }
rm -f "$ROOTFS.log"
chroot "$ROOTFS" sh -c 'groupadd -g 1000 sandbox && useradd -u 1000 -g 1000 -d /workspace -s /bin/bash sandbox'
mkdir -p "$ROOTFS/workspace" "$ROOTFS/data"
chown 1000:1000 "$ROOTFS/workspace"
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
tar -C "$ROOTFS" -c . | docker import \
  -c 'ENV HOME=/workspace MPLBACKEND=Agg MPLCONFIGDIR=/tmp/matplotlib PYTHONDONTWRITEBYTECODE=1 LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'USER 1000:1000' -c 'WORKDIR /workspace' -c 'CMD ["sleep", "infinity"]' - "$TAG"
docker image inspect "$TAG" --format '{{.Id}} {{.Size}}'
