import type { FlagDef } from "./spec.js";

// Flags several commands share, defined once.

export const PROFILE_FLAG = {
  type: "string",
  short: "p",
  value: "P",
  description: 'profile (default: $AWS_PROFILE, $AWS_DEFAULT_PROFILE, then "default")',
  complete: "profile",
} as const satisfies FlagDef;

export const NO_PROMPT_FLAG = {
  type: "boolean",
  description: "never ask for a code; fail with the login hint when a new session is needed (for direnv and scripts)",
} as const satisfies FlagDef;
