// The front desk under a crowd: 1,000 visitors on one server, each polling the Visitor Chat API once a second by index
// and writing a line every few seconds, answered by 100 scripted agents (one per widget) on the real clock. Reports a
// poll's p50/p99, the lines reaching visitors per second, and the mock's peak RSS, the mock pinned to one core.
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createRandom } from '../../src/core/random.js';
import { call, userBody } from '../lib/http.js';
import { spawnMock } from '../lib/processes.js';
import { verdict, type Section } from '../lib/report.js';
import { fmt, median, nowMs, percentile } from '../lib/stats.js';

const KEY = 'front-desk-bench';
const SCRIPT = {
  acceptAfterMs: 1000,
  greeting: 'Hi, I am {alias}. How can I help?',
  replies: [{ match: 'price', text: 'Our plans start at $10 a month.' }],
  fallback: 'Let me check that for you.',
  typingMs: 500,
};

interface VisitorRun {
  polls: number[];
  received: number;
}

const headers = { 'x-api-key': KEY, 'content-type': 'application/x-www-form-urlencoded' };

/** A visitor's chat, started before the timed part. */
async function startChat(base: string, widgetId: string, seed: number, dispatcher: Agent): Promise<string> {
  const start = await request(`${base}/api/v1/chat?widgetId=${widgetId}&email=v${seed}%40bench.example.com`, { method: 'POST', headers, dispatcher });
  if (start.statusCode !== 200) throw new Error(`start: ${start.statusCode} ${await start.body.text()}`);
  return ((await start.body.json()) as { caseId: string }).caseId;
}

/** One visitor: poll every second from the last index seen, writing a line every 3-7 polls. */
async function visitor(base: string, caseId: string, seed: number, until: number, dispatcher: Agent): Promise<VisitorRun> {
  const random = createRandom(seed);
  const run: VisitorRun = { polls: [], received: 0 };
  let index = 0;
  let nextLine = random.int(3, 7);
  // Spread over the second, as a thousand apps started at different times would be.
  await new Promise((resolve) => setTimeout(resolve, random.int(0, 999)));
  for (let tick = 0; nowMs() < until; tick++) {
    const started = nowMs();
    const res = await request(`${base}/api/v1/chat/poll/${caseId}?index=${index}&isTyping=false`, { headers: { 'x-api-key': KEY }, dispatcher });
    const body = (await res.body.json()) as { messageList: Array<{ index: number }> };
    run.polls.push(nowMs() - started);
    if (res.statusCode !== 200) throw new Error(`poll: ${res.statusCode}`);
    run.received += body.messageList.length;
    if (body.messageList.length > 0) index = body.messageList.at(-1)!.index + 1;
    if (--nextLine === 0) {
      nextLine = random.int(3, 7);
      const text = random.bool(0.5) ? 'what is the price?' : 'thanks';
      const sent = await request(`${base}/api/v1/chat?caseId=${caseId}&messageType=1&messageBody=${encodeURIComponent(text)}`, { method: 'PUT', headers, dispatcher });
      await sent.body.dump();
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (nowMs() - started))));
  }
  return run;
}

