import { defineSlTestSuite } from '../helpers/cpp';

for (const compiler of ['g++', 'clang++']) {
  defineSlTestSuite(`firmware http response parser (host ${compiler})`, {
    name: `http_parser_${compiler}`,
    compiler,
    sources: ['test/firmware/http/http_parser_test.cpp', 'test/firmware/support/host_main.cpp'],
  });
  defineSlTestSuite(`firmware http request writer (host ${compiler})`, {
    name: `http_writer_${compiler}`,
    compiler,
    sources: ['test/firmware/http/http_writer_test.cpp', 'test/firmware/support/host_main.cpp'],
  });
}
