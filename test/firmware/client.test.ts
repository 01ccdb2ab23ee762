// sl::Client: host unit tests on a fake cloud + fake clock (g++ and clang++,
// the clang build under ASan/UBSan).
import { CLIENT_LIBRARY_SOURCES, defineSlTestSuite } from '../helpers/cpp';

const SOURCES = [
  'test/firmware/client/client_test.cpp',
  'test/firmware/support/host_main.cpp',
  ...CLIENT_LIBRARY_SOURCES,
];

defineSlTestSuite('client on a fake cloud and clock (host g++)', { name: 'client_g++', compiler: 'g++', sources: SOURCES });
defineSlTestSuite('client on a fake cloud and clock (host clang++, ASan+UBSan)', {
  name: 'client_clang_asan',
  compiler: 'clang++',
  sources: SOURCES,
  flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
// A parser key buffer shorter than the reader's longest key (17 bytes):
// the reader then gathers key pieces itself (SL_CLIENT_READER_KEY_BUFFER).
defineSlTestSuite('client on a fake cloud and clock (host g++, 8-byte parser key buffer)', {
  name: 'client_g++_keybuf8',
  compiler: 'g++',
  sources: SOURCES,
  flags: ['-DSL_JSON_KEY_BUFFER=8'],
});
// No outbox of its own (-DSL_CLIENT_OUTBOX_BYTES=0): every scenario runs with
// the Rig's caller-owned outbox (sl::Client(box, size)), under ASan/UBSan.
defineSlTestSuite('client on a fake cloud and clock (host clang++, SL_CLIENT_OUTBOX_BYTES=0: caller-owned outbox, ASan+UBSan)', {
  name: 'client_clang_asan_nobox',
  compiler: 'clang++',
  sources: SOURCES,
  flags: ['-DSL_CLIENT_OUTBOX_BYTES=0', '-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
// The compact parser (SL_JSON_PARSER_SMALL=1, AVR's default): inbound pieces
// go to the event parser as they come (no held byte), and replies are routed
// on that path too.
defineSlTestSuite('client on a fake cloud and clock (host g++, SL_JSON_PARSER_SMALL=1)', {
  name: 'client_g++_small',
  compiler: 'g++',
  sources: SOURCES,
  flags: ['-DSL_JSON_PARSER_SMALL=1'],
});

// The event reader's string capture cut at UTF-8 boundaries (also run on the
// simulated Uno and Mega by boards.test.ts, where its copy is assembly).
const CAPTURE_SOURCES = [
  'test/firmware/client/capture_cut_test.cpp',
  'test/firmware/support/host_main.cpp',
  'firmware/src/json/JsonParser.cpp',
  'firmware/src/json/JsonNumber.cpp',
  'firmware/src/json/JsonParseError.cpp',
  'firmware/src/json/JsonValueCapture.cpp',
];
defineSlTestSuite('client string capture cuts (host clang++, ASan+UBSan)', {
  name: 'client_capture_clang_asan',
  compiler: 'clang++',
  sources: CAPTURE_SOURCES,
  flags: ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
defineSlTestSuite('client string capture cuts (host g++, SL_JSON_PARSER_SMALL=1)', {
  name: 'client_capture_small',
  compiler: 'g++',
  sources: CAPTURE_SOURCES,
  flags: ['-DSL_JSON_PARSER_SMALL=1'],
});
