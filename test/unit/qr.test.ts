import { describe, expect, it } from "vitest";
import { otpauthUri } from "../../src/device/otpauth.js";
import { terminalQr } from "../../src/device/qr.js";
import { scanTerminalText } from "../helpers/qrscan.js";

// The QR code on the terminal: drawn only when it fits the real width, and then it must scan.
// "Scan" = the drawn text turned back into pixels the way a terminal shows it (half blocks, a
// dark terminal around the drawing) and read by zbarimg (test/helpers/qrscan.ts).

// AWS seeds are 64 base32 characters; a longish device name makes the URI realistic.
const URI = otpauthUri("alice-phone", "123456789012", "JBSWY3DPEHPK3PXP".repeat(4));
const visible = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, "");

describe("terminal QR code", () => {
  it.each([
    [40, false],
    [52, false],
    [53, true], // 49 modules + a 2-module quiet zone each side
    [56, true],
    [57, true], // the standard 4-module quiet zone
    [60, true],
    [80, true],
    [120, true],
    [undefined, true], // the terminal does not say: assume 80
  ])("%s columns: drawn=%s, and what is drawn fits and scans", async (columns, drawn) => {
    const r = await terminalQr(URI, columns);
    expect(r.drawn).toBe(drawn);
    if (drawn) {
      expect(r.lines[0]).toBe("Scan this QR code with an authenticator app:");
      const code = r.lines.slice(1);
      for (const l of code) expect(visible(l).length).toBeLessThanOrEqual(columns ?? 80);
      // Square modules: half as many lines as the code is wide.
      expect(code.length).toBe(Math.ceil(visible(code[0]!).length / 2));
      expect(scanTerminalText(code.join("\n"))).toBe(URI);
    } else {
      expect(r.lines).toEqual([`The QR code needs 53 columns and this terminal has ${columns}: widen it, type s for the secret key, or run again with --qr-png FILE.`]);
    }
  });

  it("points at the PNG when one is being written", async () => {
    const r = await terminalQr(URI, 40, "/tmp/x/qr.png");
    expect(r).toEqual({ drawn: false, lines: ["The QR code needs 53 columns and this terminal has 40: open /tmp/x/qr.png instead, or type s for the secret key."] });
  });

  it("uses the standard quiet zone when there is room", async () => {
    const r = await terminalQr(URI, 120);
    expect(visible(r.lines[1]!).length).toBe(49 + 8);
  });
});
