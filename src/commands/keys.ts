import { AwsMfaError, isAwsMfaError, usage, msg, type Msg } from "../core/errors.js";
import { parseFlags } from "../core/flags.js";
import { configuredSource, resolveProfileName, type IniReader } from "../core/profile.js";
import { mfaSourceName } from "../core/resolve.js";
import { maskKeyId } from "../device/keymove.js";
import { readAwsFiles, type AwsFiles } from "../ports/aws-files.js";
import { setConfiguredSource, sourceKind } from "../ports/keys/config.js";
import { moveKey, openKeySource, sameKey, storeAndCheck, type KeySource, type KeySourceKind, type LongTermKey } from "../ports/keys/index.js";
import { lazyTerminal, type LazyTerminal, type Terminal } from "../ports/terminal.js";
import type { World } from "../world.js";
import { spec } from "./keys.spec.js";
import { subcommandHint } from "./spec.js";
import type { Command } from "./types.js";
import { machineOutput, t as tr } from "../i18n/index.js";


export const command: Command = {
  async run(world, args) {
    const [sub, ...rest] = args;
    const { flags } = parseFlags(rest, spec.flags, { command: "keys" });
    // Which flags each subcommand accepts (the definition's list): a flag that does nothing must
    // not look like it did something.
    const allowed = spec.subcommands?.find((s) => s.name === sub)?.flags;
    if (allowed)
      for (const f of Object.keys(flags))
        if (flags[f as keyof typeof flags] !== undefined && !allowed.includes(f)) throw usage(msg("keys.awsmfaKeysSubF", { sub: sub ?? "", f }), msg("keys.seeAwsmfaKeysHelp"));
    const to = flags.to === undefined ? undefined : sourceKind(flags.to, "--to");
    const term = lazyTerminal(world);
    try {
      switch (sub) {
        case "add":
          return await add(world, term, flags.profile, to);
        case "move":
          if (!to) throw usage(msg("keys.awsmfaKeysMoveNeeds"));
          return await move(world, flags.profile, to);
        case "list":
          return await list(world, !!flags.json);
        case "remove":
          return await remove(world, term, flags.profile, !!flags.yes);
        case "rotate":
          return await rotate(world, term, flags.profile, flags.code);
        case undefined:
          throw usage(msg("keys.awsmfaKeysNeedsA"), msg("keys.seeAwsmfaKeysHelp"));
        default:
          throw usage(msg("keys.unknownSubcommandKeysSub", { sub }), subcommandHint(spec, sub, msg("keys.seeAwsmfaKeysHelp")));
      }
    } finally {
      term.close();
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Which profile owns the key: the resolver's rule (a role profile uses its source's key).

export function keyOwner(config: IniReader, name: string): string {
  const source = mfaSourceName(config, name);
  if (source !== name)
    throw usage(msg("keys.profileNameAssumesValue", { name, value: config.get(name, "role_arn")?.trim() ?? "", source }), msg("keys.runItWithProfile", { source }));
  return name;
}

interface Target {
  files: AwsFiles;
  name: string;
  from: KeySourceKind;
}

async function target(world: World, flagProfile: string | undefined): Promise<Target> {
  const files = await readAwsFiles(world);
  const name = keyOwner(files.config, resolveProfileName(flagProfile, world.env));
  return { files, name, from: configuredSource(files.config, name, files.configFile) };
}

// ---------------------------------------------------------------------------------------------

const KEY_ID_RE = /^AKIA[A-Z0-9]{12,124}$/;

async function readNewKey(world: World, t: Terminal | undefined): Promise<LongTermKey> {
  let id: string | undefined;
  let secret: string | undefined;
  if (t) {
    try {
      id = (await t.ask(tr("keys.awsAccessKeyId"))).trim();
      secret = (await t.askSecret(tr("keys.secretAccessKeyNot"))).trim();
    } catch {
      throw new AwsMfaError("Aborted", msg("keys.cancelledNothingWasChanged"));
    }
  } else if (!world.stdinIsTTY) {
    id = (await world.readStdinLine())?.trim();
    secret = (await world.readStdinLine())?.trim();
  } else throw new AwsMfaError("NoTerminal", msg("keys.noTerminalToRead"), { hint: msg("keys.pipeTwoLinesOn") });
  if (!id || !secret)
    throw new AwsMfaError("Usage", msg("keys.expectedTwoLinesThe"), { hint: msg("keys.theKeyIsNever") });
  if (!KEY_ID_RE.test(id)) throw new AwsMfaError("Usage", msg("keys.idIsNotA", { id: maskKeyId(id) }));
  if (/\s/.test(secret) || secret.length < 16) throw new AwsMfaError("Usage", msg("keys.theSecretAccessKey"));
  return { accessKeyId: id, secretAccessKey: secret };
}

async function add(world: World, term: LazyTerminal, flagProfile: string | undefined, to: KeySourceKind | undefined): Promise<number> {
  const { files, name, from } = await target(world, flagProfile);
  const dest = to ?? (files.config.get(name, "awsmfa_source")?.trim() ? from : "keyring");
  const dst = await openKeySource(dest, world);
  // Refuse before asking for anything: replacing a stored key could lose the only working one.
  const stores = from === dest ? [dst] : [dst, await openKeySource(from, world)];
  for (const s of stores) {
    const had = await s.read(name);
    if (had)
      throw new AwsMfaError("Conflict", msg("keys.profileNameAlreadyHas", { name, accessKeyId: maskKeyId(had.accessKeyId), name2: s.describe(name) }), {
        hint: msg("keys.toReplaceItAwsmfa", { name }),
      });
  }
  const key = await readNewKey(world, term.get());
  const region = files.config.get(name, "region")?.trim() || undefined;
  const { createSts } = await import("../ports/sts.js");
  const id = await (await createSts({ env: world.env, region, stderr: world.stderr })).getCallerIdentity(key);
  term.tell(tr("keys.belongsTo", { key: maskKeyId(key.accessKeyId), arn: id.arn }));
  await storeAndCheck(dst, name, key);
  await setConfiguredSource(world, name, dest);
  world.stdout.write(tr("keys.profileNameKeyAccesskeyid", { name, accessKeyId: maskKeyId(key.accessKeyId), name2: dst.describe(name) }));
  return 0;
}

async function move(world: World, flagProfile: string | undefined, to: KeySourceKind): Promise<number> {
  const { files, name, from } = await target(world, flagProfile);
  const dst = await openKeySource(to, world);
  if (from === to) {
    const key = await dst.read(name);
    if (!key) throw new AwsMfaError("MissingLongTermKey", msg("keys.profileNameNoKey", { name, name2: dst.describe(name), from }));
    // A move interrupted after awsmfa_source changed leaves the old plaintext copy: finish the job.
    let note = "";
    if (to !== "credentials") {
      const plain = await openKeySource("credentials", world);
      if (sameKey(await plain.read(name), key) && (await plain.remove(name))) note = tr("keys.removedLeftover", { where: plain.describe(name) });
    }
    world.stdout.write(tr("keys.profileNameKeyAccesskeyid2", { name, accessKeyId: maskKeyId(key.accessKeyId), name2: dst.describe(name), note }));
    return 0;
  }
  const src = await openKeySource(from, world);
  const key = await src.read(name);
  if (!key)
    throw new AwsMfaError("MissingLongTermKey", msg("keys.profileNameNoKey2", { name, name2: src.describe(name), from, configFile: files.configFile }), {
      hint: msg("keys.addOneWithAwsmfa", { name }),
    });
  const there = await dst.read(name);
  if (there && !sameKey(there, key))
    throw new AwsMfaError("Conflict", msg("keys.nameAlreadyHoldsAnother", { name: dst.describe(name), accessKeyId: maskKeyId(there.accessKeyId), name2: src.describe(name), accessKeyId2: maskKeyId(key.accessKeyId) }), {
      hint: msg("keys.awsmfaUsesTheOne", { from, to }),
    });
  await moveKey(src, dst, name, key, () => setConfiguredSource(world, name, to));
  world.stdout.write(tr("keys.profileNameKeyAccesskeyid3", { name, accessKeyId: maskKeyId(key.accessKeyId), name2: src.describe(name), name3: dst.describe(name) }));
  return 0;
}

interface ListRow {
  profile: string;
  source: KeySourceKind;
  accessKeyId?: string;
  location: string;
  error?: string;
}

async function list(world: World, json: boolean): Promise<number> {
  if (json) machineOutput();
  const files = await readAwsFiles(world);
  const names = new Set<string>();
  for (const p of files.config.profiles()) {
    const has = (k: string) => !!files.config.get(p, k)?.trim();
    if ((has("mfa_serial") || has("awsmfa_source")) && !(has("role_arn") && has("source_profile"))) names.add(p);
  }
  for (const s of files.creds.profiles()) if (s.endsWith("-long-term")) names.add(s.slice(0, -"-long-term".length));
  const opened = new Map<KeySourceKind, Promise<KeySource>>();
  const rows: ListRow[] = [];
  for (const profile of names) {
    let source: KeySourceKind;
    try {
      source = configuredSource(files.config, profile, files.configFile);
    } catch (e) {
      if (!isAwsMfaError(e)) throw e;
      rows.push({ profile, source: "credentials", location: "", error: e.message });
      continue;
    }
    if (!opened.has(source)) opened.set(source, openKeySource(source, world));
    const store = await opened.get(source)!;
    const row: ListRow = { profile, source, location: store.describe(profile) };
    try {
      const key = await store.read(profile);
      if (key) row.accessKeyId = key.accessKeyId;
      else row.error = "no key stored";
    } catch (e) {
      if (!isAwsMfaError(e)) throw e;
      row.error = e.message;
    }
    rows.push(row);
  }
  if (json) {
    // The field names of status --json: keySource, as there.
    world.stdout.write(JSON.stringify(rows.map(({ profile, source, ...r }) => ({ profile, keySource: source, ...r }))) + "\n");
    return 0;
  }
  if (rows.length === 0) {
    world.stdout.write(tr("keys.noProfilesWithA"));
    return 0;
  }
  const w = Math.max(7, ...rows.map((r) => r.profile.length));
  world.stdout.write(`${"PROFILE".padEnd(w)}  SOURCE       KEY ID\n`);
  for (const r of rows) world.stdout.write(`${r.profile.padEnd(w)}  ${r.source.padEnd(11)}  ${r.accessKeyId ?? `- (${r.error})`}\n`);
  return 0;
}

async function remove(world: World, term: LazyTerminal, flagProfile: string | undefined, yes: boolean): Promise<number> {
  const { name, from } = await target(world, flagProfile);
  const src = await openKeySource(from, world);
  const key = await src.read(name);
  if (!key) throw new AwsMfaError("NotFound", msg("keys.profileNameNoKey3", { name, name2: src.describe(name) }));
  const what = `key ${maskKeyId(key.accessKeyId)} of profile ${name} from ${src.describe(name)}`;
  if (!yes) {
    const t = term.get();
    if (!t) throw new AwsMfaError("NoTerminal", msg("keys.noTerminalToConfirm", { what }), { hint: msg("keys.passYes") });
    let a: string;
    try {
      a = await t.ask(tr("keys.removeWhatAwsmfaCannot", { what }));
    } catch {
      throw new AwsMfaError("Aborted", msg("keys.cancelledNothingWasChanged"));
    }
    if (!/^y(es)?$/i.test(a.trim())) throw new AwsMfaError("Aborted", msg("keys.cancelledNothingWasChanged"));
  }
  await src.remove(name);
  world.stdout.write(tr("keys.profileNameRemovedValue", { name, value: what.slice(what.indexOf(" ") + 1) }));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// rotate. Every failure after CreateAccessKey says which key works, and leaves that key stored.

/** New IAM keys take a few seconds to work at AWS. */
const VERIFY_WITHIN_MS = 15_000;

async function rotate(world: World, term: LazyTerminal, flagProfile: string | undefined, code: string | undefined): Promise<number> {
  const { flagCode, } = await import("../session/codes.js");
  if (code !== undefined) flagCode(code);
  const { files, name, from } = await target(world, flagProfile);
  const { loadPlan, chooseCodeSource, commandWait, mfaDeps } = await import("../session/context.js");
  const ctx = await loadPlan(world, name, files);
  const profile = ctx.plan.mfa;
  const store = await openKeySource(from, world);
  const where = store.describe(name);
  const old = await store.read(name);
  if (!old) throw new AwsMfaError("MissingLongTermKey", msg("keys.profileNameNoKey4", { name, where }), { hint: msg("keys.addOneWithAwsmfa", { name }) });

  // 1. An MFA session (IAM requires MFA to manage keys), reused from the cache when there is one.
  const { getMfaSession } = await import("../session/mfa.js");
  const wait = commandWait(world, name, term.tell);
  let session;
  try {
    ({ session } = await getMfaSession(mfaDeps(world, ctx.plan, term), {
      profile,
      cacheId: ctx.plan.cache.mfa,
      key: async () => old,
      durationSeconds: profile.durationSeconds,
      codes: () =>
        chooseCodeSource(world, ctx.plan, term, {
          code,
          allowStdin: true,
          noTerminalMessage: msg("login.noMfaCode", { name }),
        }),
      wait,
    }));
  } finally {
    wait.done();
  }
  const { createIam } = await import("../ports/iam.js");
  const { createSts } = await import("../ports/sts.js");
  // A slow IAM or STS call says so, as every other call to AWS does (a spinner on a terminal).
  const { slowNotice, sayOnTerminal } = await import("../ports/slow.js");
  const waiting = slowNotice(world, sayOnTerminal(world.platform));
  const iam = await createIam({ env: world.env, region: profile.region, credentials: session, waiting });
  const sts = await createSts({ env: world.env, region: profile.region, stderr: world.stderr, waiting });

  // 2. Room for a second key? Two already: refuse before creating anything.
  const keys = await iam.listAccessKeys();
  if (!keys.some((k) => k.accessKeyId === old.accessKeyId))
    throw new AwsMfaError("Conflict", msg("keys.theStoredKeyAccesskeyid", { accessKeyId: maskKeyId(old.accessKeyId) }));
  const others = keys.filter((k) => k.accessKeyId !== old.accessKeyId);
  if (others.length > 0) {
    const other = others[0]!;
    throw new AwsMfaError("Conflict", msg("keys.theIamUserAlready", { accessKeyId: old.accessKeyId, name, accessKeyId2: other.accessKeyId, status: other.status }), {
      hint: msg("keys.ifYouDoNot", { accessKeyId: other.accessKeyId }),
    });
  }
  const user = (await sts.getCallerIdentity(old)).arn;

  // 3. The new key. From here on, each failure leaves one working key stored and names it.
  const fresh = await iam.createAccessKey();
  const newKey: LongTermKey = { accessKeyId: fresh.accessKeyId, secretAccessKey: fresh.secretAccessKey };
  const undo = async (why: Msg, cause: unknown): Promise<never> => {
    let stored = msg("keys.isStillStored");
    try {
      if (!sameKey(await store.read(name), old)) {
        await storeAndCheck(store, name, old);
        stored = msg("keys.isStoredAgain");
      }
    } catch (e) {
      stored = msg("keys.couldNotBeStored", { value: isAwsMfaError(e) ? e.message : String(e) });
    }
    let dropped = msg("keys.newKeyDeletedAgain", { accessKeyId: newKey.accessKeyId });
    try {
      await iam.deleteAccessKey({ accessKeyId: newKey.accessKeyId });
    } catch {
      dropped = msg("keys.newKeyNotDeleted", { accessKeyId: newKey.accessKeyId });
    }
    const code = isAwsMfaError(cause) ? cause.code : "Internal";
    throw new AwsMfaError(code, msg("keys.rotationFailedWhyThe", { why, accessKeyId: old.accessKeyId, stored, where, dropped }), { cause });
  };

  // 4. Stored in the same source, read back.
  try {
    await storeAndCheck(store, name, newKey);
  } catch (e) {
    return undo(msg("keys.theNewKeyCould", { value: isAwsMfaError(e) ? e.message : String(e) }), e);
  }

  // 5. It works (AWS needs a few seconds before a new key is accepted).
  const deadline = Date.now() + VERIFY_WITHIN_MS;
  let lastError: unknown;
  for (let wait = 500; ; wait = Math.min(wait * 2, 3000)) {
    try {
      const id = await sts.getCallerIdentity(newKey);
      if (id.arn === user) break;
      lastError = new AwsMfaError("Conflict", msg("keys.theNewKeyBelongs", { arn: id.arn, user }));
    } catch (e) {
      lastError = e;
    }
    if (Date.now() + wait > deadline)
      return undo(msg("keys.theNewKeyDid", { value: VERIFY_WITHIN_MS / 1000, value2: isAwsMfaError(lastError) ? lastError.message : String(lastError) }), lastError);
    await new Promise((r) => setTimeout(r, wait));
  }

  // 6. The old key goes.
  try {
    await iam.deleteAccessKey({ accessKeyId: old.accessKeyId });
  } catch (e) {
    const err = isAwsMfaError(e) ? e : new AwsMfaError("Internal", msg("raw", { text: String(e) }));
    throw new AwsMfaError(err.code, msg("keys.theNewKeyAccesskeyid", { accessKeyId: newKey.accessKeyId, where, accessKeyId2: old.accessKeyId, message: err.message }), {
      hint: msg("keys.deleteItWithAws", { accessKeyId: old.accessKeyId }),
      cause: e,
    });
  }
  world.stdout.write(tr("keys.profileNameRotatedAccesskeyid", { name, accessKeyId: old.accessKeyId, accessKeyId2: newKey.accessKeyId, where }));
  return 0;
}
