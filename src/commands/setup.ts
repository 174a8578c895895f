import { parseDuration } from "../core/duration.js";
import { isValidRegion } from "../core/dotfile.js";
import { AwsMfaError, badFlag, isAwsMfaError, usage, msg } from "../core/errors.js";
import { configSectionName, configuredSource, isMfaSerial, longTermSectionFor, resolveProfileName } from "../core/profile.js";
import { mfaSourceName } from "../core/resolve.js";
import { configFile, credentialsFile } from "../core/paths.js";
import { isLongTermKeyId } from "../core/session.js";
import { addVirtualDevice, preflightAdd } from "../device/add.js";
import { awsClients } from "../device/context.js";
import { holdsLongTermKey, holdsPlaintextCopy, locateLongTermKey, maskKeyId, removePlainKey, removePlaintextCopies, writeLongTermKey, type KeyLocation } from "../device/keymove.js";
import { checkDeviceName, isSecurityKeySerial, requireUser } from "../device/otpauth.js";
import type { IniReader } from "../core/profile.js";
import { readAwsFiles, readIniFile, updateIniFile } from "../ports/aws-files.js";
import type { IamPort } from "../ports/iam.js";
import { setConfiguredSource, sourceKind } from "../ports/keys/config.js";
import { openKeySource, storeAndCheck, type KeySourceKind, type LongTermKey } from "../ports/keys/index.js";
import { flagCode } from "../session/codes.js";
import { lazyTerminal, type LazyTerminal, type Terminal } from "../ports/terminal.js";
import type { World } from "../world.js";
import { useProcessMode } from "../session/process-mode.js";
import { spec } from "./setup.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";

