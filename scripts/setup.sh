#!/usr/bin/env bash
# Idempotent setup for a fresh Debian machine with Node 20 and root.
# Installs the Debian toolchains the project needs when any is missing, then
# runs `npm ci` when node_modules is missing or older than the lockfile.
# Quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# command-or-file that proves a package is present -> Debian package
need=(
  "g++:g++"
  "clang++:clang"
  "avr-g++:gcc-avr"
  "/usr/lib/avr/include/avr/io.h:avr-libc"
  "/usr/share/arduino/hardware/arduino/avr/cores/arduino/Arduino.h:arduino-core-avr"
  "arduino-builder:arduino-builder"
  "arm-none-eabi-g++:gcc-arm-none-eabi"
  "/usr/lib/arm-none-eabi/include/stdlib.h:libnewlib-arm-none-eabi"
  "/usr/lib/arm-none-eabi/newlib/thumb/v7-m/nofp/libsupc++.a:libstdc++-arm-none-eabi-newlib"
  "qemu-system-arm:qemu-system-arm"
  "qemu-system-xtensa:qemu-system-misc"
  "xtensa-lx106-elf-g++:gcc-xtensa-lx106"
  "/usr/lib/xtensa-lx106-elf/picolibc.specs:picolibc-xtensa-lx106-elf"
  "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev"
)
missing=()
for entry in "${need[@]}"; do
  probe=${entry%%:*}; pkg=${entry#*:}
  if [[ $probe == /* ]]; then compgen -G "$probe" >/dev/null || missing+=("$pkg")
  else command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg"); fi
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  sudo_=""; [[ $(id -u) -eq 0 ]] || sudo_="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_ apt-get update -qq >/dev/null
  $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The stamp is our own: npm 11 does not always write node_modules/.package-lock.json,
# and a check on that file made every run reinstall (emptying node_modules
# under any run in progress).
stamp=node_modules/.sl-setup-stamp
if [[ ! -f $stamp || package-lock.json -nt $stamp || package.json -nt $stamp ]]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
fi
