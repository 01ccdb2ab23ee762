// Outbox: a FIFO of serialized messages in one caller-owned byte array,
// for what is sent while the WebSocket is down.
//
// Each record is a 6-byte header (length, request id) followed by the bytes
// a BodyFn wrote, so the caller's objects need not outlive push(). Records
// leave in the order they were pushed. A record that does not fit in the
// free space is refused as a whole (push() answers NoRoom, the outbox is
// unchanged): nothing is ever cut or overwritten. The largest record is
// capacity - 6 bytes (and at most 65535). pop() moves the remaining records
// down (one memmove of at most `capacity` bytes).
//
//   uint8_t space[256];
//   sl::Outbox box(space, sizeof space);
//   if (box.push(id, writeEnvelope, &ctx)) return ClientError::OutboxFull;
//   while (!box.empty()) { send(box.frontData(), box.frontLength()); box.pop(); }
#ifndef SL_CLIENT_OUTBOX_H
#define SL_CLIENT_OUTBOX_H

#include <string.h>

#include "../http/BodyFn.h"

namespace sl {

class Outbox {
 public:
  static const uint8_t kHeader = 6;

  Outbox(uint8_t* space, size_t capacity) : space_(space), cap_(capacity), used_(0) {}
  // Trivial: a value-initialized Outbox (`sl::Outbox box{};`, or a member
  // of a value-initialized struct, as in sl::BasicClient) is zeroed with
  // its neighbours: empty, with no space (every push answers NoRoom).
  Outbox() = default;

  enum Result : uint8_t {
    Pushed = 0,
    NoRoom,        // the record does not fit in the free space (`fn` may not have been called)
    WriterFailed,  // `fn` returned false (and all it wrote fitted)
  };

  // Appends what `fn` writes (called at most once). Pushed (0), or why not:
  // the outbox is then unchanged.
  SL_NODISCARD Result push(uint32_t id, BodyFn fn, void* context) {
    if (cap_ - used_ <= kHeader) return NoRoom;
    size_t room = cap_ - used_ - kHeader;
    if (room > 0xFFFF) room = 0xFFFF;
    Writer w(space_ + used_ + kHeader, room);
    bool ok = fn(w, context);
    if (w.overflowed()) return NoRoom;
    if (!ok) return WriterFailed;
    uint8_t* h = space_ + used_;
    h[0] = static_cast<uint8_t>(w.length());
    h[1] = static_cast<uint8_t>(w.length() >> 8);
    for (uint8_t i = 2; i < 6; ++i, id >>= 8) h[i] = static_cast<uint8_t>(id);
    used_ += kHeader + w.length();
    return Pushed;
  }

  bool empty() const { return used_ == 0; }
  // The records held (counted through their headers: no counter kept).
  uint16_t count() const {
    uint16_t n = 0;
    for (size_t at = 0; at < used_; at += kHeader + (space_[at] | (space_[at + 1] << 8))) ++n;
    return n;
  }
  size_t used() const { return used_; }
  size_t capacity() const { return cap_; }

  // The oldest record (precondition: !empty()).
  const uint8_t* frontData() const { return space_ + kHeader; }
  size_t frontLength() const { return static_cast<size_t>(space_[0] | (space_[1] << 8)); }
  uint32_t frontId() const {
    uint32_t id = 0;
    for (uint8_t i = 6; i-- > 2;) id = id << 8 | space_[i];
    return id;
  }

  // Drops the oldest record.
  void pop() {
    if (!used_) return;
    size_t n = kHeader + frontLength();
    memmove(space_, space_ + n, used_ - n);
    used_ -= n;
  }

  void clear() {
    used_ = 0;
  }

 private:
  class Writer : public Sink {
   public:
    Writer(uint8_t* at, size_t room) : at_(at), room_(room), len_(0), over_(false) {}
    size_t write(const uint8_t* data, size_t len) override {
      if (len > room_ - len_) {
        over_ = true;
        return 0;
      }
      memcpy(at_ + len_, data, len);
      len_ += len;
      return len;
    }
    using Sink::write;
    size_t length() const { return len_; }
    bool overflowed() const { return over_; }

   private:
    uint8_t* at_;
    size_t room_;
    size_t len_;
    bool over_;
  };

  uint8_t* space_;
  size_t cap_;
  size_t used_;  // 0: empty (a record takes at least kHeader bytes)
};

}  // namespace sl

#endif  // SL_CLIENT_OUTBOX_H
