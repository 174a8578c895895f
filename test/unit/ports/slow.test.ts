import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLEAR_LINE, noticeWhenSlow, slowNotice, SPINNER_FRAMES } from "../../../src/ports/slow.js";

// The "waiting for <endpoint>…" timing: nothing for a fast call, one notice for a slow one, taken
// back when the call settles (a spinner's stop), whether it succeeds or fails.

describe("noticeWhenSlow", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const after = <T>(ms: number, v: T, fail = false) => new Promise<T>((res, rej) => setTimeout(() => (fail ? rej(new Error("x")) : res(v)), ms));

  it.each([
    ["fast", 999, 0],
    ["slow", 1001, 1],
    ["very slow", 60_000, 1],
  ])("%s call (%i ms): %i notice(s)", async (_, ms, notices) => {
    const show = vi.fn();
    const p = noticeWhenSlow(() => after(ms, "ok"), show);
    await vi.advanceTimersByTimeAsync(ms);
    await expect(p).resolves.toBe("ok");
    await vi.advanceTimersByTimeAsync(5000);
    expect(show).toHaveBeenCalledTimes(notices);
  });

  it("stops what it showed when the call fails, and passes the failure on", async () => {
    const stop = vi.fn();
    const p = noticeWhenSlow(() => after(1500, "x", true), () => stop);
    const settled = expect(p).rejects.toThrow("x");
    await vi.advanceTimersByTimeAsync(1500);
    await settled;
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("without a place to show it, just runs the work", async () => {
    const p = noticeWhenSlow(() => after(2000, 7), undefined);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(p).resolves.toBe(7);
  });
});

describe("slowNotice: how a slow wait shows", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const sink = (env: Record<string, string>, stderrIsTTY: boolean | undefined, stderrColumns?: number) => {
    let err = "";
    const lines: string[] = [];
    return { w: { env, stderr: { write: (s: string) => void (err += s) }, stderrIsTTY, stderrColumns }, err: () => err, lines, line: (l: string) => void lines.push(l) };
  };

  it.each<[string, Record<string, string>, boolean | undefined, boolean]>([
    ["a terminal", {}, true, true],
    ["a terminal with NO_COLOR (a spinner is not colour)", { NO_COLOR: "1" }, true, true],
    ["TERM=dumb", { TERM: "dumb" }, true, false],
    ["a pipe or file", {}, false, false],
    ["unknown", {}, undefined, false],
  ])("stderr is %s: spinner=%s", async (_, env, tty, spins) => {
    const s = sink(env, tty);
    const p = noticeWhenSlow(() => new Promise((r) => setTimeout(() => r("ok"), 1600)), () => slowNotice(s.w, s.line)("awsmfa: waiting for https://sts.example…"));
    await vi.advanceTimersByTimeAsync(1600);
    await expect(p).resolves.toBe("ok");
    await vi.advanceTimersByTimeAsync(1000); // nothing more once it settled
    if (spins) {
      expect(s.lines).toEqual([]);
      const frames = s.err().split(CLEAR_LINE).filter(Boolean);
      // Drawn at 1 s, then every 100 ms until 1.6 s: about six frames, each a different dot.
      expect(frames.length).toBeGreaterThanOrEqual(5);
      expect(frames.length).toBeLessThanOrEqual(8);
      frames.forEach((f, i) => expect(f).toBe(`${SPINNER_FRAMES[i % SPINNER_FRAMES.length]} awsmfa: waiting for https://sts.example…`));
      expect(s.err().endsWith(CLEAR_LINE)).toBe(true); // erased: nothing remains on the line
      expect(s.err()).not.toContain("\n");
    } else {
      expect(s.err()).toBe(""); // not one spinner byte
      expect(s.lines).toEqual(["awsmfa: waiting for https://sts.example…"]);
    }
  });

  it("a wait on another awsmfa never animates (it may be prompting on this terminal)", async () => {
    const s = sink({}, true);
    slowNotice(s.w, s.line, { animate: false })("another awsmfa is renewing…");
    await vi.advanceTimersByTimeAsync(500);
    expect(s.err()).toBe("");
    expect(s.lines).toEqual(["another awsmfa is renewing…"]);
  });

  it("keeps to one row of a narrow terminal (a wrapped line cannot be redrawn with \\r)", () => {
    const s = sink({}, true, 30);
    const stop = slowNotice(s.w, s.line)("awsmfa: waiting for https://sts.us-east-1.amazonaws.com…") as () => void;
    stop();
    const frame = s.err().split(CLEAR_LINE).filter(Boolean)[0]!;
    expect([...frame].length).toBeLessThan(30);
    expect(frame).toBe("⠋ awsmfa: waiting for https:…");
  });
});
