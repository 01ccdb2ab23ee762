// AvrUsart: what the SDK's drivers of an ATmega's hardware serial ports
// share (sl::AvrUart0, sl::AvrUart1, sl::AvrUartConsole): the registers of
// USART n, the divider set-up, the polled transmitter, and the receive ring
// with its interrupt. Sketches include io/AvrUart0.h, io/AvrUart1.h or
// io/AvrUartConsole.h, not this header.
//
// Contract (detail::AvrUsart<n>):
//   begin(baud, rx) 8N1, the transmitter on; with `rx` the receiver and its
//                   interrupt too. The rounded divider at double speed (U2X),
//                   or at normal speed when it would pass 4095 (below ~490
//                   baud at 16 MHz). Inline: a constant `baud` is folded into
//                   four stores.
//   put(b)          waits for the transmitter's data register, then sends b
//                   (polled: no transmit buffer, no transmit interrupt).
//   putAll(p, len)  put() of the len bytes at p, in order.
// detail::AvrUartRx<n>: the receive ring of SL_AVR_UART_RX_BUFFER bytes (a
// power of two, 2..256; holds one less) that SL_AVR_UART_RX_ISR(vector, n)
// fills; pop() takes the oldest byte (-1 when none).
#ifndef SL_IO_AVR_USART_H
#define SL_IO_AVR_USART_H

#if !defined(__AVR__)
#error "io/AvrUsart.h is for AVR chips (ATmega USARTs)"
#endif

#include <avr/interrupt.h>
#include <avr/io.h>

#include "../config/Config.h"

// SL_AVR_UART_RX_BUFFER (bytes of the receive ring) is set in config/Config.h.

