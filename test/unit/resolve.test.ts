import { describe, expect, it } from "vitest";
import { AwsMfaError, EXIT } from "../../src/core/errors.js";
import { parseIni } from "../../src/core/ini.js";
import { readLongTermKey, type IniReader } from "../../src/core/profile.js";
import { listedPlans, mfaCacheId, mfaSourceName, planProfileNames, resolvePlan, roleCacheId, type Plan } from "../../src/core/resolve.js";
import { IniIndex } from "../../src/core/ini-scan.js";
import { REFRESH_MARGIN_MS, refreshMarginMs, sessionState } from "../../src/core/session.js";

// The resolver, table-driven: (config, profile name) → one plan. Every command runs on this plan,
// so a row here is a promise to all of them.

const SERIAL = "arn:aws:iam::123456789012:mfa/alice";
const ROLE = "arn:aws:iam::123456789012:role/ops";
const CONFIG = `[profile work]
mfa_serial = ${SERIAL}
region = eu-west-1
duration_seconds = 3600

[profile proc]
mfa_serial = ${SERIAL}
credential_process = awsmfa credential-process --profile proc
awsmfa_source = keyring

[profile ops]
role_arn = ${ROLE}
source_profile = work
external_id = ext-1

[profile ops-named]
role_arn = ${ROLE}
source_profile = proc
role_session_name = alice
region = us-west-2

[profile ops-long]
role_arn = ${ROLE}
source_profile = work
duration_seconds = 7200

[profile plain]
region = us-east-1

[profile orphan]
role_arn = ${ROLE}

[profile self]
role_arn = ${ROLE}
source_profile = self

[profile chained]
role_arn = ${ROLE}
source_profile = ops

[profile to-plain]
role_arn = ${ROLE}
source_profile = plain

[profile badsrc]
mfa_serial = ${SERIAL}
awsmfa_source = floppy
`;
const config = parseIni(CONFIG, "/x/config", "config");
const plan = (name: string) => resolvePlan({ config, name, configFile: "/x/config" });

describe("resolvePlan", () => {
  it.each<[string, Partial<Plan> & Record<string, unknown>]>([
    ["work", { name: "work", serial: SERIAL, mode: "file", region: "eu-west-1", key: { source: "credentials", account: "work" }, role: undefined, roleNeedsOwnCode: false }],
    ["proc", { name: "proc", mode: "process", region: undefined, key: { source: "keyring", account: "proc" }, roleNeedsOwnCode: false }],
    // A role takes device, key account, mode and (without its own) region from its source profile.
    ["ops", { name: "ops", serial: SERIAL, mode: "file", region: "eu-west-1", key: { source: "credentials", account: "work" }, roleNeedsOwnCode: false }],
    ["ops-named", { name: "ops-named", mode: "process", region: "us-west-2", key: { source: "keyring", account: "proc" } }],
    ["ops-long", { roleNeedsOwnCode: true }],
  ])("%s", (name, want) => {
    expect(plan(name)).toMatchObject(want);
  });

  it("reads the role's settings, with a default session name naming the source", () => {
    expect(plan("ops").role).toEqual({ roleArn: ROLE, sourceProfile: "work", roleSessionName: "awsmfa-work", externalId: "ext-1", durationSeconds: undefined, region: undefined });
    expect(plan("ops-named").role).toMatchObject({ sourceProfile: "proc", roleSessionName: "alice", region: "us-west-2" });
    expect(plan("ops-long").role?.durationSeconds).toBe(7200);
    expect(plan("ops").mfa.name).toBe("work");
  });

  it.each([
    ["plain", "MissingMfaSerial", "/x/config: [profile plain] has no mfa_serial"],
    ["to-plain", "MissingMfaSerial", "/x/config: [profile plain] (the source_profile of [profile to-plain]) has no mfa_serial"],
    ["orphan", "MalformedFile", "/x/config: [profile orphan] has role_arn but no source_profile"],
    ["self", "MalformedFile", "/x/config: [profile self]: source_profile names the profile itself"],
    ["chained", "MalformedFile", "/x/config: [profile chained]: source_profile ops is a role profile itself"],
    ["badsrc", "MalformedFile", "/x/config: profile badsrc: awsmfa_source 'floppy' must be credentials, keyring or file"],
    ["nosuch", "MissingMfaSerial", "/x/config: [profile nosuch] has no mfa_serial"],
  ])("%s → %s", (name, code, message) => {
    try {
      plan(name);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AwsMfaError);
      expect((e as AwsMfaError).code).toBe(code);
      expect((e as AwsMfaError).message).toBe(message);
      expect((e as AwsMfaError).exitCode).toBe(EXIT.config);
    }
  });
});

