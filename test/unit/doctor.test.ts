import { describe, expect, it } from "vitest";
import {
  anyFailed,
  checkAwsCli,
  checkClock,
  checkEnvKeys,
  checkHook,
  checkKeySources,
  checkModes,
  checkNode,
  checkProfileVars,
  checkSessions,
  checkStaticKeys,
  doctorProfile,
  profilesInScope,
  renderChecks,
  skewFromDate,
  stsEndpointFor,
  type Check,
  type OpenedKey,
  type PathFacts,
} from "../../src/core/doctor.js";
import { parseIni } from "../../src/core/ini.js";

// Pure doctor checks, table by table: each row is one situation a user can be in.

const ini = (text: string, kind: "config" | "credentials") => parseIni(text, kind === "config" ? "/c" : "/k", kind);
const FILES = { config: "/h/.aws/config", credentials: "/h/.aws/credentials" };
const SERIAL = "arn:aws:iam::123456789012:mfa/alice";
const pick = (c: Check) => ({ status: c.status, message: c.message, fix: c.fix });

describe("profile walk", () => {
  const config = ini(
    `[profile work]\nmfa_serial = ${SERIAL}\nregion = eu-west-1\n[profile proc]\nmfa_serial = ${SERIAL}\nawsmfa_source = keyring\ncredential_process = x\n` +
      `[profile ops]\nrole_arn = arn:aws:iam::1:role/ops\nsource_profile = work\n[profile plain]\nregion = us-west-2\n[default]\nregion = ap-south-1\n`,
    "config",
  );
  it.each([
    ["work", { name: "work", mode: "file", mfaSource: "work", serial: SERIAL, keySource: "credentials", region: "eu-west-1" }],
    ["proc", { name: "proc", mode: "process", mfaSource: "proc", serial: SERIAL, keySource: "keyring", region: undefined }],
    ["ops", { name: "ops", mode: "role", mfaSource: "work", serial: SERIAL, keySource: "credentials", region: "eu-west-1" }],
    ["plain", { name: "plain", mode: "file", region: "us-west-2" }],
    ["missing", { name: "missing", mode: "file", region: undefined }],
  ])("%s", (name, want) => expect(doctorProfile(config, name)).toEqual(want));

  it.each([
    [undefined, "default", ["default", "work", "proc", "ops"]],
    [undefined, "plain", ["plain", "work", "proc", "ops"]],
    [undefined, "work", ["work", "proc", "ops"]],
    [undefined, "nosuch", ["work", "proc", "ops"]],
    ["plain", "work", ["plain"]],
  ])("scope with --profile %s, active %s", (flag, active, want) => expect(profilesInScope(config, flag, active)).toEqual(want));
});

describe("static keys beat credential_process", () => {
  const config = ini(`[profile a]\ncredential_process = x\n[profile b]\ncredential_process = x\n[profile c]\nregion = us-east-1\n`, "config");
  it.each([
    ["no keys in [a]", "", ["a"], [{ status: "pass", message: expect.stringContaining("a: credential_process is used") }]],
    ["a session in [a]", "[a]\naws_access_key_id = ASIAEXAMPLE\n", ["a"], [{ status: "fail", message: expect.stringContaining("holds static keys"), fix: expect.stringContaining("awsmfa logout --profile a") }]],
    ["a long-term key in [b]", "[b]\naws_access_key_id = AKIAEXAMPLE\n", ["b"], [{ status: "fail", message: expect.stringContaining("holds a long-term key"), fix: expect.stringContaining("awsmfa setup --profile b") }]],
    ["keys in [c], no credential_process", "[c]\naws_access_key_id = AKIAEXAMPLE\n", ["c"], [{ status: "pass", message: "no profile in scope uses credential_process" }]],
    ["one of two", "[b]\naws_access_key_id = ASIA1\n", ["a", "b"], [{ status: "pass" }, { status: "fail" }]],
  ])("%s", (_, credText, profiles, want) => {
    expect(checkStaticKeys(config, ini(credText as string, "credentials"), profiles as string[], FILES)).toMatchObject(want as object[]);
  });
});

