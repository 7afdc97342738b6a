// The support-request document of a conversation that was lived (the front desk), filled as SnapEngage fills it from
// what happened: who wrote what and when, who took the chat, how long it waited and lasted. Nothing is invented: what
// the conversation never set (address, survey, operator notes) stays empty.
import { MAX_DOCUMENT_SECONDS, MAX_CHAT_DURATION_SECONDS, type SupportRequest, type TranscriptEntry } from './document-schema.js';
import { formatSnapEngageDate, resolveCreatedAt, snapshotImageUrl, sourceIdFor, viewCaseUrl } from './builder.js';

export interface LivedLine {
  /** `visitor` lines are the visitor's; `agent` and `bot` lines the other side's. System lines are not transcribed. */
  kind: 'visitor' | 'agent' | 'bot';
  /** `wc:<email>` for a web-client agent, as transcripts name agents; '' for the visitor. */
  id: string;
  alias: string;
  text: string;
  at: number;
}

export interface LivedCase {
  id: string;
  widgetId: string;
  type: 'chat' | 'offline';
  createdAt: number;
  acceptedAt: number | null;
  closedAt: number;
  endedBy: string;
  proactive: boolean;
  description: string;
  visitor: {
    email?: string;
    name?: string;
    phone?: string;
    userAgent?: string;
    ipAddress?: string;
    pageUrl?: string;
    referrerUrl?: string;
    languageCode?: string;
  };
  /** The agent who had the chat last (`wc:` id as transcripts name it), or none. */
  agent: { id: string; alias: string } | null;
  variables: Array<{ name: string; value: string }>;
  lines: readonly LivedLine[];
}

const seconds = (ms: number): number => Math.max(0, Math.round(ms / 1000));

function transcriptLine(line: LivedLine): TranscriptEntry {
  const at = Math.min(line.at, MAX_DOCUMENT_SECONDS * 1000);
  return {
    id: line.kind === 'visitor' ? '' : line.id,
    date: formatSnapEngageDate(at),
    date_seconds: Math.floor(at / 1000),
    date_milliseconds: at % 1000,
    alias: line.alias,
    message: line.text,
    sender: line.kind === 'visitor' ? 'VISITOR' : 'AGENT',
  };
}

export function buildLivedCase(lived: LivedCase): SupportRequest {
  const { visitor } = lived;
  const answeredAt = lived.acceptedAt ?? lived.closedAt;
  const chat = lived.type === 'chat';
  return {
    id: lived.id,
    widget_id: lived.widgetId,
    url: viewCaseUrl(lived.id),
    snapshot_image_url: snapshotImageUrl(lived.id),
    type: lived.type,
    requested_by: visitor.email ?? '',
    requester_details: {
      name: visitor.name ?? '',
      emails: visitor.email ? [visitor.email] : [],
      name_profile_link: '',
      phones: visitor.phone ? [visitor.phone] : [],
      address: '',
      address_2: '',
      city: '',
      state: '',
      zip: '',
      country: '',
      company_name: '',
      company_profile_link: '',
      employees: '',
      revenue: '',
      title: '',
      website: '',
      social_profile_links: [],
      gender: '',
      age: 0,
      influencer_score: '',
      notes: '',
      industry: '',
      avatars: [],
      other_data: [],
    },
    description: lived.description,
    ...resolveCreatedAt(lived.createdAt),
    proactive_chat: lived.proactive,
    page_url: visitor.pageUrl ?? '',
    referrer_url: visitor.referrerUrl ?? '',
    entry_url: visitor.pageUrl ?? '',
    ip_address: visitor.ipAddress ?? '',
    user_agent: visitor.userAgent ?? '',
    browser: '',
    os: '',
    country_code: '',
    country: '',
    region: '',
    city: '',
    latitude: 0,
    longitude: 0,
    source_id: sourceIdFor(lived.type, lived.proactive),
    chat_waittime: chat ? seconds(answeredAt - lived.createdAt) : 0,
    // A chat kept open past a week (on a virtual clock) is recorded as lasting the longest a document can say.
    chat_duration: chat ? Math.min(seconds(lived.closedAt - answeredAt), MAX_CHAT_DURATION_SECONDS) : 0,
    chat_ended_by: chat ? lived.endedBy : '',
    chat_agent_id: lived.agent?.id ?? '',
    chat_agent_alias: lived.agent?.alias ?? '',
    language_code: visitor.languageCode ?? '',
    transcripts: lived.lines.map(transcriptLine),
    plugins: [],
    javascript_variables: lived.variables,
    operator_variables: [],
    labels: [],
  };
}
