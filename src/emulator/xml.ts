import type { AwsError, Service } from "./errors.js";

// The query protocol's XML, written by hand: the shapes are tiny and fixed, and a dependency-free
// writer keeps the emulator fast to load.

export const NAMESPACE: Record<Service, string> = {
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
};

export const VERSION: Record<Service, string> = { sts: "2011-06-15", iam: "2010-05-08" };

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** A nested element tree: strings are text, arrays are repeated `member` lists, undefined is omitted. */
export type XmlValue = string | number | boolean | undefined | XmlValue[] | { [key: string]: XmlValue };

export function element(name: string, value: XmlValue): string {
  if (value === undefined) return "";
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element("member", v)).join("")}</${name}>`;
  if (typeof value === "object") {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join("");
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${esc(String(value))}</${name}>`;
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` — Result is left out for empty results, as AWS does. */
export function successXml(service: Service, action: string, result: Record<string, XmlValue> | undefined, requestId: string): string {
  const body = result === undefined ? "" : element(`${action}Result`, result);
  return (
    `<${action}Response xmlns="${NAMESPACE[service]}">` +
    `${body}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`
  );
}

export function errorXml(service: Service, err: AwsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE[service]}">` +
    `<Error><Type>${err.type}</Type><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>\n`
  );
}
