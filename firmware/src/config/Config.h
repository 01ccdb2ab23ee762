// Semilimes SDK configuration: the one place for compile-time options.
//
// Every option is `#ifndef SL_X` / default / one-line comment. Defaults
// follow the architecture: small on AVR, roomier elsewhere.
//
// Set an option for the whole build, the library's .cpp files and the sketch
// alike: `-D SL_X=...` in PlatformIO's build_flags, with arduino-cli
// `--build-property "compiler.cpp.extra_flags=-DSL_X=..."`, in the Arduino
// IDE a `compiler.cpp.extra_flags=-DSL_X=...` line in the AVR core's
// platform.local.txt. A `#define SL_X` in the sketch before
// `#include <Semilimes.h>` does not do it: the IDE compiles the library's .cpp
// files apart from the sketch, so they keep the default, and an option that
// sizes a class (a buffer, a depth) would then give the sketch and the
// library two different layouts of it: such a sketch does not link (the
// options check at the end of this file).
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

// 1 on AVRs with 32 KB of flash or less (the Uno's ATmega328P, 2 KB of RAM),
// where a few defaults below trade speed or round trips for bytes. FLASHEND
// comes from <avr/io.h> (through avr/pgmspace.h).
#if SL_ARCH_AVR && defined(FLASHEND) && FLASHEND <= 0x7FFF
#define SL_AVR_SMALL 1
#else
#define SL_AVR_SMALL 0
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

// JSON levels a message envelope puts around a component or a request
// body's fields ({"body":{"dataComponent":...}}: sl::Client and the
// WebSocket request writers). The builders' nesting checks (TooDeep) keep
// that much of SL_JSON_WRITER_MAX_DEPTH free, so whatever validate()
// accepts is written whole inside a message; writeTo(w) checks against
// what w has left.
#ifndef SL_GEN_ENVELOPE_DEPTH
#define SL_GEN_ENVELOPE_DEPTH 2
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

// The compiler must assume x changed here, so it keeps no values derived
// from it across the point (avr-gcc otherwise spends callee-saved registers,
// each a push and a pop, on caching them, or widens an 8-bit count into a
// 16-bit index or an end address). Code generation only. SL_OPAQUE_AVR:
// the same on AVR only, where it measured smaller (on the 32-bit boards the
// same hint measured larger).
#if defined(__GNUC__) || defined(__clang__)
#define SL_OPAQUE(x) __asm__("" : "+r"(x))
#else
#define SL_OPAQUE(x) ((void)0)
#endif
#if SL_ARCH_AVR
#define SL_OPAQUE_AVR(x) SL_OPAQUE(x)
#else
#define SL_OPAQUE_AVR(x) ((void)0)
#endif

// ---- JSON (json/) ----

// Most paths one JsonPathMatcher follows (1..8).
#ifndef SL_JSON_PATH_MAX
#if SL_ARCH_AVR
#define SL_JSON_PATH_MAX 4
#else
#define SL_JSON_PATH_MAX 8
#endif
#endif

// Most segments in a matcher path (nesting levels it tracks).
#ifndef SL_JSON_PATH_MAX_DEPTH
#if SL_ARCH_AVR
#define SL_JSON_PATH_MAX_DEPTH 6
#else
#define SL_JSON_PATH_MAX_DEPTH 8
#endif
#endif

// 1: JsonNumber::toDouble() rounds correctly where double is a 32-bit float
// (AVR) too: ~1.3 KB more flash and ~150 B more stack there. 0: within 2 ulp.
// (Where double is 64-bit it always rounds correctly.)
#ifndef SL_JSON_FLOAT_EXACT
#define SL_JSON_FLOAT_EXACT 0
#endif

// Bytes of number text the parser keeps (>= 8); longer numbers are flagged
// truncated and still converted in the right magnitude (JsonNumber.h).
#ifndef SL_JSON_NUMBER_MAX
#if SL_ARCH_AVR
#define SL_JSON_NUMBER_MAX 24
#else
#define SL_JSON_NUMBER_MAX 32
#endif
#endif

