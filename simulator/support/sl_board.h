/* Board support for bare-metal programs run by the simulator (no Arduino core).
 *
 * Every simulated board implements these in simulator/<backend>/.../board.c:
 *   sl_board_putc   one byte to the console (AVR: USART0, Cortex-M3: UART0,
 *                   lx106: semihosting write to fd 1)
 *   sl_board_getc   one byte from the console, or -1 when none is waiting
 *   sl_board_mark   a cycle marker: the runner records (id, cycle count);
 *                   the benchmark brackets the measured code with two marks
 *   sl_board_exit   stops the simulation with an exit code; the runner also
 *                   collects the peak stack (AVR: SP tracking, QEMU boards:
 *                   the painted stack is scanned here and reported)
 */
#ifndef SL_BOARD_H
#define SL_BOARD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void sl_board_putc(char c);
int sl_board_getc(void);
void sl_board_mark(uint8_t id);
void sl_board_exit(int code) __attribute__((noreturn));

#ifdef __cplusplus
}
#endif

#endif /* SL_BOARD_H */
