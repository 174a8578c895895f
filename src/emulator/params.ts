import { constraint, validation } from "./errors.js";

// Parameter validation with AWS's model-constraint wording ("1 validation error detected: …").

export type Params = ReadonlyMap<string, string>;

/** AWS names a parameter in constraint messages in lower camel case: SerialNumber → serialNumber. */
const fieldName = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export function required(p: Params, name: string): string {
  const v = p.get(name);
  const field = fieldName(name);
  if (v === undefined || v === "") {
    throw validation(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return v;
}

export function intInRange(p: Params, name: string, min: number, max: number): number | undefined {
  const raw = p.get(name);
  if (raw === undefined) return undefined;
  const field = fieldName(name);
  if (!/^-?\d+$/.test(raw)) throw validation(`Value '${raw}' for parameter ${name} is invalid. Must be an integer.`);
  const n = Number(raw);
  if (n < min) throw constraint(raw, field, `Member must have value greater than or equal to ${min}`);
  if (n > max) throw constraint(raw, field, `Member must have value less than or equal to ${max}`);
  return n;
}

/** Length and pattern checks, in the order AWS reports them. */
export function shaped(p: Params, name: string, min: number, max: number, pattern?: { re: RegExp; text: string }): string | undefined {
  const v = p.get(name);
  if (v === undefined) return undefined;
  const field = fieldName(name);
  if (v.length < min) throw constraint(v, field, `Member must have length greater than or equal to ${min}`);
  if (v.length > max) throw constraint(v, field, `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.re.test(v)) throw constraint(v, field, `Member must satisfy regular expression pattern: ${pattern.text}`);
  return v;
}

/** A required parameter that must also satisfy its length and pattern constraints. */
export function requiredShaped(p: Params, name: string, min: number, max: number, pattern?: { re: RegExp; text: string }): string {
  const v = required(p, name);
  shaped(p, name, min, max, pattern);
  return v;
}

export const SERIAL = { re: /^[\w+=/:,.@-]*$/, text: "[\\w+=/:,.@-]*" };
export const DIGITS = { re: /^\d*$/, text: "[\\d]*" };
export const SESSION_NAME = { re: /^[\w+=,.@-]*$/, text: "[\\w+=,.@-]*" };
export const ENTITY_NAME = { re: /^[\w+=,.@-]+$/, text: "[\\w+=,.@-]+" };
