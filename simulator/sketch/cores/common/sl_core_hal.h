/* What the minimal Arduino core needs from a simulated board (one small C
 * file per board in simulator/sketch/cores/<board>/hal.c).
 *
 * Ports: 0 = console (Serial), 1 = network UART (Serial1, the ESP-AT modem).
 * The run is ended from the host through a control channel: the core checks
 * sl_hal_stop_requested() from millis(), delay() and between loop() calls,
 * and exits through sl_board_exit(0), which reports the peak stack. */
#ifndef SL_CORE_HAL_H
#define SL_CORE_HAL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void sl_hal_init(void);
/* Milliseconds / microseconds since start (wrap like Arduino's). */
uint32_t sl_hal_millis(void);
uint32_t sl_hal_micros(void);
/* One received byte, or -1 when none is waiting. Never blocks. */
int sl_hal_read(uint8_t port);
/* Sends one byte (blocks while the transmitter is full). */
void sl_hal_write(uint8_t port, uint8_t c);
/* True once the host asked the sketch to stop. */
int sl_hal_stop_requested(void);

#ifdef __cplusplus
}
#endif

#endif
