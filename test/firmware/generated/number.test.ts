// sl::ComponentNumber (number fields of the generated builders) on the host.
import { defineSlTestSuite } from '../../helpers/cpp';

const sources = [
  'test/firmware/generated/number_test.cpp',
  'test/firmware/support/host_main.cpp',
  'firmware/src/json/JsonWriter.cpp',
  'firmware/src/json/detail/FloatToDecimal.cpp',
];

defineSlTestSuite('generated number fields (host g++)', { name: 'generated_number', sources });
defineSlTestSuite('generated number fields (host clang++)', { name: 'generated_number_clang', sources, compiler: 'clang++' });
