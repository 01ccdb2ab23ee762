import { defineSlTestSuite } from '../helpers/cpp';

const sources = [
  'test/firmware/json/parser_test.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'test/firmware/support/host_main.cpp',
];

defineSlTestSuite('json parser (host g++)', { name: 'json_parser', sources });
defineSlTestSuite('json parser (host clang++, ASan+UBSan)', {
  name: 'json_parser_clang',
  sources,
  compiler: 'clang++',
  flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
