import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { noticeWhenSlow } from "../../../src/ports/slow.js";

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
