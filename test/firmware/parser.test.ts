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

const pathSources = [
  'test/firmware/json/parser_path_test.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonPathMatcher.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
  'test/firmware/support/host_main.cpp',
];
defineSlTestSuite('json path matcher (host g++)', { name: 'json_path', sources: pathSources });
defineSlTestSuite('json path matcher (host clang++, ASan+UBSan)', {
  name: 'json_path_clang',
  sources: pathSources,
  compiler: 'clang++',
  flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
