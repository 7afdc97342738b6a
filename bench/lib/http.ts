// One JSON call to a running mock, failing loudly on an unexpected status (a benchmark of errors is worthless).
import { request, type Dispatcher } from 'undici';
import { BENCH_KEY } from './seed.js';

export interface Answer {
  status: number;
  text: string;
  json(): any;
}

export async function call(
  base: string,
  method: Dispatcher.HttpMethod,
  path: string,
  body?: unknown,
  options: { expect?: number[]; key?: string | null; dispatcher?: Dispatcher } = {},
): Promise<Answer> {
  const key = options.key === undefined ? BENCH_KEY : options.key;
  const url = `${base}${path}${key === null ? '' : `${path.includes('?') ? '&' : '?'}api_key=${key}`}`;
  const res = await request(url, {
    method,
    ...(options.dispatcher && { dispatcher: options.dispatcher }),
    ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.body.text();
  const expected = options.expect ?? [200, 201];
  if (!expected.includes(res.statusCode)) throw new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
  return { status: res.statusCode, text, json: () => JSON.parse(text) };
}

export const userBody = (email: string) => ({ email, name: 'Bench User', password: 'bench-password', phone: '555-617-8980', accountType: 'enterprise' });

export const widgetBody = (email: string) => ({
  email,
  name: 'Bench Widget',
  destinationEmail: 'transcripts@bench.example.com',
  agents: [{ agentId: 'agent@bench.example.com', agentAlias: 'Agent', agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }],
});
