// sl::InboundEventReader's key and value names, exhaustively
// (test/firmware/client/inbound_keys_test.cpp): the default parser (keys
// whole in its key buffer), an 8-byte parser key buffer (the reader gathers
// key pieces itself) and the compact parser (SL_JSON_PARSER_SMALL=1, AVR's
// default), under ASan/UBSan with clang.
import { defineSlTestSuite } from '../helpers/cpp';

const SOURCES = [
  'test/firmware/client/inbound_keys_test.cpp',
  'test/firmware/support/host_main.cpp',
  'firmware/src/client/InboundEventReader.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
];

defineSlTestSuite('inbound event reader names (host g++)', { name: 'inbound_keys_g++', compiler: 'g++', sources: SOURCES });
defineSlTestSuite('inbound event reader names (host clang++, ASan+UBSan)', {
  name: 'inbound_keys_clang_asan',
  compiler: 'clang++',
  sources: SOURCES,
  flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
defineSlTestSuite('inbound event reader names (host g++, 8-byte parser key buffer)', {
  name: 'inbound_keys_g++_keybuf8',
  compiler: 'g++',
  sources: SOURCES,
  flags: ['-DSL_JSON_KEY_BUFFER=8'],
});
defineSlTestSuite('inbound event reader names (host g++, SL_JSON_PARSER_SMALL=1)', {
  name: 'inbound_keys_g++_small',
  compiler: 'g++',
  sources: SOURCES,
  flags: ['-DSL_JSON_PARSER_SMALL=1'],
});
