// WifiSetup: joins your ESP-AT Wi-Fi modem (an ESP-01 or similar) to your
// Wi-Fi network, once, and checks that the semilimes cloud can be reached
// through it. The module keeps the network in its own flash and joins it
// again by itself at every power-up: the other examples expect a modem
// "already joined to your Wi-Fi". Run this once, then upload the example
// you want.
//
// Set WIFI_SSID and WIFI_PASSWORD below. Any characters: the quotes,
// commas and backslashes that AT commands treat specially are escaped by
// sl::EspAtTransport::joinWifi(). An open network: WIFI_PASSWORD "".
//
// Wiring: the modem on Serial1 (Mega) or on pins 0/1 (Uno), 115200 baud;
// the console on Serial (Mega, 57600 baud) or a transmit-only serial line
// on pin 3 (Uno, 57600 baud). Joining takes up to 20 s.
// sl-example-boards: uno mega cortex-m3 lx106
#include <Semilimes.h>
#include <io/ArduinoByteStream.h>
#include <transport/EspAtTransport.h>

#ifndef WIFI_SSID
#define WIFI_SSID "your-network"       // your Wi-Fi network's name
#endif
#ifndef WIFI_PASSWORD
#define WIFI_PASSWORD "your-password"  // its password ("" for an open network)
#endif

#if defined(HAVE_HWSERIAL1)
#define CONSOLE Serial
#define MODEM Serial1
sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line
#elif defined(__AVR__)
#include <io/AvrUart0.h>
#include <io/PinConsole.h>
sl::PinConsole console(3);
#define CONSOLE console
sl::AvrUart0 modemLine;  // the modem's serial line
#define MODEM modemLine
#else
#include <SoftwareSerial.h>
SoftwareSerial console(2, 3);  // other one-UART boards: console on pin 3
#define CONSOLE console
#define MODEM Serial
sl::ArduinoByteStream modemLine(MODEM);  // the modem's serial line
#endif

sl::EspAtTransport net(modemLine);

void setup() {
  CONSOLE.begin(57600);
  MODEM.begin(115200);
  CONSOLE.print(F("joining "));
  CONSOLE.println(F(WIFI_SSID));
  sl::EspAtError e = net.joinWifi(WIFI_SSID, WIFI_PASSWORD);
  if (e) {
    // JoinFailed: a wrong password or no such network in reach; NoModem:
    // check the wiring and that the modem talks at 115200 baud.
    CONSOLE.print(F("join failed: "));
    CONSOLE.println(e.name());
    return;
  }
  CONSOLE.println(F("joined: the modem joins this network by itself from now on"));
  // The cloud through the modem (DNS, then TLS on the module).
  net.useTls(true);
  if (net.connect("api.semilimes.net", 443)) {
    CONSOLE.println(F("api.semilimes.net reached: ready for the other examples"));
  } else {
    CONSOLE.print(F("api.semilimes.net not reached: "));
    CONSOLE.println(net.lastError().name());
  }
  net.stop();
}

void loop() {}
