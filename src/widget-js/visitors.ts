// The pages that have the JavaScript widget open, held in memory: each page's secret token (kept as a hash), the chat it
// started, the control plane's invitations and switches waiting for it, and the poll it holds open. A page that stops
// polling is forgotten after WIDGET_VISITOR_IDLE_MS; a restart forgets every page (each registers again on its next call).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError, notFound } from '../core/errors.js';
import type { EventHub } from '../core/event-hub.js';

/** What the control plane sends a page: an invitation to chat, or a switch to another widget. */
export type NewVisitorEvent = { type: 'proactive'; agentAlias: string; message: string } | { type: 'switch'; widgetId: string };
export type VisitorEvent = NewVisitorEvent & { seq: number };

export interface Invitation {
  /** As transcripts name agents (`wc:` for web-client ones). */
  agentId: string;
  agentAlias: string;
  message: string;
}

export interface Visitor {
  id: string;
  widgetId: string;
  partner: string;
  pageUrl?: string;
  referrerUrl?: string;
  /** On the partner's clock. */
  openedAt: number;
  /** The chat the page started last (open or closed), null before any. */
  caseId: string | null;
  /** The invitation the page was sent last: a chat the page starts as an answer begins with it. */
  invitation: Invitation | null;
  events: VisitorEvent[];
}

interface Entry {
  visitor: Visitor;
  tokenHash: Buffer;
  /** Real time of the last call: liveness is the network's business, not the mock's clock's. */
  lastSeen: number;
  nextSeq: number;
  wake: (() => void) | null;
}

export interface VisitorLimits {
  max: number;
  idleMs: number;
}

/** Invitations and switches a page has not fetched yet; the oldest go first past it (a page that never polls). */
const MAX_EVENTS = 100;

const hash = (token: string): Buffer => createHash('sha256').update(token).digest();

export class VisitorRegistry {
  readonly #byId = new Map<string, Entry>();
  readonly #byCase = new Map<string, string>();
  readonly #partners = new Map<string, { pages: number; unsubscribe: () => void }>();

  constructor(
    private readonly limits: VisitorLimits,
    private readonly events: EventHub,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.#byId.size;
  }

