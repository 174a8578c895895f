import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "emulator",
  summary: "run the local STS/IAM sandbox on 127.0.0.1",
  usage: ["emulator [--port N] [--state FILE] [--json]"],
  description: `Serves STS (GetSessionToken, GetCallerIdentity, AssumeRole) and IAM MFA-device actions on one
port, verifying SigV4 signatures and TOTP codes the way AWS does. No AWS account is needed.
It prints the endpoint and a fixed demo identity (access key, secret, MFA serial, base32 seed),
then serves until Ctrl-C (SIGINT) or SIGTERM.

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
  GET  /__emulator/code       {"code":"123456"}: an unused demo code (?serial=ARN for others)`,
  flags: {
    port: { type: "string", value: "N", description: "port to listen on (default 0: pick a free one)" },
    state: { type: "string", value: "FILE", description: "JSON file with extra users, access keys, MFA devices and roles", complete: "file" },
    json: { type: "boolean", description: "print one JSON object on the first line of stdout (for scripts)" },
  },
  exitCodes: [[2, "bad flag, port in use, unreadable --state file"]],
  examples: [
    "awsmfa emulator --port 4566",
    "awsmfa emulator --json | head -1 | jq -r .endpoint",
    "aws --endpoint-url http://127.0.0.1:4566 sts get-caller-identity",
    "oathtool --totp -b SEED      # the demo device's current code",
  ],
});