export async function frontDesk(opts: { runs: number; visitors: number; agents: number; durationS: number; dir: string }): Promise<Section> {
  const p50s: number[] = [];
  const p99s: number[] = [];
  const linesPerS: number[] = [];
  const pollsPerS: number[] = [];
  const rss: number[] = [];
  const cpuShare: number[] = [];
  for (let run = 0; run < opts.runs; run++) {
    // Pinned to one core: the figure is what one core of the mock serves.
    const mock = await spawnMock({ env: { SNAPENGAGE_API_KEYS: KEY, DATABASE_PATH: join(opts.dir, `front-desk-${run}.db`), FIXTURES: 'none' }, pin: true });
    const dispatcher = new Agent({ connections: 256 });
    try {
      const owner = `owner@${KEY}.example.com`;
      await call(mock.url, 'PUT', '/api/v1/user.json', userBody(owner), { key: KEY });
      const perAgent = Math.ceil(opts.visitors / opts.agents);
      const widgets: string[] = [];
      for (let i = 0; i < opts.agents; i++) {
        const agentId = `agent-${i}@bench.example.com`;
        const body = { email: owner, name: `Desk ${i}`, agents: [{ agentId, agentAlias: `Agent ${i}`, agentAvatar: 'https://example.com/a.png', agentType: 'webclient' }] };
        const widget = (await call(mock.url, 'PUT', '/api/v1/widget.json', body, { key: KEY })).json().uuid as string;
        await call(mock.url, 'PUT', `/_mock/widgets/${widget}/agent-script`, SCRIPT, { key: KEY });
        await call(mock.url, 'PUT', `/_mock/widgets/${widget}/agents/wc:${agentId}/status`, { status: 'online', maxChats: Math.min(perAgent, 100) }, { key: KEY });
        widgets.push(widget);
      }
      const seedOf = (i: number) => run * 100_000 + i + 1;
      const caseIds: string[] = [];
      // Started in groups, as visitors arrive: a thousand at once would measure the burst, not the desk.
      for (let i = 0; i < opts.visitors; i += 50) {
        caseIds.push(...(await Promise.all(Array.from({ length: Math.min(50, opts.visitors - i) }, (_, j) => startChat(mock.url, widgets[(i + j) % widgets.length]!, seedOf(i + j), dispatcher)))));
      }
      const cpuBefore = mock.cpuMs();
      const started = nowMs();
      const until = started + opts.durationS * 1000;
      const results = await Promise.all(caseIds.map((caseId, i) => visitor(mock.url, caseId, seedOf(i), until, dispatcher)));
      const elapsedS = (nowMs() - started) / 1000;
      cpuShare.push((mock.cpuMs() - cpuBefore) / (elapsedS * 10));
      const polls = results.flatMap((r) => r.polls);
      p50s.push(percentile(polls, 50));
      p99s.push(percentile(polls, 99));
      pollsPerS.push(polls.length / elapsedS);
      linesPerS.push(results.reduce((n, r) => n + r.received, 0) / elapsedS);
      rss.push(mock.rssMb().peak);
    } finally {
      await dispatcher.close();
      await mock.stop();
    }
  }
  const p99 = median(p99s);
  const peak = median(rss);
  return {
    title: 'Front desk: 1,000 visitors polling, 100 scripted agents',
    method: `${opts.visitors} visitors on one server (real clock, a SQLite file, the mock pinned to one core), each starting a chat through the Visitor Chat API, then polling \`GET /api/v1/chat/poll/{caseId}?index=N\` once a second from the last index seen and writing a line every 3-7 polls; ${opts.agents} widgets, each staffed by one online agent with a script (accept after 1 s, a greeting, a keyword reply or a fallback after 0.5 s of typing). ${opts.durationS} s per run, ${opts.runs} run(s); the visitors' start and setup are not timed.`,
    rows: [
      { measure: 'front desk: a poll, p50', mock: `${fmt(median(p50s), 2)} ms`, runs: p50s.map((v) => fmt(v, 2)).join(', ') },
      { measure: 'front desk: a poll, p99', mock: `${fmt(p99, 2)} ms`, target: '< 20 ms', verdict: verdict(p99 < 20), runs: p99s.map((v) => fmt(v, 2)).join(', ') },
      { measure: 'front desk: polls per second', mock: fmt(median(pollsPerS)), runs: pollsPerS.map((v) => fmt(v)).join(', ') },
      { measure: 'front desk: lines reaching visitors per second', mock: fmt(median(linesPerS), 1), runs: linesPerS.map((v) => fmt(v, 1)).join(', ') },
      { measure: 'front desk: the mock\'s CPU, share of one core', mock: `${fmt(median(cpuShare), 1)}%`, runs: cpuShare.map((v) => fmt(v, 1)).join(', ') },
      { measure: 'front desk: peak RSS', mock: `${fmt(peak, 1)} MB`, target: '< 200 MB', verdict: verdict(peak < 200), runs: rss.map((v) => fmt(v, 1)).join(', ') },
    ],
  };
}
