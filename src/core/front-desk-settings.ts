// The front desk's settings (src/conversations/): bounds per api_key and per conversation, each named in its error.
import { count, doc } from './setting-doc.js';

export const frontDeskSettings = {
  CHAT_MAX_OPEN: count(1, 1_000_000).default(10_000).meta(doc({
    arg: 'N',
    help: 'queued and active conversations one api_key may hold',
    description: 'queued and active conversations one api_key may hold; one more start is refused (400 `too_many_conversations`)',
  })),
  CHAT_MAX_MESSAGES: count(10, 100_000).default(2_000).meta(doc({
    arg: 'N',
    help: 'lines one conversation may hold',
    description: 'lines one conversation may hold, every side\'s together; one more is refused (400 `too_many_messages`)',
  })),
  CHAT_MESSAGE_MAX_CHARS: count(1, 100_000).default(10_000).meta(doc({
    arg: 'N',
    help: 'characters one chat line may hold',
    description: 'characters one chat line may hold (400 `message_too_long`)',
  })),
};
