// sl::JsonParser cases, part 2 (numbers, keys, random documents, sources):
// the cases are those of parser_test.cpp, which one program for the Uno's
// 32 KB of flash cannot hold all of (see there). The host links this file
// with parser_test.cpp's part 1 (parser.test.ts); the boards build it alone.
#undef SL_JSON_PARSER_TEST_PART
#define SL_JSON_PARSER_TEST_PART 2
#include "parser_test.cpp"
