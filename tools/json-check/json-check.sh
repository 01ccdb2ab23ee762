#!/usr/bin/env bash
# `npm run json-check -- FILE...`: the firmware's own JSON parser, built for the
# host on demand (cached in build/json-check/, rebuilt when a source changes).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/build/json-check"
exe="$out/json-check"
srcs=("$root/tools/json-check/json_check.cpp" "$root"/firmware/src/json/*.cpp "$root"/firmware/src/json/detail/*.cpp)
mkdir -p "$out"
stamp="$out/stamp"
sum="$(shopt -s nullglob; cat "${srcs[@]}" "$root"/firmware/src/json/*.h "$root"/firmware/src/json/detail/* \
  "$root"/firmware/src/config/*.h "$root"/firmware/src/io/*.h | cksum)"
build() {
  if [[ ! -x $exe || ! -f $stamp || "$(cat "$stamp")" != "$sum" ]]; then
    g++ -std=gnu++11 -O2 -Wall -Wextra -Werror -fno-exceptions -fno-rtti -I "$root/firmware/src" \
      "${srcs[@]}" -o "$exe.$$.tmp"
    mv "$exe.$$.tmp" "$exe"
    echo "$sum" >"$stamp"
  fi
}
# One build at a time when several checks start together.
exec 9>"$out/lock"
flock 9
build
flock -u 9
exec "$exe" "$@"