// Bytes of a key the parser gathers across chunk boundaries/escapes so handlers
// usually see it whole (longer keys still arrive in pieces). 0 = off.
#ifndef SL_JSON_KEY_BUFFER
#if SL_ARCH_AVR
#define SL_JSON_KEY_BUFFER 24
#else
#define SL_JSON_KEY_BUFFER 32
#endif
#endif

// 1 trades parser speed for flash: a compact JsonParser with the same API,
// events and errors (one step per byte but for runs of plain string bytes,
// see JsonParser.h; its loop is AVR assembly there, SL_JSON_PARSER_ASM
// below). On the ATmega328P (npm run bench) its code is 2.0 KB instead of
// 4.1 KB (2.2 KB instead of 4.6 KB in a
// program with a small handler and toInt32, fed byte by byte; ~6.2 KB used
// through parse(source)); ~245 cycles per byte instead of ~75 one byte per
// feed(), and parse(source) becomes as slow (it feeds each byte read),
// against ~35-40; fed in chunks it takes runs of plain string bytes in a
// tight loop (sl::Client's event reader in 16-byte pieces: ~100 cycles per
// byte on the Uno, ~96 on the Mega with the default parser).
// Default: 1 on AVRs with 32 KB of flash or less (the Uno: LampControl is
// ~0.85 KB smaller, and at 115200 baud a byte arrives every ~1,400 cycles),
// 0 elsewhere.
#ifndef SL_JSON_PARSER_SMALL
#if SL_AVR_SMALL
#define SL_JSON_PARSER_SMALL 1
#else
#define SL_JSON_PARSER_SMALL 0
#endif
#endif

// SL_JSON_PARSER_ASM: the compact build's feedChunk() in hand-written
// assembly (AVR, avr-gcc optimizing: the asm takes r28/r29, which needs a
// build without a frame pointer; a core with MUL, MOVW and LPM Rd,Z+, as
// every ATmega: an ATtiny builds the C++ loop). 0 builds the C++ loop there
// too.
#ifndef SL_JSON_PARSER_ASM
#if SL_JSON_PARSER_SMALL && defined(__AVR__) && defined(__GNUC__) && !defined(__clang__) && defined(__OPTIMIZE__) && \
    defined(__AVR_HAVE_MUL__) && defined(__AVR_HAVE_MOVW__) && defined(__AVR_HAVE_LPMX__)
#define SL_JSON_PARSER_ASM 1
#else
#define SL_JSON_PARSER_ASM 0
#endif
#endif

// ---- WebSocket (ws/) ----

// 1: verify Sec-WebSocket-Accept (SHA-1 + base64). 0: only require the header
// (786 B less flash in LampControl on the Uno, 20,942 -> 20,156 B, measured
// with npm run sim at 6673e75; only when the transport authenticates the server).
#ifndef SL_WS_CHECK_ACCEPT
#define SL_WS_CHECK_ACCEPT 1
#endif

// 1: the handshake's SHA-1 compress() in AVR assembly (374 B instead of the
// C++ round interpreter's 581 B on the ATmega328P); default on GCC for AVR
// cores with MOVW and LPM Rd,Z+. 0 builds the portable C++ everywhere.
#ifndef SL_SHA1_ASM
#if SL_ARCH_AVR && defined(__GNUC__) && !defined(__clang__) && defined(__AVR_HAVE_MOVW__) && defined(__AVR_HAVE_LPMX__)
#define SL_SHA1_ASM 1
#else
#define SL_SHA1_ASM 0
#endif
#endif

// 1: frame/message lengths up to 2^32-1. 0: up to 65535 (16-bit arithmetic);
// longer frames fail with MessageTooBig (1009) and `maxMessage` is capped.
#ifndef SL_WS_LONG_FRAMES
#if SL_ARCH_AVR
#define SL_WS_LONG_FRAMES 0
#else
#define SL_WS_LONG_FRAMES 1
#endif
#endif

// Bytes read from the transport per step of WsClient::poll() (stack, not static RAM).
#ifndef SL_WS_READ_CHUNK
#if SL_ARCH_AVR
#define SL_WS_READ_CHUNK 16
#else
#define SL_WS_READ_CHUNK 256
#endif
#endif