describe("cache identity", () => {
  it("an MFA session is keyed by the device alone: profiles on one device share it, whatever their key", () => {
    expect(plan("work").cache.mfa).toBe(mfaCacheId(SERIAL));
    expect(plan("proc").cache.mfa).toBe(plan("work").cache.mfa);
    expect(plan("ops").cache.mfa).toBe(plan("work").cache.mfa);
    expect(mfaCacheId("arn:aws:iam::123456789012:mfa/bob")).not.toBe(mfaCacheId(SERIAL));
    expect(plan("work").cache.role).toBeUndefined();
    expect(plan("work").cache.mfa).toMatch(/^[0-9a-f]{32}$/);
  });

  it("a role session is keyed by device, role, session name, external id and duration", () => {
    const ops = plan("ops").role!;
    const ids = new Set([
      roleCacheId(SERIAL, ops),
      roleCacheId("arn:aws:iam::123456789012:mfa/bob", ops),
      roleCacheId(SERIAL, { ...ops, roleArn: "arn:aws:iam::123456789012:role/other" }),
      roleCacheId(SERIAL, { ...ops, roleSessionName: "x" }),
      roleCacheId(SERIAL, { ...ops, externalId: undefined }),
      roleCacheId(SERIAL, { ...ops, durationSeconds: 1800 }),
      plan("work").cache.mfa,
    ]);
    expect(ids.size).toBe(7);
    expect(plan("ops").cache.role).toBe(roleCacheId(SERIAL, ops));
  });
});

describe("planProfileNames and mfaSourceName", () => {
  it("lists MFA profiles and the roles whose source is one", () => {
    expect(planProfileNames(config)).toEqual(["work", "proc", "ops", "ops-named", "ops-long", "badsrc"]);
  });
  it.each([
    ["ops", "work"],
    ["work", "work"],
    ["orphan", "orphan"],
    ["plain", "plain"],
  ])("%s → %s", (name, want) => expect(mfaSourceName(config, name)).toBe(want));
});