  /** Pages holding a poll open now. */
  get holding(): number {
    let n = 0;
    for (const entry of this.#byId.values()) if (entry.wake !== null) n++;
    return n;
  }

  /** A new page; its token is returned once, here, and only its hash is kept. */
  add(fields: Omit<Visitor, 'id' | 'caseId' | 'invitation' | 'events'>): { visitor: Visitor; token: string } {
    this.sweep();
    if (this.#byId.size >= this.limits.max) {
      throw new AppError(503, 'too_many_visitors', `${this.#byId.size} widget pages are open, the most WIDGET_MAX_VISITORS allows; close some pages or raise it`, [], { 'retry-after': '10' });
    }
    const token = randomBytes(24).toString('base64url');
    const visitor: Visitor = { ...fields, id: `vis_${randomUUID()}`, caseId: null, invitation: null, events: [] };
    this.#byId.set(visitor.id, { visitor, tokenHash: hash(token), lastSeen: this.now(), nextSeq: 1, wake: null });
    this.#watch(visitor.partner);
    return { visitor, token };
  }

  /** The page whose token this is; a wrong token is indistinguishable from a page the mock never saw. */
  find(id: string, token: string | undefined): Visitor {
    const entry = this.#byId.get(id);
    if (!entry || token === undefined || !timingSafeEqual(entry.tokenHash, hash(token))) {
      throw notFound('visitor_not_found', `no widget page ${id.slice(0, 60)} with this token (pages are forgotten after WIDGET_VISITOR_IDLE_MS, or a restart): register again`);
    }
    entry.lastSeen = this.now();
    return entry.visitor;
  }

  /** A page of `partner`'s widget, for the control plane. */
  ofPartner(partner: string, widgetId: string, id: string): Visitor {
    const visitor = this.#byId.get(id)?.visitor;
    if (!visitor || visitor.partner !== partner || visitor.widgetId !== widgetId) throw notFound('visitor_not_found', `widget ${widgetId} has no open page ${id.slice(0, 60)}`);
    return visitor;
  }

  /** The widget's open pages, oldest first. */
  ofWidget(partner: string, widgetId: string): Visitor[] {
    this.sweep();
    return [...this.#byId.values()].map((e) => e.visitor).filter((v) => v.partner === partner && v.widgetId === widgetId);
  }

  attachChat(visitor: Visitor, caseId: string): void {
    if (visitor.caseId) this.#byCase.delete(visitor.caseId);
    visitor.caseId = caseId;
    this.#byCase.set(caseId, visitor.id);
  }

  push(visitor: Visitor, event: NewVisitorEvent): void {
    const entry = this.#byId.get(visitor.id);
    if (!entry) return;
    visitor.events.push({ ...event, seq: entry.nextSeq++ });
    if (visitor.events.length > MAX_EVENTS) visitor.events.shift();
    this.#wake(entry);
  }

  /** Resolves when something for the page happens, or after `ms`; a second poll of one page answers the first. */
  wait(visitor: Visitor, ms: number): Promise<void> {
    const entry = this.#byId.get(visitor.id);
    if (!entry) return Promise.resolve();
    this.#wake(entry);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (entry.wake === done) entry.wake = null;
        entry.lastSeen = this.now();
        resolve();
      };
      const timer = setTimeout(done, ms);
      entry.wake = done;
    });
  }

  /** The page said it is leaving (closed, navigated away); its chat stays with the front desk. */
  remove(visitor: Visitor): void {
    const entry = this.#byId.get(visitor.id);
    if (entry) this.#drop(entry);
  }

  /** Pages silent for WIDGET_VISITOR_IDLE_MS are dropped; a page holding a poll is never silent. */
  sweep(): void {
    const cutoff = this.now() - this.limits.idleMs;
    for (const entry of this.#byId.values()) if (entry.wake === null && entry.lastSeen < cutoff) this.#drop(entry);
  }

  /** Answers every held poll (shutdown). */
  wakeAll(): void {
    for (const entry of this.#byId.values()) this.#wake(entry);
  }

  #wake(entry: Entry): void {
    entry.wake?.();
  }

  #drop(entry: Entry): void {
    const { visitor } = entry;
    this.#byId.delete(visitor.id);
    if (visitor.caseId && this.#byCase.get(visitor.caseId) === visitor.id) this.#byCase.delete(visitor.caseId);
    this.#wake(entry);
    const watched = this.#partners.get(visitor.partner);
    if (watched && --watched.pages === 0) {
      watched.unsubscribe();
      this.#partners.delete(visitor.partner);
    }
  }

  /** A partner's pages hear of its conversations' changes (a line, typing, a close), of its clock and of its reset. */
  #watch(partner: string): void {
    const watched = this.#partners.get(partner);
    if (watched) {
      watched.pages++;
      return;
    }
    const unsubscribe = this.events.subscribe(partner, (event) => {
      if (event.type === 'conversation') {
        const entry = this.#byId.get(this.#byCase.get(event.caseId) ?? '');
        if (entry) this.#wake(entry);
      } else if (event.type === 'clock' || event.type === 'presence') {
        // The widget may have come online or gone offline (its schedule, its agents): its pages ask again.
        for (const entry of this.#byId.values()) if (entry.visitor.partner === partner) this.#wake(entry);
      } else if (event.type === 'reset') {
        // A reset wiped the partner's chats: its pages start over (their next call registers them anew).
        for (const entry of [...this.#byId.values()]) if (entry.visitor.partner === partner) this.#drop(entry);
      }
    });
    this.#partners.set(partner, { pages: 1, unsubscribe });
  }
}