describe("environment keys", () => {
  const NOW = new Date("2026-11-25T12:00:00Z");
  const SESSION = { AWS_ACCESS_KEY_ID: "ASIA1", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t", AWS_CREDENTIAL_EXPIRATION: "2026-11-25T13:00:00.000Z" };
  it.each([
    ["none", {}, "pass", "no AWS keys in the environment", null],
    ["token alone", { AWS_SESSION_TOKEN: "t" }, "pass", "AWS_SESSION_TOKEN is set alone: ignored without a key", null],
    ["both keys", { AWS_ACCESS_KEY_ID: "AKIA1", AWS_SECRET_ACCESS_KEY: "s" }, "fail", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set in the environment: the AWS CLI and SDKs use them, not profile work", "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"],
    ["id alone", { AWS_ACCESS_KEY_ID: "AKIA1" }, "fail", "AWS_ACCESS_KEY_ID is set in the environment: the AWS CLI and SDKs use it, not profile work", "unset AWS_ACCESS_KEY_ID"],
    ["inside awsmfa exec", { ...SESSION, AWSMFA_EXEC: "work" }, "warn", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN hold awsmfa's session for work: they beat AWS_PROFILE and any --profile", "exit the 'awsmfa exec' shell to use profiles again"],
    ["from awsmfa env", { ...SESSION, AWSMFA_PROFILE: "work" }, "warn", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN hold awsmfa's session for work: they beat AWS_PROFILE and any --profile", "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CREDENTIAL_EXPIRATION"],
    ["from awsmfa env, expired", { ...SESSION, AWS_CREDENTIAL_EXPIRATION: "2026-11-25T11:00:00.000Z", AWSMFA_PROFILE: "work" }, "fail", "the session for work in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN expired at 2026-11-25T11:00:00.000Z: AWS calls fail with ExpiredToken", `eval "$(awsmfa env --profile work)"`],
    ["inside awsmfa exec, expired", { ...SESSION, AWS_CREDENTIAL_EXPIRATION: "2026-11-25T11:00:00.000Z", AWSMFA_EXEC: "work" }, "fail", "the session for work in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN expired at 2026-11-25T11:00:00.000Z: AWS calls fail with ExpiredToken", "exit this 'awsmfa exec' shell and start it again"],
    // The hook exports AWSMFA_PROFILE without keys: a user's own long-term key beside it is still a trap.
    ["hook's AWSMFA_PROFILE beside a stray key", { AWS_ACCESS_KEY_ID: "AKIA1", AWS_SECRET_ACCESS_KEY: "s", AWSMFA_PROFILE: "work" }, "fail", "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set in the environment: the AWS CLI and SDKs use them, not profile work", "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY"],
  ])("%s", (_, env, status, message, fix) => expect(pick(checkEnvKeys(env, "work", NOW))).toEqual({ status, message, fix }));

  it("never prints a key's value", () => {
    const c = checkEnvKeys({ AWS_ACCESS_KEY_ID: "AKIASECRETID", AWS_SECRET_ACCESS_KEY: "wJalrSECRET" }, "work", NOW);
    expect(JSON.stringify(c)).not.toMatch(/AKIASECRETID|wJalrSECRET/);
  });
});

describe("profile variables", () => {
  const known = ["default", "work", "ops"];
  it.each([
    ["none", {}, [["pass", "no profile variable set: tools use default"]]],
    ["AWS_PROFILE only", { AWS_PROFILE: "work" }, [["pass", "AWS_PROFILE=work"]]],
    ["both agree", { AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "work" }, [["pass", "AWS_PROFILE=work and AWS_DEFAULT_PROFILE agree"]]],
    ["they differ", { AWS_PROFILE: "work", AWS_DEFAULT_PROFILE: "ops" }, [["fail", "AWS_PROFILE=work but AWS_DEFAULT_PROFILE=ops: the AWS CLI and boto3 use ops, the JS SDK uses work"]]],
    ["default only", { AWS_DEFAULT_PROFILE: "ops" }, [["warn", "AWS_DEFAULT_PROFILE=ops without AWS_PROFILE: the JS SDK ignores it and uses default"]]],
    ["unknown profile", { AWS_PROFILE: "nope" }, [["fail", "AWS_PROFILE=nope names a profile that is in neither AWS file"]]],
    ["default needs no section", { AWS_PROFILE: "default" }, [["pass", "AWS_PROFILE=default"]]],
  ])("%s", (_, env, want) => {
    expect(checkProfileVars(env, known, FILES).map((c) => [c.status, c.message])).toEqual(want);
  });
  it.each([
    ["work", [["pass", "no profile variable set: tools use default"]]],
    ["default", [["pass", "no profile variable set: tools use default"]]],
    ["nosuch", [["fail", "--profile nosuch names a profile that is in neither AWS file"]]],
  ])("--profile %s", (flag, want) => {
    expect(checkProfileVars({}, known, FILES, flag).map((c) => [c.status, c.message])).toEqual(want);
  });
});

describe("file modes", () => {
  const f = (role: PathFacts["role"], mode: number | undefined, extra: Partial<PathFacts> = {}): PathFacts => ({ role, path: `/x/${role}`, ...(mode === undefined ? {} : { mode }), isDir: role === "cache" || role === "key store", ...extra });
  it.each([
    ["credentials 0600", f("credentials", 0o600), "pass", "credentials /x/credentials: mode 600", null],
    ["credentials 0644", f("credentials", 0o644), "fail", "credentials /x/credentials: mode 644, readable by other users", "chmod 600 /x/credentials"],
    ["credentials 0640", f("credentials", 0o640), "warn", "credentials /x/credentials: mode 640, readable by the group", "chmod 600 /x/credentials"],
    ["credentials missing", f("credentials", undefined), "warn", "credentials /x/credentials: does not exist", "aws configure, then awsmfa setup   (stores a key, then protects it)"],
    ["config missing", f("config", undefined), "warn", "config /x/config: does not exist", "awsmfa setup   (creates a profile)"],
    ["config 0644", f("config", 0o644), "pass", "config /x/config: mode 644", null],
    ["config 0666", f("config", 0o666), "fail", "config /x/config: mode 666, others can write it", "chmod 600 /x/config"],
    ["config 0664", f("config", 0o664), "fail", "config /x/config: mode 664, others can write it", "chmod 600 /x/config"],
    ["cache 0700", f("cache", 0o700), "pass", "cache /x/cache: mode 700", null],
    ["cache 0755", f("cache", 0o755), "fail", "cache /x/cache: mode 755, readable by other users", "chmod 700 /x/cache"],
    ["cache with a loose session", f("cache", 0o700, { looseChildren: [{ path: "/x/cache/sessions/a.json", mode: 0o644 }] }), "fail", "cache /x/cache/sessions/a.json: mode 644, readable by other users", "chmod 600 /x/cache/sessions/a.json"],
    ["cache with a group-readable session", f("cache", 0o700, { looseChildren: [{ path: "/x/cache/sessions/b.json", mode: 0o640 }] }), "fail", "cache /x/cache/sessions/b.json: mode 640, readable by the group", "chmod 600 /x/cache/sessions/b.json"],
    ["cache left by sudo", f("cache", 0o700, { uid: 0, homeUid: 1000 }), "fail", "cache /x/cache: owned by uid 0, not by the owner of HOME (uid 1000); awsmfa cannot update it", "sudo chown -R 1000 /x/cache"],
    ["cache owned by HOME's owner", f("cache", 0o700, { uid: 1000, homeUid: 1000 }), "pass", "cache /x/cache: mode 700", null],
    ["key store missing", f("key store", undefined), "pass", "key store /x/key store: does not exist (yet)", null],
    ["key store 0750", f("key store", 0o750), "warn", "key store /x/key store: mode 750, readable by the group", "chmod 700 /x/key store"],
  ])("%s", (_, facts, status, message, fix) => expect(pick(checkModes([facts], "linux")[0]!)).toEqual({ status, message, fix }));

  it("skips on Windows, where mode bits say nothing", () => {
    expect(checkModes([f("credentials", 0o666)], "win32").map((c) => c.status)).toEqual(["skip"]);
  });
});

describe("key sources", () => {
  const config = ini(
    `[profile work]\nmfa_serial = ${SERIAL}\n[profile ops]\nrole_arn = r\nsource_profile = work\n[profile kr]\nmfa_serial = ${SERIAL}\nawsmfa_source = keyring\n[profile bad]\nmfa_serial = ${SERIAL}\nawsmfa_source = vault\n[profile plain]\n`,
    "config",
  );
  const profiles = (...names: string[]) => names.map((n) => doctorProfile(config, n));
  const good = ini("[work-long-term]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = SECRETVALUE\n", "credentials");
  it.each<[string, string[], string, Map<string, OpenedKey>, Array<[string, string]>]>([
    ["credentials: present (role shares it)", ["work", "ops"], "[work-long-term]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = SECRETVALUE\n", new Map(), [["pass", "work: long-term key in [work-long-term] of /k"]]],
    ["credentials: secret missing", ["work"], "[work-long-term]\naws_access_key_id = AKIAEXAMPLE\n", new Map(), [["fail", "work: /k: no long-term key in [work-long-term]"]]],
    ["credentials: key still in [work]", ["work"], "[work]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s\n", new Map(), [["fail", "work: /k: no long-term key in [work-long-term] (there is one in [work])"]]],
    ["keyring, not asked", ["kr"], "", new Map(), [["skip", "kr: key in the keyring store not checked (opening it may ask for a password)"]]],
    ["keyring, found", ["kr"], "", new Map([["kr", { found: true, where: "keyring awsmfa/kr" }]]), [["pass", "kr: long-term key in keyring awsmfa/kr"]]],
    ["keyring, empty", ["kr"], "", new Map([["kr", { found: false, where: "keyring awsmfa/kr" }]]), [["fail", "kr: no long-term key in keyring awsmfa/kr"]]],
    ["keyring, locked", ["kr"], "", new Map([["kr", { error: "no Secret Service" }]]), [["fail", "kr: cannot open the keyring store: no Secret Service"]]],
    ["unknown source", ["bad"], "", new Map(), [["fail", "bad: awsmfa_source 'vault' must be credentials, keyring or file"]]],
    ["no MFA profile", ["plain"], "", new Map(), [["pass", "no MFA profile in scope"]]],
  ])("%s", (_, names, credText, opened, want) => {
    const checks = checkKeySources(profiles(...names), ini(credText, "credentials"), "/k", opened);
    expect(checks.map((c) => [c.status, c.message])).toEqual(want);
  });

  it("every failure has a fix line", () => {
    const rows = [
      ...checkKeySources(profiles("work"), ini("", "credentials"), "/k", new Map()),
      ...checkKeySources(profiles("kr"), ini("", "credentials"), "/k", new Map([["kr", { error: "locked" }]])),
    ];
    expect(rows.map((c) => [c.status, c.fix])).toEqual([
      ["fail", "put aws_access_key_id and aws_secret_access_key under [work-long-term], or run 'awsmfa setup --profile work'"],
      ["fail", "see 'awsmfa keys --help'"],
    ]);
  });

  it("never prints the secret", () => {
    const checks = checkKeySources(profiles("work"), good, "/k", new Map());
    expect(JSON.stringify(checks)).not.toContain("SECRETVALUE");
  });
});

describe("sessions", () => {
  const config = ini(`[profile work]\nmfa_serial = ${SERIAL}\n[profile proc]\nmfa_serial = ${SERIAL}\ncredential_process = x\n[profile plain]\n`, "config");
  const now = new Date("2026-11-25T12:00:00Z");
  const at = (min: number) => new Date(now.getTime() + min * 60_000);
  it.each<[string, string, Date | undefined, string, string]>([
    ["file: valid", "work", at(120), "pass", "work: session valid for 2h"],
    ["file: expiring", "work", at(10), "warn", "work: the session expires in 10 min"],
    ["file: expired", "work", at(-30), "fail", "work: the session in [work] expired 30 min ago: AWS calls fail with ExpiredToken"],
    ["file: none", "work", undefined, "warn", "work: no session in [work]: the AWS CLI has no credentials for it"],
    ["process: expiring", "proc", at(10), "warn", "proc: the session expires in 10 min; the next AWS call renews it"],
    ["process: expired", "proc", at(-1), "warn", "proc: the cached session expired; the next AWS call asks for an MFA code"],
    ["process: none", "proc", undefined, "pass", "proc: no cached session yet; the first AWS call gets one"],
    ["no serial", "plain", at(10), "pass", "no MFA profile in scope"],
  ])("%s", (_, name, expiration, status, message) => {
    const [c] = checkSessions([{ profile: doctorProfile(config, name), expiration }], now);
    expect([c!.status, c!.message]).toEqual([status, message]);
    if (status !== "pass") expect(c!.fix).toBe(`awsmfa login --profile ${name}`);
  });
});

describe("clock skew", () => {
  it.each([
    ["custom STS endpoint", { AWS_ENDPOINT_URL_STS: "http://a", AWS_ENDPOINT_URL: "http://b" }, "eu-west-1", "http://a"],
    ["general endpoint", { AWS_ENDPOINT_URL: "http://b" }, "eu-west-1", "http://b"],
    ["profile region", {}, "eu-west-1", "https://sts.eu-west-1.amazonaws.com"],
    ["env region", { AWS_REGION: "ap-south-1" }, undefined, "https://sts.ap-south-1.amazonaws.com"],
    ["v1 env region", { AWS_DEFAULT_REGION: "us-west-2" }, undefined, "https://sts.us-west-2.amazonaws.com"],
    ["China", {}, "cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn"],
    ["nothing", {}, undefined, "https://sts.us-east-1.amazonaws.com"],
  ])("endpoint: %s", (_, env, region, want) => expect(stsEndpointFor(env, region)).toBe(want));

  it.each([
    ["in step", "Wed, 25 Nov 2026 12:00:00 GMT", Date.parse("2026-11-25T12:00:00.400Z"), Date.parse("2026-11-25T12:00:00.600Z"), 0],
    ["10 min ahead", "Wed, 25 Nov 2026 12:00:00 GMT", Date.parse("2026-11-25T12:10:00.500Z"), Date.parse("2026-11-25T12:10:00.500Z"), 600_000],
    ["behind", "Wed, 25 Nov 2026 12:00:00 GMT", Date.parse("2026-11-25T11:59:00.500Z"), Date.parse("2026-11-25T11:59:00.500Z"), -60_000],
  ])("skew from Date: %s", (_, date, sent, got, want) => expect(skewFromDate(date, sent, got)).toBe(want));
  it("no skew from a bad Date", () => expect(skewFromDate("yesterday-ish", 0, 0)).toBeUndefined());

  it.each([
    [{ offline: true } as const, "skip", "not measured (--offline)"],
    [{ endpoint: "http://e", skewMs: 2_000 }, "pass", "within 2 s of http://e"],
    [{ endpoint: "http://e", skewMs: 45_000 }, "warn", "this clock is 45 s ahead of http://e: codes from an mfa_process on this machine may be rejected"],
    [{ endpoint: "http://e", skewMs: -600_000 }, "fail", "this clock is 10 min behind http://e: AWS rejects requests signed more than 5 min off"],
    [{ endpoint: "http://e", error: "ECONNREFUSED" }, "warn", "could not read the time from http://e: ECONNREFUSED"],
  ])("%j", (facts, status, message) => expect([checkClock(facts).status, checkClock(facts).message]).toEqual([status, message]));
});

describe("shell hook", () => {
  it.each([
    [{ shell: "bash", active: true, startupFiles: [] }, "pass", "the awsmfa hook is active in this bash shell", null],
    [{ shell: "zsh", active: false, startupFiles: ["/h/.zshrc"] }, "warn", "the hook is in /h/.zshrc but not active in this zsh shell", "open a new shell (or source the startup file)"],
    [{ active: false, startupFiles: [], loginShell: "fish" }, "warn", "the awsmfa hook is not installed: .awsmfa files do not switch profiles", "echo 'awsmfa hook fish | source' >> ~/.config/fish/config.fish"],
    [{ active: false, startupFiles: ["/h/.bashrc"] }, "warn", "the hook is in /h/.bashrc but not active in this shell", "open a new shell (or source the startup file)"],
    [{ active: false, startupFiles: [] }, "warn", "the awsmfa hook is not installed: .awsmfa files do not switch profiles", "see 'awsmfa hook --help'"],
  ])("%j", (facts, status, message, fix) => expect(pick(checkHook(facts))).toEqual({ status, message, fix }));
});

describe("versions", () => {
  it.each([
    ["v20.20.2", "pass", "Node 20.20.2"],
    ["v22.1.0", "pass", "Node 22.1.0"],
    ["v18.19.0", "fail", "Node v18.19.0: awsmfa needs Node 20 or later"],
  ])("node %s", (v, status, message) => expect([checkNode(v).status, checkNode(v).message]).toEqual([status, message]));

  const V1 = "aws-cli/1.45.11 Python/3.11.7 Linux/6 botocore/1.43.11";
  const V1_OLD = "aws-cli/1.27.0 Python/3.9 Linux/6 botocore/1.29.0";
  const V2_OLD = "aws-cli/2.9.19 Python/3.11.2 Linux/6 source/x86_64.debian.12 prompt/off";
  const V2 = "aws-cli/2.22.0 Python/3.12.6 Linux/6 exe/x86_64";
  it.each([
    ["v2", V2, {}, "pass", "AWS CLI 2.22.0"],
    ["old v2, no endpoint variable", V2_OLD, {}, "pass", "AWS CLI 2.9.19"],
    ["old v2 with AWS_ENDPOINT_URL_STS", V2_OLD, { AWS_ENDPOINT_URL_STS: "http://e" }, "warn", "AWS CLI 2.9.19 ignores AWS_ENDPOINT_URL_STS (it calls AWS itself)"],
    ["new v2 with AWS_ENDPOINT_URL", V2, { AWS_ENDPOINT_URL: "http://e" }, "pass", "AWS CLI 2.22.0"],
    ["v1", V1, {}, "warn", "AWS CLI 1.45.11 reads AWS_DEFAULT_REGION only, never AWS_REGION"],
    ["old v1 with endpoints", V1_OLD, { AWS_ENDPOINT_URL: "http://e" }, "warn", "AWS CLI 1.27.0 ignores AWS_ENDPOINT_URL (it calls AWS itself); reads AWS_DEFAULT_REGION only, never AWS_REGION"],
    ["garbage", "Python 3", {}, "warn", "cannot read the version from 'aws --version': Python 3"],
  ])("aws-cli %s", (_, output, env, status, message) => {
    const c = checkAwsCli({ output }, env);
    expect([c.status, c.message]).toEqual([status, message]);
  });
  it("no aws on PATH warns", () => expect(checkAwsCli({ missing: true }, {}).status).toBe("warn"));
});

describe("rendering and the exit decision", () => {
  const checks: Check[] = [
    { id: "env-keys", status: "fail", message: "bad", fix: "unset X" },
    { id: "node", status: "pass", message: "Node 20", fix: null },
    { id: "clock-skew", status: "skip", message: "not measured", fix: null },
    { id: "file-modes", status: "warn", message: "path \x1b]0;evil\x07", fix: "chmod 600 x" },
  ];
  it("aligns one line per check, with the fix indented beneath, and escapes control characters", () => {
    expect(renderChecks(checks, "awsmfa doctor")).toBe(
      [
        "awsmfa doctor",
        "",
        "FAIL  env-keys    bad",
        "                  fix: unset X",
        "PASS  node        Node 20",
        "SKIP  clock-skew  not measured",
        "WARN  file-modes  path \\x1b]0;evil\\x07",
        "                  fix: chmod 600 x",
        "",
        "1 failed, 1 warnings, 1 passed, 1 skipped",
        "",
      ].join("\n"),
    );
  });
  it.each([
    [["pass", "warn", "skip"], false],
    [["pass", "fail"], true],
    [[], false],
  ])("%j → failed %s", (statuses, want) => expect(anyFailed(statuses.map((s) => ({ id: "x", status: s as Check["status"], message: "", fix: null })))).toBe(want));
});
