// sl::buildInPlace(): objects that take turns in one block of RAM.
//
// A sketch whose objects are never needed at the same time (say the
// readings and an HTTP request, then the reply's parser, then the WebSocket
// client) can keep them in one union, as large as the largest, instead of
// side by side: no heap, less static RAM. Each is built when its turn comes.
//
//   struct Turns {
//     Turns() {}
//     union {
//       Request request;       // 1. setup(): readings, the upload
//       Reply reply;           // 2. the upload's answer
//       sl::BasicClient client;  // 3. from then on
//     };
//   } ram;
//   ...
//   Request& r = sl::buildInPlace(ram.request);  // its constructor runs now
//
// Contract: buildInPlace(slot) runs T's default constructor on slot's
// storage and returns it. Whatever lived there before is not destroyed
// (no destructor runs): use it for objects that own nothing to give back
// and have trivial destructors, as every SDK object (a union member with a
// destructor of its own would not compile in the union anyway). Use only
// the member built last; the others' bytes are stale.
// Without <new> (not every Arduino core has it): the placement form below
// takes a tag type of its own, so it meets no other operator new.
#ifndef SL_MEMORY_IN_PLACE_H
#define SL_MEMORY_IN_PLACE_H

#include <stddef.h>

namespace sl {
namespace detail {
struct InPlaceTag {
  void* at;
};
}  // namespace detail
}  // namespace sl

// (Not noexcept: a non-throwing allocation function may return null, and the
// compiler would test for it before every construction.)
inline void* operator new(size_t, sl::detail::InPlaceTag place) { return place.at; }

namespace sl {

template <typename T>
T& buildInPlace(T& slot) {
  return *new (detail::InPlaceTag{&slot}) T();
}

}  // namespace sl

#endif  // SL_MEMORY_IN_PLACE_H
