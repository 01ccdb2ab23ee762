// Test sketch: calls a function defined further down, which only compiles
// when the build adds prototypes as the Arduino IDE does.
#include <Semilimes.h>

void setup() {
  Serial.begin(115200);
  Serial.print(F("twice 21 = "));
  Serial.println(twice(21));
}

void loop() {}

static long twice(long x) { return 2 * x; }