describe("listedPlans (status: each profile resolved once)", () => {
  // What status listed before: the profiles with an mfa_serial and the roles whose source has one
  // (planProfileNames as first written, a filter of independent lookups), each resolved on its own.
  const listed = (cfg: IniReader) => {
    const hasSerial = (p: string) => !!cfg.get(p, "mfa_serial")?.trim();
    return cfg.profiles().filter((p) => {
      if (!cfg.get(p, "role_arn")?.trim()) return hasSerial(p);
      const src = cfg.get(p, "source_profile")?.trim();
      return !!src && src !== p && hasSerial(src) && !cfg.get(src, "role_arn")?.trim();
    });
  };
  const oneByOne = (cfg: IniReader) => listed(cfg).map((name) => resolvePlan({ config: cfg, name, configFile: "/x/config" }));
  const comparable = (p: Plan) => ({ ...p, cache: { mfa: p.cache.mfa, role: p.cache.role } });

  it("gives the plans of the listed names, in order, with the same cache ids", () => {
    const fine = parseIni(CONFIG.replace(/\[profile badsrc\][^[]*/, ""), "/x/config", "config");
    const got = [...listedPlans(fine, "/x/config")];
    expect(got.map((p) => p.name)).toEqual(listed(fine));
    expect(planProfileNames(fine)).toEqual(listed(fine));
    expect(got.map(comparable)).toEqual(oneByOne(fine).map(comparable));
  });

  it("on generated configs (roles of roles, self-sources, sources without a device, repeats), read through IniIndex too", () => {
    for (let seed = 1; seed <= 30; seed++) {
      let x = seed;
      const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
      const names = Array.from({ length: 12 }, (_, i) => `p${i}`);
      const lines: string[] = [];
      for (let i = 0; i < 16; i++) {
        const name = names[rnd(names.length)]!;
        lines.push(`[profile ${name}]`);
        if (rnd(3) === 0) lines.push(`mfa_serial = arn:aws:iam::123456789012:mfa/d${rnd(3)}`);
        if (rnd(2) === 0) lines.push(`role_arn = arn:aws:iam::123456789012:role/r${rnd(3)}`);
        if (rnd(2) === 0) lines.push(`source_profile = ${names[rnd(names.length)]}`);
        if (rnd(4) === 0) lines.push(`role_session_name = s${rnd(2)}`);
      }
      const text = lines.join("\n") + "\n";
      for (const cfg of [parseIni(text, "/x/config", "config"), new IniIndex(text, "/x/config", "config")]) {
        expect(planProfileNames(cfg)).toEqual(listed(cfg));
        let want: unknown, got: unknown;
        try {
          want = oneByOne(cfg).map(comparable);
        } catch (e) {
          want = String(e);
        }
        try {
          got = [...listedPlans(cfg, "/x/config")].map(comparable);
        } catch (e) {
          got = String(e);
        }
        expect(got, text).toEqual(want);
      }
    }
  });

  // Issue 11: status reads every profile through IniIndex's one pass over the sections
  // (profileValues, values) rather than by name and key. The reference here is the document model
  // of the same text, asked key by key (config.get), as the resolver read every profile before.
  it("through IniIndex, answers as the document model asked key by key does, on generated configs (600 documents)", () => {
    const pick = <T>(rnd: (n: number) => number, xs: readonly T[]) => xs[rnd(xs.length)]!;
    let runs = 0;
    for (let seed = 1; seed <= 600; seed++) {
      let x = seed;
      const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), Math.floor((x / 2147483648) * n));
      const names = ["default", "a", "b", "c", "d-long-term", "e"];
      const eol = rnd(4) === 0 ? "\r\n" : "\n";
      const lines: string[] = rnd(2) ? ["# generated", ""] : [];
      const settings = [
        () => `mfa_serial = arn:aws:iam::123456789012:mfa/d${rnd(3)}`,
        () => `MFA_Serial=arn:aws:iam::123456789012:mfa/d${rnd(2)}   # inline`,
        () => `role_arn = arn:aws:iam::12345678901${rnd(3)}:role/r${rnd(3)}`,
        () => `Role_ARN:arn:aws:iam::123456789012:role/x ;c`,
        () => `source_profile = ${pick(rnd, names)}`,
        () => `source_profile =   ${pick(rnd, names)}  `,
        () => `role_session_name = ${pick(rnd, ["s1", "", "s 2"])}`,
        () => `external_id = ${pick(rnd, ["x1", "", "#not-a-comment"])}`,
        () => `duration_seconds = ${pick(rnd, ["900", "3600", "7200", "899", "43201", "1e3", ""])}`,
        () => `region = ${pick(rnd, ["eu-west-1", "us-east-1", "", "Not A Region"])}`,
        () => `awsmfa_source = ${pick(rnd, ["credentials", "keyring", "file", "floppy"])}`,
        () => `credential_process = ${pick(rnd, ["awsmfa credential-process", ""])}`,
        () => `mfa_process = ${pick(rnd, ["otp", ""])}`,
        () => `  continued = line`,
        () => `; comment`,
        () => ``,
      ];
      for (let i = 0, n = 1 + rnd(9); i < n; i++) {
        const name = pick(rnd, names);
        const spelled = name === "default" && rnd(2) ? "[default]" : `[profile ${name}]`;
        lines.push(rnd(6) === 0 ? `  ${spelled} # c` : spelled);
        for (let j = 0, m = rnd(6); j < m; j++) lines.push(pick(rnd, settings)());
      }
      const text = lines.join(eol) + eol;
      const doc = parseIni(text, "/x/config", "config");
      const index = new IniIndex(text, "/x/config", "config");
      const outcome = (f: () => unknown) => {
        try {
          return f();
        } catch (e) {
          return String(e);
        }
      };
      const want = outcome(() => listed(doc).map((name) => comparable(resolvePlan({ config: doc, name, configFile: "/x/config" }))));
      expect(outcome(() => [...listedPlans(index, "/x/config")].map(comparable)), text).toEqual(want);
      expect(planProfileNames(index), text).toEqual(listed(doc));
      // The one pass gives every profile, in order, with exactly the values get answers.
      const keys = ["mfa_serial", "role_arn", "source_profile", "region", "duration_seconds", "continued", "external_id", "nope"];
      const pass = [...index.profileValues()];
      expect(pass.map(({ profile }) => profile), text).toEqual(doc.profiles());
      for (const { profile: p, values } of pass) for (const k of keys) expect(values.get(k), `${p}.${k} in ${text}`).toBe(doc.get(p, k));
      for (const p of doc.profiles()) expect(outcome(() => comparable(resolvePlan({ config: index, name: p, configFile: "/x/config" }))), text).toEqual(outcome(() => comparable(resolvePlan({ config: doc, name: p, configFile: "/x/config" }))));
      runs++;
    }
    expect(runs).toBe(600);
  });

  it("a listed profile that does not resolve throws as resolvePlan does", () => {
    expect(() => [...listedPlans(config, "/x/config")]).toThrow(/awsmfa_source|floppy/);
    expect(() => [...listedPlans(config, "/x/config")]).toThrow(String(captured(() => plan("badsrc"))));
  });
});

