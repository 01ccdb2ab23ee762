// Semilimes SDK configuration: the one place for compile-time options.
//
// Every option is `#ifndef SL_X` / default / one-line comment. A sketch may
// define any of them before `#include <Semilimes.h>` (or with -D) to override.
// Defaults follow the architecture: small on AVR, roomier elsewhere.
#ifndef SL_CONFIG_CONFIG_H
#define SL_CONFIG_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__AVR__)
#include <avr/pgmspace.h>
#define SL_ARCH_AVR 1
#else
#define SL_ARCH_AVR 0
#endif

// ESP8266 keeps PROGMEM/F() strings in flash that only allows aligned 32-bit
// reads; its core's pgm_read_byte does that. Other targets read flash directly.
#if !SL_ARCH_AVR && (defined(ARDUINO_ARCH_ESP8266) || defined(ESP8266))
#include <pgmspace.h>
#endif

// Place a constant in flash on AVR (harvard architecture); a no-op elsewhere.
#if SL_ARCH_AVR
#define SL_PROGMEM PROGMEM
#else
#define SL_PROGMEM
#endif

// A string literal in flash on AVR (`PSTR`), the literal itself elsewhere.
// Only valid inside a function body on AVR.
#if SL_ARCH_AVR
#define SL_PSTR(s) PSTR(s)
#else
#define SL_PSTR(s) (s)
#endif

// Reads one byte of a constant that may live in flash (SL_PROGMEM / SL_PSTR /
// Arduino F()); a plain load on targets without a separate flash space.
#if defined(pgm_read_byte)
#define SL_FLASH_READ(p) static_cast<uint8_t>(pgm_read_byte(p))
#else
#define SL_FLASH_READ(p) (*reinterpret_cast<const uint8_t*>(p))
#endif

// 1 when 64-bit integers are supported by the writer and parser.
#ifndef SL_USE_INT64
#define SL_USE_INT64 1
#endif

// Maximum nesting depth of JSON objects/arrays for the parser and the writer.
#ifndef SL_JSON_MAX_DEPTH
#define SL_JSON_MAX_DEPTH 32
#endif

// The writer's own limit (one bit of RAM per level, at most 64).
#ifndef SL_JSON_WRITER_MAX_DEPTH
#if SL_JSON_MAX_DEPTH > 64
#define SL_JSON_WRITER_MAX_DEPTH 64
#else
#define SL_JSON_WRITER_MAX_DEPTH SL_JSON_MAX_DEPTH
#endif
#endif

// 1 when double is wider than float (not on AVR, where both are 32-bit):
// JsonWriter::number(double) then prints up to 17 significant digits.
#if defined(__SIZEOF_DOUBLE__) && defined(__SIZEOF_FLOAT__) && __SIZEOF_DOUBLE__ == __SIZEOF_FLOAT__
#define SL_DOUBLE_IS_FLOAT 1
#else
#define SL_DOUBLE_IS_FLOAT 0
#endif

// Mark results the caller must not ignore.
#if defined(__GNUC__) || defined(__clang__)
#define SL_NODISCARD __attribute__((warn_unused_result))
#else
#define SL_NODISCARD
#endif

// Keep a small helper out of line (AVR -Os otherwise inlines byte writers at
// every call site).
#if defined(__GNUC__) || defined(__clang__)
#define SL_NOINLINE __attribute__((noinline))
#else
#define SL_NOINLINE
#endif

#endif  // SL_CONFIG_CONFIG_H