// Bytes masked per write to the transport (a stack buffer). 1 masks byte by
// byte, for a transport that collects its writes (EspAtTransport,
// ArduinoClientTransport with SL_ARDUINO_CLIENT_TX_BUFFER > 0, a serial
// port): the AVR default, ~90 B flash and ~20 B stack less in LampControl on
// an Uno. Set 16 for a transport that sends a packet per write (an
// ArduinoClientTransport with SL_ARDUINO_CLIENT_TX_BUFFER 0, your own).
#ifndef SL_WS_MASK_CHUNK
#if SL_ARCH_AVR
#define SL_WS_MASK_CHUNK 1
#else
#define SL_WS_MASK_CHUNK 16
#endif
#endif

// Bytes of the buffer in front of the transport for text written a byte at a
// time (request lines, headers, AT commands: http/PutBuffer.h). 0 writes each
// byte straight through: the AVR default, ~70 B flash and ~8 B stack less in
// LampControl on an Uno; the same transports as SL_WS_MASK_CHUNK 1 suit it.
#ifndef SL_PUT_BUFFER
#if SL_ARCH_AVR
#define SL_PUT_BUFFER 0
#else
#define SL_PUT_BUFFER 8
#endif
#endif

// Read steps per poll(): bounds the time one poll() may take.
#ifndef SL_WS_POLL_READS
#define SL_WS_POLL_READS 8
#endif

// ---- Client (client/) ----

// Bytes kept of dataComponentType and of a form component's formComponentType.
#ifndef SL_CLIENT_TYPE_MAX
#define SL_CLIENT_TYPE_MAX 16
#endif

// Bytes kept of a form component's refName.
#ifndef SL_CLIENT_REF_MAX
#define SL_CLIENT_REF_MAX 24
#endif

// Bytes kept of a form component's value (string or number text).
#ifndef SL_CLIENT_FORM_VALUE_MAX
#if SL_ARCH_AVR
#define SL_CLIENT_FORM_VALUE_MAX 32
#else
#define SL_CLIENT_FORM_VALUE_MAX 128
#endif
#endif

// Bytes of outbox (serialized messages waiting for a connection) inside
// sl::Client. 0: the outbox is the caller's, given to the constructor
// (sl::Client client(buffer, size)), so its size is the sketch's choice.
#ifndef SL_CLIENT_OUTBOX_BYTES
#if SL_ARCH_AVR
#define SL_CLIENT_OUTBOX_BYTES 256
#else
#define SL_CLIENT_OUTBOX_BYTES 2048
#endif
#endif

// Sends that may wait for their Response at once (those with a ResponseFn).
#ifndef SL_CLIENT_MAX_PENDING
#if SL_ARCH_AVR
#define SL_CLIENT_MAX_PENDING 3
#else
#define SL_CLIENT_MAX_PENDING 8
#endif
#endif

// Largest inbound WebSocket message accepted (streamed, not buffered).
#ifndef SL_CLIENT_MAX_INBOUND
#if SL_ARCH_AVR
#define SL_CLIENT_MAX_INBOUND 4096UL
#else
#define SL_CLIENT_MAX_INBOUND 262144UL
#endif
#endif

// Bytes of the line buffer shared by the WebSocket handshake and REST headers (>= 64).
#ifndef SL_CLIENT_LINE_MAX
#define SL_CLIENT_LINE_MAX 64
#endif

// Reconnect backoff bounds (ms).
#ifndef SL_CLIENT_BACKOFF_MIN_MS
#define SL_CLIENT_BACKOFF_MIN_MS 1000UL
#endif
#ifndef SL_CLIENT_BACKOFF_MAX_MS
#define SL_CLIENT_BACKOFF_MAX_MS 60000UL
#endif

// Upgrade handshake deadline after connect (ms).
#ifndef SL_CLIENT_CONNECT_TIMEOUT_MS
#define SL_CLIENT_CONNECT_TIMEOUT_MS 10000UL
#endif

// Ping after this long without inbound traffic; drop when its pong is this late (ms).
#ifndef SL_CLIENT_PING_INTERVAL_MS
#define SL_CLIENT_PING_INTERVAL_MS 25000UL
#endif
#ifndef SL_CLIENT_PONG_TIMEOUT_MS
#define SL_CLIENT_PONG_TIMEOUT_MS 10000UL
#endif

