import { defineSlTestSuite } from '../helpers/cpp';

defineSlTestSuite('firmware io (host g++)', {
  name: 'io_sink',
  sources: ['test/firmware/io/sink_test.cpp', 'test/firmware/io/decimal_text_test.cpp', 'test/firmware/support/host_main.cpp'],
});

defineSlTestSuite('error names through the shared lookup (host g++)', {
  name: 'io_error_names',
  sources: [
    'test/firmware/io/error_names_test.cpp',
    'firmware/src/json/JsonParseError.cpp',
    'firmware/src/json/JsonWriter.cpp',
    'firmware/src/json/detail/FloatToDecimal.cpp',
    'firmware/src/provisioning/KeyStoreError.cpp',
    'firmware/src/provisioning/ProvisionerError.cpp',
    'firmware/src/provisioning/QrError.cpp',
    'test/firmware/support/host_main.cpp',
  ],
});

defineSlTestSuite('SlTest flash string checks (host g++)', {
  name: 'sltest_self',
  sources: ['test/firmware/support/sltest_test.cpp', 'test/firmware/support/host_main.cpp'],
});

defineSlTestSuite('objects taking turns in one block of RAM: sl::buildInPlace (host g++)', {
  name: 'memory_in_place',
  sources: ['test/firmware/memory/in_place_test.cpp', 'test/firmware/support/host_main.cpp'],
});
