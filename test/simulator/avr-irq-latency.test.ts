// The AVR runner keeps the chip's interrupt latency: after an instruction
// that sets the global interrupt flag (SEI, OUT SREG, RETI) one more
// instruction runs before a pending interrupt is served. avr-gcc's
// prologues and epilogues rely on it: they write SPH, restore SREG (the I
// flag back on) and only then write SPL, so on the chip no interrupt can see
// the half-written stack pointer. avr8js 0.21 serves the interrupt right
// after OUT SREG; when an epilogue moved SP across a 256-byte page, the ISR
// pushed its return address and registers 256 bytes above the real stack,
// into the caller's frame (the Provisioning sketch on the Mega had the
// start time of its loop() overwritten: a "longest loop" of -28955 ms).
import { AvrMachine } from '../../simulator/avr/runner';
import { loadBoard } from '../../simulator/boards';

// avr-gcc -mmcu=atmega2560 -nostdlib of:
//   0x00: jmp main                  0x5c (TIMER0_OVF): jmp isr
//   main: SP = 0x20f0 (a function's frame below the 0x2100 page)
//         TIMSK0 = TOIE0; TCCR0B = clk/1 (overflow every 256 cycles)
//         wait ~600 cycles, interrupts off: the overflow is pending
//         r29:r28 = 0x2100; r0 = 0x80 (the SREG saved by the prologue, I on)
//         out SPH, r29 / out SREG, r0 / out SPL, r28   (the epilogue)
//         nop; cli; GPIOR2 = 1 (exit)
//   isr:  [0x200] = SPL; [0x201] = SPH; TCCR0B = 0; reti
const HEX = `
:100000000C94300000000000000000000000000020
:1000100000000000000000000000000000000000E0
:1000200000000000000000000000000000000000D0
:1000300000000000000000000000000000000000C0
:1000400000000000000000000000000000000000B0
:100050000000000000000000000000000C944B00B5
:1000600001E20EBF00EF0DBF00E20EBF00EF0DBFBB
:1000700001E000936E0005BD18EC1A95F1F7C0E0A1
:10008000D1E200E8002EDEBF0FBECDBF0000F89425
:1000900001E00BBDFFCF8DB7809300028EB7809338
:0800A000010280E085BD189506
:00000001FF
`;

test('mega: an interrupt pending when an epilogue writes SPH, SREG, SPL is served after the SPL write, on the whole new SP', () => {
  const m = new AvrMachine(loadBoard('mega'), HEX);
  const r = m.run({ maxCycles: 10000 });
  expect(r.stopReason).toBe('exit');
  const spInIsr = m.peek(0x200) | (m.peek(0x201) << 8);
  // 0x2100 less the 3-byte return address; 0x21ed when served between SPH and SPL.
  expect(spInIsr.toString(16)).toBe((0x2100 - 3).toString(16));
  // Nothing was pushed 256 bytes up (where the half-written SP pointed).
  expect([m.peek(0x21ee), m.peek(0x21ef), m.peek(0x21f0)]).toEqual([0, 0, 0]);
});

// The same program splits the stack peak: outside interrupts the deepest SP
// is main's 0x20f0; the timer interrupt lands at 0x2100 and pushes only its
// 3-byte return address (the ISR stores SP, pushes nothing).
test('mega: the peak outside interrupts and what an interrupt adds where it lands are reported apart', () => {
  const m = new AvrMachine(loadBoard('mega'), HEX);
  const r = m.run({ maxCycles: 10000 });
  expect(r.stopReason).toBe('exit');
  expect(r.peakThreadStackBytes).toBe(m.ramEnd - 0x20f0);
  expect(r.peakInterruptStackBytes).toBe(3);
  expect(r.peakStackBytes).toBe(r.peakThreadStackBytes);
});
