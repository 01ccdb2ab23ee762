import { defineSlTestSuite } from '../helpers/cpp';

defineSlTestSuite('firmware io (host g++)', {
  name: 'io_sink',
  sources: ['test/firmware/io/sink_test.cpp', 'test/firmware/support/host_main.cpp'],
});
