// The shared error-name lookup (sl::detail::flashNameAt) and the error
// classes built on it: every code has its own name, in code order, and a
// code out of range gets the class's last name ("Unknown" / "unknown error")
// instead of a read past the table. On AVR the names are read from flash.
#include "SlTest.h"
#include "generated/ComponentError.h"
#include "http/HttpError.h"
#include "io/FlashString.h"
#include "json/JsonParseError.h"
#include "json/JsonWriter.h"
#include "provisioning/KeyStoreError.h"
#include "provisioning/ProvisionerError.h"
#include "provisioning/QrError.h"
#include "transport/EspAtError.h"
#include "ws/WsError.h"

namespace {
const char kThree[] SL_PROGMEM = "zero\0" "one\0" "\0";  // the empty name is the end
const char kLast[] SL_PROGMEM = "a\0" "bb\0" "ccc\0";
}  // namespace

TEST_CASE(flash_name_at_walks_the_list_and_stops_at_the_last_name) {
  CHECK(sl::detail::flashNameAt(kLast, 0).equals("a"));
  CHECK(sl::detail::flashNameAt(kLast, 1).equals("bb"));
  CHECK(sl::detail::flashNameAt(kLast, 2).equals("ccc"));
  CHECK(sl::detail::flashNameAt(kLast, 3).equals("ccc"));
  CHECK(sl::detail::flashNameAt(kLast, 255).equals("ccc"));
  // An empty name inside the list ends it early: "one" is then the last.
  CHECK(sl::detail::flashNameAt(kThree, 1).equals("one"));
  CHECK(sl::detail::flashNameAt(kThree, 2).equals("one"));
}

TEST_CASE(ws_error_names) {
  CHECK_EQ_NAME(sl::WsError(sl::WsError::Ok), "Ok");
  CHECK_EQ_NAME(sl::WsError(sl::WsError::ConnectFailed), "ConnectFailed");
  CHECK_EQ_NAME(sl::WsError(sl::WsError::BadAccept), "BadAccept");
  CHECK_EQ_NAME(sl::WsError(sl::WsError::MessageTooBig), "MessageTooBig");
  CHECK_EQ_NAME(sl::WsError(sl::WsError::ConnectionLost), "ConnectionLost");
  CHECK_EQ_NAME(sl::WsError(static_cast<sl::WsError::Code>(sl::WsError::ConnectionLost + 1)), "Unknown");
  CHECK_EQ_NAME(sl::WsError(static_cast<sl::WsError::Code>(200)), "Unknown");
}

TEST_CASE(http_error_names) {
  CHECK_EQ_NAME(sl::HttpError(sl::HttpError::Ok), "Ok");
  CHECK_EQ_NAME(sl::HttpError(sl::HttpError::WriteFailed), "WriteFailed");
  CHECK_EQ_NAME(sl::HttpError(sl::HttpError::UnsupportedTransferEncoding), "UnsupportedTransferEncoding");
  CHECK_EQ_NAME(sl::HttpError(sl::HttpError::TruncatedBody), "TruncatedBody");
  CHECK_EQ_NAME(sl::HttpError(static_cast<sl::HttpError::Code>(sl::HttpError::TruncatedBody + 1)), "Unknown");
}

TEST_CASE(esp_at_error_names) {
  CHECK_EQ_NAME(sl::EspAtError(sl::EspAtError::Ok), "Ok");
  CHECK_EQ_NAME(sl::EspAtError(sl::EspAtError::NoModem), "NoModem");
  CHECK_EQ_NAME(sl::EspAtError(sl::EspAtError::SerialWriteFailed), "SerialWriteFailed");
  CHECK_EQ_NAME(sl::EspAtError(sl::EspAtError::JoinFailed), "JoinFailed");
  CHECK_EQ_NAME(sl::EspAtError(static_cast<sl::EspAtError::Code>(sl::EspAtError::JoinFailed + 1)), "Unknown");
}

TEST_CASE(lower_case_error_names_end_with_unknown_error) {
  CHECK(sl::JsonParseError::name(sl::JsonParseError::Ok).equals("ok"));
  CHECK(sl::JsonParseError::name(sl::JsonParseError::InvalidUnicode).equals("invalid \\u escape"));
  CHECK(sl::JsonParseError::name(sl::JsonParseError::Aborted).equals("aborted by handler"));
  CHECK(sl::JsonParseError::name(sl::JsonParseError::CodeCount).equals("unknown error"));
  CHECK(sl::KeyStoreError::name(sl::KeyStoreError::VerifyFailed).equals("verify failed"));
  CHECK(sl::KeyStoreError::name(sl::KeyStoreError::CodeCount).equals("unknown error"));
  CHECK(sl::ProvisionerError::name(sl::ProvisionerError::QrFailed).equals("QR failed"));
  CHECK(sl::ProvisionerError::name(sl::ProvisionerError::CodeCount).equals("unknown error"));
  CHECK(sl::QrError::name(sl::QrError::WriteFailed).equals("write failed"));
  CHECK(sl::QrError::name(sl::QrError::CodeCount).equals("unknown error"));
}

// JsonWriteError and the generated ComponentError use the shared lookup too;
// before, a JsonWriteError code out of range was named "Ok" and
// componentErrorCodeName() walked past the end of its list.
TEST_CASE(json_write_error_names) {
  typedef sl::JsonWriteError E;
  CHECK_EQ_NAME(E(E::Ok), "Ok");
  CHECK_EQ_NAME(E(E::SinkFailed), "SinkFailed");
  CHECK_EQ_NAME(E(E::NoValue), "NoValue");
  CHECK_EQ_NAME(E(static_cast<E::Code>(E::NoValue + 1)), "Unknown");
  CHECK_EQ_NAME(E(static_cast<E::Code>(255)), "Unknown");
}

TEST_CASE(component_error_code_names) {
  typedef sl::ComponentErrorCode C;
  CHECK(sl::FlashString(sl::componentErrorCodeName(C::Ok)).equals("Ok"));
  CHECK(sl::FlashString(sl::componentErrorCodeName(C::OutOfRange)).equals("OutOfRange"));
  CHECK(sl::FlashString(sl::componentErrorCodeName(C::ValueInOptions)).equals("ValueInOptions"));
  CHECK(sl::FlashString(sl::componentErrorCodeName(C::WriteFailed)).equals("WriteFailed"));
  CHECK(sl::FlashString(sl::componentErrorCodeName(static_cast<C>(static_cast<uint8_t>(C::WriteFailed) + 1))).equals("Unknown"));
  CHECK(sl::FlashString(sl::componentErrorCodeName(static_cast<C>(200))).equals("Unknown"));
}
