import { defineSlTestSuite } from '../helpers/cpp';

for (const compiler of ['g++', 'clang++']) {
  defineSlTestSuite(`firmware crypto + utf8 (host ${compiler})`, {
    name: `ws_crypto_${compiler}`,
    compiler,
    sources: ['test/firmware/ws/crypto_test.cpp', 'test/firmware/support/host_main.cpp'],
  });
  defineSlTestSuite(`firmware ws frames (host ${compiler})`, {
    name: `ws_frames_${compiler}`,
    compiler,
    sources: ['test/firmware/ws/frame_test.cpp', 'test/firmware/support/host_main.cpp'],
  });
  defineSlTestSuite(`firmware ws client on scripted transports (host ${compiler})`, {
    name: `ws_client_${compiler}`,
    compiler,
    sources: ['test/firmware/ws/client_test.cpp', 'test/firmware/support/host_main.cpp'],
  });
}
