// BodyFn: a callback that writes a message body (HTTP body, WebSocket payload).
//
// It is called twice when the length must be known first: once into a
// CountingSink, then into the real sink. It must write the same bytes both
// times (pure function of `context`). Return false to abort.
//
//   bool writeGauge(sl::Sink& out, void* ctx) {
//     const char* s = static_cast<const char*>(ctx);
//     return out.write(reinterpret_cast<const uint8_t*>(s), strlen(s)) == strlen(s);
//   }
#ifndef SL_HTTP_BODY_FN_H
#define SL_HTTP_BODY_FN_H

#include "../io/Sink.h"

namespace sl {

typedef bool (*BodyFn)(Sink& out, void* context);

namespace detail {

// Forwards at most `limit_` bytes and counts what it was offered: the second
// pass of a BodyFn can never exceed the length announced from the first.
class LimitSink : public Sink {
 public:
  LimitSink(Sink& out, uint32_t limit) : out_(out), limit_(limit), offered_(0), failed_(false) {}
  size_t write(const uint8_t* data, size_t len) override {
    uint32_t room = offered_ < limit_ ? limit_ - offered_ : 0;
    size_t n = len < room ? len : static_cast<size_t>(room);
    offered_ += len;
    size_t done = n ? out_.write(data, n) : 0;
    if (done != n) failed_ = true;
    return done;
  }
  using Sink::write;
  uint32_t offered() const { return offered_; }
  bool failed() const { return failed_; }

 private:
  Sink& out_;
  uint32_t limit_;
  uint32_t offered_;
  bool failed_;
};

}  // namespace detail
}  // namespace sl

#endif  // SL_HTTP_BODY_FN_H
