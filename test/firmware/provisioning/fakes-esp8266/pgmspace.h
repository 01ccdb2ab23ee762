// Host stand-in for the ESP8266 core's <pgmspace.h> (firmware/src/config/Config.h
// includes it when ESP8266 is defined): flash reads are plain loads on the host.
#ifndef SL_TEST_FAKE_ESP8266_PGMSPACE_H
#define SL_TEST_FAKE_ESP8266_PGMSPACE_H
#define PROGMEM
#define pgm_read_byte(addr) (*reinterpret_cast<const unsigned char*>(addr))
#endif
