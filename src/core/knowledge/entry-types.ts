/** The validated, loaded shape of every kind of knowledge entry. */
import type {
  ChecklistEntryData,
  ClassEntryData,
  CodeEntryData,
  FindingEntryData,
  FreeswitchCauseData,
  Q850EntryData,
  WarningEntryData,
} from './schema.js';

export type ResponseClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | '6xx';

interface Sourced {
  /** Path relative to the knowledge directory, e.g. "codes/403.md". */
  file: string;
}

export interface CodeEntry extends Omit<CodeEntryData, 'example'>, Sourced {
  class: ResponseClass;
  example: { caption: string; text: string };
}

export interface ClassEntry extends ClassEntryData, Sourced {}
export interface Q850Entry extends Q850EntryData, Sourced {}
export interface WarningEntry extends WarningEntryData, Sourced {}
export interface FreeswitchCauseEntry extends FreeswitchCauseData, Sourced {}
export interface ChecklistEntry extends ChecklistEntryData, Sourced {}
export interface FindingEntry extends FindingEntryData, Sourced {}

export interface RegisteredCode {
  code: number;
  phrase: string;
  rfc: string;
}

export function classOf(code: number): ResponseClass {
  return `${Math.floor(code / 100)}xx` as ResponseClass;
}
