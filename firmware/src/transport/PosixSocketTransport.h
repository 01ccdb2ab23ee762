// PosixSocketTransport: a Transport over a POSIX TCP socket, for host builds
// (tests, the json-check tool, simulators' host side). Compiles to nothing on
// Arduino and on bare-metal toolchains.
//
// connect() blocks until connected (or fails); the socket is then switched to
// non-blocking for reads. write() waits (poll, up to `writeTimeoutMs`) until
// the kernel accepts every byte. Uses getaddrinfo, which may allocate inside
// libc: host only, never in firmware.
//
//   sl::PosixSocketTransport net;
//   if (!net.connect("127.0.0.1", 8080)) return 1;
#ifndef SL_TRANSPORT_POSIX_SOCKET_TRANSPORT_H
#define SL_TRANSPORT_POSIX_SOCKET_TRANSPORT_H

#if !defined(ARDUINO) && (defined(__unix__) || defined(__APPLE__))

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "Transport.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

namespace sl {

class PosixSocketTransport : public Transport {
 public:
  explicit PosixSocketTransport(int writeTimeoutMs = 5000) : fd_(-1), eof_(false), writeTimeoutMs_(writeTimeoutMs) {}
  ~PosixSocketTransport() { stop(); }

  bool connect(const char* host, uint16_t port) override {
    stop();
    char service[6];
    snprintf(service, sizeof service, "%u", static_cast<unsigned>(port));
    struct addrinfo hints;
    for (size_t i = 0; i < sizeof hints; ++i) reinterpret_cast<char*>(&hints)[i] = 0;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    struct addrinfo* list = 0;
    if (getaddrinfo(host, service, &hints, &list) != 0) return false;
    for (struct addrinfo* ai = list; ai && fd_ < 0; ai = ai->ai_next) {
      int fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
      if (fd < 0) continue;
      if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        fd_ = fd;
      } else {
        ::close(fd);
      }
    }
    freeaddrinfo(list);
    if (fd_ < 0) return false;
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
    setsockopt(fd_, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL, 0) | O_NONBLOCK);
    eof_ = false;
    return true;
  }

  size_t write(const uint8_t* data, size_t len) override {
    size_t done = 0;
    while (fd_ >= 0 && done < len) {
      ssize_t n = ::send(fd_, data + done, len - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        struct pollfd p = {fd_, POLLOUT, 0};
        if (::poll(&p, 1, writeTimeoutMs_) <= 0) break;
      } else {
        break;
      }
    }
    return done;
  }
  using Transport::write;

  size_t available() override {
    if (fd_ < 0) return 0;
    int n = 0;
    if (ioctl(fd_, FIONREAD, &n) != 0 || n < 0) return 0;
    return static_cast<size_t>(n);
  }

  size_t read(uint8_t* buffer, size_t len) override {
    if (fd_ < 0 || eof_ || len == 0) return 0;
    ssize_t n = ::recv(fd_, buffer, len, MSG_DONTWAIT);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) eof_ = true;
    return 0;
  }

  bool connected() override {
    if (fd_ < 0 || eof_) return false;
    // Detect an orderly shutdown even when the caller has not read yet.
    uint8_t probe;
    ssize_t n = ::recv(fd_, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) eof_ = true;
    return !eof_;
  }

  // Closes gracefully: sends FIN after what was written, then reads and drops
  // what the peer still sends until it closes too (at most kLingerMs). A
  // socket closed with unread bytes is reset instead, and a reset can make
  // the peer lose the last frames written (a WebSocket close frame with its
  // code, for instance) before it reads them.
  void stop() override {
    if (fd_ >= 0) {
      if (!eof_ && ::shutdown(fd_, SHUT_WR) == 0) drainUntilClosed();
      ::close(fd_);
    }
    fd_ = -1;
    eof_ = true;
  }

  // Waits up to timeoutMs for readable data or EOF (host convenience for loops).
  bool waitReadable(int timeoutMs) {
    if (fd_ < 0) return false;
    struct pollfd p = {fd_, POLLIN, 0};
    return ::poll(&p, 1, timeoutMs) > 0;
  }

 private:
  enum { kLingerMs = 250 };
  void drainUntilClosed() {
    uint8_t sink[512];
    for (int waited = 0; waited < kLingerMs; waited += 10) {
      for (;;) {
        ssize_t n = ::recv(fd_, sink, sizeof sink, MSG_DONTWAIT);
        if (n == 0) return;  // the peer closed
        if (n < 0) {
          if (errno == EINTR) continue;
          if (errno != EAGAIN && errno != EWOULDBLOCK) return;
          break;
        }
      }
      struct pollfd p = {fd_, POLLIN, 0};
      ::poll(&p, 1, 10);
    }
  }

  int fd_;
  bool eof_;
  int writeTimeoutMs_;
};

}  // namespace sl

#endif  // host only

#endif  // SL_TRANSPORT_POSIX_SOCKET_TRANSPORT_H
