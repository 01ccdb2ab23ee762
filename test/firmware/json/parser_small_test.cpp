// sl-board-test: flags -DSL_JSON_PARSER_SMALL=1
// sl-board-test: boards mega
// The parser tests (parser_test.cpp) against the compact implementation on an
// 8-bit AVR: SL_JSON_PARSER_SMALL=1 is the Uno's default, and its AVR build
// has options of its own (JsonParser.cpp's #pragma). The Uno runs them with
// that default in two programs (parser_test.cpp part 1 and
// parser_test_part2_test.cpp); here every case in one program on the Mega.
// The host runs them in test/firmware/parser.test.ts.
#include "parser_test.cpp"
