// EspAtError: why the last EspAtTransport operation failed.
//
// A small value type like sl::HttpError: `if (err)` is true on error,
// `err.name()` is a sl::FlashString ("Ok", "NoModem", ...).
#ifndef SL_TRANSPORT_ESP_AT_ERROR_H
#define SL_TRANSPORT_ESP_AT_ERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

namespace sl {

class EspAtError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    NoModem,          // no OK to AT / ATE0 / AT+CIPMUX=0 (wrong baud, no module)
    InvalidArgument,  // host empty or containing '"', '\\' or a control byte
    ConnectFailed,    // AT+CIPSTART answered ERROR (DNS, refused, no Wi-Fi)
    Timeout,          // the modem did not answer in time; it is re-initialised next connect
    SendFailed,       // AT+CIPSEND answered ERROR / SEND FAIL, or no '>' prompt
    LinkClosed,       // write or flush while the link is down (peer closed, CLOSED seen)
    SerialWriteFailed,  // the ByteStream accepted fewer bytes than given
  };

  EspAtError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

  FlashString name() const {
    static const char n0[] SL_PROGMEM = "Ok";
    static const char n1[] SL_PROGMEM = "NoModem";
    static const char n2[] SL_PROGMEM = "InvalidArgument";
    static const char n3[] SL_PROGMEM = "ConnectFailed";
    static const char n4[] SL_PROGMEM = "Timeout";
    static const char n5[] SL_PROGMEM = "SendFailed";
    static const char n6[] SL_PROGMEM = "LinkClosed";
    static const char n7[] SL_PROGMEM = "SerialWriteFailed";
    static const char* const names[] SL_PROGMEM = {n0, n1, n2, n3, n4, n5, n6, n7};
    uint8_t i = code_ <= SerialWriteFailed ? code_ : 0;
#if SL_ARCH_AVR
    return FlashString(reinterpret_cast<const char*>(pgm_read_ptr(&names[i])));
#else
    return FlashString(names[i]);
#endif
  }

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_TRANSPORT_ESP_AT_ERROR_H