// Deadline of a WebSocket Response / an HTTP response, from the write (ms).
#ifndef SL_CLIENT_REQUEST_TIMEOUT_MS
#define SL_CLIENT_REQUEST_TIMEOUT_MS 15000UL
#endif

// ---- Provisioning (provisioning/) ----

// Longest API key the store keeps (1..255 bytes). Part of the record layout.
#ifndef SL_KEYSTORE_MAX_KEY_LEN
#define SL_KEYSTORE_MAX_KEY_LEN 96
#endif

// Largest QR version the encoder may choose (1..40); bounds buffers and flash
// tables. Version v is 17 + 4v modules wide; 6 holds 134 bytes at level L.
#ifndef SL_QR_MAX_VERSION
#if SL_ARCH_AVR
#define SL_QR_MAX_VERSION 6
#else
#define SL_QR_MAX_VERSION 15
#endif
#endif

// The claim QR's mask: -1 scores the 8 masks and keeps the best, as the
// standard says; 0..7 forces that mask: 1,124 bytes less flash in the
// ATmega328P's ProvisioningUno (27,530 -> 26,406 B: QrCode::encodeFixedMask(),
// no mask scoring linked), at the price of a symbol that may scan a little
// less easily. Default: -1, except on AVRs with 32 KB of flash or less
// (SL_AVR_SMALL), where it is 2, so that the provisioning flow with a modem
// transport and a REST message fits there (firmware/examples/ProvisioningUno);
// the app's QR reader in the simulator (jsqr) reads it. Mask 2, as
// Provisioner::kFixedQrMask: for the cloud's claim keys its penalty is 1.0%
// above the best mask's on average (mask 3: 11.5%; see Provisioner.h).
#ifndef SL_CLAIM_QR_MASK
#if SL_AVR_SMALL
#define SL_CLAIM_QR_MASK 2
#else
#define SL_CLAIM_QR_MASK -1
#endif
#endif

// First claim-status poll delay / retry delay after an error (ms); each further
// attempt waits half as long again, up to the maximum.
#ifndef SL_PROVISIONER_POLL_MIN_MS
#define SL_PROVISIONER_POLL_MIN_MS 2000UL
#endif
#ifndef SL_PROVISIONER_POLL_MAX_MS
#define SL_PROVISIONER_POLL_MAX_MS 30000UL
#endif

// An exchange without a complete response after this long is dropped (ms).
#ifndef SL_PROVISIONER_HTTP_TIMEOUT_MS
#define SL_PROVISIONER_HTTP_TIMEOUT_MS 15000UL
#endif

// How often an online device validates its key (ms; 12 h).
#ifndef SL_PROVISIONER_CHECK_INTERVAL_MS
#define SL_PROVISIONER_CHECK_INTERVAL_MS 43200000UL
#endif

// Rotate when the key expires within this many seconds (5 days).
#ifndef SL_PROVISIONER_ROTATE_BEFORE_S
#define SL_PROVISIONER_ROTATE_BEFORE_S 432000UL
#endif

// Lifetime asked for a rotated key (days).
#ifndef SL_PROVISIONER_NEW_KEY_DAYS
#define SL_PROVISIONER_NEW_KEY_DAYS 365UL
#endif

// Per loop() while a response streams in: up to SL_PROVISIONER_READS_PER_LOOP
// x 32 bytes are read and parsed (in reads of up to 16), then loop() returns.
#ifndef SL_PROVISIONER_READS_PER_LOOP
#define SL_PROVISIONER_READS_PER_LOOP 4
#endif

// ---- Serial lines (io/) ----

// Bytes of sl::AvrUart0's receive ring (a power of two, 2..256; holds one
// less): what arrives while the sketch is busy elsewhere. 64 holds one
// AT+CIPRECVDATA reply (SL_ESPAT_RECV_CHUNK + ~30 B of framing) arriving
// while a line is printed; io/AvrUart0.h explains the sizing.
#ifndef SL_AVR_UART_RX_BUFFER
#define SL_AVR_UART_RX_BUFFER 64
#endif

// ---- ESP-AT transport (transport/EspAtTransport) ----

