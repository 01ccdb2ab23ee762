// WsClient cases, part 2 on the boards (what the client sends, failing
// writes): the cases are those of client_test.cpp, which one program for the
// Uno's 32 KB of flash cannot hold all of (see there). On the host,
// client_test.cpp builds every case; this file is for the boards only.
#define SL_WS_CLIENT_TEST_PART 2
#include "client_test.cpp"
