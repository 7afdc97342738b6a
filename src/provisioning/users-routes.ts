// /api/v1/user.json: create, read, update and delete SnapEngage user accounts.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.js';
import type { UserProfile } from '../db/users-repository.js';
import { errorResponses, noPayload, sendEmpty } from './error-responses.js';
import { apiKeyOnlyQuery, userCreateBody, userExistsResponse, userQuery, userResponse, userUpdateBody, type UserResponse } from './schemas.js';

const toUserResponse = (u: UserProfile): UserResponse => ({ email: u.email, name: u.name, phone: u.phone, accountType: u.accountType });

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { users } = app.ctx;
  const tags = ['users'];

  app.put(
    '/user.json',
    {
      schema: {
        tags,
        operationId: 'createUser',
        summary: 'Create a new user account',
        querystring: apiKeyOnlyQuery,
        body: userCreateBody,
        response: { 201: userResponse.describe('Created: the new account (the password is never returned).'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = users.create(request.partner, request.body);
      return reply.code(201).send(toUserResponse(user));
    },
  );

  app.get(
    '/user.json',
    {
      schema: {
        tags,
        operationId: 'getUser',
        summary: 'Get user account details, or check that a user exists',
        description: 'The api_key that created the user sees the account; any other key only learns that it exists.',
        querystring: userQuery,
        response: { 200: userResponse.or(userExistsResponse).describe('The account; another api_key gets only its email.'), ...errorResponses },
      },
    },
    async (request) => {
      const view = users.get(request.partner, request.query.email);
      return view.full ? toUserResponse(view.user) : { email: view.email };
    },
  );

  app.post(
    '/user.json',
    {
      schema: {
        tags,
        operationId: 'updateUser',
        summary: 'Update an existing user account',
        description: 'Fields left out keep their value.',
        querystring: apiKeyOnlyQuery,
        body: userUpdateBody,
        response: { 200: userResponse.describe('The account as updated.'), ...errorResponses },
      },
    },
    async (request) => toUserResponse(users.update(request.partner, request.body)),
  );

  app.delete(
    '/user.json',
    {
      schema: {
        tags,
        operationId: 'deleteUser',
        summary: 'Delete an existing user account (and its widgets)',
        description: 'No response payload. A `uuid` parameter is refused: the document\'s heading for deleting a widget says user.json by mistake.',
        querystring: userQuery,
        response: { 200: noPayload, ...errorResponses },
      },
      preValidation: async (request) => {
        if (Object.hasOwn(request.query as object, 'uuid')) {
          throw new AppError(
            400,
            'wrong_path',
            'DELETE /api/v1/user.json deletes a user and takes no uuid; to delete a widget use DELETE /api/v1/widget.json?api_key=...&uuid=...&email=...',
            [{ field: 'uuid', rule: 'wrong_path', message: 'uuid belongs to DELETE /api/v1/widget.json' }],
          );
        }
      },
    },
    async (request, reply) => {
      users.delete(request.partner, request.query.email);
      return sendEmpty(reply);
    },
  );
};
