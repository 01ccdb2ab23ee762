/* lx106 reset entry (call0 ABI): stack pointer, exception vectors, then C.
 * QEMU's sim machine starts the lx106 at its reset vector, 0x50000000, so a
 * stub there jumps to sl_start in flash. */
    .section .sl_reset, "ax"
    .align 4
    .global sl_reset
sl_reset:
    j 1f
    .align 4
.Lsl_start_addr:
    .word sl_start
1:  l32r a0, .Lsl_start_addr
    jx a0

    .section .sl_vectors, "ax"
    .align 256
    .global sl_vectors
sl_vectors:
    .org sl_vectors + 0x10      /* debug */
    j sl_crash
    .org sl_vectors + 0x20      /* NMI */
    j sl_crash
    .org sl_vectors + 0x30      /* kernel exception */
    j sl_crash
    .org sl_vectors + 0x50      /* user exception */
    j sl_crash
    .org sl_vectors + 0x70      /* double exception */
    j sl_crash
    .org sl_vectors + 0x80

    .section .text.sl_start, "ax"
    .literal_position
    .align 4
    .global sl_start
sl_start:
    movi a1, __stack_top
    movi a2, sl_vectors
    wsr a2, vecbase
    rsync
    movi a0, 0
    call0 sl_c_start
1:  j 1b

    .align 4
sl_crash:
    movi a1, __stack_top
    rsr a2, exccause
    rsr a3, epc1
    rsr a4, excvaddr
    call0 sl_board_crash
2:  j 2b
