// Semilimes SDK configuration: the one place for compile-time options.
//
// Every option is `#ifndef SL_X` / default / one-line comment. A sketch may
// define any of them before `#include <Semilimes.h>` (or with -D) to override.
// Defaults follow the architecture: small on AVR, roomier elsewhere.
#ifndef SL_CONFIG_CONFIG_H
#define SL_CONFIG_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#if defined(__AVR__)
#include <avr/pgmspace.h>
#define SL_ARCH_AVR 1
#else
#define SL_ARCH_AVR 0
#endif

// Place a constant in flash on AVR (harvard architecture); a no-op elsewhere.
#if SL_ARCH_AVR
#define SL_PROGMEM PROGMEM
#else
#define SL_PROGMEM
#endif

// 1 when 64-bit integers are supported by the writer and parser.
#ifndef SL_USE_INT64
#define SL_USE_INT64 1
#endif

// Maximum nesting depth of JSON objects/arrays for the parser and the writer.
#ifndef SL_JSON_MAX_DEPTH
#define SL_JSON_MAX_DEPTH 32
#endif

// Mark results the caller must not ignore.
#if defined(__GNUC__) || defined(__clang__)
#define SL_NODISCARD __attribute__((warn_unused_result))
#else
#define SL_NODISCARD
#endif

#endif  // SL_CONFIG_CONFIG_H
