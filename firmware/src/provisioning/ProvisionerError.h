// ProvisionerError: why the last step of sl::Provisioner failed (it retries;
// none of these is fatal).
//
//   if (prov.lastError()) Serial.println(prov.lastError().name());   // e.g. "auth token too long"
#ifndef SL_PROVISIONING_PROVISIONERERROR_H
#define SL_PROVISIONING_PROVISIONERERROR_H

#include "../config/Config.h"
#include "../io/FlashString.h"

namespace sl {

class ProvisionerError {
 public:
  enum Code : uint8_t {
    Ok = 0,
    InvalidArgument,  // begin(): a null or empty host, deviceId or provisioningKey
    ConnectFailed,    // the transport did not connect
    WriteFailed,      // the request could not be written completely
    Timeout,          // no complete response within SL_PROVISIONER_HTTP_TIMEOUT_MS
    BadResponse,      // not HTTP, or the body is not JSON
    HttpStatus,       // an unexpected status (5xx, 400, 404...): retried later
    WrongType,        // a field the flow needs has the wrong JSON type
    MissingField,     // a field the flow needs is absent
    ValueTooLong,     // the claim key, authToken or key exceeds SL_KEYSTORE_MAX_KEY_LEN: refused
    BadTime,          // expire_at or the server's Date unusable: rotation skipped
    StoreFailed,      // KeyStore refused to store or clear; retried
    KeyRejected,      // 401/403 for the key: back to provisioning
    QrFailed,         // the claim hook of setQrSink() / setQrSinkFixedMask() could not encode or print the QR
    CodeCount
  };

  constexpr ProvisionerError(Code code = Ok) : code_(code) {}
  Code code() const { return code_; }
  explicit operator bool() const { return code_ != Ok; }
  bool operator==(Code c) const { return code_ == c; }
  bool operator!=(Code c) const { return code_ != c; }
  // Readable name, e.g. "key rejected".
  FlashString name() const { return name(code_); }
  static FlashString name(Code code);

 private:
  Code code_;
};

}  // namespace sl

#endif  // SL_PROVISIONING_PROVISIONERERROR_H