// Received bytes held between the modem and read() (ring buffer). In passive
// receive mode each AT+CIPRECVDATA asks for at most the free space (and
// SL_ESPAT_RECV_CHUNK), so a ring of one chunk costs no extra requests when
// the sketch reads as data comes; in active mode (old firmware) a smaller
// ring stops reading the serial line sooner.
#ifndef SL_ESPAT_RX_BUFFER
#if SL_AVR_SMALL
#define SL_ESPAT_RX_BUFFER 32
#elif SL_ARCH_AVR
#define SL_ESPAT_RX_BUFFER 64
#else
#define SL_ESPAT_RX_BUFFER 512
#endif
#endif

// Bytes collected by write() before one AT+CIPSEND (max 2048, the AT limit).
#ifndef SL_ESPAT_TX_BUFFER
#if SL_ARCH_AVR
#define SL_ESPAT_TX_BUFFER 64
#else
#define SL_ESPAT_TX_BUFFER 512
#endif
#endif

// Largest AT+CIPRECVDATA request (passive mode), also capped by free RX space.
#ifndef SL_ESPAT_RECV_CHUNK
#if SL_ARCH_AVR
#define SL_ESPAT_RECV_CHUNK 32
#else
#define SL_ESPAT_RECV_CHUNK 256
#endif
#endif

// Wait for one command's answer (OK / '>' / SEND OK / a CIPRECVDATA reply) (ms).
#ifndef SL_ESPAT_TIMEOUT_MS
#define SL_ESPAT_TIMEOUT_MS 5000
#endif

// Wait for AT+CIPSTART (DNS + TCP or TLS handshake on the module) (ms).
#ifndef SL_ESPAT_CONNECT_TIMEOUT_MS
#define SL_ESPAT_CONNECT_TIMEOUT_MS 15000
#endif

// ---- Arduino Client transport (transport/ArduinoClientTransport.h) ----

// Bytes collected before one Client::write() (0: every write() passes
// straight through). AVR: 64, a 2 KB Uno's share (the ESP-AT transport's TX
// buffer is as big): a typical message (a ~150-byte data-component
// envelope) goes out as 3 segments instead of ~12 (16-byte mask chunks) or
// ~150 (byte-at-a-time writers). 32-bit: 512 (ESP32/ESP8266, SAMD, RP2040,
// STM32 have 32 KB of RAM or more): most messages and REST requests go out
// in one TCP segment / TLS record; 512 is also the smallest TLS record
// size a Client may negotiate (max_fragment_length), so a record never
// needs splitting.
#ifndef SL_ARDUINO_CLIENT_TX_BUFFER
#if SL_ARCH_AVR
#define SL_ARDUINO_CLIENT_TX_BUFFER 64
#else
#define SL_ARDUINO_CLIENT_TX_BUFFER 512
#endif
#endif

// ---- Generated request writers and decoders (generated/) ----

// Longest request path of a generated request writer, path parameters
// percent-encoded (bytes, with NUL).
#ifndef SL_API_PATH_MAX
#define SL_API_PATH_MAX 96
#endif

// Generated decoders: bytes kept of one scalar value (longer strings are cut,
// truncated() set).
#ifndef SL_DECODE_VALUE_MAX
#if SL_ARCH_AVR
#define SL_DECODE_VALUE_MAX 48
#else
#define SL_DECODE_VALUE_MAX 256
#endif
#endif

// Generated decoders: bytes kept of a submitted form component's refName and
// formComponentType.
#ifndef SL_DECODE_REF_MAX
#define SL_DECODE_REF_MAX 24
#endif


// ---- One set of options for the whole build (Arduino builds) ----

