import { en, type MsgId } from "./en.js";
export const ja: Readonly<Record<MsgId, string>> = { ...en };
export const jaHelp: Readonly<Record<string, string>> = {};
