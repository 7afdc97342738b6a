// Relays stored fallback emails over SMTP (SMTP_URL): one pooled transport, every wait bounded, a bounded number of
// tries recorded on the email, and nothing left hanging at shutdown.
import type { FastifyBaseLogger } from 'fastify';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { EmailsRepository, SmtpResult } from '../db/emails-repository.js';
import { loadLazily } from '../core/lazy-require.js';
import type { SupportRequestEmail } from './render.js';

export type SmtpTransport = Transporter<SMTPTransport.SentMessageInfo>;

export interface SmtpOptions {
  /** Bound on connecting, on the greeting and on any silence of the relay. */
  timeoutMs: number;
  /** Connections the pool may open at once. */
  maxConnections: number;
}

/**
 * `smtpUrl` is nodemailer's connection URL (smtp://user:pass@host:port); its query parameters (connectionTimeout,
 * greetingTimeout, socketTimeout, maxConnections) override the options. nodemailer's own defaults would wait up
 * to 10 minutes on a silent server; a mock should fail fast.
 */
export function createSmtpTransport(smtpUrl: string, options: SmtpOptions): SmtpTransport {
  const url = new URL(smtpUrl);
  const defaults = {
    pool: 'true',
    maxConnections: String(options.maxConnections),
    connectionTimeout: String(options.timeoutMs),
    greetingTimeout: String(options.timeoutMs),
    socketTimeout: String(options.timeoutMs),
  };
  for (const [key, value] of Object.entries(defaults)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  return loadLazily<typeof import('nodemailer')>('nodemailer').createTransport(url.toString());
}

export interface EmailRelayDeps {
  /** Undefined when SMTP_URL is unset: emails are only stored. */
  transport: SmtpTransport | undefined;
  emails: EmailsRepository;
  log: FastifyBaseLogger;
  timeoutMs: number;
  /** Tries per email in all (the first included). */
  attempts: number;
  /** Real time between tries. */
  retryDelayMs: number;
}

class Aborted extends Error {}

export class EmailRelay {
  readonly #deps: EmailRelayDeps;
  readonly #log: FastifyBaseLogger;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #abort = new AbortController();

  constructor(deps: EmailRelayDeps) {
    this.#deps = deps;
    this.#log = deps.log.child({ module: 'email-relay' });
  }

  /**
   * Relays a stored email: the first try is awaited (at most the timeout, less if `signal` aborts it), the others
   * run in the background, `retryDelayMs` apart. Each try's result is recorded on the email.
   */
  async relay(emailId: string, email: SupportRequestEmail, signal?: AbortSignal): Promise<void> {
    if (!this.#deps.transport) return;
    await this.#try(emailId, email, 1, signal);
  }

  /** Shutting down: no more tries, and the ones in flight give up now (recorded as such). */
  close(): void {
    this.#abort.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#deps.transport?.close();
  }

  async #try(emailId: string, email: SupportRequestEmail, attempt: number, signal?: AbortSignal): Promise<void> {
    const { attempts, retryDelayMs } = this.#deps;
    try {
      await this.#send(email, signal);
      this.#record(emailId, { sent: true, error: null, attempts: attempt });
      return;
    } catch (err) {
      const aborted = err instanceof Aborted;
      const error = (err as Error).message;
      this.#record(emailId, { sent: false, error, attempts: attempt });
      const retry = !aborted && attempt < attempts;
      this.#log.warn({ emailId, attempt, attempts, error, retryInMs: retry ? retryDelayMs : undefined }, 'SMTP relay did not take the fallback email');
      if (!retry) return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#try(emailId, email, attempt + 1);
    }, retryDelayMs);
    this.#timers.add(timer);
  }

  #record(emailId: string, result: SmtpResult): void {
    try {
      this.#deps.emails.setSmtpResult(emailId, result);
    } catch (err) {
      // The store closed under a try that ended with the shutdown: the email keeps its last recorded state.
      this.#log.debug({ err, emailId }, 'SMTP result not recorded');
    }
  }

  /** sendMail, bounded as a whole by the timeout (a relay that trickles bytes never holds it longer) and by aborts. */
  #send(email: SupportRequestEmail, signal: AbortSignal | undefined): Promise<unknown> {
    const signals = [this.#abort.signal, ...(signal ? [signal] : [])];
    if (signals.some((s) => s.aborted)) return Promise.reject(new Aborted('aborted: the mock was shutting down'));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        for (const s of signals) s.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(new Aborted('aborted: the mock was shutting down'));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timeout: the SMTP relay did not take the email within ${this.#deps.timeoutMs} ms`));
      }, this.#deps.timeoutMs);
      for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      this.#deps.transport!.sendMail(email).then(
        (info) => {
          done();
          resolve(info);
        },
        (err: unknown) => {
          done();
          reject(err as Error);
        },
      );
    });
  }
}
