// Corrections to avr8js 0.21's USART for Arduino's HardwareSerial, applied to
// the USARTs a sketch run uses (the board runners in simulator/avr/ leave
// them as they are; their bare-metal programs poll the UART and never hit
// these):
//
// - A write to UCSRnB while the receiver is on drops a pending receive
//   interrupt (avr8js clears RXC). HardwareSerial toggles UDRIEn on every
//   transmitted burst, so a byte arriving just then was silently lost (the
//   ESP-AT link lost the "S" of "CLOSED" and the sketch never saw the close).
//   On the chip, RXCn only clears when UDRn is read.
// - A write to UCSRnA (HardwareSerial does one per byte sent, to clear TXCn)
//   zeroes the read-only RXCn and UDREn status bits in the register.
// - The receiver has no FIFO in avr8js: a byte that completes while UDRn
//   still holds an unread one replaces it. The chip's receive buffer is two
//   levels deep (UDRn + one), and a third complete byte waits in the shift
//   register until the next start bit; only then is a byte lost (DORn). So
//   code that keeps interrupts off for up to two character times loses
//   nothing on the chip: sl::PinConsole sends each console byte with
//   interrupts off (10 bits at 57600 baud = two characters of the modem's
//   115200), which in avr8js lost every other modem byte arriving meanwhile
//   (LampControl on the Uno: which bytes depended on the code's timing, so
//   an unrelated 14-byte change in the JSON parser, a97e0fe, broke the run).
//   Here the buffer is modelled: two levels, the shift register, and the
//   overrun at the next start bit (counted: `overruns`).
import { AVRUSART, CPU } from 'avr8js';

const RXC = 0x80;
const UDRE = 0x20;
const DOR = 0x08;

interface UsartInternals {
  RXC: { address: number };
  rxByte: number;
  config: { UCSRA: number; UCSRB: number; UDR: number };
  writeByte(value: number, immediate?: boolean): boolean | undefined;
  onRxComplete: (() => void) | null;
}

export interface UsartFix {
  /** Bytes lost to a receiver overrun (DORn on the chip) so far. */
  overruns(): number;
}

export function fixHardwareSerialUsart(cpu: CPU, usart: AVRUSART): UsartFix {
  const u = usart as unknown as UsartInternals;
  const { UCSRA, UCSRB, UDR } = u.config;
  const hookA = cpu.writeHooks[UCSRA];
  const hookB = cpu.writeHooks[UCSRB];
  const readUdr = cpu.readHooks[UDR];
  if (!hookA || !hookB || !readUdr) throw new Error('avr8js USART hooks not found (avr8js version changed?)');
  let dor = 0; // the DORn bit: set by an overrun, until UDRn is read
  cpu.writeHooks[UCSRA] = (value, oldValue, addr, mask) => {
    const status = cpu.data[UCSRA] & (RXC | UDRE);
    const r = hookA(value, oldValue, addr, mask);
    cpu.data[UCSRA] |= status | dor;
    return r;
  };
  cpu.writeHooks[UCSRB] = (value, oldValue, addr, mask) => {
    const rxPending = (cpu.data[UCSRA] & RXC) !== 0;
    const r = hookB(value, oldValue, addr, mask);
    // re-arm: sets RXC again and queues the interrupt if RXCIEn is (still) on
    if (rxPending) cpu.setInterruptFlag(u.RXC as never);
    return r;
  };

  // The receive buffer behind UDRn (avr8js keeps the first level in rxByte):
  // `second` is the second level, `shift` a complete byte in the shift register.
  let second: number | null = null;
  let shift: number | null = null;
  let lost = 0;
  const start = u.writeByte.bind(u);
  // (avr8js calls this.writeByte(value, true) when a character's frame ends:
  // the instance property takes that call too)
  u.writeByte = (value: number, immediate = false) => {
    if (!immediate) {
      // a start bit: with both levels full, the byte waiting in the shift register is lost
      if (shift !== null && usart.rxEnable && !usart.rxBusy) {
        shift = null;
        ++lost;
        dor = DOR;
        cpu.data[UCSRA] |= DOR;
      }
      return start(value, false);
    }
    if (!(cpu.data[UCSRA] & RXC)) return start(value, true); // UDRn was empty: the byte goes there
    if (second === null) second = value;
    else {
      if (shift !== null) ++lost; // (only if bytes came without start bits: an immediate write)
      shift = value;
    }
    u.onRxComplete?.();
    return true;
  };
  cpu.readHooks[UDR] = (addr) => {
    const r = readUdr(addr); // the first level; clears RXC
    dor = 0;
    cpu.data[UCSRA] &= ~DOR;
    if (second !== null) {
      u.rxByte = second;
      second = shift;
      shift = null;
      cpu.setInterruptFlag(u.RXC as never);
    }
    return r;
  };
  return { overruns: () => lost };
}
