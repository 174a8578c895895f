import { badFlag, msg } from "../core/errors.js";
import { spec } from "./emulator.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";

// `awsmfa emulator`: serve the local STS/IAM sandbox until interrupted. The emulator module is
// imported here, inside run, so no other command ever loads it.


export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    let port = 0;
    if (flags.port !== undefined) {
      if (!/^\d+$/.test(flags.port) || Number(flags.port) > 65535) throw badFlag("--port", msg("emulator.portIsNotA", { port: flags.port }));
      port = Number(flags.port);
    }
    const { startEmulator } = await import("../emulator/index.js");
    const emulator = await startEmulator({
      port,
      state: flags.state,
      onInternalError: (e) => world.stderr.write(`emulator: internal error: ${e instanceof Error ? e.message : String(e)}\n`),
    }).catch((e: NodeJS.ErrnoException) => {
      throw toUserError(e, port, flags.state);
    });
    const id = emulator.identity;
    if (flags.json) {
      world.stdout.write(
        JSON.stringify({
          endpoint: emulator.url,
          port: emulator.port,
          account: id.account,
          userName: id.userName,
          userArn: id.userArn,
          accessKeyId: id.accessKeyId,
          secretAccessKey: id.secretAccessKey,
          mfaSerial: id.mfaSerial,
          seedBase32: id.seedBase32,
          roleArn: id.roleArn,
        }) + "\n",
      );
    } else {
      world.stdout.write(
        [
          `awsmfa emulator listening on ${emulator.url}  (STS and IAM, 127.0.0.1 only)`,
          ``,
          `Demo identity (made up; works only here):`,
          `  account             ${id.account}`,
          `  user                ${id.userArn}`,
          `  access key id       ${id.accessKeyId}`,
          `  secret access key   ${id.secretAccessKey}`,
          `  MFA serial          ${id.mfaSerial}`,
          `  MFA seed (base32)   ${id.seedBase32}`,
          `  role (needs MFA)    ${id.roleArn}`,
          ``,
          `Try:  oathtool --totp -b ${id.seedBase32}`,
          `      aws --endpoint-url ${emulator.url} sts get-caller-identity`,
          `Press Ctrl-C to stop.`,
          ``,
        ].join("\n"),
      );
    }
    await new Promise<void>((resolve) => {
      // Without a signal source (embedded use) the server simply runs until the process ends.
      const off = world.onSignal?.(() => {
        off?.();
        resolve();
      });
    });
    await emulator.close();
    return 0;
  },
};


function toUserError(e: NodeJS.ErrnoException, port: number, state: string | undefined): Error {
  if (e.code === "EADDRINUSE") return badFlag("--port", msg("emulator.portPortIsAlready", { port }));
  if (e.code === "EACCES") return badFlag("--port", msg("emulator.notAllowedToListen", { port }));
  if (state !== undefined && (e.code === "ENOENT" || e instanceof SyntaxError)) {
    return badFlag("--state", msg("emulator.cannotReadStateMessage", { state, message: e.message }));
  }
  return e;
}
