// sl::JsonValueCapture::number() on numbers whose text was cut (by the
// capture's buffer or by the parser's SL_JSON_NUMBER_MAX copy): a right value
// or JsonNumber::Truncated, never a wrong value with Ok. Host g++, and clang
// under ASan/UBSan with the AVR number buffer (24).
import { defineSlTestSuite } from '../helpers/cpp';

const sources = [
  'test/firmware/json/value_capture_number_test.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
  'test/firmware/support/host_main.cpp',
];

defineSlTestSuite('JsonValueCapture::number() of cut numbers (host g++)', { name: 'json_capture_number', sources });
defineSlTestSuite('JsonValueCapture::number() of cut numbers (host clang, ASan + UBSan, SL_JSON_NUMBER_MAX=24)', {
  name: 'json_capture_number_asan',
  sources,
  compiler: 'clang++',
  flags: ['-DSL_JSON_NUMBER_MAX=24', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
