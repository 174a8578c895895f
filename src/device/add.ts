import { rm } from "node:fs/promises";
import { AwsMfaError, isAwsMfaError, msg } from "../core/errors.js";
import { printable } from "../core/printable.js";
import { writeFileAtomic } from "../ports/atomic-write.js";
import type { IamPort } from "../ports/iam.js";
import type { LazyTerminal } from "../ports/terminal.js";
import type { World } from "../world.js";
import { chooseTwoCodes, withTwoCodes } from "./codes.js";
import { otpauthUri } from "./otpauth.js";
import { qrPng, terminalQr } from "./qr.js";
import { t as tr } from "../i18n/index.js";

// Registering a virtual MFA device, shared by `device add` and `setup`: create it, show its seed
// (QR on the terminal, a 0600 PNG), take two consecutive codes, enable it. A device that was
// created but could not be enabled is deleted again, so IAM never keeps a half-registered device.

export interface AddVirtualInput {
  userName: string;
  account: string;
  /** Device name (default: the user name, as the console suggests). */
  name?: string;
  qrPngFile?: string;
  showSecret?: boolean;
  code1?: string;
  code2?: string;
}

export interface AddVirtualDeps {
  world: World;
  iam: IamPort;
  term: Pick<LazyTerminal, "get">;
}

/** Checks that need no AWS call, so a bad invocation creates nothing. */
export function preflightAdd(deps: Pick<AddVirtualDeps, "world" | "term">, input: Pick<AddVirtualInput, "qrPngFile" | "showSecret" | "code1" | "code2">): void {
  const t = deps.term.get();
  if (!t && !input.qrPngFile)
    throw new AwsMfaError("NoTerminal", msg("deviceAdd.noTerminalToShow"), {
      hint: msg("deviceAdd.passQrPngFile"),
    });
  if (input.showSecret && !t)
    throw new AwsMfaError("NoTerminal", msg("deviceAdd.showSecretNeedsA"), {
      hint: msg("deviceAdd.useQrPngFile"),
    });
  if (!t && (input.code1 === undefined || input.code2 === undefined) && deps.world.stdinIsTTY)
    throw new AwsMfaError("NoTerminal", msg("deviceAdd.noTerminalToAsk"), { hint: msg("deviceAdd.passCodeAndCode") });
}

export async function addVirtualDevice(deps: AddVirtualDeps, input: AddVirtualInput): Promise<{ serial: string }> {
  preflightAdd(deps, input);
  const name = input.name ?? input.userName;
  const created = await deps.iam.createVirtualMfaDevice(name);
  const serial = created.serial;
  let pngWritten = false;
  try {
    const uri = otpauthUri(name, input.account, created.seedBase32);
    if (input.qrPngFile) {
      // Before any prompt: a person (or a script) needs the image to produce the codes at all.
      await writeFileAtomic(input.qrPngFile, await qrPng(uri), { mode: 0o600 });
      pngWritten = true;
    }
    const t = deps.term.get();
    if (t) {
      t.say(tr("deviceAdd.newVirtualMfaDevice", { serial, userName: input.userName }));
      for (const line of (await terminalQr(uri, t.columns?.(), input.qrPngFile, deps.world.env)).lines) t.say(line);
      if (input.qrPngFile) t.say(tr("deviceAdd.theQrCodeIs", { qrPngFile: input.qrPngFile }));
      if (input.showSecret) t.say(tr("deviceAdd.secretKeyTypeIt", { seedBase32: created.seedBase32 }));
    } else if (input.qrPngFile) {
      deps.world.stderr.write(printable(tr("deviceAdd.awsmfaWroteTheQr", { serial, qrPngFile: input.qrPngFile })) + "\n");
    }
    const source = chooseTwoCodes(deps.world, t, {
      code1: input.code1,
      code2: input.code2,
      label: serial,
      secret: created.seedBase32,
      noInputMessage: msg("device.noCodesToEnable", { serial }),
    });
    await withTwoCodes(source, (code1, code2) => deps.iam.enableMfaDevice({ userName: input.userName, serial, code1, code2 }));
    return { serial };
  } catch (e) {
    // Whatever went wrong (rejected codes, Ctrl-C at the prompt, a failed PNG write), the device
    // never became usable: delete it and say so in the one error line.
    if (pngWritten && input.qrPngFile) await rm(input.qrPngFile, { force: true }).catch(() => {});
    const cleanup = await deps.iam.deleteVirtualMfaDevice(serial).then(
      () => msg("deviceAdd.deletedAgain", { serial }),
      (d: unknown) => msg("deviceAdd.notDeletedEither", { serial, why: isAwsMfaError(d) ? d.message : String(d) }),
    );
    if (isAwsMfaError(e)) {
      const hint = cleanup.id === "deviceAdd.notDeletedEither" ? msg("deviceAdd.deleteItWith", { serial }) : e.hintMsg;
      throw new AwsMfaError(e.code, msg("deviceAdd.valueCleanup", { value: e.message, cleanup }), { hint, cause: e });
    }
    throw new AwsMfaError("Internal", msg("deviceAdd.valueCleanup", { value: e instanceof Error ? e.message : String(e), cleanup }), { cause: e });
  }
}