export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    // Validate every flag before touching files or the network.
    if (flags.code !== undefined) flagCode(flags.code);
    const flagStore = flags.store !== undefined ? sourceKind(flags.store, "--store") : undefined;
    const duration = flags.duration !== undefined ? parseDuration(flags.duration, "--duration") : undefined;
    if (flags.name !== undefined) checkDeviceName(flags.name);
    if (flags.serial !== undefined && flags["create-device"]) throw usage(msg("setup.serialAndCreateDevice"));
    if (flags.region !== undefined && !isValidRegion(flags.region)) throw badFlag("--region", msg("setup.regionIsNotAn", { region: flags.region }));
    const mode = flags.mode ?? "process";
    if (mode !== "process" && mode !== "file") throw badFlag("--mode", msg("setup.modeIsNotProcess", { mode }));
    if (flags.serial !== undefined && !isMfaSerial(flags.serial)) throw badFlag("--serial", msg("setup.serialIsNotAn", { serial: flags.serial }));
    const deviceFlags = { qrPngFile: flags["qr-png"], showSecret: flags["show-secret"], code1: flags.code1, code2: flags.code2, name: flags.name };

    const name = resolveProfileName(flags.profile, world.env);
    const cfgPath = configFile(world);
    const credPath = credentialsFile(world);
    const ltSection = longTermSectionFor(name);
    const term = lazyTerminal(world);
    const tell = term.tell;
    try {
      // 1. The key.
      const { config, creds } = await readAwsFiles(world);
      // A role profile has no key of its own: its source profile is the one to set up.
      const source = mfaSourceName(config, name);
      if (source !== name)
        throw usage(msg("setup.profileNameIsA", { name, source }), msg("setup.runAwsmfaSetupProfile", { source }));
      const configured = config.get(name, "awsmfa_source")?.trim() ? configuredSource(config, name, cfgPath) : undefined;
      const loc = await findKey(world, creds, name, credPath, configured);
      const key = loc.key;
      const region = flags.region ?? (config.get(name, "region")?.trim() || undefined);

      // 2. Whose key is it?
      const aws = awsClients(world, key, region);
      const caller = await aws.caller();
      const userName = requireUser(caller);
      const shownAt = loc.where === "store" ? loc.describe : `[${loc.where === "plain" ? name : ltSection}]`;
      tell(tr("setup.keyBelongsTo", { key: maskKeyId(key.accessKeyId), shownAt, arn: caller.arn }));

      // Where the key will live. A key already in a store stays there ('awsmfa keys move' moves it).
      const store = flagStore ?? configured ?? (await defaultStore(world, term, name));
      if (loc.where === "store" && store !== configured)
        throw usage(msg("setup.theKeyOfProfile", { name, describe: loc.describe }), msg("setup.moveItWithAwsmfa", { name, store }));
      const dst = store === "credentials" ? undefined : await openKeySource(store, world);

      // 3. The device.
      const iam = await aws.iam();
      const current = config.get(name, "mfa_serial")?.trim();
      const choice = flags["create-device"] ? ({ create: true } as const) : await chooseDevice(world, term.get(), iam, userName, flags.serial, current, name);
      if ("create" in choice) preflightAdd({ world, term }, deviceFlags);

      // Confirm the whole plan before the first change.
      const plan: string[] = [];
      if (dst && loc.where !== "store")
        plan.push(tr("setup.planStore", { store: dst.describe(name), credPath }));
      else if (loc.where === "plain") plan.push(tr("setup.planMove", { name, ltSection, credPath }));
      else if (loc.where === "long-term" && loc.plainCopy) plan.push(tr("setup.planRemoveDuplicate", { name, ltSection, credPath }));
      plan.push("create" in choice ? tr("setup.planRegister", { userName }) : tr("setup.planUseDevice", { serial: choice.serial }));
      plan.push(tr("setup.planWrite", { keys: ["mfa_serial", ...(duration ? ["duration_seconds"] : []), ...(flags.region ? ["region"] : [])].join(", "), section: configSectionName(name), cfgPath }));
      // The offer, with its reason in one line: process mode is the default.
      if (mode === "process")
        plan.push(tr("setup.planProcessMode", { section: configSectionName(name), name, credPath }));
      else if (config.get(name, "credential_process") !== undefined) plan.push(tr("setup.planRemoveProcess", { section: configSectionName(name) }));
      plan.push(mode === "process" ? tr("setup.planLoginProcess") : tr("setup.planLoginFile", { name, credPath }));
      await confirm(world, term.get(), plan, flags.yes);

      let serial: string;
      if ("create" in choice) {
        serial = (await addVirtualDevice({ world, iam, term }, { ...deviceFlags, userName, account: caller.account })).serial;
        // AWS accepts each code once: the two just typed cannot start the session.
        tell(tr("setup.enabled", { serial }));
      } else serial = choice.serial;

      // 4. The key moves: new place written, read back, only then the old copy goes.
      if (dst && loc.where !== "store") {
        await storeAndCheck(dst, name, key);
        // awsmfa_source before the plaintext goes: at every instant the profile names a store that holds the key.
        await setConfiguredSource(world, name, store);
        await updateIniFile(credPath, "credentials", (doc) => {
          removePlaintextCopies(doc, name, key);
        });
        if (holdsPlaintextCopy(await readIniFile(credPath, "credentials"), name, key))
          throw new AwsMfaError("Conflict", msg("setup.credpathThePlainText", { credPath }), {
            hint: msg("setup.anotherProgramMayBe"),
          });
        tell(tr("setup.keyLivesIn", { where: dst.describe(name) }));
      } else if (loc.where !== "store") {
        if (loc.where === "plain") {
          await updateIniFile(credPath, "credentials", (doc) => {
            const again = locateLongTermKey(doc, name, credPath); // the file may have changed since
            if (again.where === "plain") writeLongTermKey(doc, name, again.key);
          });
        }
        if (loc.where === "plain" || loc.plainCopy) {
        const back = await readIniFile(credPath, "credentials");
        if (!holdsLongTermKey(back, name, key))
          throw new AwsMfaError("Conflict", msg("setup.credpathLtsectionDoesNot", { credPath, ltSection, name }), {
            hint: msg("setup.anotherProgramMayBe"),
          });
        await updateIniFile(credPath, "credentials", (doc) => {
          removePlainKey(doc, name, key);
        });
        tell(tr("setup.keyLivesInSection", { ltSection }));
        }
      }

      // 5. The profile.
      await updateIniFile(cfgPath, "config", (doc) => {
        doc.set(name, "mfa_serial", serial);
        if (duration !== undefined) doc.set(name, "duration_seconds", String(duration));
        if (flags.region !== undefined) doc.set(name, "region", flags.region);
        if (mode === "file") doc.delete(name, "credential_process");
      });
      tell(tr("setup.hasSerial", { section: configSectionName(name), serial }));
      if (mode === "process") tell(tr("setup.usesProcessMode", { section: configSectionName(name), line: await useProcessMode(world, name) }));
    } finally {
      term.close();
    }

    // 6. The first login, by the login command itself (same code path as 'awsmfa login').
    const { command: login } = await import("./login.js");
    let rc: number;
    try {
      rc = await login.run(world, ["--profile", name, ...(flags.code !== undefined ? ["--code", flags.code] : [])]);
    } catch (e) {
      if (!isAwsMfaError(e)) throw e;
      throw new AwsMfaError(e.code, msg("setup.setupIsDoneBut", { message: e.message }), {
        hint: e.hintMsg ?? msg("setup.loginToTryAgain", { name }),
        cause: e,
      });
    }
    // Belt and braces: the section the AWS CLI reads must not hold a long-term key any more.
    const after = await readIniFile(credPath, "credentials");
    if (isLongTermKeyId(after.get(name, "aws_access_key_id")))
      throw new AwsMfaError("LongTermKeyInSessionSection", msg("setup.credpathNameStillHolds", { credPath, name }));
    return rc;
  },
};

