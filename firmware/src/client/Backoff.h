// Backoff: reconnect delays that double from `minMs` up to `maxMs`, each
// drawn with "equal jitter" from [d/2, d] so a fleet of devices that lost the
// cloud together does not reconnect in lock-step.
//
// Contract: next() returns the delay before the next attempt; the n-th call
// after reset() (n >= 1) returns a value in [d/2, d] with
// d = min(minMs * 2^(n-1), maxMs). reset() after a successful connection.
// State: 12 bytes; or only the 4-byte ceiling, with the static step()
// (sl::Client keeps its limits as constants that way).
//
//   sl::Backoff backoff(1000, 60000);
//   uint32_t wait = backoff.next(rng);   // 500..1000, then 1000..2000, ...
#ifndef SL_CLIENT_BACKOFF_H
#define SL_CLIENT_BACKOFF_H

#include "../crypto/Random.h"

namespace sl {

class Backoff {
 public:
  Backoff(uint32_t minMs, uint32_t maxMs) : min_(minMs ? minMs : 1), max_(maxMs < minMs ? minMs : maxMs), ceiling_(0) {}

  void reset() { ceiling_ = 0; }

  uint32_t next(Random& rng) { return step(ceiling_, min_, max_, rng); }

  // next() on a caller-held ceiling (0 after a reset).
  static uint32_t step(uint32_t& ceiling, uint32_t minMs, uint32_t maxMs, Random& rng) {
    if (!minMs) minMs = 1;
    if (maxMs < minMs) maxMs = minMs;
    uint32_t d = ceiling == 0 ? minMs : ceiling > maxMs / 2 ? maxMs : ceiling * 2;
    ceiling = d;
    uint32_t half = d / 2;
    return half + rng.next() % (d - half + 1);
  }

  // Upper bound of the last delay returned (0 after reset()).
  uint32_t ceiling() const { return ceiling_; }

 private:
  uint32_t min_;
  uint32_t max_;
  uint32_t ceiling_;
};

}  // namespace sl

#endif  // SL_CLIENT_BACKOFF_H
