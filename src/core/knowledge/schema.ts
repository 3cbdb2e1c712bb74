/**
 * The schema every knowledge file must satisfy. Field names here are the
 * names used in error messages, so an engineer editing an entry sees exactly
 * which field of which file to fix.
 */
import { z } from 'zod';

/** The 30 codes seen most in real incidents; their entries must go deeper. */
export const INCIDENT_CODES: ReadonlySet<number> = new Set([
  400, 401, 403, 404, 405, 407, 408, 410, 415, 420, 422, 423, 480, 481, 482, 483, 484, 486, 487,
  488, 491, 500, 501, 502, 503, 504, 580, 600, 603, 606,
]);

export const MIN_CAUSES = { incident: 4, other: 2 } as const;
export const MIN_CHECKLIST = { incident: 5, other: 3 } as const;

const ROLES = ['uac', 'uas', 'proxy', 'registrar', 'redirect', 'gateway', 'b2bua', 'sbc'] as const;
export type Role = (typeof ROLES)[number];

const text = (min: number, max = 4000) => z.string().trim().min(min).max(max);
const statusCode = z.number().int().min(100).max(699);
const keyword = z.string().trim().min(2).max(60);

const headerNote = z.object({ name: text(2, 60), why: text(10, 400) }).strict();

const sipExample = z
  .object({ caption: z.string(), text: text(40, 6000) })
  .refine((e) => /^[A-Z]+ \S+ SIP\/\d+\.\d+$/m.test(e.text) && /^SIP\/2\.0 \d{3} /m.test(e.text), {
    message: 'the sip block must hold a request line and a status line',
  });

const itemList = (min: number) => z.array(text(10, 1200)).min(min);

/** A response code entry, once its Markdown sections are mapped to fields. */
export const codeEntrySchema = z
  .object({
    code: statusCode,
    phrase: text(2, 80),
    rfc: z.string().regex(/^RFC \d{3,5}$/, 'must look like "RFC 3261"'),
    section: z
      .string()
      .regex(/^\d+(\.\d+)*$/, 'must be a section number such as "21.4.4" (quote it)'),
    summary: text(20, 200).refine((s) => !s.includes('\n'), 'must be one line'),
    sentBy: z.array(z.enum(ROLES)).min(1),
    headers: z.array(headerNote),
    related: z.array(statusCode),
    keywords: z.array(keyword),
    mappingNote: text(10, 600).optional(),
    why: text(80),
    steps: itemList(3),
    example: sipExample,
    causes: itemList(2),
    checklist: itemList(3),
    notes: z.string().optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const incident = INCIDENT_CODES.has(entry.code);
    const minCauses = incident ? MIN_CAUSES.incident : MIN_CAUSES.other;
    const minChecklist = incident ? MIN_CHECKLIST.incident : MIN_CHECKLIST.other;
    const kind = incident ? 'an incident code' : 'this code';
    if (entry.causes.length < minCauses) {
      ctx.addIssue({
        code: 'custom',
        path: ['causes'],
        message: `needs at least ${minCauses} items for ${kind}, found ${entry.causes.length}`,
      });
    }
    if (entry.checklist.length < minChecklist) {
      ctx.addIssue({
        code: 'custom',
        path: ['checklist'],
        message: `needs at least ${minChecklist} items for ${kind}, found ${entry.checklist.length}`,
      });
    }
    if (entry.related.includes(entry.code)) {
      ctx.addIssue({ code: 'custom', path: ['related'], message: 'must not list the code itself' });
    }
    entry.causes.forEach((cause, index) => {
      if (!/^\*\*[^*]+?[.!?:]\*\*/.test(cause)) {
        ctx.addIssue({
          code: 'custom',
          path: ['causes', index],
          message:
            'must start with a bold title ending in a full stop, e.g. "**Wrong password.** ..."',
        });
      }
    });
  });

export type CodeEntryData = z.infer<typeof codeEntrySchema>;

