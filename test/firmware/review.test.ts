// Review of the RAM/flash squeezing of a71a65f..: host tests (g++, and
// clang++ under ASan+UBSan) that drive the squeezed code through its public
// APIs. Tests that show a bug are compiled only with -DSL_REVIEW_SHOW_BUGS=1
// (see the // BUG: comments in test/firmware/review/): the suite stays green.
import { CLIENT_LIBRARY_SOURCES, defineSlTestSuite } from '../helpers/cpp';

const SANITIZE = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'];
const SHOW = process.env.SL_REVIEW_SHOW_BUGS ? ['-DSL_REVIEW_SHOW_BUGS=1'] : [];

// ---- EspAtTransport: status lines matched in flash, ring arithmetic --------
const ESPAT = [
  'test/firmware/review/espat_review_test.cpp',
  'firmware/src/transport/EspAtTransport.cpp',
  'test/firmware/support/host_main.cpp',
];
const espat = (rx: number) => [`-DSL_ESPAT_RX_BUFFER=${rx}`, '-DSL_ESPAT_TX_BUFFER=16', '-DSL_ESPAT_RECV_CHUNK=8', '-I', 'test/firmware/modem', ...SHOW];
defineSlTestSuite('review: EspAtTransport line matcher, 16-byte ring (g++)', { name: 'review_espat16', sources: ESPAT, flags: espat(16) });
defineSlTestSuite('review: EspAtTransport line matcher, 32-byte ring as on the Uno (clang++ ASan/UBSan)', {
  name: 'review_espat32_asan',
  compiler: 'clang++',
  sources: ESPAT,
  flags: [...espat(32), ...SANITIZE],
});
defineSlTestSuite('review: EspAtTransport line matcher, 128-byte ring, the largest with 8-bit sums (clang++ ASan/UBSan)', {
  name: 'review_espat128_asan',
  compiler: 'clang++',
  sources: ESPAT,
  flags: [...espat(128), ...SANITIZE],
});

// ---- the client's own tests with the compact parser ---------------------------
// SL_CLIENT_HOLD_BYTE follows !SL_JSON_PARSER_SMALL: the Uno's build (no held
// byte) was not run on the host by client.test.ts.
const JSON_SOURCES = CLIENT_LIBRARY_SOURCES;
defineSlTestSuite('review: client tests with the compact parser, no held byte (clang++ ASan/UBSan)', {
  name: 'review_client_small_asan',
  compiler: 'clang++',
  sources: ['test/firmware/client/client_test.cpp', 'test/firmware/support/host_main.cpp', ...JSON_SOURCES],
  flags: ['-DSL_JSON_PARSER_SMALL=1', ...SANITIZE],
});
defineSlTestSuite('review: client tests with the compact parser and an 8-byte key buffer (g++)', {
  name: 'review_client_small_keybuf8',
  sources: ['test/firmware/client/client_test.cpp', 'test/firmware/support/host_main.cpp', ...JSON_SOURCES],
  flags: ['-DSL_JSON_PARSER_SMALL=1', '-DSL_JSON_KEY_BUFFER=8'],
});

// ---- generated builders: table walks, nested arrays, copies -------------------
const BUILDERS = [
  'test/firmware/review/builders_review_test.cpp',
  'firmware/src/json/JsonWriter.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
  'test/firmware/support/host_main.cpp',
];
defineSlTestSuite('review: generated builders (g++)', { name: 'review_builders', sources: BUILDERS, flags: SHOW });
defineSlTestSuite('review: generated builders (clang++ ASan/UBSan)', {
  name: 'review_builders_asan',
  compiler: 'clang++',
  sources: BUILDERS,
  flags: [...SHOW, ...SANITIZE],
});

// ---- client: one word for since_ / nextAttempt_, 6-bit backoff, reader slots, handlers ----
const CLIENT_REVIEW = ['test/firmware/review/client_review_test.cpp', 'test/firmware/support/host_main.cpp', ...JSON_SOURCES];
defineSlTestSuite('review: client and event reader (g++)', { name: 'review_client', sources: CLIENT_REVIEW, flags: SHOW });
defineSlTestSuite('review: client and event reader, compact parser (clang++ ASan/UBSan)', {
  name: 'review_client_asan_small',
  compiler: 'clang++',
  sources: CLIENT_REVIEW,
  flags: [...SHOW, '-DSL_JSON_PARSER_SMALL=1', ...SANITIZE],
});
defineSlTestSuite('review: client and event reader, 8-byte parser key buffer, AVR form value size (clang++ ASan/UBSan)', {
  name: 'review_client_asan_keybuf8',
  compiler: 'clang++',
  sources: CLIENT_REVIEW,
  flags: [...SHOW, '-DSL_JSON_KEY_BUFFER=8', '-DSL_CLIENT_FORM_VALUE_MAX=32', ...SANITIZE],
});

// ---- sl::Client without an outbox of its own (SL_CLIENT_OUTBOX_BYTES=0) --------
defineSlTestSuite('review: client with SL_CLIENT_OUTBOX_BYTES=0 (clang++ ASan/UBSan)', {
  name: 'review_client_nobox_asan',
  compiler: 'clang++',
  sources: ['test/firmware/review/client_nobox_review_test.cpp', 'test/firmware/support/host_main.cpp', ...JSON_SOURCES],
  flags: ['-DSL_CLIENT_OUTBOX_BYTES=0', ...SHOW, ...SANITIZE],
});
