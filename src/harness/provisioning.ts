// The Provisioning REST API from a test: users and widgets created, read, updated and deleted with this client's key,
// as SnapEngage's own calls (so the journal records them and fault rules apply), every body and answer typed.
import type { z } from 'zod';
import type {
  UserResponse as User,
  WidgetResponse as Widget,
  userCreateBody,
  userExistsResponse,
  userUpdateBody,
  widgetCreateBody,
  widgetUpdateBody,
} from '../provisioning/schemas.js';
import { query, type Transport } from './transport.js';

export type { User, Widget };
/** What GET user.json answers for a user another api_key created: only that it exists. */
export type UserExists = z.output<typeof userExistsResponse>;
/** PUT /api/v1/user.json's body. */
export type UserCreate = z.input<typeof userCreateBody>;
/** POST /api/v1/user.json's body: `email` names the user; what is left out is kept. */
export type UserUpdate = z.input<typeof userUpdateBody>;
/** PUT /api/v1/widget.json's body. */
export type WidgetCreate = z.input<typeof widgetCreateBody>;
/** POST /api/v1/widget.json's body: `uuid` names the widget, `email` its owner. */
export type WidgetUpdate = z.input<typeof widgetUpdateBody>;

/** /api/v1/user.json with this client's key. */
export interface UserHelpers {
  /** 201 and the account (never its password); 409 `user_exists` as a MockClientError when the email is taken. */
  create(user: UserCreate): Promise<User>;
  /** The account, or, for a user another api_key created, only its email (`'name' in answer` tells them apart). */
  get(email: string): Promise<User | UserExists>;
  update(user: UserUpdate): Promise<User>;
  /** Deletes the user and its widgets. */
  remove(email: string): Promise<void>;
}

/** /api/v1/widget.json with this client's key. */
export interface WidgetHelpers {
  /** 201 and the widget with its `uuid`, the id every other call takes. */
  create(widget: WidgetCreate): Promise<Widget>;
  /** `email`: the owner's, as SnapEngage asks for it beside the uuid. */
  get(uuid: string, email: string): Promise<Widget>;
  update(widget: WidgetUpdate): Promise<Widget>;
  remove(uuid: string, email: string): Promise<void>;
}

export function provisioningHelpers(http: Transport, apiKey: string): { users: UserHelpers; widgets: WidgetHelpers } {
  const key = query({ api_key: apiKey });
  return {
    users: {
      create: (user) => http.call('PUT', `/api/v1/user.json${key}`, user),
      get: (email) => http.call('GET', `/api/v1/user.json${query({ api_key: apiKey, email })}`),
      update: (user) => http.call('POST', `/api/v1/user.json${key}`, user),
      remove: async (email) => {
        await http.call('DELETE', `/api/v1/user.json${query({ api_key: apiKey, email })}`);
      },
    },
    widgets: {
      create: (widget) => http.call('PUT', `/api/v1/widget.json${key}`, widget),
      get: (uuid, email) => http.call('GET', `/api/v1/widget.json${query({ api_key: apiKey, uuid, email })}`),
      update: (widget) => http.call('POST', `/api/v1/widget.json${key}`, widget),
      remove: async (uuid, email) => {
        await http.call('DELETE', `/api/v1/widget.json${query({ api_key: apiKey, uuid, email })}`);
      },
    },
  };
}
