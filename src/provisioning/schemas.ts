// zod schemas of the Provisioning REST API: request bodies, query strings and responses, exactly as SnapEngage spells them.
import { z } from 'zod';
import type { DayOfWeek } from '../db/widgets-repository.js';

/** The documented accountType values; case-sensitive. */
const ACCOUNT_TYPES = ['trial', 'biz', 'entr', 'prem', 'enterprise'] as const;
/** The documented agentType values; `google` and `skype` are deprecated but still listed. */
const AGENT_TYPES = ['webclient', 'google', 'skype'] as const;
const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const satisfies readonly DayOfWeek[];
/** `h:mm AM/PM`, as in the document's samples ("8:00 AM", "12:00 PM"). */
const TIME_OF_DAY = /^(1[0-2]|[1-9]):[0-5]\d (AM|PM)$/;
/** Digits with the usual separators; at least 3 digits. The document only says "a valid phone number". */
const PHONE = /^(?=(?:\D*\d){3,})[+]?[\d\s().\-/x#]{3,40}$/;

const requiredString = (what: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be a string`) });

const emailOf = (what: string) =>
  z
    .email({
      error: (iss) =>
        iss.input === undefined
          ? `${what} is required`
          : typeof iss.input !== 'string'
            ? `${what} must be a string`
            : `${what} must be a valid email address`,
    })
    .max(99, `${what} must be less than 100 characters`);

const emailField = emailOf('email').describe(
  'A valid email address less than 100 characters. Converted to lowercase, which is how the user logs in.',
);

const accountTypeField = z
  .enum(ACCOUNT_TYPES, { error: `accountType must be one of ${ACCOUNT_TYPES.join(', ')} (case-sensitive)` })
  .describe("Case-sensitive: 'trial' (Free Trial), 'biz' (Business), 'entr' (Plus), 'prem' (Premier), 'enterprise' (Enterprise).");

const nameField = requiredString('name').min(1, 'name must not be empty').max(99, 'name must be less than 100 characters');

const passwordField = requiredString('password')
  .min(5, 'password must be 5-99 characters')
  .max(99, 'password must be 5-99 characters')
  .describe('5-99 characters. Stored as a salted keyed hash (HMAC-SHA-256) and never returned.');

const phoneField = z
  .string({ error: 'phone must be a string' })
  .regex(PHONE, 'phone must be a valid phone number (digits, spaces and + ( ) . - / x #)')
  .nullable()
  .describe('A valid phone number.');

const apiKeyQuery = z.string().describe('Your partner API key.');

// ---- users ----

export const userCreateBody = z
  .strictObject({
    email: emailField,
    name: nameField,
    password: passwordField,
    phone: phoneField.optional(),
    accountType: accountTypeField.optional().describe('Required unless templateId is given. ' + accountTypeField.description),
    templateId: requiredString('templateId')
      .min(1)
      .max(254)
      .optional()
      .describe("Email of an existing user under the same api_key; the new account takes the template's accountType."),
  })
  .meta({ id: 'UserCreate' });

export const userUpdateBody = z
  .strictObject({
    email: emailField.describe('Email of an existing user.'),
    name: nameField,
    password: passwordField.optional(),
    phone: phoneField.optional(),
    accountType: accountTypeField.optional(),
  })
  .meta({ id: 'UserUpdate' });

export const userQuery = z.strictObject({
  api_key: apiKeyQuery,
  email: emailField.describe('Email of an existing user.'),
});

export const apiKeyOnlyQuery = z.strictObject({ api_key: apiKeyQuery });

export const userResponse = z
  .object({
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    accountType: z.string(),
  })
  .meta({ id: 'User' });

export const userExistsResponse = z
  .object({ email: z.string() })
  .describe('What another partner key sees: only that the user exists (404 when it does not).')
  .meta({ id: 'UserExists' });

// ---- widgets ----

const agentSchema = z
  .strictObject({
    agentId: requiredString('agentId')
      .min(1, 'agentId must not be empty')
      .max(254, 'agentId must be at most 254 characters')
      .describe('Converted to lowercase; returned as `wc:<id>` for webclient agents.'),
    agentAlias: requiredString('agentAlias').min(1, 'agentAlias must not be empty').max(99, 'agentAlias must be less than 100 characters'),
    agentAvatar: z
      .url({
        protocol: /^https?$/,
        error: (iss) => (iss.input === undefined ? 'agentAvatar is required' : 'agentAvatar must be an http(s) URL'),
      })
      .max(2048, 'agentAvatar must be at most 2048 characters')
      .describe('Link to an agent image (http or https).'),
    agentType: z.enum(AGENT_TYPES, { error: `agentType must be one of ${AGENT_TYPES.join(', ')}` }),
  })
  .meta({ id: 'Agent' });

const scheduleEntrySchema = z.strictObject({
  dayOfWeek: z.enum(DAYS_OF_WEEK, { error: `dayOfWeek must be one of ${DAYS_OF_WEEK.join(', ')}` }),
  enabled: z.boolean({ error: 'enabled must be a boolean' }),
  scheduleList: z
    .array(requiredString('scheduleList entry').regex(TIME_OF_DAY, 'times must use the h:mm AM/PM format, e.g. "8:00 AM"'))
    .length(2, 'scheduleList must hold exactly a start and an end time')
    .describe('Start and end time using h:mm AM/PM format; start before end.'),
});

const conversationScheduleSchema = z
  .strictObject({
    timeZone: requiredString('timeZone').min(1).max(64).describe('IANA time zone, e.g. "Europe/Berlin", "UTC", "US/Mountain".'),
    schedules: z
      .array(scheduleEntrySchema)
      .max(100)
      .describe('Several entries per day are allowed (lunch breaks, shifts); enabled entries of one day may not overlap.'),
  })
  .meta({ id: 'ConversationSchedule' });

const deprecated = (what: string) =>
  `Deprecated: ${what}. Any value passed is ignored and the field stays null on the widget.`;

const widgetFields = {
  email: emailField.describe('Email of an existing user: the widget owner.'),
  name: z.string({ error: 'name must be a string' }).max(99, 'name must be less than 100 characters').nullable().optional(),
  destinationEmail: emailOf('destinationEmail').nullable().optional().describe('The email where transcripts are sent.'),
  agents: z
    .array(agentSchema, { error: (iss) => (iss.input === undefined ? 'agents is required' : 'agents must be a list') })
    .min(1, 'at least one agent is required')
    .max(100, 'at most 100 agents'),
  enableProactiveChat: z
    .union([z.enum(['true', 'false']), z.boolean()], { error: 'enableProactiveChat must be "true", "false" or a boolean' })
    .optional()
    .describe('"true" or "false" (the documented string); a boolean is accepted too. Always returned as the string.'),
  enableConversations: z.boolean({ error: 'enableConversations must be a boolean' }).optional(),
  conversationSchedule: conversationScheduleSchema.nullable().optional(),
  onlineButtonUrl: z.string().nullable().optional().describe(deprecated('legacy chat design')),
  offlineButtonUrl: z.string().nullable().optional().describe(deprecated('legacy chat design')),
  proactiveSettings: z
    .union([z.string(), z.looseObject({})])
    .nullable()
    .optional()
    .describe(deprecated('Proactive Chat V1 settings (delayInSec, message)')),
};

export const widgetCreateBody = z.strictObject(widgetFields).meta({ id: 'WidgetCreate' });

export const widgetUpdateBody = z
  .strictObject({
    ...widgetFields,
    uuid: requiredString('uuid').min(1, 'uuid must not be empty').max(64).describe('The id of the widget to update.'),
  })
  .meta({ id: 'WidgetUpdate' });

export const widgetQuery = z.strictObject({
  api_key: apiKeyQuery,
  uuid: requiredString('uuid').min(1, 'uuid must not be empty').max(64).describe('The widget id.'),
  email: emailField.describe('Email of the user who owns the widget.'),
});

export const widgetResponse = z
  .object({
    name: z.string().nullable(),
    email: z.string(),
    destinationEmail: z.string().nullable(),
    uuid: z.string(),
    agents: z.array(
      z.object({ agentId: z.string(), agentAlias: z.string(), agentAvatar: z.string(), agentType: z.string() }),
    ),
    enableProactiveChat: z.enum(['true', 'false']),
    enableConversations: z.boolean(),
    conversationSchedule: conversationScheduleSchema.nullable(),
    onlineButtonUrl: z.null(),
    offlineButtonUrl: z.null(),
    proactiveSettings: z.null(),
  })
  .meta({ id: 'Widget' });

export type UserCreate = z.infer<typeof userCreateBody>;
export type UserUpdate = z.infer<typeof userUpdateBody>;
export type WidgetCreate = z.infer<typeof widgetCreateBody>;
export type WidgetUpdate = z.infer<typeof widgetUpdateBody>;
export type UserResponse = z.infer<typeof userResponse>;
export type WidgetResponse = z.infer<typeof widgetResponse>;
