// The package's public API: the in-process harness and client, the app factory and its configuration, and their types.
export {
  MockClientError,
  createMockClient,
  startMock,
  type ApiCredentials,
  type AdvancedAttempt,
  type AttachmentContent,
  type ClockAdvance,
  type ClockOptions,
  type ClockState,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryFilter,
  type Email,
  type EmailFilter,
  type IntegrationSettings,
  type IntegrationSettingsInput,
  type SupportRequest,
  type SupportRequestCreated,
  type SupportRequestOverrides,
  type FaultRule,
  type FaultRuleInput,
  type Health,
  type JournalEntry,
  type JournalFilter,
  type JsonValue,
  type MockClient,
  type MockHarness,
  type ResetOptions,
  type ResetResult,
  type StartMockOptions,
} from './harness/harness.js';
export type {
  AgentHelpers,
  AgentPresence,
  AgentScriptInput,
  AgentScriptSettings,
  AgentStatus,
  ChatAvailability,
  ChatMessageSent,
  ChatPoll,
  ChatStarted,
  Conversation,
  ConversationDetail,
  ConversationFilter,
  ConversationMessage,
  PollOptions,
  StartChatInput,
  VisitorHelpers,
  WidgetAgents,
} from './harness/chat.js';
export type { User, UserCreate, UserExists, UserHelpers, UserUpdate, Widget, WidgetCreate, WidgetHelpers, WidgetUpdate } from './harness/provisioning.js';
export type { MessageMatch, WaitForMessage, WaitForMessageOptions } from './harness/wait-for-message.js';
export {
  botClient,
  startBot,
  type BotCallRecord,
  type BotClient,
  type BotHandler,
  type BotRequest,
  type BotResponse,
  type BotSettings,
  type BotSettingsInput,
  type BotTurn,
  type ConversationBotCalls,
  type ReceivedTurn,
  type StartBotOptions,
  type TestBot,
} from './harness/bot.js';
export { buildApp, type AppDeps } from './app.js';
export { startServer, type RunningServer } from './process/server.js';
export { ConfigError, DEFAULT_DEV_API_KEY, configSchema, loadConfig, type Config, type ConfigInput } from './core/config.js';
export { RealClock, VirtualClock, createClock, type Clock, type ClockMode } from './core/clock.js';
export { FAULT_HEADER } from './control/faults.js';
export { VERSION } from './core/version.js';
