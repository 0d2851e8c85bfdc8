# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by build-aux/run and build-aux/test: installs the Debian 12
# packages Winnow needs that are not installed yet. apt-get runs as root, or
# through sudo when the user is not root (it asks for a password then).

winnow_build_packages=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libsqlite3-dev libxml2-dev libpcre2-dev libjson-glib-dev
  libpoppler-glib-dev libxlsxwriter-dev nettle-dev
  gettext desktop-file-utils appstream
)
# The UI tests run the real app under Xvfb, type with xdotool and take
# screenshots with ImageMagick's import; xmllint checks XML data files;
# rsvg-convert and pdftotext/pdfinfo check the PRISMA diagram's SVG and PDF;
# unzip reads exported XLSX files back. clang and libFuzzer (in
# libclang-rt-14-dev, only a recommendation of clang's, so named here) build
# the fuzz harnesses that build-aux/test runs briefly (build-aux/fuzz).
# Valgrind runs the core and importer tests under memcheck (build-aux/sanitize;
# its ASan + UBSan build needs only gcc).
winnow_test_packages=(
  xvfb xauth xdotool imagemagick libxml2-utils python3
  librsvg2-bin poppler-utils unzip
  clang libclang-rt-14-dev
  valgrind
  # tests/ui/test-accessibility.py reads the app through AT-SPI, as Orca
  # does: the bus, and the Atspi bindings for Debian's own python3.
  at-spi2-core dbus-daemon python3-gi gir1.2-atspi-2.0
)

winnow_install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "winnow: these packages are missing and installing them needs root: ${missing[*]}" >&2
      echo "winnow: run this script as root, or install sudo" >&2
      return 1
    fi
  fi
  echo "winnow: installing ${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}