const captured = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
};

describe("refresh margin", () => {
  it.each([
    [undefined, REFRESH_MARGIN_MS],
    [12 * 3600_000, 15 * 60_000],
    [3600_000, 15 * 60_000],
    [1800_000, 450_000],
    [900_000, 225_000],
    [0, REFRESH_MARGIN_MS],
  ])("lifetime %s ms → %s ms", (lifetime, margin) => expect(refreshMarginMs(lifetime)).toBe(margin));

  it("a fresh 900 s session is valid, not expiring (defect: every call renewed it)", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const exp = new Date(now.getTime() + 890_000);
    expect(sessionState(exp, now, 900_000).kind).toBe("valid");
    expect(sessionState(exp, now).kind).toBe("expiring"); // the old rule, lifetime unknown
    expect(sessionState(new Date(now.getTime() + 200_000), now, 900_000).kind).toBe("expiring");
  });
});

describe("duplicate [P-long-term] sections", () => {
  const creds = (text: string) => parseIni(text, "/x/credentials", "credentials");
  it("are refused with both line numbers, not merged", () => {
    const doc = creds(
      "[work-long-term]\naws_access_key_id = AKIAOLDOLDOLDOLD0000\naws_secret_access_key = old\n\n[other]\nx = 1\n\n[work-long-term]\naws_access_key_id = AKIANEWNEWNEWNEW0000\n",
    );
    try {
      readLongTermKey(doc, "work", "/x/credentials");
      expect.unreachable();
    } catch (e) {
      expect((e as AwsMfaError).code).toBe("MalformedFile");
      expect((e as AwsMfaError).exitCode).toBe(EXIT.config);
      expect((e as AwsMfaError).message).toBe("/x/credentials: [work-long-term] appears twice (lines 1 and 8); which long-term key is meant?");
    }
  });
  it("one section reads as before", () => {
    const doc = creds("[work-long-term]\naws_access_key_id = AKIAOLDOLDOLDOLD0000\naws_secret_access_key = old\n");
    expect(readLongTermKey(doc, "work", "/x/credentials")).toEqual({ accessKeyId: "AKIAOLDOLDOLDOLD0000", secretAccessKey: "old" });
  });
});
