// Three views of one clock, kept apart on purpose:
// - base: real time (or the injected `now`); TOTP codes are checked against it, so an
//   authenticator on the same machine always agrees with the emulator;
// - session: base + clockOffsetSeconds; issued sessions expire against it, so tests can jump
//   past an expiry without also breaking signatures or codes;
// - totp: base + totpOffsetSeconds; normally equal to base, moved only by tests that need more
//   than the three codes a ±1 window offers (see Emulator.nextCode);
// - signing: base + skewSeconds; the 5-minute signature window is checked against it, so tests
//   can simulate a client whose clock is wrong while using real clients.
export interface Clocks {
  base(): number;
  session(): number;
  signing(): number;
  totp(): number;
}
