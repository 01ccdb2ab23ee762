// Compile check against the real Arduino AVR core headers: ArduinoByteStream
// over HardwareSerial and EspAtTransport's millis() constructor.
#include <Arduino.h>

#include "io/ArduinoByteStream.h"
#include "transport/EspAtTransport.h"

bool slCheckEspAt() {
  static sl::ArduinoByteStream line(Serial);
  static sl::EspAtTransport net(line);
  if (!net.connect("api.semilimes.net", 80)) {
    Serial.println(net.lastError().name());
    return false;
  }
  net.write(reinterpret_cast<const uint8_t*>("GET / HTTP/1.1\r\n\r\n"), 18);
  uint8_t buf[16];
  return net.read(buf, sizeof buf) > 0;
}
