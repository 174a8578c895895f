import { readLongTermKey, resolveProfileName, type LongTermKey } from "../core/profile.js";
import { mfaSourceName } from "../core/resolve.js";
import { readAwsFiles, updateIniFile, type AwsFiles } from "../ports/aws-files.js";
import { createIam, type IamPort } from "../ports/iam.js";
import { sayOnTerminal, slowNotice } from "../ports/slow.js";
import { createSts } from "../ports/sts.js";
import type { World } from "../world.js";
import { callerFromArn, type Caller } from "./otpauth.js";

// What the device commands share: the profile's files, its long-term key (devices are managed
// with the user's own key: an MFA session cannot be had before a device exists) and the caller.

export interface DeviceContext extends AwsFiles {
  name: string;
  region?: string;
  key: LongTermKey;
}

export async function loadDeviceContext(world: World, flagProfile: string | undefined): Promise<DeviceContext> {
  const files = await readAwsFiles(world);
  // Devices belong to the IAM user: a role profile stands for its source profile here.
  const name = mfaSourceName(files.config, resolveProfileName(flagProfile, world.env));
  const key = readLongTermKey(files.creds, name, files.credentialsFile);
  return { ...files, name, region: files.config.get(name, "region")?.trim() || undefined, key };
}

export interface AwsClients {
  iam(): Promise<IamPort>;
  caller(): Promise<Caller>;
}

/** Ports for one long-term key, created on first use and reused. */
export function awsClients(world: World, key: LongTermKey, region: string | undefined): AwsClients {
  let iam: Promise<IamPort> | undefined;
  let caller: Promise<Caller> | undefined;
  const waiting = slowNotice(world, sayOnTerminal(world.platform));
  return {
    iam: () => (iam ??= createIam({ env: world.env, region, credentials: key, waiting })),
    caller: () =>
      (caller ??= (async () => {
        const sts = await createSts({ env: world.env, region, stderr: world.stderr, waiting });
        const id = await sts.getCallerIdentity(key);
        return callerFromArn(id.arn, id.account);
      })()),
  };
}

/** Sets (or, with undefined, removes) mfa_serial for the profile in the config file. */
export async function writeMfaSerial(file: string, profile: string, serial: string | undefined): Promise<void> {
  await updateIniFile(file, "config", (doc) => {
    if (serial === undefined) doc.delete(profile, "mfa_serial");
    else doc.set(profile, "mfa_serial", serial);
  });
}
