// Prints analogRead of A0, A1 and (Mega) A8 with the default reference
// (AVCC), then A1 against the internal 1.1 V reference, then exits.
// test/simulator/sim-adc.test.ts sets the input voltages.
void setup() {
  Serial.begin(115200);
  Serial.print(F("A0 "));
  Serial.println(analogRead(A0));
  Serial.print(F("A1 "));
  Serial.println(analogRead(A1));
#if defined(__AVR_ATmega2560__)
  Serial.print(F("A8 "));
  Serial.println(analogRead(A8));
  analogReference(INTERNAL1V1);
#else
  analogReference(INTERNAL);
#endif
  analogRead(A1);  // the first conversion after a reference change is discarded (datasheet)
  Serial.print(F("A1/1.1V "));
  Serial.println(analogRead(A1));
  Serial.println(F("done"));
  Serial.flush();
}

void loop() {}
