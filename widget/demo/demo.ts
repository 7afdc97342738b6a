// The demo page's script (/_mock/demo/{widgetId}): loads the widget as SnapEngage's snippet does, registers every
// callback and writes each call on the page as text, and wires a few API calls to buttons.

const CALLBACKS = ['Open', 'OpenProactive', 'Close', 'MessageSubmit', 'StartChat', 'ChatMessageSent', 'ChatMessageReceived', 'StartCallme', 'Minimize', 'SwitchWidget', 'InlineButtonClicked'];

type Api = Record<string, (...args: unknown[]) => unknown>;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const widgetId = decodeURIComponent(location.pathname.split('/').pop() ?? '');
const log = byId<HTMLOListElement>('log');

function write(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
}

const call = (name: string, args: unknown[]) => `${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;

byId('widget-id').textContent = widgetId;
const src = `${location.origin}/js/${encodeURIComponent(widgetId)}.js`;
byId('snippet').textContent = `<script type="text/javascript">
  (function() {
    var se = document.createElement('script'); se.type = 'text/javascript'; se.async = true;
    se.src = '${src}';
    var done = false;
    se.onload = se.onreadystatechange = function() {
      if (!done&&(!this.readyState||this.readyState==='loaded'||this.readyState==='complete')) {
        done = true;
        /* Place your SnapEngage JS API code below */
        SnapEngage.setCallback('StartChat', function (email, msg, type) { console.log(email, msg, type); });
      }
    };
    var s = document.getElementsByTagName('script')[0]; s.parentNode.insertBefore(se, s);
  })();
</script>`;
const base = `${location.origin}/_mock/widgets/${encodeURIComponent(widgetId)}`;
byId('triggers').textContent = [
  `curl -sX POST '${base}/proactive?api_key=KEY' -H 'Content-Type: application/json' -d '{"message":"Hi! Can I help?"}'`,
  `curl -sX POST '${base}/switch?api_key=KEY' -H 'Content-Type: application/json' -d '{"to":"OTHER-WIDGET-ID"}'`,
  `curl -s '${base}/visitors?api_key=KEY'`,
].join('\n');

// As the snippet does it: an async script, and the API used once it has loaded.
const script = document.createElement('script');
script.async = true;
script.src = src;
script.addEventListener('error', () => write(`the widget script did not load (${src})`));
script.addEventListener('load', () => {
  const api = (window as unknown as { SnapEngage: Api }).SnapEngage;
  for (const name of CALLBACKS) api.setCallback!(name, (...args: unknown[]) => write(call(name, args)));
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-call]')) {
    const name = button.dataset.call!;
    button.addEventListener('click', () => {
      if (name === 'getAgentStatusAsync') api.getAgentStatusAsync!((online: unknown) => write(`getAgentStatusAsync → ${JSON.stringify(online)}`));
      else if (name === 'openProactiveChat') api.openProactiveChat!(true);
      else api[name]!();
    });
  }
  byId<HTMLFormElement>('visitor').addEventListener('submit', (event) => {
    event.preventDefault();
    const email = byId<HTMLInputElement>('email').value;
    const field = byId<HTMLInputElement>('field-name').value;
    if (email) api.setUserEmail!(email, false);
    if (field) api.setCustomField!(field, byId<HTMLInputElement>('field-value').value);
    write(`set ${[email && `email ${JSON.stringify(email)}`, field && `field ${JSON.stringify(field)}`].filter(Boolean).join(' and ') || 'nothing'}`);
  });
  write('widget loaded');
});
document.head.append(script);
