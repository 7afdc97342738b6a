// The system lines a bot's answer becomes, as the visitor's poll, the inspector page and the JavaScript widget read
// them. No imports: the page bundles (ui/, widget/) import these constants too, and must not pull server code in.
/** The prefix of the line holding a message's buttons: `/SYS BTN ["Pricing","Talk to a human"]` (a JSON array of texts). */
export const BUTTONS_LINE = '/SYS BTN ';
/** The prefix of the line a bot's GOTO command becomes: `/SYS GOTO https://example.com/pricing`. */
export const GOTO_LINE = '/SYS GOTO ';
