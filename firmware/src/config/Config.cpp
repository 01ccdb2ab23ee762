// The library's side of the options check in Config.h: the one definition of
// the start-up check for the options this library was compiled with. A file
// compiled with other values names another function, which nothing defines:
// the program does not link (see the end of Config.h).
#define SL_LIBRARY_SOURCE
#include "Config.h"

namespace sl {
namespace detail {

template <>
void LibraryBuiltWithOtherSlOptions_SetThemForTheWholeBuild_SeeConfigH<kOptionsFingerprint>::check() {}

}  // namespace detail
}  // namespace sl
