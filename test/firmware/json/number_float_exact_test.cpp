// sl-board-test: flags -DSL_JSON_FLOAT_EXACT=1
// sl-board-test: boards mega
// number_test.cpp's float cases with SL_JSON_FLOAT_EXACT=1: on AVR (double =
// float) toDouble is then correctly rounded, so they must hold with 0 ulp
// (float ties, texts just above and below them, round trips of the writer's
// digits). Boards only: on the host double is binary64 (number_test.cpp).
#include "number_test.cpp"
