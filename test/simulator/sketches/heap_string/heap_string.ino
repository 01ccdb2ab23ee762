// Test sketch: uses Arduino's String (malloc/realloc/free), which the SDK
// never does, so that the report's heap figures can be checked: the String
// is freed again before "done", the peak must still be counted.
void setup() {
  Serial.begin(57600);
  {
    String s = "abc";
    for (int i = 0; i < 40; ++i) s += String(i);
    Serial.println(s.length());
  }
  Serial.println(F("done"));
}

void loop() {}
