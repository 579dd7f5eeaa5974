#ifndef LIFTREC_CSHA256_H
#define LIFTREC_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// Returns 1 when this CPU has the SHA extensions (and the SSSE3/SSE4.1 they are used with), else 0.
/// The 64 round constants of SHA-256.
const uint32_t *liftrec_sha256_round_constants(void);

int liftrec_sha256_hardware_available(void);

/// Compresses `blocks` 64-byte blocks from `data` into `state` (eight words, SHA-256 order) with the CPU's
/// SHA instructions. Call only when liftrec_sha256_hardware_available() returned 1.
void liftrec_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
