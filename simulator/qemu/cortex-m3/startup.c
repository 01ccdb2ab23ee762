/* Cortex-M3 startup for QEMU mps2-an385: vector table, .data/.bss set-up,
 * stack painting, C++ constructors, then main(). */
#include <stdint.h>

#include "sl_board.h"

extern uint32_t __data_start, __data_end, __data_load, __bss_start, __bss_end, __stack_top;
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);
extern int main(void);

#define SL_STACK_PAINT 0xC5C5C5C5u

void sl_reset_handler(void) __attribute__((noreturn));
void sl_fault_handler(void) __attribute__((noreturn, naked));
void sl_board_crash(const uint32_t* frame) __attribute__((noreturn));

/* Hands the exception frame (r0-r3, r12, lr, pc, xpsr) to sl_board_crash,
 * which reports the faulting pc and the fault status registers. */
void sl_fault_handler(void) {
  __asm__ volatile(
      "tst lr, #4\n"
      "ite eq\n"
      "mrseq r0, msp\n"
      "mrsne r0, psp\n"
      "b sl_board_crash\n");
}

__attribute__((section(".vectors"), used)) static void (*const sl_vectors[16])(void) = {
    (void (*)(void))(&__stack_top),
    sl_reset_handler,
    sl_fault_handler, /* NMI */
    sl_fault_handler, /* HardFault */
    sl_fault_handler, /* MemManage */
    sl_fault_handler, /* BusFault */
    sl_fault_handler, /* UsageFault */
    0, 0, 0, 0,
    sl_fault_handler, /* SVCall */
    sl_fault_handler, /* DebugMon */
    0,
    sl_fault_handler, /* PendSV */
    sl_fault_handler, /* SysTick */
};

void sl_reset_handler(void) {
  uint32_t* src = &__data_load;
  for (uint32_t* dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
  for (uint32_t* dst = &__bss_start; dst < &__bss_end;) *dst++ = 0;
  /* paint the free RAM below this frame: [end of .bss, sp - 16) */
  uint32_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  for (volatile uint32_t* p = &__bss_end; (uint32_t)p < sp - 16; ++p) *p = SL_STACK_PAINT;
  for (void (**ctor)(void) = __init_array_start; ctor < __init_array_end; ++ctor) (*ctor)();
  sl_board_exit(main());
}
