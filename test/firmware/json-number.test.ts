// sl::JsonNumber::toDouble (correctly rounded on IEEE double) on the host,
// with g++ and with clang under ASan/UBSan. The same file runs on the
// simulated boards in test/firmware/boards.test.ts (float path on AVR).
import { defineSlTestSuite } from '../helpers/cpp';

const sources = [
  'test/firmware/json/number_test.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
  'test/firmware/support/host_main.cpp',
];

defineSlTestSuite('JsonNumber (host g++ -O2)', { name: 'json_number', sources, flags: ['-O2'] });

defineSlTestSuite('JsonNumber (host clang, ASan + UBSan)', {
  name: 'json_number_asan',
  sources,
  compiler: 'clang++',
  flags: ['-O1', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
