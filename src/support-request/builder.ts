// Builds a complete, realistic Integration API support request from a widget, the clock and a seeded PRNG.

import { MAX_INSTANT } from '../core/clock.js';
import type { SupportRequest, SupportRequestOverrides, TranscriptEntry } from './document-schema.js';
import type { Random } from '../core/random.js';
import * as data from './sample-data.js';

type SupportRequestType = SupportRequest['type'];

interface WidgetAgent {
  /** As the provisioning API returns it: `wc:<email>` for web-client agents. */
  agentId: string;
  agentAlias: string;
  agentType: string;
}

export interface BuildSupportRequestInput {
  widget: { id: string; agents: readonly WidgetAgent[] };
  /** Defaults to 'chat'; `overrides.type` wins when both are given. */
  type?: SupportRequestType;
  /** Already validated by supportRequestOverridesSchema (the route's body schema): they are not parsed again here. */
  overrides?: SupportRequestOverrides;
  /** Milliseconds since the epoch, from the Clock. */
  now: number;
  random: Random;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "h:mm:ss a" in GMT, e.g. "2:14:31 PM". */
export function formatSnapEngageTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${hours % 12 || 12}:${mm}:${ss} ${hours < 12 ? 'AM' : 'PM'}`;
}

/** "MMM d, yyyy h:mm:ss a" in GMT, e.g. "Oct 3, 2014 2:14:31 PM". Built by hand: Intl's AM/PM spacing varies by ICU version. */
export function formatSnapEngageDate(ms: number): string {
  const d = new Date(ms);
  return `${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${formatSnapEngageTime(ms)}`;
}

/** The seconds/milliseconds/date triple SnapEngage uses for one instant. */
function instant(ms: number) {
  const whole = Math.floor(ms);
  return { date: formatSnapEngageDate(whole), seconds: Math.floor(whole / 1000), milliseconds: whole % 1000 };
}

export type CreatedAt = Pick<SupportRequest, 'created_at_date' | 'created_at_seconds' | 'created_at_milliseconds'>;

/**
 * The created_at rule: created_at_seconds and created_at_milliseconds define the instant (each defaults to
 * its part of `nowMs`), and created_at_date is always formatted from them. The date string alone is not
 * overridable (the overrides schema rejects it), so the three can never disagree.
 */
export function resolveCreatedAt(
  nowMs: number,
  overrides: Pick<SupportRequestOverrides, 'created_at_seconds' | 'created_at_milliseconds'> = {},
): CreatedAt {
  const now = instant(nowMs);
  const seconds = overrides.created_at_seconds ?? now.seconds;
  const milliseconds = overrides.created_at_milliseconds ?? now.milliseconds;
  return {
    created_at_date: formatSnapEngageDate(seconds * 1000 + milliseconds),
    created_at_seconds: seconds,
    created_at_milliseconds: milliseconds,
  };
}

export const viewCaseUrl = (id: string): string => `https://www.snapengage.com/viewcase?c=${encodeURIComponent(id)}`;
export const snapshotImageUrl = (id: string): string =>
  `https://www.snapengage.com/snapabug/ServiceImage?c=${encodeURIComponent(id)}`;

/** 1 offline message, 2 manual chat, 3 proactive chat. */
export function sourceIdFor(type: SupportRequestType, proactiveChat: boolean): SupportRequest['source_id'] {
  if (type === 'offline') return 1;
  return proactiveChat ? 3 : 2;
}

// A widget may have no agents yet; a chat still needs someone on the other side.
const fallbackAgent: WidgetAgent = { agentId: 'wc:agent@example.com', agentAlias: 'Agent', agentType: 'webclient' };

type Conversation = Pick<
  SupportRequest,
  | 'description'
  | 'transcripts'
  | 'chat_waittime'
  | 'chat_duration'
  | 'chat_ended_by'
  | 'chat_agent_id'
  | 'chat_agent_alias'
  | 'operator_variables'
  | 'labels'
>;

function chatConversation(
  random: Random,
  agents: readonly WidgetAgent[],
  visitorFirstName: string,
  startMs: number,
  durationOverride: number | undefined,
): Conversation {
  const agent = agents.length > 0 ? random.pick(agents) : fallbackAgent;
  const script = random.pick(data.conversations);
  const waittime = random.int(1, 45);
  const duration = durationOverride ?? random.int(script.lines.length * 20, 900);
  // One slot per line keeps the timestamps strictly increasing and inside chat_duration.
  const slot = Math.max(1, Math.floor((duration * 1000) / script.lines.length));
  const transcripts = script.lines.map((template, i): TranscriptEntry => {
    // Capped at the last instant a document can name (a chat pinned to the end of year 9999 ends there).
    const at = instant(Math.min(startMs + i * slot + random.int(0, slot - 1), MAX_INSTANT));
    const fromVisitor = i % 2 === 0;
    return {
      id: fromVisitor ? '' : agent.agentId,
      date: at.date,
      date_seconds: at.seconds,
      date_milliseconds: at.milliseconds,
      alias: fromVisitor ? 'visitor' : agent.agentAlias,
      message: template.replaceAll('{visitor}', visitorFirstName).replaceAll('{agent}', agent.agentAlias),
      sender: fromVisitor ? 'VISITOR' : 'AGENT',
    };
  });
  return {
    description: transcripts[0]?.message ?? '',
    transcripts,
    chat_waittime: waittime,
    chat_duration: duration,
    chat_ended_by: random.pick(['agent', 'visitor']),
    chat_agent_id: agent.agentId,
    chat_agent_alias: agent.agentAlias,
    operator_variables: [
      { name: 'note', value: `Visitor asked about ${script.topic.toLowerCase()}` },
      { name: 'customerTemp', value: random.pick(['Happy', 'Very Happy', 'Neutral']) },
    ],
    labels: [{ name: 'Topic', value: script.topic }],
  };
}

// Offline requests carry no chat: the visitor's message is the description and transcripts stay empty.
function offlineConversation(random: Random): Conversation {
  return {
    description: random.pick(data.offlineMessages),
    transcripts: [],
    chat_waittime: 0,
    chat_duration: 0,
    chat_ended_by: '',
    chat_agent_id: '',
    chat_agent_alias: '',
    operator_variables: [],
    labels: [],
  };
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Same input (seed, now, widget, type, overrides) gives the same document. Overrides are merged on top:
 * requester_details field by field, arrays replaced whole. Derived fields (url, snapshot_image_url,
 * created_at_date, source_id) are computed from the final values.
 */
export function buildSupportRequest(input: BuildSupportRequestInput): SupportRequest {
  const overrides = input.overrides ?? {};
  const { random } = input;
  const type = overrides.type ?? input.type ?? 'chat';
  const createdAt = resolveCreatedAt(input.now, overrides);
  const startMs = createdAt.created_at_seconds * 1000 + createdAt.created_at_milliseconds;

  const id = random.uuid();
  const first = random.pick(data.firstNames);
  const last = random.pick(data.lastNames);
  const email = `${first}.${last}@${random.pick(data.emailDomains)}`.toLowerCase();
  const place = random.pick(data.cities);
  const company = random.pick(data.companies);
  const site = `https://www.${random.pick(data.companies).slug}.example`;
  const browser = random.pick(data.browsers);
  // Drawn for every type so an override of proactive_chat does not shift the rest of the document.
  const drawnProactive = random.bool(0.25);
  const proactiveChat = overrides.proactive_chat ?? (type === 'chat' && drawnProactive);
  const conversation =
    type === 'chat'
      ? chatConversation(random, input.widget.agents, first, startMs, overrides.chat_duration)
      : offlineConversation(random);

  const generated: SupportRequest = {
    id,
    widget_id: input.widget.id,
    url: viewCaseUrl(id),
    snapshot_image_url: snapshotImageUrl(id),
    type,
    requested_by: email,
    requester_details: {
      name: `${first} ${last}`,
      emails: [email],
      name_profile_link: '',
      phones: [`${place.areaCode}-555-01${String(random.int(0, 99)).padStart(2, '0')}`],
      address: `${random.int(1, 9999)} ${random.pick(data.streets)}`,
      address_2: random.bool(0.2) ? `Suite ${random.int(100, 999)}` : '',
      city: place.city,
      state: place.state,
      zip: place.zip,
      country: 'US',
      company_name: company.name,
      company_profile_link: '',
      employees: random.pick(data.employeeRanges),
      revenue: String(random.int(1, 500) * 100_000),
      title: random.pick(data.titles),
      website: `www.${company.slug}.example`,
      social_profile_links: [],
      gender: random.pick(data.genders),
      age: random.int(21, 68),
      influencer_score: (random.int(0, 1000) / 10).toFixed(1),
      notes: '',
      industry: company.industry,
      avatars: [],
      other_data: [],
    },
    description: conversation.description,
    ...createdAt,
    proactive_chat: proactiveChat,
    page_url: `${site}${random.pick(data.pagePaths)}`,
    referrer_url: random.pick(data.referrers),
    entry_url: `${site}/`,
    ip_address: `${random.pick(data.ipPrefixes)}.${random.int(1, 254)}`,
    user_agent: browser.userAgent,
    browser: browser.browser,
    os: browser.os,
    country_code: 'US',
    country: 'United States',
    region: place.state,
    city: place.city,
    latitude: round6(place.latitude + (random.next() - 0.5) * 0.1),
    longitude: round6(place.longitude + (random.next() - 0.5) * 0.1),
    source_id: sourceIdFor(type, proactiveChat),
    chat_waittime: conversation.chat_waittime,
    chat_duration: conversation.chat_duration,
    chat_ended_by: conversation.chat_ended_by,
    chat_agent_id: conversation.chat_agent_id,
    chat_agent_alias: conversation.chat_agent_alias,
    language_code: random.pick(data.languageCodes),
    transcripts: conversation.transcripts,
    plugins: browser.desktop ? [{ name: 'PDF Viewer', value: '1.0' }] : [],
    javascript_variables: [
      { name: 'customerId', value: `C${random.int(10000, 99999)}` },
      { name: 'plan', value: random.pick(data.plans) },
    ],
    operator_variables: conversation.operator_variables,
    labels: conversation.labels,
  };

  const { requester_details: detailOverrides = {}, ...topOverrides } = overrides;
  const merged: SupportRequest = {
    ...generated,
    ...withoutUndefined(topOverrides),
    requester_details: { ...generated.requester_details, ...withoutUndefined(detailOverrides) },
  };
  return {
    ...merged,
    url: viewCaseUrl(merged.id),
    snapshot_image_url: snapshotImageUrl(merged.id),
    source_id: sourceIdFor(merged.type, merged.proactive_chat),
  };
}