// Every option above, for the check below (config-options.test.ts keeps this
// list and the options in step).
#define SL_OPTIONS(X) X(SL_USE_INT64) X(SL_JSON_MAX_DEPTH) X(SL_JSON_WRITER_MAX_DEPTH) \
  X(SL_GEN_ENVELOPE_DEPTH) X(SL_JSON_PATH_MAX) X(SL_JSON_PATH_MAX_DEPTH) X(SL_JSON_FLOAT_EXACT) \
  X(SL_JSON_NUMBER_MAX) X(SL_JSON_KEY_BUFFER) X(SL_JSON_PARSER_SMALL) X(SL_JSON_PARSER_ASM) \
  X(SL_WS_CHECK_ACCEPT) X(SL_SHA1_ASM) X(SL_WS_LONG_FRAMES) X(SL_WS_READ_CHUNK) \
  X(SL_WS_MASK_CHUNK) X(SL_PUT_BUFFER) X(SL_WS_POLL_READS) X(SL_CLIENT_TYPE_MAX) \
  X(SL_CLIENT_REF_MAX) X(SL_CLIENT_FORM_VALUE_MAX) X(SL_CLIENT_OUTBOX_BYTES) \
  X(SL_CLIENT_MAX_PENDING) X(SL_CLIENT_MAX_INBOUND) X(SL_CLIENT_LINE_MAX) \
  X(SL_CLIENT_BACKOFF_MIN_MS) X(SL_CLIENT_BACKOFF_MAX_MS) X(SL_CLIENT_CONNECT_TIMEOUT_MS) \
  X(SL_CLIENT_PING_INTERVAL_MS) X(SL_CLIENT_PONG_TIMEOUT_MS) X(SL_CLIENT_REQUEST_TIMEOUT_MS) \
  X(SL_KEYSTORE_MAX_KEY_LEN) X(SL_QR_MAX_VERSION) X(SL_CLAIM_QR_MASK) \
  X(SL_PROVISIONER_POLL_MIN_MS) X(SL_PROVISIONER_POLL_MAX_MS) X(SL_PROVISIONER_HTTP_TIMEOUT_MS) \
  X(SL_PROVISIONER_CHECK_INTERVAL_MS) X(SL_PROVISIONER_ROTATE_BEFORE_S) \
  X(SL_PROVISIONER_NEW_KEY_DAYS) X(SL_PROVISIONER_READS_PER_LOOP) X(SL_AVR_UART_RX_BUFFER) \
  X(SL_ESPAT_RX_BUFFER) X(SL_ESPAT_TX_BUFFER) X(SL_ESPAT_RECV_CHUNK) X(SL_ESPAT_TIMEOUT_MS) \
  X(SL_ESPAT_CONNECT_TIMEOUT_MS) X(SL_ARDUINO_CLIENT_TX_BUFFER) X(SL_API_PATH_MAX) \
  X(SL_DECODE_VALUE_MAX) X(SL_DECODE_REF_MAX)

// In an Arduino build (the IDE compiles the library's .cpp files apart from
// the sketch) every file that includes this one, except the library's own
// (SL_LIBRARY_SOURCE), calls at start-up a function whose name holds a
// fingerprint of every option's value; only config/Config.cpp defines it,
// with the library's values. A sketch that #defines an option to another
// value before #include <Semilimes.h> (which would give the sketch and the
// library two layouts of a class) then fails to link, with
//   undefined reference to
//   `sl::detail::LibraryBuiltWithOtherSlOptions_SetThemForTheWholeBuild_SeeConfigH<N>::check()'
// instead of running with memory corrupted. (The call is to an empty
// function, which link-time optimization removes.)
#if defined(__cplusplus)
namespace sl {
namespace detail {
#define SL_OPTION_VALUE(o) static_cast<uint32_t>(o),
constexpr uint32_t kOptionValues[] = {SL_OPTIONS(SL_OPTION_VALUE)};
#undef SL_OPTION_VALUE
// FNV-1a over the values, a word at a time.
constexpr uint32_t optionsFingerprint(const uint32_t* v, size_t n, uint32_t h = 2166136261u) {
  return n == 0 ? h : optionsFingerprint(v + 1, n - 1, (h ^ v[0]) * 16777619u);
}
constexpr uint32_t kOptionsFingerprint = optionsFingerprint(kOptionValues, sizeof kOptionValues / sizeof kOptionValues[0]);
template <uint32_t Fingerprint>
struct LibraryBuiltWithOtherSlOptions_SetThemForTheWholeBuild_SeeConfigH {
  static void check();
};
#if defined(ARDUINO) && !defined(SL_LIBRARY_SOURCE)
namespace {
__attribute__((constructor, used)) void checkOptions() {
  LibraryBuiltWithOtherSlOptions_SetThemForTheWholeBuild_SeeConfigH<kOptionsFingerprint>::check();
}
}  // namespace
#endif
}  // namespace detail
}  // namespace sl
#endif

#endif  // SL_CONFIG_CONFIG_H