export const classEntrySchema = z
  .object({
    class: z.enum(['1xx', '2xx', '3xx', '4xx', '5xx', '6xx']),
    title: text(3, 80),
    summary: text(20, 300),
    related: z.array(statusCode),
    keywords: z.array(keyword),
    why: text(80),
    steps: itemList(3),
    example: sipExample.optional(),
    causes: itemList(2),
    checklist: itemList(3),
    notes: z.string().optional(),
  })
  .strict();

export type ClassEntryData = z.infer<typeof classEntrySchema>;

export const q850FileSchema = z
  .object({
    causes: z
      .array(
        z
          .object({
            cause: z.number().int().min(0).max(127),
            name: text(3, 120),
            meaning: text(15, 800),
            typicalCause: text(15, 800),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type Q850EntryData = z.infer<typeof q850FileSchema>['causes'][number];

export const warningsFileSchema = z
  .object({
    warnings: z
      .array(
        z
          .object({
            code: z.number().int().min(300).max(399),
            text: text(3, 120),
            rfc: z.string().regex(/^RFC \d{3,5}$/, 'must look like "RFC 3261"'),
            meaning: text(15, 800),
            typicalCause: text(15, 800),
            seenWith: z.array(statusCode),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type WarningEntryData = z.infer<typeof warningsFileSchema>['warnings'][number];

const causeName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an upper-case cause name');

export const freeswitchCausesFileSchema = z
  .object({
    causes: z
      .array(
        z
          .object({
            name: causeName,
            value: z.number().int().min(0),
            meaning: text(15, 800),
            sip: statusCode.optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type FreeswitchCauseData = z.infer<typeof freeswitchCausesFileSchema>['causes'][number];

const note = z.string().min(3).optional();

export const rfc3398Schema = z
  .object({
    source: z.literal('RFC 3398'),
    isupToSip: z.object({
      section: z.string(),
      rows: z.array(
        z.object({ causes: z.array(z.number().int()), sip: statusCode.nullable(), note }).strict(),
      ),
    }),
    sipToIsup: z.object({
      section: z.string(),
      rows: z.array(
        z.object({ sip: z.array(statusCode), cause: z.number().int().nullable(), note }).strict(),
      ),
    }),
  })
  .strict();

export type Rfc3398Data = z.infer<typeof rfc3398Schema>;

export const freeswitchMappingSchema = z
  .object({
    names: z.record(causeName, z.number().int()),
    causeToSip: z.object({
      rows: z.array(
        z
          .object({ causes: z.array(z.union([z.number().int(), causeName])), sip: statusCode })
          .strict(),
      ),
      default: statusCode,
    }),
    sipToCause: z.object({
      rows: z.array(z.object({ sip: z.array(statusCode), cause: causeName }).strict()),
      default: causeName,
    }),
  })
  .strict();

export type FreeswitchMappingData = z.infer<typeof freeswitchMappingSchema>;

export const asteriskMappingSchema = z
  .object({
    names: z.record(causeName, z.number().int()),
    aliases: z.record(causeName, z.number().int()),
    sipToCause: z.object({
      rows: z.array(z.object({ sip: z.array(statusCode), cause: z.number().int() }).strict()),
      classDefaults: z.record(z.enum(['4', '5', '6']), z.number().int()),
    }),
  })
  .strict();

export type AsteriskMappingData = z.infer<typeof asteriskMappingSchema>;

export const checklistEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: text(3, 120),
    groups: z.array(z.object({ heading: text(2, 80), items: itemList(2) })).min(1),
  })
  .strict();

export type ChecklistEntryData = z.infer<typeof checklistEntrySchema>;

/** A diagnosis finding (`findings/<id>.md`), once its Markdown sections are mapped to fields. */
export const findingEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+\.[a-z0-9-]+$/, 'must look like "family.name" (lower case)'),
    title: text(3, 80),
    severity: z.enum(['error', 'warning', 'info']),
    codes: z.array(statusCode),
    summary: text(10, 200),
    meaning: text(40),
    causes: itemList(2),
    checks: itemList(2),
  })
  .strict();

export type FindingEntryData = z.infer<typeof findingEntrySchema>;
