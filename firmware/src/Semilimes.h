// Semilimes SDK: the one header a sketch includes.
//
//   #include <Semilimes.h>
//
//   char buf[96];
//   sl::BufferSink out(buf, sizeof buf);
//   sl::JsonWriter w(out);
//   w.beginObject().key(SL_F("temp")).number(21.5f).endObject();
//   if (w.finish() == sl::JsonWriteError::Ok && !out.overflowed()) { /* send buf */ }
//
// Everything lives in namespace `sl`; internals in `sl::detail`. Options are
// macros in config/Config.h that a sketch may define before this include.
#ifndef SL_SEMILIMES_H
#define SL_SEMILIMES_H

#define SL_VERSION "0.1.0"  // keep equal to library.properties / library.json

// Configuration
#include "config/Config.h"

// Byte streams
#include "io/BufferedSink.h"
#include "io/ByteStream.h"
#include "io/DecimalText.h"
#include "io/FlashString.h"
#include "io/Sink.h"

// RAM shared by objects that take turns (no heap)
#include "memory/InPlace.h"

// JSON: streaming writer, incremental parser, path matching
#include "json/JsonWriter.h"
#include "json/JsonParser.h"
#include "json/JsonFlashSource.h"
#include "json/JsonPathMatcher.h"
#include "json/JsonValueCapture.h"

// Transports (each guarded for the platforms it exists on)
#include "io/ArduinoByteStream.h"
#include "transport/Transport.h"
#include "transport/ArduinoClientTransport.h"
#include "transport/EspAtTransport.h"
#include "transport/PosixSocketTransport.h"

// HTTP/1.1 and WebSocket (RFC 6455)
#include "http/HttpRequestWriter.h"
#include "http/HttpResponseParser.h"
#include "ws/WsClient.h"

// The semilimes API, generated from schemas/: component builders, request
// writers for every operation, streaming response and event decoders
#include "generated/Components.h"
#include "generated/Api.h"
#include "generated/Decoders.h"

// The device client: WebSocket + REST, outbox, inbound messages and forms
#include "client/Client.h"

// Provisioning: claim QR, key store (EEPROM / Preferences / file / RAM), key rotation
#include "provisioning/ClaimQr.h"
#include "provisioning/EepromNvStorage.h"
#include "provisioning/FileNvStorage.h"
#include "provisioning/KeyStore.h"
#include "provisioning/PreferencesNvStorage.h"
#include "provisioning/Provisioner.h"
#include "provisioning/QrCode.h"
#include "provisioning/QrTextRenderer.h"
#include "provisioning/RamNvStorage.h"

#endif  // SL_SEMILIMES_H
