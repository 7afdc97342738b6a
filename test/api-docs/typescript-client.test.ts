// A TypeScript client generated from the committed document (openapi-typescript) types the user and widget bodies as
// objects with their documented fields: a small file that uses them must compile, and misuses must not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.js';

// Each `@ts-expect-error` must meet an error: were a body typed `unknown` or `any`, the unused directive fails too.
const USES = `
import type { paths } from './api.js';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type CreateUser = Json<paths['/api/v1/user.json']['put']['requestBody']>;
type UpdateUser = Json<paths['/api/v1/user.json']['post']['requestBody']>;
type User = Json<paths['/api/v1/user.json']['put']['responses'][201]>;
type CreateWidget = Json<paths['/api/v1/widget.json']['put']['requestBody']>;
type Widget = Json<paths['/api/v1/widget.json']['put']['responses'][201]>;

export const user: CreateUser = { email: 'jim@example.com', name: 'Jimbo Something', password: '12345', phone: '555-617-8980', accountType: 'enterprise' };
export const email: string = user.email;
export const update: UpdateUser = { email, name: 'Jim' };
// @ts-expect-error name is required
export const nameless: CreateUser = { email, password: '12345' };
// @ts-expect-error email is a string
export const numbered: CreateUser = { email: 42, name: 'Jim', password: '12345' };
// @ts-expect-error accountType is one of the documented values
export const unknownType: CreateUser = { email, name: 'Jim', password: '12345', accountType: 'gold' };
// @ts-expect-error the password is never returned
export const leaked: User['password'] = '12345';
export const created: User = { email, name: 'Jim', phone: null, accountType: 'enterprise' };

export const widget: CreateWidget = {
  email,
  agents: [{ agentId: 'charlie@example.com', agentAlias: 'An Agent', agentAvatar: 'https://www.website.com/charlie.png', agentType: 'webclient' }],
  conversationSchedule: { timeZone: 'US/Mountain', schedules: [{ dayOfWeek: 'MONDAY', enabled: true, scheduleList: ['8:00 AM', '5:00 PM'] }] },
};
// @ts-expect-error agents is a list of agents
export const oneAgent: CreateWidget = { email, agents: 'charlie@example.com' };
// @ts-expect-error dayOfWeek is a documented day
export const badDay: CreateWidget['conversationSchedule'] = { timeZone: 'UTC', schedules: [{ dayOfWeek: 'FUNDAY', enabled: true, scheduleList: [] }] };
export const uuid: string = ({} as Widget).uuid;
export const agentIds: string[] = ({} as Widget).agents.map((a) => a.agentId);
`;

it('types the user and widget bodies from openapi/openapi.json, field by field', async () => {
  const dir = tempDir();
  const ast = await openapiTS(new URL('../../openapi/openapi.json', import.meta.url));
  writeFileSync(join(dir, 'api.ts'), astToString(ast));
  writeFileSync(join(dir, 'uses.ts'), USES);
  const program = ts.createProgram([join(dir, 'uses.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  const problems = ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
});
