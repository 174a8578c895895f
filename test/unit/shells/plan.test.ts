import { msg } from "../../../src/core/errors.js";
import { describe, expect, it } from "vitest";
import type { Dotfile } from "../../../src/core/dotfile.js";
import { planEnv, planExpiry, type FileView, type ParseFailure } from "../../../src/shells/plan.js";

const file = (trust: "allowed" | "denied" | "notallowed", parsed: Dotfile | ParseFailure = { profile: "work", warnings: [] }): FileView => ({
  kind: "present",
  path: "/p/.awsmfa",
  trust,
  key: "K1",
  parsed,
});

describe("planEnv", () => {
  it("applies a trusted file and records its key", () => {
    const p = planEnv({ file: file("allowed", { profile: "work", region: "eu-west-1", warnings: [] }), applied: "", seenFile: "" });
    expect(p.action).toEqual({ kind: "apply", profile: "work", region: "eu-west-1" });
    expect(p.applied).toBe("K1");
    expect(p.activeProfile).toBe("work");
    expect(p.notices).toEqual([]);
  });
  it("does nothing in a sub-folder of the same file (sub-folders inherit; no re-apply over manual changes)", () => {
    expect(planEnv({ file: file("allowed"), applied: "K1", seenFile: "" }).action).toEqual({ kind: "none" });
  });
  it("warns about unknown keys once", () => {
    const f = file("allowed", { profile: "work", warnings: [msg("dotfile.fileLineUnknownKey", { file: "/p/.awsmfa", line: 2, key: "x" })] });
    const first = planEnv({ file: f, applied: "", seenFile: "" });
    expect(first.notices).toEqual(["awsmfa: /p/.awsmfa:2: unknown key 'x' ignored"]);
    expect(planEnv({ file: f, applied: "K1", seenFile: first.seenFile }).notices).toEqual([]);
  });
  it("an untrusted file applies nothing and prints the hint once per entering", () => {
    const p = planEnv({ file: file("notallowed"), applied: "", seenFile: "" });
    expect(p.action).toEqual({ kind: "none" });
    expect(p.notices).toEqual(["awsmfa: /p/.awsmfa is not allowed; run 'awsmfa allow' to trust it"]);
    expect(planEnv({ file: file("notallowed"), applied: "", seenFile: p.seenFile }).notices).toEqual([]);
    // leaving resets the seen key, so coming back prints again
    expect(planEnv({ file: { kind: "none" }, applied: "", seenFile: p.seenFile }).seenFile).toBe("");
  });
  it("editing an applied file withdraws it", () => {
    const p = planEnv({ file: file("notallowed"), applied: "K0", seenFile: "", outerProfile: "" });
    expect(p.action).toEqual({ kind: "restore" });
    expect(p.applied).toBe("");
    expect(p.notices).toHaveLength(1);
  });
  it("a file no allow can fix (too large) says so once, trusted or not, and applies nothing; denied stays quiet", () => {
    const big = { error: "/p/.awsmfa: larger than 8 KiB; an .awsmfa file holds a few lines, so it is ignored", refused: true };
    for (const trust of ["notallowed", "allowed"] as const) {
      const p = planEnv({ file: file(trust, big), applied: "", seenFile: "" });
      expect(p.action).toEqual({ kind: "none" });
      expect(p.notices).toEqual([`awsmfa: ${big.error}`]);
      expect(planEnv({ file: file(trust, big), applied: "", seenFile: p.seenFile }).notices).toEqual([]);
    }
    expect(planEnv({ file: file("denied", big), applied: "", seenFile: "" }).notices).toEqual([]);
  });
  it("a denied file withdraws quietly", () => {
    const p = planEnv({ file: file("denied"), applied: "K1", seenFile: "", outerProfile: "prev" });
    expect(p).toMatchObject({ action: { kind: "restore" }, notices: [], activeProfile: "prev" });
  });
  it("a trusted but invalid file withdraws and says why once", () => {
    const f = file("allowed", { error: "/p/.awsmfa:1: bad" });
    const p = planEnv({ file: f, applied: "K0", seenFile: "" });
    expect(p.action).toEqual({ kind: "restore" });
    expect(p.notices).toEqual(["awsmfa: /p/.awsmfa:1: bad"]);
    expect(planEnv({ file: f, applied: "", seenFile: p.seenFile }).notices).toEqual([]);
  });
  it("leaving restores, and the active profile is the one from before", () => {
    expect(planEnv({ file: { kind: "none" }, applied: "K1", seenFile: "", envProfile: "work", outerProfile: "home" })).toMatchObject({
      action: { kind: "restore" },
      activeProfile: "home",
    });
    expect(planEnv({ file: { kind: "none" }, applied: "K1", seenFile: "", envProfile: "work", outerProfile: "" }).activeProfile).toBeUndefined();
    expect(planEnv({ file: { kind: "none" }, applied: "", seenFile: "", envProfile: "ambient" }).activeProfile).toBe("ambient");
  });
});

describe("planExpiry", () => {
  const now = new Date("2030-01-01T12:00:00Z");
  const at = (min: number) => new Date(now.getTime() + min * 60_000);
  it("says nothing while more than 10 minutes are left, and re-checks when 10 are left", () => {
    const p = planExpiry("work", at(60), now, "");
    expect(p).toEqual({ seenExp: "work:ok", checkAt: at(50).getTime() / 1000 });
  });
  it("warns once when it expires within 10 minutes, then re-checks at expiry", () => {
    const p = planExpiry("work", at(7.5), now, "work:ok");
    expect(p.notice).toBe("awsmfa: session for work expires in 8 min — run 'awsmfa login'");
    expect(p.checkAt).toBe(at(7.5).getTime() / 1000);
    expect(planExpiry("work", at(5), now, p.seenExp).notice).toBeUndefined();
  });
  it("warns once when expired, and stops re-checking", () => {
    const p = planExpiry("work", at(-1), now, "work:soon");
    expect(p.notice).toBe("awsmfa: session for work has expired — run 'awsmfa login'");
    expect(p.checkAt).toBeUndefined();
    expect(planExpiry("work", at(-2), now, p.seenExp).notice).toBeUndefined();
  });
  it("a renewed session resets the state, so the next expiry warns again", () => {
    expect(planExpiry("work", at(600), now, "work:expired")).toMatchObject({ seenExp: "work:ok" });
    expect(planExpiry("work", at(3), now, "work:ok").notice).toContain("expires in 3 min");
  });
  it("no session or no profile: silent", () => {
    expect(planExpiry("work", undefined, now, "")).toEqual({ seenExp: "work:none" });
    expect(planExpiry(undefined, at(1), now, "")).toEqual({ seenExp: "" });
  });
});
