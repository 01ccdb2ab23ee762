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
    JoinFailed,       // AT+CWJAP (joinWifi) answered ERROR / FAIL: wrong password, no such network
  };

  constexpr EspAtError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }

  FlashString name() const {
    static const char kNames[] SL_PROGMEM =
        "Ok\0"
        "NoModem\0"
        "InvalidArgument\0"
        "ConnectFailed\0"
        "Timeout\0"
        "SendFailed\0"
        "LinkClosed\0"
        "SerialWriteFailed\0"
        "JoinFailed\0"
        "Unknown\0";
    return detail::flashNameAt(kNames, code_);
  }

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_TRANSPORT_ESP_AT_ERROR_H
