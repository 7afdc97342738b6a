// The chat button on the host page (#designstudio-button). Styled through element.style only: no stylesheet or style
// attribute touches the page, so the page's own styles and a strict CSP (no 'unsafe-inline') both leave it alone.

const LABELS = { online: 'Chat with us', offline: 'Leave a message' };

export class ChatButton {
  readonly el: HTMLButtonElement;
  private hiddenByPage = false;
  private boxOpen = false;
  /** Shown once the mock said whether the widget is online, so its label is right from the start. */
  private known = false;

  constructor(doc: Document, onClick: () => void) {
    const el = doc.createElement('button');
    el.id = 'designstudio-button';
    el.type = 'button';
    el.textContent = LABELS.offline;
    el.setAttribute('aria-controls', 'designstudio-iframe');
    el.setAttribute('aria-expanded', 'false');
    Object.assign(el.style, {
      position: 'fixed',
      right: '20px',
      bottom: '20px',
      zIndex: '2147483000',
      padding: '12px 20px',
      border: '0',
      borderRadius: '24px',
      background: '#1a4f8f',
      color: '#ffffff',
      font: '600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      cursor: 'pointer',
      boxShadow: '0 2px 10px rgba(0, 0, 0, 0.25)',
      display: 'none',
    });
    el.addEventListener('click', onClick);
    this.el = el;
  }

  setOnline(online: boolean): void {
    this.el.textContent = online ? LABELS.online : LABELS.offline;
    this.known = true;
    this.render();
  }

  /** hideButton()/showButton(): the page's say, whatever the box does. */
  setHiddenByPage(hidden: boolean): void {
    this.hiddenByPage = hidden;
    this.render();
  }

  /** The button gives way to the open box, and comes back when it closes or is minimized. */
  setBoxOpen(open: boolean): void {
    this.boxOpen = open;
    this.el.setAttribute('aria-expanded', String(open));
    this.render();
  }

  private render(): void {
    this.el.style.display = this.known && !this.hiddenByPage && !this.boxOpen ? 'block' : 'none';
  }
}
