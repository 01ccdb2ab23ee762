#!/usr/bin/env bash
# Builds and runs one libFuzzer target for a bounded time.
#   fuzz/run.sh json_parser|json_roundtrip [SECONDS]   (default 60)
# Target = fuzz/<TARGET>_fuzz.cpp. Builds with clang++ -fsanitize=fuzzer,address,undefined into build/fuzz/,
# starts from the checked-in seeds (fuzz/corpus/<target>/, never modified; new
# inputs go to build/fuzz/<target>-corpus/). Exit status non-zero on a crash,
# sanitizer report, leak or timeout; the crashing input is left in build/fuzz/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: fuzz/run.sh TARGET [SECONDS]}"
seconds="${2:-60}"
out="$root/build/fuzz"
mkdir -p "$out" "$out/$target-corpus"
# The JSON sources; other targets add theirs with FUZZ_SOURCES="a.cpp b.cpp".
srcs=("$root/fuzz/${target}_fuzz.cpp" "$root"/firmware/src/json/*.cpp "$root"/firmware/src/json/detail/*.cpp ${FUZZ_SOURCES:-})
# A target name ending in _small is the same target built with
# -DSL_JSON_PARSER_SMALL=1 (the compact parser).
flags=()
if [[ "$target" == *_small ]]; then
  target="${target%_small}"
  flags=(-DSL_JSON_PARSER_SMALL=1)
  srcs[0]="$root/fuzz/${target}_fuzz.cpp"
  target="${target}_small"
fi
exe="$out/${target}_fuzz"
mkdir -p "$out/$target-corpus"
clang++ -std=gnu++11 ${flags[@]+"${flags[@]}"} -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -I "$root/firmware/src" -I "$root/fuzz" "${srcs[@]}" -o "$exe"
cd "$out"
exec "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=4096 \
  -dict="$root/fuzz/json.dict" -artifact_prefix="$out/$target-" -print_final_stats=1 \
  "$out/$target-corpus" "$root/fuzz/corpus/${target%_small}"
