// sl::EspAtTransport (the ESP-AT serial modem link) against a scripted modem
// line: exact bytes out, scripted bytes in, every scenario replayed with the
// modem's output cut at every byte boundary. Small buffers so chunking shows.
import { defineSlTestSuite } from '../helpers/cpp';

const SMALL = ['-DSL_ESPAT_RX_BUFFER=16', '-DSL_ESPAT_TX_BUFFER=16', '-DSL_ESPAT_RECV_CHUNK=8'];
const SOURCES = [
  'test/firmware/modem/esp_at_transport_test.cpp',
  'firmware/src/transport/EspAtTransport.cpp',
  'test/firmware/support/host_main.cpp',
];

defineSlTestSuite('firmware EspAtTransport scripted (host g++)', { name: 'espat_gxx', sources: SOURCES, flags: SMALL });
defineSlTestSuite('firmware EspAtTransport scripted (host clang++ ASan/UBSan)', {
  name: 'espat_clang',
  compiler: 'clang++',
  sources: SOURCES,
  flags: [...SMALL, '-fsanitize=address,undefined', '-fno-sanitize-recover=all'],
});
