import { AwsMfaError, badFlag, usage, msg } from "../core/errors.js";
import { parseFlags, type Parsed } from "../core/flags.js";
import { printable } from "../core/printable.js";
import { configSectionName, isMfaSerial } from "../core/profile.js";
import { alignColumns } from "../core/table.js";
import { addVirtualDevice, preflightAdd } from "../device/add.js";
import { chooseTwoCodes, withTwoCodes } from "../device/codes.js";
import { awsClients, loadDeviceContext, writeMfaSerial, type DeviceContext } from "../device/context.js";
import { checkDeviceName, isVirtualSerial, requireUser, SECURITY_KEY_HINT, SECURITY_KEY_MESSAGE } from "../device/otpauth.js";
import { lazyTerminal } from "../ports/terminal.js";
import type { World } from "../world.js";
import { spec } from "./device.spec.js";
import { subcommandHint } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";


type Flags = Parsed<typeof spec.flags>["flags"];

export const command: Command = {
  async run(world, args) {
    const [sub, ...rest] = args;
    const names = (spec.subcommands ?? []).map((s) => s.name);
    const choices = `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
    if (sub === undefined) throw usage(msg("device.deviceWhichOneChoices", { choices }), msg("device.seeAwsmfaDeviceHelp"));
    // Which flags each subcommand accepts: a flag that does nothing must not look like it did something.
    const ok = (spec.subcommands ?? []).find((s) => s.name === sub)?.flags;
    if (!ok) throw usage(msg("device.deviceUnknownSubcommandSub", { sub }), subcommandHint(spec, sub, msg("device.useChoices", { choices })));
    const { flags } = parseFlags(rest, spec.flags, { command: "device" });
    for (const f of Object.keys(flags)) if (!ok.includes(f)) throw usage(msg("device.deviceSubFDoes", { sub, f }), msg("device.seeAwsmfaDeviceHelp"));
    switch (sub) {
      case "add":
        return add(world, flags);
      case "enable":
        return enable(world, flags);
      case "resync":
        return resync(world, flags);
      case "list":
        return list(world, flags);
      default:
        return remove(world, flags);
    }
  },
};

async function add(world: World, flags: Flags): Promise<number> {
  const type = flags.type ?? "virtual";
  if (type === "security-key" || type === "fido" || type === "u2f") throw new AwsMfaError("Usage", SECURITY_KEY_MESSAGE, { hint: SECURITY_KEY_HINT });
  if (type === "hardware") throw usage(msg("device.aHardwareTotpToken"), msg("device.runAwsmfaDeviceEnable"));
  if (type !== "virtual") throw badFlag("--type", msg("device.typeMustBeVirtual", { type }));
  if (flags.name !== undefined) checkDeviceName(flags.name);
  const term = lazyTerminal(world);
  try {
    const input = { name: flags.name, qrPngFile: flags["qr-png"], showSecret: flags["show-secret"], code1: flags.code1, code2: flags.code2 };
    // Checked before any file or network access: nothing gets created for an invocation that cannot finish.
    preflightAdd({ world, term }, input);
    const ctx = await loadDeviceContext(world, flags.profile);
    const aws = awsClients(world, ctx.key, ctx.region);
    const caller = await aws.caller();
    const userName = requireUser(caller);
    const { serial } = await addVirtualDevice({ world, iam: await aws.iam(), term }, { ...input, userName, account: caller.account });
    await recordSerial(world, ctx, serial);
    return 0;
  } finally {
    term.close();
  }
}

async function enable(world: World, flags: Flags): Promise<number> {
  const serial = requiredSerial(flags.serial, "enable");
  const term = lazyTerminal(world);
  try {
    const source = chooseTwoCodes(world, term.get(), {
      code1: flags.code1,
      code2: flags.code2,
      label: serial,
      noInputMessage: msg("device.noCodesToEnable", { serial }),
    });
    const ctx = await loadDeviceContext(world, flags.profile);
    const aws = awsClients(world, ctx.key, ctx.region);
    const userName = requireUser(await aws.caller());
    const iam = await aws.iam();
    await withTwoCodes(source, (code1, code2) => iam.enableMfaDevice({ userName, serial, code1, code2 }));
    await recordSerial(world, ctx, serial);
    return 0;
  } finally {
    term.close();
  }
}

async function resync(world: World, flags: Flags): Promise<number> {
  const term = lazyTerminal(world);
  try {
    const ctx = await loadDeviceContext(world, flags.profile);
    const serial = flags.serial !== undefined ? requiredSerial(flags.serial, "resync") : profileSerial(ctx, "resync");
    const source = chooseTwoCodes(world, term.get(), {
      code1: flags.code1,
      code2: flags.code2,
      label: serial,
      noInputMessage: msg("device.noCodesToResync", { serial }),
    });
    const aws = awsClients(world, ctx.key, ctx.region);
    const userName = requireUser(await aws.caller());
    const iam = await aws.iam();
    await withTwoCodes(source, (code1, code2) => iam.resyncMfaDevice({ userName, serial, code1, code2 }));
    world.stdout.write(tr("device.resynchronisedSerial", { serial }));
    return 0;
  } finally {
    term.close();
  }
}

async function list(world: World, flags: Flags): Promise<number> {
  const ctx = await loadDeviceContext(world, flags.profile);
  const aws = awsClients(world, ctx.key, ctx.region);
  const userName = requireUser(await aws.caller());
  const devices = await (await aws.iam()).listMfaDevices(userName);
  const current = ctx.config.get(ctx.name, "mfa_serial")?.trim();
  if (flags.json) {
    // The field names of status --json and keys list --json: profile, mfaSerial.
    const out = devices.map((d) => ({
      profile: ctx.name,
      mfaSerial: d.serial,
      userName: d.userName ?? userName,
      enableDate: d.enableDate?.toISOString(),
      virtual: isVirtualSerial(d.serial),
      current: d.serial === current,
    }));
    world.stdout.write(JSON.stringify(out) + "\n");
    return 0;
  }
  if (devices.length === 0) {
    world.stdout.write(tr("device.usernameHasNoMfa", { userName, name: ctx.name }));
    return 0;
  }
  // "*" marks the profile's mfa_serial; serials differ in length, so the columns are computed.
  const rows = devices.map((d) => [
    d.serial === current ? "*" : " ",
    d.serial,
    isVirtualSerial(d.serial) ? "virtual" : "hardware",
    d.enableDate ? d.enableDate.toISOString().replace(/\.\d+Z$/, "Z") : "-",
  ]);
  world.stdout.write(alignColumns([[" ", "SERIAL", "TYPE", "ENABLED"], ...rows]).join("\n") + "\n");
  return 0;
}

async function remove(world: World, flags: Flags): Promise<number> {
  const term = lazyTerminal(world);
  try {
    const ctx = await loadDeviceContext(world, flags.profile);
    const serial = flags.serial !== undefined ? requiredSerial(flags.serial, "remove") : profileSerial(ctx, "remove");
    const virtual = isVirtualSerial(serial);
    if (!flags.yes) {
      const t = term.get();
      if (!t) throw new AwsMfaError("NoTerminal", msg("device.noTerminalToConfirm", { serial }), { hint: msg("device.passYesToRemove") });
      let answer: string;
      try {
        answer = await t.ask(tr(virtual ? "device.askDeactivateDelete" : "device.askDeactivate", { serial }));
      } catch {
        throw new AwsMfaError("Aborted", msg("device.cancelled"));
      }
      if (!/^y(es)?$/i.test(answer)) throw new AwsMfaError("Aborted", msg("device.keptSerial", { serial }));
    }
    const aws = awsClients(world, ctx.key, ctx.region);
    const userName = requireUser(await aws.caller());
    const iam = await aws.iam();
    const assigned = (await iam.listMfaDevices(userName)).some((d) => d.serial === serial);
    // An unassigned virtual device (an orphan from elsewhere) only needs deleting.
    if (assigned) await iam.deactivateMfaDevice({ userName, serial });
    else if (!virtual) throw new AwsMfaError("NotFound", msg("device.serialIsNotOne", { serial, userName }), { hint: msg("device.awsmfaDeviceListShows") });
    if (virtual) await iam.deleteVirtualMfaDevice(serial);
    let note = "";
    if (ctx.config.get(ctx.name, "mfa_serial")?.trim() === serial) {
      await writeMfaSerial(ctx.configFile, ctx.name, undefined);
      note = tr("device.removedSerialFrom", { name: configSectionName(ctx.name), configFile: ctx.configFile });
    }
    world.stdout.write(tr(virtual ? "device.deactivatedDeleted" : "device.deactivated", { serial, note }));
    return 0;
  } finally {
    term.close();
  }
}

function requiredSerial(serial: string | undefined, sub: string): string {
  if (serial === undefined) throw usage(msg("device.deviceSubNeedsSerial", { sub }), msg("device.theSerialIsPrinted"));
  if (!isMfaSerial(serial)) throw badFlag("--serial", msg("device.serialIsNotAn", { serial }));
  return serial;
}

function profileSerial(ctx: DeviceContext, sub: string): string {
  const s = ctx.config.get(ctx.name, "mfa_serial")?.trim();
  if (!s)
    throw new AwsMfaError("MissingMfaSerial", msg("device.configfileNameHasNo", { configFile: ctx.configFile, name: configSectionName(ctx.name) }), {
      hint: msg("device.passSerialSerialTo", { sub }),
    });
  return s;
}

async function recordSerial(world: World, ctx: DeviceContext, serial: string): Promise<void> {
  const old = ctx.config.get(ctx.name, "mfa_serial")?.trim();
  await writeMfaSerial(ctx.configFile, ctx.name, serial);
  const was = old && old !== serial ? tr("device.was", { old }) : "";
  world.stdout.write(printable(tr("device.enabledSerialMfaSerial", { serial, name: configSectionName(ctx.name), configFile: ctx.configFile, was })) + "\n");
  world.stdout.write(tr("device.nextAwsmfaLoginProfile", { name: ctx.name }));
}