type Choice = { serial: string } | { create: true };

async function chooseDevice(
  world: World,
  t: Terminal | undefined,
  iam: IamPort,
  userName: string,
  flagSerial: string | undefined,
  current: string | undefined,
  profile: string,
): Promise<Choice> {
  // Security keys are listed too, but STS cannot use them.
  const devices = (await iam.listMfaDevices(userName)).map((d) => d.serial).filter((s) => !isSecurityKeySerial(s));
  if (flagSerial !== undefined) {
    if (!devices.includes(flagSerial))
      throw new AwsMfaError("NotFound", msg("setup.serialFlagserialIsNot", { flagSerial, userName }), {
        hint: devices.length ? msg("setup.userDevices", { userName, devices: devices.join(", ") }) : msg("setup.passCreateDevice"),
      });
    return { serial: flagSerial };
  }
  if (current && devices.includes(current)) return { serial: current };
  if (devices.length === 1) return { serial: devices[0]! };
  if (devices.length === 0) {
    if (!t)
      throw new AwsMfaError("MissingMfaSerial", msg("setup.usernameHasNoTotp", { userName }), {
        hint: msg("setup.passCreateDeviceWith", { profile }),
      });
    t.say(tr("setup.usernameHasNoTotp2", { userName }));
    return { create: true };
  }
  if (!t)
    throw new AwsMfaError("Usage", msg("setup.usernameHasLengthMfa", { userName, length: devices.length }), { hint: msg("raw", { text: devices.join(", ") }) });
  t.say(tr("setup.usernameHasLengthMfa2", { userName, length: devices.length }));
  devices.forEach((s, i) => t.say(`  ${i + 1}. ${s}`));
  for (;;) {
    let a: string;
    try {
      a = await t.ask(tr("setup.whichOneForProfile", { profile, length: devices.length }));
    } catch {
      throw new AwsMfaError("Aborted", msg("setup.cancelled"));
    }
    const n = Number(a);
    if (Number.isInteger(n) && n >= 1 && n <= devices.length) return { serial: devices[n - 1]! };
  }
}

async function confirm(world: World, t: Terminal | undefined, plan: string[], yes: boolean | undefined): Promise<void> {
  if (yes) {
    world.stderr.write(plan.map((p) => tr("setup.willLine", { p })).join(""));
    return;
  }
  if (!t) throw new AwsMfaError("NoTerminal", msg("setup.noTerminalToConfirm"), { hint: msg("setup.runItInA") });
  t.say(tr("setup.setupWill"));
  for (const p of plan) t.say(`  - ${p}`);
  let a: string;
  try {
    a = await t.ask(tr("setup.goAheadYN"));
  } catch {
    throw new AwsMfaError("Aborted", msg("setup.cancelledNothingWasChanged"));
  }
  if (a !== "" && !/^y(es)?$/i.test(a)) throw new AwsMfaError("Aborted", msg("setup.cancelledNothingWasChanged"));
}

type FoundKey = KeyLocation | { where: "store"; key: LongTermKey; describe: string };

/** The plaintext key setup starts from; on a second run, the key already in the profile's store. */
async function findKey(world: World, creds: IniReader, name: string, credPath: string, configured: KeySourceKind | undefined): Promise<FoundKey> {
  try {
    return locateLongTermKey(creds, name, credPath);
  } catch (e) {
    if (!(isAwsMfaError(e) && e.code === "MissingLongTermKey" && configured && configured !== "credentials")) throw e;
    const store = await openKeySource(configured, world);
    const key = await store.read(name);
    if (!key) throw e;
    return { where: "store", key, describe: store.describe(name) };
  }
}

/**
 * No --store and no awsmfa_source yet: the OS keyring when it answers; else the person chooses;
 * with nobody to ask (scripts, CI), the credentials file, as before there were other stores.
 */
async function defaultStore(world: World, term: LazyTerminal, name: string): Promise<KeySourceKind> {
  let why: string;
  try {
    await (await openKeySource("keyring", world)).read(name);
    return "keyring";
  } catch (e) {
    if (!isAwsMfaError(e) || e.code !== "KeyStoreUnavailable") throw e;
    why = e.message;
  }
  const t = term.get();
  if (!t) {
    world.stderr.write(tr("setup.setupWhyTheKey", { why, name }));
    return "credentials";
  }
  t.say(`${why}.`);
  for (;;) {
    let a: string;
    try {
      a = (await t.ask(tr("setup.keepTheLongTerm"))).trim();
    } catch {
      throw new AwsMfaError("Aborted", msg("setup.cancelledNothingWasChanged"));
    }
    if (a === "" || a === "1") return "file";
    if (a === "2") return "credentials";
  }
}
