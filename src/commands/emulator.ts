import { badFlag } from "../core/errors.js";
import { parseFlags } from "../core/flags.js";
import type { Command } from "./types.js";

// `awsmfa emulator`: serve the local STS/IAM sandbox until interrupted. The emulator module is
// imported here, inside run, so no other command ever loads it.

const help = `awsmfa emulator — run the local STS/IAM sandbox on 127.0.0.1

Usage: awsmfa emulator [--port N] [--state FILE] [--json]

Serves STS (GetSessionToken, GetCallerIdentity, AssumeRole) and IAM MFA-device actions on one
port, verifying SigV4 signatures and TOTP codes the way AWS does. No AWS account is needed.
It prints the endpoint and a fixed demo identity (access key, secret, MFA serial, base32 seed),
then serves until Ctrl-C (SIGINT) or SIGTERM.

Flags:
  --port N       port to listen on (default 0: pick a free one)
  --state FILE   JSON file with extra users, access keys, MFA devices and roles
  --json         print one JSON object on the first line of stdout (for scripts)

Test endpoints (JSON):
  GET  /__emulator/identity   the demo identity, including the seed
  GET  /__emulator/counters   calls per action        POST /__emulator/reset   zero them
  POST /__emulator/switches   {"throttle":N,"fail500":N,"latencyMs":N,"hang":bool,
                               "dropAnswers":N,"allowCodeReuse":bool,"clockOffsetSeconds":N,"skewSeconds":N,
                               "totpOffsetSeconds":N,"keyActivationSeconds":N}
  POST /__emulator/revoke     {"accessKeyId":"ASIA…","as":"ExpiredToken"}: end one session (or,
                               without accessKeyId, all); AWS then answers ExpiredToken, or
                               InvalidClientTokenId (the default)
  GET  /__emulator/sessions   issued sessions (no secrets), with whether MFA was used
  GET  /__emulator/code       {"code":"123456"}: an unused demo code (?serial=ARN for others)

Examples:
  awsmfa emulator --port 4566
  awsmfa emulator --json | head -1 | jq -r .endpoint
  aws --endpoint-url http://127.0.0.1:4566 sts get-caller-identity
  oathtool --totp -b SEED      # the demo device's current code
`;

const spec = {
  port: { type: "string" },
  state: { type: "string" },
  json: { type: "boolean" },
} as const;

export const command: Command = {
  help,
  async run(world, args) {
    const { flags } = parseFlags(args, spec, { command: "emulator" });
    let port = 0;
    if (flags.port !== undefined) {
      if (!/^\d+$/.test(flags.port) || Number(flags.port) > 65535) throw badFlag("--port", `'${flags.port}' is not a port number (0-65535)`);
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
  if (e.code === "EADDRINUSE") return badFlag("--port", `port ${port} is already in use on 127.0.0.1`);
  if (e.code === "EACCES") return badFlag("--port", `not allowed to listen on port ${port}`);
  if (state !== undefined && (e.code === "ENOENT" || e instanceof SyntaxError)) {
    return badFlag("--state", `cannot read ${state}: ${e.message}`);
  }
  return e;
}
