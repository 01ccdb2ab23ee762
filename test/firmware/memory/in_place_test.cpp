// sl::buildInPlace(): each member of a union built when its turn comes.
#include "SlTest.h"
#include "memory/InPlace.h"

namespace {

struct Speaker {
  virtual int say() const = 0;
};

struct Counter : Speaker {
  Counter() : count(7) {}
  int say() const override { return count; }
  int count;
};

struct Buffer : Speaker {
  Buffer() : used(0) {
    for (unsigned i = 0; i < sizeof bytes; ++i) bytes[i] = 0x5A;
  }
  int say() const override { return 100 + used; }
  unsigned char bytes[24];
  int used;
};

int built = 0;
struct Noisy {
  Noisy() : serial(++built) {}
  int serial;
};

struct Turns {
  Turns() {}
  union {
    Counter counter;
    Buffer buffer;
    Noisy noisy;
  };
};

}  // namespace

// buildInPlace runs the constructor on the slot's own storage and returns it.
TEST_CASE(builds_on_the_slots_storage) {
  Turns t;
  Counter& c = sl::buildInPlace(t.counter);
  CHECK(static_cast<void*>(&c) == static_cast<void*>(&t.counter));
  CHECK_EQ_INT(c.count, 7);
  const Speaker& asSpeaker = c;
  CHECK_EQ_INT(asSpeaker.say(), 7);  // the vtable is the Counter's
}

// The next turn replaces the object before it; virtual calls go to the new one.
TEST_CASE(next_turn_replaces_the_object) {
  Turns t;
  sl::buildInPlace(t.counter).count = 42;
  Buffer& b = sl::buildInPlace(t.buffer);
  CHECK(static_cast<void*>(&b) == static_cast<void*>(&t));
  CHECK_EQ_INT(b.used, 0);
  CHECK_EQ_INT(b.bytes[0], 0x5A);
  CHECK_EQ_INT(b.bytes[sizeof b.bytes - 1], 0x5A);
  const Speaker& asSpeaker = b;
  CHECK_EQ_INT(asSpeaker.say(), 100);
  Counter& again = sl::buildInPlace(t.counter);  // and back: a fresh Counter
  CHECK_EQ_INT(again.count, 7);
}

// Each call constructs once.
TEST_CASE(each_call_constructs_once) {
  Turns t;
  built = 0;
  CHECK_EQ_INT(sl::buildInPlace(t.noisy).serial, 1);
  CHECK_EQ_INT(sl::buildInPlace(t.noisy).serial, 2);
  CHECK_EQ_INT(built, 2);
}
