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
#include "io/FlashString.h"
#include "io/Sink.h"

// JSON
#include "json/JsonWriter.h"
// (JSON parser: its include goes here)

// The device client: WebSocket + REST, outbox, inbound messages and forms
#include "client/Client.h"

#endif  // SL_SEMILIMES_H
