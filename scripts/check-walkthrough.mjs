// Runs the README's walkthroughs as written (every ```sh block of "The flow end to end", the Integration API's, then of
// "A bot end to end", each section in order in one bash of its own) and compares each answer with the one the README
// shows after it (`# -> …`, where … stands for anything). A command marked `# terminal N; keeps running` runs in the
// background until its section ends; the next command waits for it to print "listening on". Needs curl and a built
// tree; uses ports 8080, 9000 and 9001 as the README does, unless WALKTHROUGH_PORT / WALKTHROUGH_RECEIVER_PORT /
// WALKTHROUGH_BOT_PORT say otherwise. usage: node scripts/check-walkthrough.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
/** Each walkthrough: from its heading to the next one's, run on its own. */
const SECTIONS = [
  ['### The flow end to end', '### What the receiver gets'],
  ['### A bot end to end', '### What the bot gets'],
];
const port = process.env.WALKTHROUGH_PORT ?? '8080';
const receiverPort = process.env.WALKTHROUGH_RECEIVER_PORT ?? '9000';
const botPort = process.env.WALKTHROUGH_BOT_PORT ?? '9001';
const ports = (text) => text.replaceAll(':8080', `:${port}`).replaceAll(':9000', `:${receiverPort}`).replaceAll(':9001', `:${botPort}`);
/** A background command on other ports than the README's (a shared machine): the mock's PORT (and a free HTTPS_PORT), the receiver's --port, the bot's BOT_PORT. */
const server = (command) => {
  const bare = command.replace(/\s+#.*$/, '');
  return / receive\b/.test(bare) ? `${bare} --port ${receiverPort}` : `PORT=${port} HTTPS_PORT=0 BOT_PORT=${botPort} ${bare}`;
};

let failed = 0;
for (const [from, to] of SECTIONS) {
  const start = readme.indexOf(from);
  if (start < 0 || readme.indexOf(to, start) < 0) throw new Error(`README has no section from "${from}" to "${to}"`);
  failed += walk(readme.slice(start, readme.indexOf(to, start)), from);
}
console.log(failed === 0 ? 'walkthroughs: every answer as the README shows' : `walkthroughs: ${failed} differ`);
process.exit(failed === 0 ? 0 : 1);

/** Runs one section's commands in one bash; returns how many answers differ from the README's. */
function walk(section, name) {
  /** The commands, each with the answer the README shows (or null), in order. */
  const steps = [];
  for (const [, block] of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const lines = block.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      if (line.trim() === '') continue;
      if (line.startsWith('# -> ')) {
        let expected = line.slice(5);
        while (i + 1 < lines.length && /^#\s{2,}/.test(lines[i + 1])) expected += lines[++i].replace(/^#\s+/, '');
        // On other ports than the README's, the answers name those ports too.
        steps.at(-1).expected = ports(expected);
        continue;
      }
      if (line.startsWith('#')) continue;
      while (/\\$/.test(line.split('\n').at(-1))) line += `\n${lines[++i]}`;
      steps.push({ command: line, background: /# terminal \d+; keeps running/.test(line), expected: null });
    }
  }
  if (steps.length < 10) throw new Error(`found only ${steps.length} commands in the walkthrough "${name}"`);

  const dir = mkdtempSync(join(tmpdir(), 'snapengage-mock-walkthrough-'));
  // The trap waits for the background processes to end, so the next section finds their ports free.
  const script = ['set -u', `cd ${JSON.stringify(repo)}`, 'bg=()', "trap 'for p in \"${bg[@]}\"; do kill -TERM -- -$p 2>/dev/null; done; wait' EXIT"];
  steps.forEach((step, n) => {
    const log = join(dir, `bg-${n}.log`);
    script.push(`echo "@@step ${n}"`);
    if (step.background) {
      // Its own process group, so the EXIT trap stops npm and the server it started.
      script.push(`setsid bash -c ${JSON.stringify(server(step.command))} >${log} 2>&1 & bg+=($!)`);
      script.push(`for i in $(seq 1 600); do grep -q 'listening on' ${log} && break; sleep 0.1; done`);
      script.push(`grep -q 'listening on' ${log} || { echo "never listened:"; cat ${log}; exit 1; }`);
    } else {
      script.push(ports(step.command), 'echo');
    }
  });
  script.push('echo "@@end"');
  writeFileSync(join(dir, 'walkthrough.sh'), script.join('\n'));
  const run = spawnSync('bash', [join(dir, 'walkthrough.sh')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 });
  rmSync(dir, { recursive: true, force: true });

  const outputs = run.stdout.split(/^@@step \d+\n/m).slice(1);
  let failed = 0;
  console.log(`== ${name}`);
  steps.forEach((step, n) => {
    const actual = (outputs[n] ?? '').replace(/@@end\n?$/, '').trim();
    if (process.env.WALKTHROUGH_VERBOSE) console.log(`---- ${step.command}\n${actual}`);
    if (step.expected === null) return;
    const pattern = new RegExp(`^${step.expected.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
    const ok = pattern.test(actual);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${step.command.split('\n')[0].slice(0, 100)}`);
    if (!ok) console.log(`     README shows: ${step.expected}\n     it printed:   ${actual.slice(0, 2000)}`);
  });
  if (!run.stdout.includes('@@end')) {
    failed++;
    console.log(`the walkthrough stopped early (exit ${run.status}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
  }
  console.log(failed === 0 ? `walkthrough: ${steps.filter((s) => s.expected).length} answers as the README shows` : `walkthrough: ${failed} differ`);
  return failed;
}
