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
import { AVRUSART, CPU } from 'avr8js';

const RXC = 0x80;
const UDRE = 0x20;

interface UsartInternals {
  RXC: { address: number };
  config: { UCSRA: number; UCSRB: number };
}

export function fixHardwareSerialUsart(cpu: CPU, usart: AVRUSART): void {
  const u = usart as unknown as UsartInternals;
  const { UCSRA, UCSRB } = u.config;
  const hookA = cpu.writeHooks[UCSRA];
  const hookB = cpu.writeHooks[UCSRB];
  if (!hookA || !hookB) throw new Error('avr8js USART hooks not found (avr8js version changed?)');
  cpu.writeHooks[UCSRA] = (value, oldValue, addr, mask) => {
    const status = cpu.data[UCSRA] & (RXC | UDRE);
    const r = hookA(value, oldValue, addr, mask);
    cpu.data[UCSRA] |= status;
    return r;
  };
  cpu.writeHooks[UCSRB] = (value, oldValue, addr, mask) => {
    const rxPending = (cpu.data[UCSRA] & RXC) !== 0;
    const r = hookB(value, oldValue, addr, mask);
    // re-arm: sets RXC again and queues the interrupt if RXCIEn is (still) on
    if (rxPending) cpu.setInterruptFlag(u.RXC as never);
    return r;
  };
}
