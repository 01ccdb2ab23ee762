#define SL_LIBRARY_SOURCE  // (the library's own file: no options check, see config/Config.h)
#include "JsonParser.h"

#include <stddef.h>

// JsonParser::setKeyFilter() of the compact parser's assembly build
// (SL_JSON_PARSER_ASM), with the filter's code: feedChunk() calls
// sl_JsonParser_keyFilter through a weak reference, so a program that never
// sets a filter links neither (this object is not taken from the library,
// or the link-time optimizer drops this function and its assembly with it).
#if SL_JSON_PARSER_ASM

namespace sl {

void JsonParser::setKeyFilter(const uint8_t* bytes, uint8_t n, uint8_t depth) const {
  filter_ = bytes;
  filterLen_ = n;
  filterDepth_ = depth;
  static_assert(offsetof(detail::JsonParserFields, filter_) + 1 < 64 &&
                    offsetof(detail::JsonParserFields, filterLen_) < 64 &&
                    offsetof(detail::JsonParserFields, filterDepth_) < 64 &&
                    offsetof(detail::JsonParserFields, skip_) < 64 && offsetof(detail::JsonParserFields, depth_) < 64,
                "the filter reaches the fields with ldd/std from Y");
  // The filter, called by feedChunk() for a key delivered whole (Y: the
  // parser, r20:21 the key's bytes, r18:19 their count): filterDepth_ ==
  // depth_ && n && !skip_ and the key's first byte none of
  // filter_[0..filterLen_): skip_ = depth_ + 1 (the key and its value give
  // no event) and T set; else T clear. Keeps r18..r22 and Y; clobbers
  // r23..r27, r30, r31.
  __asm__ volatile(
      ".pushsection .text.sl_JsonParser_keyFilter, \"ax\", @progbits\n"
      ".global sl_JsonParser_keyFilter\n"
      "sl_JsonParser_keyFilter:\n\t"
      "clt\n\t"
      "ldd  r24, Y+%[filterDepth]\n\t"
      "ldd  r25, Y+%[depth]\n\t"
      "cp   r24, r25\n\t"
      "brne 2f\n\t"
      "cp   r18, __zero_reg__\n\t"
      "cpc  r19, __zero_reg__\n\t"
      "breq 2f\n\t"
      "ldd  r24, Y+%[skip]\n\t"
      "tst  r24\n\t"
      "brne 2f\n\t"
      "ldd  r30, Y+%[filter]\n\t"
      "ldd  r31, Y+%[filter]+1\n\t"
      "ldd  r24, Y+%[filterLen]\n\t"
      "movw r26, r20\n\t"
      "ld   r23, X\n"
      "1:\tsubi r24, 1\n\t"
      "brcs 3f\n\t"
      "ld   r26, Z+\n\t"
      "cp   r26, r23\n\t"
      "brne 1b\n"
      "2:\tret\n"
      "3:\tinc r25\n\t"
      "std  Y+%[skip], r25\n\t"
      "set\n\t"
      "ret\n"
      ".popsection\n"
      :
      : [filterDepth] "i"(offsetof(detail::JsonParserFields, filterDepth_)),
        [depth] "i"(offsetof(detail::JsonParserFields, depth_)), [skip] "i"(offsetof(detail::JsonParserFields, skip_)),
        [filter] "i"(offsetof(detail::JsonParserFields, filter_)),
        [filterLen] "i"(offsetof(detail::JsonParserFields, filterLen_)));
}

}  // namespace sl

#endif  // SL_JSON_PARSER_ASM
