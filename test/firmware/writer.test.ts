import { defineSlTestSuite } from '../helpers/cpp';

const WRITER_SOURCES = ['firmware/src/json/JsonWriter.cpp', 'firmware/src/json/detail/FloatToDecimal.cpp'];

defineSlTestSuite('firmware JsonWriter (host g++)', {
  name: 'json_writer',
  sources: ['test/firmware/json/writer_test.cpp', 'test/firmware/support/host_main.cpp', ...WRITER_SOURCES],
});
