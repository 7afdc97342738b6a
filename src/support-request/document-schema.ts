// The Integration API support-request document, field by field from SnapEngage's published sample and field table.

import { z } from 'zod';
import { MAX_INSTANT } from '../core/clock.js';

const nameValueSchema = z.strictObject({ name: z.string(), value: z.string() });

export const requesterDetailsSchema = z.strictObject({
  name: z.string(),
  emails: z.array(z.string()),
  name_profile_link: z.string(),
  phones: z.array(z.string()),
  address: z.string(),
  address_2: z.string(),
  city: z.string(),
  state: z.string(),
  zip: z.string(),
  country: z.string(),
  company_name: z.string(),
  company_profile_link: z.string(),
  // Strings on the wire even when numeric: the sample sends "100" and "Abe,Betty,Charlie".
  employees: z.string(),
  revenue: z.string(),
  title: z.string(),
  website: z.string(),
  social_profile_links: z.array(z.string()),
  gender: z.string(),
  age: z.int().nonnegative(),
  influencer_score: z.string(),
  notes: z.string(),
  industry: z.string(),
  avatars: z.array(z.string()),
  // Always empty in every public sample; its element shape is unknown.
  other_data: z.array(z.unknown()),
});

/**
 * The latest second a document may name: 9999-12-31T23:59:59Z. SnapEngage writes dates as "MMM d, yyyy h:mm:ss a"
 * and the legacy XML as ISO 8601, both with a four-digit year; a later instant cannot be rendered.
 */
export const MAX_DOCUMENT_SECONDS = Math.floor(MAX_INSTANT / 1000);
/** A chat longer than a week is no chat; the bound keeps every transcript line's time renderable. */
export const MAX_CHAT_DURATION_SECONDS = 7 * 24 * 3600;

const epochSeconds = (field: string) =>
  z
    .int()
    .nonnegative()
    .max(MAX_DOCUMENT_SECONDS, `${field} must be at most ${MAX_DOCUMENT_SECONDS} (9999-12-31T23:59:59Z): later dates cannot be written in SnapEngage's formats`);

export const transcriptEntrySchema = z.strictObject({
  // Blank for the visitor; `wc:<email>` for a web-client agent.
  id: z.string(),
  date: z.string(),
  date_seconds: epochSeconds('date_seconds'),
  date_milliseconds: z.int().min(0).max(999),
  alias: z.string(),
  message: z.string(),
  translations: z.record(z.string(), z.string()).optional(),
  sender: z.enum(['VISITOR', 'AGENT']).optional(),
});

export const supportRequestSchema = z.strictObject({
  // Real ids are UUIDs, but the published sample's are truncated, so any string is accepted.
  id: z.string(),
  widget_id: z.string(),
  url: z.string(),
  snapshot_image_url: z.string(),
  type: z.enum(['chat', 'offline']),
  requested_by: z.string(),
  requester_details: requesterDetailsSchema,
  description: z.string(),
  created_at_date: z.string(),
  created_at_seconds: epochSeconds('created_at_seconds'),
  created_at_milliseconds: z.int().min(0).max(999),
  proactive_chat: z.boolean(),
  page_url: z.string(),
  referrer_url: z.string(),
  entry_url: z.string(),
  ip_address: z.string(),
  user_agent: z.string(),
  browser: z.string(),
  os: z.string(),
  country_code: z.string(),
  country: z.string(),
  region: z.string(),
  city: z.string(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  // 1 offline message, 2 manual chat, 3 proactive chat.
  source_id: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  chat_waittime: z.int().nonnegative(),
  chat_duration: z
    .int()
    .nonnegative()
    .max(MAX_CHAT_DURATION_SECONDS, `chat_duration must be at most ${MAX_CHAT_DURATION_SECONDS} seconds (7 days)`),
  // Optional only because the published sample JSON lacks them; the mock always sends both.
  chat_ended_by: z.string().optional(),
  // Named in the Logs API's copy of a case; sent here too, so a receiver knows who took the chat without reading lines.
  chat_agent_id: z.string().optional(),
  chat_agent_alias: z.string().optional(),
  language_code: z.string(),
  transcripts: z.array(transcriptEntrySchema),
  plugins: z.array(nameValueSchema),
  javascript_variables: z.array(nameValueSchema),
  operator_variables: z.array(nameValueSchema),
  labels: z.array(nameValueSchema).optional(),
});

export type SupportRequest = z.infer<typeof supportRequestSchema>;
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

/**
 * Fields computed from others and therefore not overridable, so a document can never contradict itself:
 * url and snapshot_image_url follow id, created_at_date follows created_at_seconds/_milliseconds,
 * source_id follows type and proactive_chat.
 */
const derivedFieldMask = { url: true, snapshot_image_url: true, created_at_date: true, source_id: true } as const;
export const derivedFields = Object.keys(derivedFieldMask) as Array<keyof typeof derivedFieldMask>;

/** What a user may pin in a generated document: any field but the derived ones; arrays are replaced whole. */
export const supportRequestOverridesSchema = supportRequestSchema
  .omit(derivedFieldMask)
  .extend({ requester_details: requesterDetailsSchema.partial() })
  .partial();

export type SupportRequestOverrides = z.infer<typeof supportRequestOverridesSchema>;
