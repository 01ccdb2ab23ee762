// JsonWriter implementation. See JsonWriter.h for the contract.
//
// Every public call funnels into emit(op, bytes): one place checks the
// structure (kKinds, kTransitions), writes the separator and then the body,
// which keeps the AVR code small.
#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "JsonWriter.h"

#include "detail/FloatToDecimal.h"
#include "../io/Utf8Step.h"

// On AVR two passes make the writer larger (writer core 1,278 -> 1,268 B in
// bench/json-parse/quick.ts size small; of ~25 -fno- options measured, the
// others made no difference or grew it).
#if defined(__AVR__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-move-loop-invariants", "no-expensive-optimizations")
#endif

namespace sl {

namespace {

// emit() operations: the kind (low nibble) plus what to do with the bytes.
enum : uint8_t {
  kOpCopy = 0,         // value: bytes copied verbatim (raw, number, literal)
  kOpString = 1,       // value: quoted, escaped text
  kOpStringBegin = 2,  // value: opening quote, pieces follow
  kOpObject = 3,       // value: opens an object
  kOpArray = 4,        // value: opens an array
  kOpInteger = 5,      // value: a number: the digits of the magnitude that p and n carry (digits())
  kOpNegative = 6,     // value: '-', then those digits
  kOpKey = 7,
  kOpCloseObject = 8,
  kOpCloseArray = 9,  // == kOpCloseObject + 1
  kOpPart = 10,
  kOpStringEnd = 11,
  kOpFlash = 0x10,   // the bytes are in flash
  kOpEscape = 0x20,  // the bytes are string content (escaped, UTF-8 checked)
  kOpQuote = 0x40,   // a closing quote follows the bytes
  kOpText = 0x80,    // the bytes end at a NUL (or at n)
};

const char kErrorNames[] SL_PROGMEM =
    "Ok\0SinkFailed\0ValueNeedsKey\0KeyNotExpected\0KeyWithoutValue\0MismatchedClose\0"
    "TooDeep\0SecondRoot\0StringOpen\0StringNotOpen\0EmptyRaw\0Unclosed\0NoValue\0"
    "Unknown\0";  // for codes out of range; then the empty name closes the list
// emit() rules: [op class][state] -> error (low nibble) | the separator to
// write first (kComma, or kColon for the value after a key). States
// (flags_ & kState): 0 empty root, 1 inside a piecewise string, 2 root
// complete, 3 empty array, 4 empty object, 5 object after a key, 6 object
// after a member, 7 array after an element (6 or 7: 6 | the innermost kind
// bit, 1 for an array). Op classes: value, key,
// endObject, endArray, string part/end.
typedef JsonWriteError E;
enum : uint8_t { kComma = 0x10, kColon = 0x20 };
const uint8_t kTransitions[5][8] SL_PROGMEM = {
    {E::Ok, E::StringOpen, E::SecondRoot, E::Ok, E::ValueNeedsKey, kColon, E::ValueNeedsKey, kComma},
    {E::KeyNotExpected, E::StringOpen, E::KeyNotExpected, E::KeyNotExpected, E::Ok, E::KeyNotExpected, kComma,
     E::KeyNotExpected},
    {E::MismatchedClose, E::StringOpen, E::MismatchedClose, E::MismatchedClose, E::Ok, E::KeyWithoutValue, E::Ok,
     E::MismatchedClose},
    {E::MismatchedClose, E::StringOpen, E::MismatchedClose, E::Ok, E::MismatchedClose, E::MismatchedClose,
     E::MismatchedClose, E::Ok},
    {E::StringNotOpen, E::Ok, E::StringNotOpen, E::StringNotOpen, E::StringNotOpen, E::StringNotOpen,
     E::StringNotOpen, E::StringNotOpen},
};

// Per kind: its op class (times 8: the row of kTransitions) | the state it
// leads to (kAfterValue: after a complete value, in the root, an object or
// an array) | whether it opens a container or writes an integer's digits;
// then the first byte emit() writes for it (0: none). The closing kinds are
// the classes kCloseObjectClass and kCloseArrayClass.
enum : uint8_t {
  kValue = 0 << 3,
  kKeyClass = 1 << 3,
  kCloseObjectClass = 2 << 3,
  kCloseArrayClass = 3 << 3,
  kPartClass = 4 << 3,
  kAfterValue = 0,  // (never a next state itself: the empty root)
  kOpens = 0x40,
  kDigits = 0x80,
};
// (emit() tells the closing classes by their 0x10 bit alone)
static_assert((kCloseObjectClass & kCloseArrayClass & 0x10) && !((kValue | kKeyClass | kPartClass) & 0x10),
              "only the closing classes have 0x10");
const uint8_t kKinds[12][2] SL_PROGMEM = {
    {kValue | kAfterValue, 0},                   // kOpCopy
    {kValue | kAfterValue, '"'},                 // kOpString
    {kValue | 1, '"'},                           // kOpStringBegin
    {kValue | kOpens | 4, '{'},                  // kOpObject
    {kValue | kOpens | 3, '['},                  // kOpArray
    {kValue | kDigits | kAfterValue, 0},         // kOpInteger
    {kValue | kDigits | kAfterValue, '-'},       // kOpNegative
    {kKeyClass | 5, '"'},                        // kOpKey
    {kCloseObjectClass | kAfterValue, '}'},      // kOpCloseObject
    {kCloseArrayClass | kAfterValue, ']'},       // kOpCloseArray
    {kPartClass | 1, 0},                         // kOpPart
    {kPartClass | kAfterValue, 0},               // kOpStringEnd
};

// finish(): per state, what it writes first (low nibble: the op, 0 for
// null) and the error that reports (high nibble).
const uint8_t kFinish[8] SL_PROGMEM = {
    E::NoValue << 4, E::Unclosed << 4 | kOpStringEnd, 0, E::Unclosed << 4 | kOpCloseArray,
    E::Unclosed << 4 | kOpCloseObject, E::KeyWithoutValue << 4, E::Unclosed << 4 | kOpCloseObject,
    E::Unclosed << 4 | kOpCloseArray,
};

// "false", "true" and "null", each NUL-terminated (read with kOpText).
const char kLiterals[] SL_PROGMEM = "false\0true\0null";
// Short escapes for U+0008..U+000D; 0 means \u00XX.
const char kShortEscapes[] SL_PROGMEM = {'b', 't', 'n', 0, 'f', 'r'};

// The byte at p: in flash with kOpFlash, else in RAM.
inline uint8_t byteAt(const char* p, uint8_t op) {
  return (op & kOpFlash) ? SL_FLASH_READ(p) : static_cast<uint8_t>(*p);
}

}  // namespace

FlashString JsonWriteError::name() const { return detail::flashNameAt(kErrorNames, code_); }

void JsonWriter::reset(Sink& sink) {
  sink_ = &sink;
  error_ = JsonWriteError::Ok;
  flags_ = 0;  // empty root
  depth_ = 0;
  utf8_ = 0;
}

#if SL_JSON_WRITER_ASM
// AVR: op(), text() and emit() with the byte loop, the escaping, the digits
// and the sink calls written by hand: the C++ below (the other targets' code)
// in half the flash, with internal calls that keep `this` in Y. Same bytes,
// same write() calls, same errors. Registers: Y this, r17 op, r14:15 p,
// r12:13 the end of the bytes (p and n: m for the digits), r16 the kind's
// info, then the byte in hand.
//   .Lputc: put(r22); .Lputh: putHeld(r22); .Lwrite: put(r22:23, r20:21);
//   .Lrepl: replacement(); .Ldecimal: decimal(r14, r15, r12, r13) (2 bytes
//   of stack and a return address per digit).
// Each clobbers what a C function may (r18..r27, r30, r31, r0).
// (A FlashString argument arrives as its pointer, in r22:23.)
static_assert(sizeof(FlashString) == sizeof(const char*) && __has_trivial_copy(FlashString) &&
                  __has_trivial_destructor(FlashString),
              "FlashString is passed in registers, as a bare pointer");
void JsonWriter::entriesAsm() {
  __asm__ volatile(
      // the public entry points that only set up emit()'s arguments (key()
      // at the end, in a section of its own)
      // string(FlashString), string(const char*), key(FlashString): the op
      // in r18, then text() (a null string: null(); a null key is empty).
      // In a section of their own, which --gc-sections drops from a
      // program that calls none of them.
      ".pushsection .text.sl_JsonWriter_strings, \"ax\", @progbits\n"
      ".global sl_JsonWriter_stringFlash\n"
      "sl_JsonWriter_stringFlash:\n\t"
      "ldi r18, %[stringFlash]\n\t"
      "rjmp .Lsl_jw_stringOp\n"
      ".global sl_JsonWriter_string\n"
      "sl_JsonWriter_string:\n\t"
      "ldi r18, %[stringText]\n"
      ".Lsl_jw_stringOp:\n\t"
      "cp r22, __zero_reg__\n\t"
      "cpc r23, __zero_reg__\n\t"
      "brne .Lsl_jw_textOp\n\t"
      "%~jmp sl_JsonWriter_null\n"
      ".global sl_JsonWriter_keyFlash\n"
      "sl_JsonWriter_keyFlash:\n\t"
      "ldi r18, %[keyFlash]\n"
      ".Lsl_jw_textOp:\n\t"
      "movw r20, r22\n\t"
      "mov r22, r18\n\t"
      "%~jmp sl_JsonWriter_text\n"
      // (sized as the whole section, so that size tools count its bytes)
      ".type sl_JsonWriter_stringFlash, @function\n"
      ".size sl_JsonWriter_stringFlash, . - sl_JsonWriter_stringFlash\n"
      ".popsection\n"
      ".global sl_JsonWriter_boolean\n"
      "sl_JsonWriter_boolean:\n\t"
      "ldi r20, lo8(%[literals] + 6)\n\t"  // "true"
      "ldi r21, hi8(%[literals] + 6)\n\t"
      "sbrc r22, 0\n\t"
      "rjmp 1f\n\t"
      "subi r20, 6\n\t"  // "false"
      "sbci r21, 0\n\t"
      "rjmp 1f\n"
      ".global sl_JsonWriter_stringN\n"
      "sl_JsonWriter_stringN:\n\t"  // string(s, length): null for a null s
      "movw r18, r20\n\t"
      "movw r20, r22\n\t"
      "ldi r22, %[stringN]\n\t"
      "cp r20, __zero_reg__\n\t"
      "cpc r21, __zero_reg__\n\t"
      "brne sl_JsonWriter_emit\n"
      ".global sl_JsonWriter_null\n"
      "sl_JsonWriter_null:\n\t"
      "ldi r20, lo8(%[literals] + 11)\n\t"
      "ldi r21, hi8(%[literals] + 11)\n"
      "1:\tldi r22, %[literal]\n\t"
      "rjmp sl_JsonWriter_text\n"
      ".global sl_JsonWriter_integer\n"
      "sl_JsonWriter_integer:\n\t"  // integer(long): the magnitude as p (low half) and n
      "movw r18, r22\n\t"
      "ldi r22, %[integer]\n\t"
      "sbrs r19, 7\n\t"
      "rjmp sl_JsonWriter_emit\n\t"
      "com r19\n\t"
      "com r18\n\t"
      "com r21\n\t"
      "neg r20\n\t"
      "sbci r21, 0xFF\n\t"
      "sbci r18, 0xFF\n\t"
      "sbci r19, 0xFF\n\t"
      "ldi r22, %[negative]\n\t"
      "rjmp sl_JsonWriter_emit\n"
      ".global sl_JsonWriter_beginObject\n"
      "sl_JsonWriter_beginObject:\n\t"
      "ldi r22, %[object]\n\t"
      "rjmp sl_JsonWriter_op\n"
      ".global sl_JsonWriter_endObject\n"
      "sl_JsonWriter_endObject:\n\t"
      "ldi r22, %[closeObject]\n\t"
      "rjmp sl_JsonWriter_op\n"
      ".global sl_JsonWriter_beginArray\n"
      "sl_JsonWriter_beginArray:\n\t"
      "ldi r22, %[array]\n\t"
      "rjmp sl_JsonWriter_op\n"
      ".global sl_JsonWriter_endArray\n"
      "sl_JsonWriter_endArray:\n\t"
      "ldi r22, %[closeArray]\n"
      ".global sl_JsonWriter_op\n"
      "sl_JsonWriter_op:\n\t"
      "ldi r20, 0\n\t"  // op(): no bytes (a null text is empty)
      "ldi r21, 0\n"
      ".global sl_JsonWriter_text\n"
      "sl_JsonWriter_text:\n\t"  // text(): up to the NUL
      "ldi r18, 0xFF\n\t"
      "ldi r19, 0xFF\n"
      ".global sl_JsonWriter_emit\n"
      "sl_JsonWriter_emit:\n\t"
      "push r12\n\t"
      "push r13\n\t"
      "push r14\n\t"
      "push r15\n\t"
      "push r16\n\t"
      "push r17\n\t"
      "push r28\n\t"
      "push r29\n\t"
      "movw r28, r24\n\t"
      "mov r17, r22\n\t"
      "movw r14, r20\n\t"
      "movw r12, r18\n\t"
      "rjmp 1f\n"
      ".Lsl_jw_err:\n\t"  // (here: the branches below reach it)
      "std Y+%[err], r23\n"
      "1:\tldd r24, Y+%[err]\n\t"
      "cpse r24, __zero_reg__\n\t"
      "rjmp .Lsl_jw_ret\n\t"
      // info (r16) and the opening byte (r25) of the kind
      "mov r30, r17\n\t"
      "andi r30, 15\n\t"
      "lsl r30\n\t"
      "ldi r31, 0\n\t"
      "subi r30, lo8(-(%[kinds]))\n\t"
      "sbci r31, hi8(-(%[kinds]))\n\t"
      "lpm r16, Z+\n\t"
      "lpm r25, Z\n\t"
      // rule (r24) for the op class and the state (r21); flags in r20
      "ldd r20, Y+%[flags]\n\t"
      "mov r21, r20\n\t"
      "andi r21, 7\n\t"
      "mov r30, r16\n\t"
      "andi r30, 0x38\n\t"
      "add r30, r21\n\t"
      "ldi r31, 0\n\t"
      "subi r30, lo8(-(%[trans]))\n\t"
      "sbci r31, hi8(-(%[trans]))\n\t"
      "lpm r24, Z\n\t"
      "mov r23, r24\n\t"
      "andi r23, 15\n\t"
      "brne .Lsl_jw_err\n\t"
      // depth (r22); opening: kinds = kinds << 1 | object
      "ldd r22, Y+%[depth]\n\t"
      "sbrs r16, 6\n\t"
      "rjmp 1f\n\t"
      "ldi r23, %[tooDeep]\n\t"
      "cpi r22, %[maxDepth]\n\t"
      "brsh .Lsl_jw_err\n\t"
      "inc r22\n\t"
      "movw r30, r28\n\t"
      "adiw r30, %[kinds_]\n\t"
      "ldi r18, %[kindsSize]\n\t"
      "cpi r16, %[objectInfo]\n"  // carry: an array (info below an object's)
      "2:\tld r0, Z\n\t"
      "rol r0\n\t"
      "st Z+, r0\n\t"
      "dec r18\n\t"
      "brne 2b\n"
      // closing (class 2 or 3, the classes with 0x10): kinds >>= 1
      "1:\tsbrs r16, 4\n\t"
      "rjmp 3f\n\t"
      "dec r22\n\t"
      "movw r30, r28\n\t"
      "adiw r30, %[kinds_] + %[kindsSize]\n\t"  // (clears the carry: no RAM address wraps)
      "ldi r18, %[kindsSize]\n"
      "4:\tld r0, -Z\n\t"
      "ror r0\n\t"
      "st Z, r0\n\t"
      "dec r18\n\t"
      "brne 4b\n"
      "3:\tstd Y+%[depth], r22\n\t"
      // the next state: after a value, 2 at the root, else 6 | the kind bit
      "mov r18, r16\n\t"
      "andi r18, 7\n\t"  // kAfterValue (0)?
      "brne 5f\n\t"
      "ldi r18, 2\n\t"
      "tst r22\n\t"
      "breq 5f\n\t"
      "ldd r18, Y+%[kinds_]\n\t"
      "andi r18, 1\n\t"
      "ori r18, 6\n"
      "5:\tandi r20, 0xF8\n\t"
      "or r20, r18\n\t"
      "std Y+%[flags], r20\n\t"
      // separator: 0x3A after a key (state 5), else 0x2C
      "ldi r22, 0x2C\n\t"
      "sbrc r24, 5\n\t"  // kColon
      "ldi r22, 0x3A\n\t"
      "andi r24, 0x30\n\t"  // kComma | kColon
      "breq 6f\n\t"
      "push r25\n\t"
      "rcall .Lsl_jw_putc\n\t"
      "pop r25\n"
      "6:\tmov r22, r25\n\t"
      "cpse r25, __zero_reg__\n\t"
      "rcall .Lsl_jw_putc\n\t"
      // the body: digits, one write (kOpCopy), or byte by byte
      "sbrs r16, 7\n\t"
      "rjmp 8f\n\t"
      "rcall .Lsl_jw_decimal\n\t"
      "rjmp .Lsl_jw_quote\n"
      "8:\tcpse r17, __zero_reg__\n\t"
      "rjmp .Lsl_jw_bytes\n\t"
      "movw r22, r14\n\t"
      "movw r20, r12\n\t"
      "rcall .Lsl_jw_write\n"
      // closing quote (a cut sequence first becomes U+FFFD)
      ".Lsl_jw_quote:\n\t"
      "sbrs r17, 6\n\t"
      "rjmp .Lsl_jw_ret\n\t"
      "ldd r24, Y+%[utf8]\n\t"
      "cpse r24, __zero_reg__\n\t"
      "rcall .Lsl_jw_repl\n\t"
      "ldi r22, 0x22\n\t"
      "rcall .Lsl_jw_putc\n\t"
      ".Lsl_jw_ret:\n\t"
      "movw r24, r28\n\t"
      "pop r29\n\t"
      "pop r28\n\t"
      "pop r17\n\t"
      "pop r16\n\t"
      "pop r15\n\t"
      "pop r14\n\t"
      "pop r13\n\t"
      "pop r12\n\t"
      "ret\n"
      ".Lsl_jw_bytes:\n\t"
      "cp r14, __zero_reg__\n\t"  // a null text is empty
      "cpc r15, __zero_reg__\n\t"
      "breq .Lsl_jw_quote\n\t"
      "add r12, r14\n\t"
      "adc r13, r15\n"
      ".Lsl_jw_loop:\n\t"
      "cp r14, r12\n\t"
      "cpc r15, r13\n\t"
      "breq .Lsl_jw_quote\n\t"
      "movw r30, r14\n\t"
      "sbrs r17, 4\n\t"  // kOpFlash
      "ld r16, Z+\n\t"
      "sbrc r17, 4\n\t"
      "lpm r16, Z+\n\t"
      "movw r14, r30\n\t"  // (the byte in hand stays in r16)
      "cpse r16, __zero_reg__\n\t"
      "rjmp 1f\n\t"
      "sbrc r17, 7\n\t"  // kOpText: a NUL ends the text
      "rjmp .Lsl_jw_quote\n"
      "1:\tsbrs r17, 5\n\t"  // not kOpEscape: verbatim
      "rjmp .Lsl_jw_verbatim\n"
      ".Lsl_jw_again:\n\t"
      "ldd r24, Y+%[utf8]\n\t"
      "sbrs r16, 7\n\t"
      "cpse r24, __zero_reg__\n\t"
      "rjmp .Lsl_jw_utf8\n\t"
      // ASCII with nothing held: escaped or as it is
      "cpi r16, 0x20\n\t"
      "brlo 5f\n\t"
      "cpi r16, 0x22\n\t"
      "breq 5f\n\t"
      "cpi r16, 0x5C\n\t"
      "brne .Lsl_jw_verbatim\n"
      "5:\tldi r22, 0x5C\n\t"
      "rcall .Lsl_jw_putc\n\t"
      "mov r22, r16\n\t"
      "cpi r16, 0x20\n\t"
      "brsh .Lsl_jw_putnext\n\t"
      "mov r30, r16\n\t"
      "subi r30, 8\n\t"
      "cpi r30, 6\n\t"
      "brsh 6f\n\t"
      "ldi r31, 0\n\t"
      "subi r30, lo8(-(%[shortEsc]))\n\t"
      "sbci r31, hi8(-(%[shortEsc]))\n\t"
      "lpm r22, Z\n\t"
      "cpse r22, __zero_reg__\n\t"
      "rjmp .Lsl_jw_putnext\n"
      "6:\tldi r24, 0x75\n\t"  // \u00XX: "u00X" through pending_, then the last digit
      "std Y+%[pending], r24\n\t"
      "ldi r24, 0x30\n\t"
      "std Y+%[pending] + 1, r24\n\t"
      "std Y+%[pending] + 2, r24\n\t"
      "sbrc r16, 4\n\t"
      "inc r24\n\t"
      "std Y+%[pending] + 3, r24\n\t"
      "ldi r22, 4\n\t"
      "rcall .Lsl_jw_puth\n\t"
      "mov r22, r16\n\t"
      "andi r22, 15\n\t"
      "cpi r22, 10\n\t"
      "brlo 7f\n\t"
      "subi r22, -39\n"
      "7:\tsubi r22, -0x30\n\t"
      "rjmp .Lsl_jw_putnext\n"
      ".Lsl_jw_verbatim:\n\t"
      "mov r22, r16\n"
      ".Lsl_jw_putnext:\n\t"
      "rcall .Lsl_jw_putc\n\t"
      "rjmp .Lsl_jw_loop\n"
      // a UTF-8 byte, or one after a held lead
      ".Lsl_jw_utf8:\n\t"
      "mov r22, r16\n\t"
      "%~call %x[step]\n\t"
      "ldd r25, Y+%[utf8]\n\t"
      "cpi r24, %[bad]\n\t"
      "brne 3f\n\t"
      // invalid: U+FFFD; a cut sequence's byte starts afresh
      "tst r25\n\t"
      "breq 4f\n\t"
      "rcall .Lsl_jw_repl\n\t"
      "rjmp .Lsl_jw_again\n"
      "4:\trcall .Lsl_jw_repl\n\t"
      "rjmp .Lsl_jw_loop\n"
      // held in pending_ (their count in pending_[3]) until the last one
      "3:\tldi r22, 0\n\t"
      "cpse r25, __zero_reg__\n\t"
      "ldd r22, Y+%[pending] + 3\n\t"
      "movw r30, r28\n\t"
      "add r30, r22\n\t"
      "adc r31, __zero_reg__\n\t"
      "std Z+%[pending], r16\n\t"
      "inc r22\n\t"
      "std Y+%[utf8], r24\n\t"
      "tst r24\n\t"
      "breq 4f\n\t"
      "std Y+%[pending] + 3, r22\n\t"
      "rjmp .Lsl_jw_loop\n"
      "4:\trcall .Lsl_jw_puth\n\t"
      "rjmp .Lsl_jw_loop\n"
      // m (r14, r15, r12, r13, least significant first): m % 10 by long
      // division, the higher digits first
      ".Lsl_jw_decimal:\n\t"
      "ldi r24, 0\n\t"
      "ldi r25, 32\n"
      "1:\tlsl r14\n\t"
      "rol r15\n\t"
      "rol r12\n\t"
      "rol r13\n\t"
      "rol r24\n\t"
      "cpi r24, 10\n\t"
      "brlo 2f\n\t"
      "subi r24, 10\n\t"
      "inc r14\n"  // (its bit 0 is clear)
      "2:\tdec r25\n\t"
      "brne 1b\n\t"
      "subi r24, -0x30\n\t"
      "push r24\n\t"
      "cp r14, __zero_reg__\n\t"
      "cpc r15, __zero_reg__\n\t"
      "cpc r12, __zero_reg__\n\t"
      "cpc r13, __zero_reg__\n\t"
      "breq 3f\n\t"
      "rcall .Lsl_jw_decimal\n"
      "3:\tpop r22\n\t"
      "rjmp .Lsl_jw_putc\n"
      ".Lsl_jw_repl:\n\t"
      "std Y+%[utf8], __zero_reg__\n\t"
      "ldi r24, 0xEF\n\t"
      "std Y+%[pending], r24\n\t"
      "ldi r24, 0xBF\n\t"
      "std Y+%[pending] + 1, r24\n\t"
      "ldi r24, 0xBD\n\t"
      "std Y+%[pending] + 2, r24\n\t"
      "ldi r22, 3\n\t"
      "rjmp .Lsl_jw_puth\n"
      ".Lsl_jw_putc:\n\t"
      "std Y+%[pending], r22\n\t"
      "ldi r22, 1\n"
      ".Lsl_jw_puth:\n\t"
      "mov r20, r22\n\t"
      "ldi r21, 0\n\t"
      "movw r22, r28\n\t"
      "subi r22, lo8(-(%[pending]))\n\t"
      "sbci r23, hi8(-(%[pending]))\n"
      // sink_->write(p, n); fewer than n: SinkFailed. (write() is the first
      // entry of the vtable: Sink's only virtual function, as the C++ calls it.)
      ".Lsl_jw_write:\n\t"
      "ldd r26, Y+%[sink]\n\t"
      "ldd r27, Y+%[sink]+1\n\t"
      "movw r24, r26\n\t"
      "ld r30, X+\n\t"
      "ld r31, X\n\t"
      "ld r0, Z+\n\t"
      "ld r31, Z\n\t"
      "mov r30, r0\n\t"
      "push r20\n\t"
      "push r21\n\t"
      "icall\n\t"
      "pop r19\n\t"
      "pop r18\n\t"
      "cp r24, r18\n\t"
      "cpc r25, r19\n\t"
      "breq 1f\n\t"
      "ldi r24, %[sinkFailed]\n\t"
      "std Y+%[err], r24\n"
      "1:\tret\n"
      // key(const char*), which no other entry runs into: in a section of its
      // own, which --gc-sections drops from a program that does not call it
      ".pushsection .text.sl_JsonWriter_key, \"ax\", @progbits\n"
      ".global sl_JsonWriter_key\n"
      "sl_JsonWriter_key:\n\t"
      "movw r20, r22\n\t"
      "ldi r22, %[keyText]\n\t"
      "%~jmp sl_JsonWriter_text\n"
      ".type sl_JsonWriter_key, @function\n"
      ".size sl_JsonWriter_key, . - sl_JsonWriter_key\n"
      ".popsection" ::[sink] "i"(offsetof(JsonWriter, sink_)), [err] "i"(offsetof(JsonWriter, error_)),
      [flags] "i"(offsetof(JsonWriter, flags_)), [depth] "i"(offsetof(JsonWriter, depth_)),
      [utf8] "i"(offsetof(JsonWriter, utf8_)), [pending] "i"(offsetof(JsonWriter, pending_)),
      [kinds_] "i"(offsetof(JsonWriter, kinds_)), [kindsSize] "i"(sizeof(Kinds)),
      [objectInfo] "i"(kValue | kOpens | 4), [keyText] "i"(kOpKey | kOpText | kOpEscape | kOpQuote),
      [stringN] "i"(kOpString | kOpEscape | kOpQuote),
      [keyFlash] "i"(kOpKey | kOpText | kOpEscape | kOpQuote | kOpFlash),
      [stringFlash] "i"(kOpString | kOpText | kOpEscape | kOpQuote | kOpFlash),
      [stringText] "i"(kOpString | kOpText | kOpEscape | kOpQuote), [literal] "i"(kOpCopy | kOpFlash | kOpText),
      [literals] "i"(kLiterals), [integer] "i"(kOpInteger), [negative] "i"(kOpNegative), [object] "i"(kOpObject),
      [closeObject] "i"(kOpCloseObject), [array] "i"(kOpArray), [closeArray] "i"(kOpCloseArray),
      [maxDepth] "i"(SL_JSON_WRITER_MAX_DEPTH), [tooDeep] "i"(JsonWriteError::TooDeep),
      [sinkFailed] "i"(JsonWriteError::SinkFailed), [bad] "i"(detail::kUtf8Bad), [kinds] "i"(kKinds),
      [trans] "i"(kTransitions), [shortEsc] "i"(kShortEscapes), [step] "i"(&detail::utf8Step)
      // what a C function may change (the callers in this file are compiled
      // knowing what each callee clobbers)
      : "r0", "r18", "r19", "r20", "r21", "r22", "r23", "r24", "r25", "r26", "r27", "r30", "r31", "memory");
}

#else
// After a failure the rest of the current call is still offered (the output
// is unusable either way); later calls write nothing.
void JsonWriter::put(const uint8_t* p, size_t n) {
  if (sink_->write(p, n) != n) error_ = JsonWriteError::SinkFailed;  // replaces a misuse error
}

// The byte goes through pending_ (no stack frame): nothing is held there
// whenever a single byte is written (a held UTF-8 sequence is complete, or
// flushed as U+FFFD, before any other byte is written).
void JsonWriter::put(uint8_t b) {
  pending_[0] = b;
  putHeld(1);
}

JsonWriter& JsonWriter::emit(uint8_t op, const char* p, size_t n) {
  if (error_) return *this;
  const uint8_t* k = kKinds[op & 15];
  const uint8_t info = SL_FLASH_READ(k);
  const uint8_t open = SL_FLASH_READ(k + 1);
  const uint8_t rule = SL_FLASH_READ(&kTransitions[0][0] + (info & 0x38) + (flags_ & kState));
  uint8_t depth = depth_;
  uint8_t err = rule & 15;
  if (!err && (info & kOpens) && depth >= SL_JSON_WRITER_MAX_DEPTH) err = JsonWriteError::TooDeep;
  if (err) {
    error_ = err;
    return *this;
  }

  // The new state first, then the bytes: separator, opening byte, body
  // (escaped for strings), closing quote.
  uint8_t next = info & kState;
  Kinds kinds = kinds_;  // (one load and one store for both changes)
  if (info & kOpens) {
    kinds = static_cast<Kinds>(kinds << 1);
    if (!(next & 4)) kinds |= 1;  // 3: an array (4: an object)
    ++depth;
  }
  if (info & kCloseObjectClass) {  // or kCloseArrayClass (only these two classes have 0x10)
    --depth;
    kinds >>= 1;
  }
  kinds_ = kinds;
  depth_ = depth;
  if (next == kAfterValue) {
    next = static_cast<uint8_t>(6 | (kinds & 1));  // 7 in an array
    if (!depth) next = 2;
  }
  flags_ = static_cast<uint8_t>((flags_ & ~kState) | next);
  if (rule & (kComma | kColon)) put(rule & kColon ? ':' : ',');  // a value after its key, or a next member/element
  if (open) put(open);
  if (info & kDigits) {
    const uint16_t h[2] = {static_cast<uint16_t>(reinterpret_cast<uintptr_t>(p)), static_cast<uint16_t>(n)};
    uint32_t m;
    memcpy(&m, h, sizeof m);  // as digits() split it
    decimal(m);
  } else if (op == kOpCopy) {
    put(reinterpret_cast<const uint8_t*>(p), n);  // raw() from RAM, a number's text: one sink call
  } else {
    bytes(p, n, op);
  }
  if (op & kOpQuote) {
    flushUtf8();
    put('"');
  }
  return *this;
}

// Writes p[0..n) byte by byte: verbatim, or as string content (kOpEscape);
// from flash with kOpFlash. Inlined into its only caller, emit().
inline __attribute__((always_inline)) void JsonWriter::bytes(const char* p, size_t n, uint8_t& op) {
  if (!p) return;  // a null text is empty
  for (; n; --n, ++p) {
    SL_OPAQUE(op);  // tested bit by bit, not cached in callee-saved registers
    uint8_t b = byteAt(p, op);
    if (!b && (op & kOpText)) return;
    if (op & kOpEscape) {
      textByte(b);
    } else {
      put(b);
    }
  }
}

// The decimal digits of m, most significant first: the last digit by long
// division (one bit at a time, no libgcc helper), the others recursively
// (at most 9 levels).
void JsonWriter::decimal(uint32_t m) {
  uint8_t r = 0;
  for (uint8_t i = 32; i; --i) {  // m = m / 10, r = m % 10
    r = static_cast<uint8_t>(r * 2);
    if (m & 0x80000000UL) ++r;
    m <<= 1;
    if (r >= 10) {
      r = static_cast<uint8_t>(r - 10);
      m |= 1;
    }
  }
  if (m) decimal(m);
  put(static_cast<uint8_t>('0' + r));
}

// One byte of string content: UTF-8 validation (maximal-subpart replacement)
// and RFC 8259 escaping (an escape takes two or three sink calls). Inlined
// into its only caller, bytes() (smaller on AVR).
inline __attribute__((always_inline)) void JsonWriter::textByte(uint8_t b) {
again:
  if (utf8_ || b >= 0x80) {
    // (utf8_ read again after the call rather than kept in a register:
    // emit() then needs no more callee-saved registers than before)
    const uint8_t s = detail::utf8Step(utf8_, b);
#if defined(__GNUC__)
    __asm__ volatile("" ::: "memory");  // (utf8_ loaded again below, not kept in a saved register)
#endif
    if (s == detail::kUtf8Bad) {
      // U+FFFD for an invalid lead byte, or for a cut sequence (then b
      // starts afresh)
      if (utf8_) {
        replacement();
        goto again;
      }
      replacement();
      return;
    }
    uint8_t have = 0;  // bytes held
    if (utf8_) have = pending_[3];
    pending_[have++] = b;
    utf8_ = s;
    if (s) {
      pending_[3] = have;  // (at most 3 held: pending_[3] is free)
      return;
    }
    putHeld(have);  // it was the last one expected
    return;
  }
  if (b < 0x20 || b == '"' || b == '\\') {
    put('\\');
    if (b < 0x20) {
      uint8_t c = (b >= 8 && b <= 13) ? SL_FLASH_READ(kShortEscapes + (b - 8)) : 0;
      if (!c) c = unicodeEscape(b);
      b = c;
    }
  }
  put(b);
}

inline __attribute__((always_inline)) void JsonWriter::flushUtf8() {
  if (utf8_) replacement();
}

// "u00X" of \u00XX for b < 0x20 through pending_ (nothing is held there:
// the byte is ASCII); returns the last hex digit.
inline __attribute__((always_inline)) uint8_t JsonWriter::unicodeEscape(uint8_t b) {
  pending_[0] = 'u';
  pending_[1] = '0';
  pending_[2] = '0';
  pending_[3] = (b & 0x10) ? '1' : '0';
  putHeld(4);
  b &= 15;
  return static_cast<uint8_t>(b < 10 ? '0' + b : 'a' - 10 + b);
}

void JsonWriter::putHeld(uint8_t n) { put(pending_, n); }

// Through pending_: nothing is held there any more.
void JsonWriter::replacement() {
  utf8_ = 0;
  pending_[0] = 0xEF;
  pending_[1] = 0xBF;
  pending_[2] = 0xBD;
  putHeld(3);
}
// A NUL-terminated text in RAM, or in flash with kOpFlash (op has kOpText,
// and kOpEscape for string content).
JsonWriter& JsonWriter::text(uint8_t op, const char* s) { return emit(op, s, static_cast<size_t>(-1)); }

// No bytes: a null text is empty.
JsonWriter& JsonWriter::op(uint8_t op) { return text(op, 0); }
#endif  // SL_JSON_WRITER_ASM

#if !SL_JSON_WRITER_ASM  // (entries of the assembly on AVR)
JsonWriter& JsonWriter::beginObject() { return op(kOpObject); }
JsonWriter& JsonWriter::endObject() { return op(kOpCloseObject); }
JsonWriter& JsonWriter::beginArray() { return op(kOpArray); }
JsonWriter& JsonWriter::endArray() { return op(kOpCloseArray); }
JsonWriter& JsonWriter::key(const char* name) { return text(kOpKey | kOpText | kOpEscape | kOpQuote, name); }
JsonWriter& JsonWriter::string(const char* s, size_t length) {
  return s ? emit(kOpString | kOpEscape | kOpQuote, s, length) : null();
}
JsonWriter& JsonWriter::boolean(bool v) { return text(kOpCopy | kOpFlash | kOpText, kLiterals + 6 * static_cast<uint8_t>(v)); }
JsonWriter& JsonWriter::null() { return text(kOpCopy | kOpFlash | kOpText, kLiterals + 11); }
#endif

JsonWriter& JsonWriter::key(const char* name, size_t length) {
  return emit(kOpKey | kOpEscape | kOpQuote, name, name ? length : 0);
}
#if !SL_JSON_WRITER_ASM  // (entries of the assembly on AVR)
JsonWriter& JsonWriter::key(FlashString name) { return text(kOpKey | kOpText | kOpEscape | kOpQuote | kOpFlash, name.ptr()); }

JsonWriter& JsonWriter::string(const char* s) { return s ? text(kOpString | kOpText | kOpEscape | kOpQuote, s) : null(); }
JsonWriter& JsonWriter::string(FlashString s) {
  return s.ptr() ? text(kOpString | kOpText | kOpEscape | kOpQuote | kOpFlash, s.ptr()) : null();
}
#endif

JsonWriter& JsonWriter::stringBegin() { return op(kOpStringBegin); }
JsonWriter& JsonWriter::stringPart(const char* s, size_t length) { return emit(kOpPart | kOpEscape, s, s ? length : 0); }
JsonWriter& JsonWriter::stringPart(const char* s) { return text(kOpPart | kOpText | kOpEscape, s); }
JsonWriter& JsonWriter::stringPart(FlashString s) { return text(kOpPart | kOpText | kOpEscape | kOpFlash, s.ptr()); }
JsonWriter& JsonWriter::stringEnd() { return op(kOpStringEnd | kOpQuote); }

// Empty raw text is refused here (EmptyRaw, unless an error came first), so
// emit() never checks for it.
JsonWriter& JsonWriter::rawText(uint8_t op, const char* p, size_t n) {
  if (n) return emit(op, p, n);
  if (!error_) error_ = JsonWriteError::EmptyRaw;
  return *this;
}
JsonWriter& JsonWriter::raw(const char* json, size_t length) { return rawText(kOpCopy, json, json ? length : 0); }
JsonWriter& JsonWriter::raw(const char* json) { return rawText(kOpCopy, json, json ? strlen(json) : 0); }
JsonWriter& JsonWriter::raw(FlashString json) { return rawText(kOpCopy | kOpFlash, json.ptr(), json.length()); }

// An integer through emit(): the separator and sign, then the digits of m,
// which p and n carry (low and high 16 bits) for kOpInteger/kOpNegative.
inline __attribute__((always_inline)) JsonWriter& JsonWriter::digits(uint8_t kind, uint32_t m) {
  uint16_t h[2];
  memcpy(h, &m, sizeof m);
  return emit(kind, reinterpret_cast<const char*>(static_cast<uintptr_t>(h[0])), h[1]);
}

#if !SL_JSON_WRITER_ASM  // (an entry of the assembly on AVR)
JsonWriter& JsonWriter::integer(long v) {
  uint32_t m = static_cast<uint32_t>(v);
  uint8_t kind = kOpInteger;
  if (v < 0) {
    m = 0UL - m;
    kind = kOpNegative;
  }
  return digits(kind, m);
}
#endif
JsonWriter& JsonWriter::integer(unsigned long v) { return digits(kOpInteger, v); }

#if SL_USE_INT64
// 64-bit magnitudes by long division by 10 over their bytes (8-bit arithmetic
// only: no 64-bit division or shifts, no libgcc helpers on AVR), the digits
// from the last into a buffer, then the text (sign included) through emit()
// in one write, as a float's.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "JsonWriter::writeInteger64 assumes a little-endian target"
#endif
JsonWriter& JsonWriter::writeInteger64(unsigned long long v, bool isSigned) {
  uint8_t* b = reinterpret_cast<uint8_t*>(&v);  // least significant byte first
  char text[21];                                 // "-" and 19 digits, or 20 digits
  char* o = text + sizeof text;
  const bool negative = isSigned && (b[7] & 0x80);
  if (negative) {  // two's complement negation
    uint8_t c = 1;
    for (uint8_t i = 0; i < 8; ++i) {
      b[i] = static_cast<uint8_t>(~b[i] + c);
      c = static_cast<uint8_t>(c & (b[i] == 0));
    }
  }
  uint8_t left;
  do {
    uint8_t r = 0;  // b = b / 10, r = b % 10
    left = 0;
    for (uint8_t i = 8; i;) {
      uint8_t x = b[--i], q = 0;
      for (uint8_t k = 8; k; --k) {
        r = static_cast<uint8_t>(r * 2);
        if (x & 0x80) ++r;
        x = static_cast<uint8_t>(x << 1);
        q = static_cast<uint8_t>(q << 1);
        if (r >= 10) {
          r = static_cast<uint8_t>(r - 10);
          q |= 1;
        }
      }
      b[i] = q;
      left |= q;
    }
    *--o = static_cast<char>('0' + r);
  } while (left);
  if (negative) *--o = '-';
  return emit(kOpCopy, o, static_cast<size_t>(text + sizeof text - o));
}
JsonWriter& JsonWriter::integer(long long v) { return writeInteger64(static_cast<unsigned long long>(v), true); }
JsonWriter& JsonWriter::integer(unsigned long long v) { return writeInteger64(v, false); }
#endif

// Layout of JavaScript's Number#toString: plain for 1e-7 < |v| < 1e21.
template <typename Real>
JsonWriter& JsonWriter::writeReal(Real v) {
  detail::Decimal d;
  if (detail::toDecimal(v, d) == detail::Decimal::kNotFinite) {
    null();
    if (!error_) flags_ |= kNonFinite;
    return *this;
  }
#if SL_DOUBLE_IS_FLOAT
  typedef int8_t Pos;  // |decimal exponent| < 50
#else
  typedef int16_t Pos;
#endif
  uint8_t buf[28];
  uint8_t* o = buf;
  if (d.negative) *o++ = '-';
  const Pos count = static_cast<Pos>(d.count);
  Pos point = static_cast<Pos>(count + d.exponent);  // digits before the decimal point
  Pos x = static_cast<Pos>(point - 1);                // exponent in scientific form
  const bool sci = point > 21 || point < -5;
  if (sci) point = 1;
  // Digit j of the number (j < 0 or >= count: a zero), the point before j == point.
  const Pos end = count > point ? count : point;
  for (Pos j = static_cast<Pos>(point > 0 ? 0 : point - 1); j < end; ++j) {
    if (j == point) *o++ = '.';
    uint8_t ch = '0';
    if (j >= 0 && j < count) ch = static_cast<uint8_t>(d.digits[j]);
    *o++ = ch;
  }
  if (sci) {
    *o++ = 'e';
    uint8_t sign = '+';
    if (x < 0) {
      sign = '-';
      x = static_cast<Pos>(-x);
    }
    *o++ = sign;
    uint8_t h = 0, t = 0;
#if !SL_DOUBLE_IS_FLOAT
    for (; x >= 100; x = static_cast<Pos>(x - 100)) ++h;
    if (h) *o++ = static_cast<uint8_t>('0' + h);
#endif
    for (; x >= 10; x = static_cast<Pos>(x - 10)) ++t;
    if (h || t) *o++ = static_cast<uint8_t>('0' + t);
    *o++ = static_cast<uint8_t>('0' + x);
  }
  return emit(kOpCopy, reinterpret_cast<const char*>(buf), static_cast<size_t>(o - buf));
}

JsonWriter& JsonWriter::number(float v) { return writeReal(v); }
#if SL_DOUBLE_IS_FLOAT
JsonWriter& JsonWriter::number(double v) { return writeReal(static_cast<float>(v)); }
#else
JsonWriter& JsonWriter::number(double v) { return writeReal(v); }
#endif

// Completes the document through emit() with the error set aside, so the
// closing bytes follow the same rules as everything else.
JsonWriteError JsonWriter::finish() {
  uint8_t late = error_;  // the first error stays the one reported
  if (late == JsonWriteError::SinkFailed) return error();
  error_ = JsonWriteError::Ok;
  for (;;) {
    const uint8_t state = flags_ & kState;
    if (error_ || state == 2) break;  // an error, or the root value complete
    // What finish() has to write first says what was wrong (a piecewise
    // string or a key is only ever open when finish() starts).
    const uint8_t t = SL_FLASH_READ(kFinish + state);
    if (!late) late = t >> 4;
    uint8_t o = t & 15;
    if (!o) {
      null();
      continue;
    }
    if (o == kOpStringEnd) o |= kOpQuote;
    op(o);
  }
  if (!error_) error_ = late;
  return error();
}

}  // namespace sl
