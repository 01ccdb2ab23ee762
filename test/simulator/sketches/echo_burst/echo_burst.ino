// Test sketch: echoes every byte received on Serial (USART0) back at once,
// so the UART transmits while it receives (HardwareSerial's interrupt paths).
void setup() { Serial.begin(115200); }

void loop() {
  while (Serial.available() > 0) Serial.write(static_cast<uint8_t>(Serial.read()));
}