namespace sl {
namespace detail {

// The registers and bits of USART n (specialised below for the USARTs the
// chip has; the bit positions are the same on every ATmega USART, the names
// are not).
template <uint8_t N>
struct AvrUsartRegs;

// putAll()'s loop: on the count, down to 0 (avr-gcc turns a counted loop in
// C++ back into an end pointer compared in 16 bits: 6 bytes more). The
// register addresses are the constants the receive interrupt takes too.
#define SL_AVR_USART_PUT_ALL(p, len, ucsraAddress, udrAddress, udreBit)                         \
  do {                                                                                          \
    uint8_t c_, status_;                                                                        \
    __asm__ volatile(                                                                           \
        "rjmp 2f\n"                                                                             \
        "1:\tld %[c], %a[p]+\n"                                                                 \
        "3:\tlds %[status], %[ucsra]\n\t"                                                       \
        "sbrs %[status], %[udre]\n\t"                                                           \
        "rjmp 3b\n\t"                                                                           \
        "sts %[udr], %[c]\n"                                                                    \
        "2:\tsbiw %[len], 1\n\t"                                                                \
        "brcc 1b" /* (len was not 0 before the subtraction) */                                  \
        : [p] "+e"(p), [len] "+w"(len), [c] "=&r"(c_), [status] "=&r"(status_)                  \
        : [ucsra] "n"(ucsraAddress), [udr] "n"(udrAddress), [udre] "I"(udreBit)                 \
        : "memory");                                                                            \
  } while (0)

#define SL_AVR_USART_REGS(n)                                                                                   \
  template <>                                                                                                  \
  struct AvrUsartRegs<n> {                                                                                     \
    static volatile uint8_t& ucsra() { return UCSR##n##A; }                                                    \
    static volatile uint8_t& ucsrb() { return UCSR##n##B; }                                                    \
    static volatile uint8_t& ucsrc() { return UCSR##n##C; }                                                    \
    static volatile uint16_t& ubrr() { return UBRR##n; }                                                       \
    static volatile uint8_t& udr() { return UDR##n; }                                                          \
    __attribute__((always_inline)) static void putAll(const uint8_t* p, size_t len) {                          \
      SL_AVR_USART_PUT_ALL(p, len, _SFR_MEM_ADDR(UCSR##n##A), _SFR_MEM_ADDR(UDR##n), UDRE##n);                 \
    }                                                                                                          \
    static const uint8_t kU2x = _BV(U2X##n), kUdre = _BV(UDRE##n), kRxcie = _BV(RXCIE##n),                     \
                         kRxen = _BV(RXEN##n), kTxen = _BV(TXEN##n), k8n1 = _BV(UCSZ##n##1) | _BV(UCSZ##n##0); \
  };

#if defined(UDR0) && defined(UCSR0A) && defined(UBRR0)
SL_AVR_USART_REGS(0)
#endif
#if defined(UDR1) && defined(UCSR1A) && defined(UBRR1)
SL_AVR_USART_REGS(1)
#endif
#undef SL_AVR_USART_REGS
#undef SL_AVR_USART_PUT_ALL

template <uint8_t N>
struct AvrUsart : AvrUsartRegs<N> {
  typedef AvrUsartRegs<N> R;

  __attribute__((always_inline)) static void begin(unsigned long baud, bool rx) {
    // Rounded divider with U2X (8 clocks a bit); without it when too big (low baud).
    unsigned long ubrr = (F_CPU + 4 * baud) / (8 * baud) - 1;
    uint8_t ucsra = R::kU2x;
    if (ubrr > 4095) {
      ubrr = (F_CPU + 8 * baud) / (16 * baud) - 1;
      ucsra = 0;
    }
    R::ucsra() = ucsra;
    R::ubrr() = static_cast<uint16_t>(ubrr);
    R::ucsrc() = R::k8n1;
    R::ucsrb() = rx ? R::kRxcie | R::kRxen | R::kTxen : R::kTxen;
  }

  __attribute__((always_inline)) static void put(uint8_t b) {
    while (!(R::ucsra() & R::kUdre)) {
    }
    R::udr() = b;
  }
};

// The receive ring of USART n, shared by its interrupt and read(). A class
// template's static members: defined here in the header without a .cpp.
// Indexes of one byte: read and written atomically.
template <uint8_t N>
struct AvrUartRx {
  static const uint8_t kMask = SL_AVR_UART_RX_BUFFER - 1;
  static volatile uint8_t head;  // next slot the interrupt fills
  static volatile uint8_t tail;  // next slot pop() takes
  static volatile uint8_t lost;  // dropped bytes, saturated at 255
  static volatile uint8_t ring[SL_AVR_UART_RX_BUFFER];

  __attribute__((always_inline)) static int pop() {
    uint8_t t = tail;
    if (t == head) return -1;
    uint8_t c = ring[t];
    tail = static_cast<uint8_t>((t + 1) & kMask);
    return c;
  }
};
template <uint8_t N>
volatile uint8_t AvrUartRx<N>::head = 0;
template <uint8_t N>
volatile uint8_t AvrUartRx<N>::tail = 0;
template <uint8_t N>
volatile uint8_t AvrUartRx<N>::lost = 0;
template <uint8_t N>
volatile uint8_t AvrUartRx<N>::ring[SL_AVR_UART_RX_BUFFER];

static_assert(SL_AVR_UART_RX_BUFFER >= 2 && SL_AVR_UART_RX_BUFFER <= 256 &&
                  (SL_AVR_UART_RX_BUFFER & (SL_AVR_UART_RX_BUFFER - 1)) == 0,
              "SL_AVR_UART_RX_BUFFER must be a power of two from 2 to 256");

}  // namespace detail
}  // namespace sl

// SL_AVR_UART_RX_ISR(vector, n): USART n's receive interrupt, which moves
// each byte into AvrUartRx<n>'s ring or counts it as lost. In C:
//   bool overrun = UCSRnA & _BV(DORn);  // (read before UDRn)
//   uint8_t c = UDRn, next = (head + 1) & kMask;
//   bool full = next == tail;
//   if (!full) ring[head] = c, head = next;
//   if ((overrun || full) && lost != 255) ++lost;
// which avr-gcc 5.4 makes 100 bytes (it saves r0, r1, r18, r19 and clears
// r1 in every interrupt); here 80. The overrun flag is kept in T. One
// expansion per program (it defines the vector).
#define SL_AVR_UART_RX_ISR(vector, n)                                                                            \
  ISR(vector, ISR_NAKED) {                                                                                       \
    typedef sl::detail::AvrUartRx<n> Rx;                                                                         \
    asm volatile(                                                                                                \
        "push r24\n\t"                                                                                           \
        "in r24, __SREG__\n\t"                                                                                   \
        "push r24\n\t"                                                                                           \
        "push r25\n\t"                                                                                           \
        "push r30\n\t"                                                                                           \
        "push r31\n\t"                                                                                           \
        "lds r25, %[ucsra]\n\t"                                                                                  \
        "bst r25, %[dor]\n\t" /* T: the chip dropped a byte before this one */                                   \
        "lds r25, %[udr]\n\t" /* the byte */                                                                     \
        "lds r30, %[head]\n\t"                                                                                   \
        "mov r24, r30\n\t"                                                                                       \
        "subi r24, 0xFF\n\t"                                                                                     \
        "andi r24, %[mask]\n\t" /* next = (head + 1) & mask */                                                   \
        "lds r31, %[tail]\n\t"                                                                                   \
        "cp r24, r31\n\t"                                                                                        \
        "breq 1f\n\t" /* full: dropped, counted */                                                               \
        "ldi r31, 0\n\t"                                                                                         \
        "subi r30, lo8(-(%[ring]))\n\t"                                                                          \
        "sbci r31, hi8(-(%[ring]))\n\t"                                                                          \
        "st Z, r25\n\t"                                                                                          \
        "sts %[head], r24\n\t"                                                                                   \
        "brtc 2f\n\t" /* no overrun: done */                                                                     \
        "1: lds r24, %[lost]\n\t"                                                                                \
        "subi r24, 0xFF\n\t"                                                                                     \
        "breq 2f\n\t" /* stays at 255 */                                                                         \
        "sts %[lost], r24\n\t"                                                                                   \
        "2: pop r31\n\t"                                                                                         \
        "pop r30\n\t"                                                                                            \
        "pop r25\n\t"                                                                                            \
        "pop r24\n\t"                                                                                            \
        "out __SREG__, r24\n\t"                                                                                  \
        "pop r24\n\t"                                                                                            \
        "reti"                                                                                                   \
        :                                                                                                        \
        : [ucsra] "n"(_SFR_MEM_ADDR(UCSR##n##A)), [udr] "n"(_SFR_MEM_ADDR(UDR##n)), [dor] "I"(DOR##n),           \
          [mask] "M"(static_cast<unsigned>(Rx::kMask)), [head] "i"(&Rx::head), [tail] "i"(&Rx::tail),           \
          [lost] "i"(&Rx::lost), [ring] "i"(Rx::ring));                                                          \
  }

#endif  // SL_IO_AVR_USART_H
