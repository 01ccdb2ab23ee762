// sl::Provisioner unit cases, part 5 of 8 on the boards: the cases are those
// of flow_test.cpp marked SL_FLOW_PART(5) (one program for the Uno's 32 KB of
// flash cannot hold them all; see there). On the host, flow_test.cpp builds
// every case; this file is for the boards only.
#define SL_FLOW_TEST_PART 5
#include "flow_test.cpp"
