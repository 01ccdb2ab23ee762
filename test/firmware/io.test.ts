import { defineSlTestSuite } from '../helpers/cpp';

defineSlTestSuite('firmware io (host g++)', {
  name: 'io_sink',
  sources: ['test/firmware/io/sink_test.cpp', 'test/firmware/support/host_main.cpp'],
});

defineSlTestSuite('SlTest flash string checks (host g++)', {
  name: 'sltest_self',
  sources: ['test/firmware/support/sltest_test.cpp', 'test/firmware/support/host_main.cpp'],
});
